"""Names for the files an export writes, so that one export never silently replaces another.

A suggested name says who the dossier is for, which case and which day
(`police-karim-2026-12-06.pdf`) and takes `-2`, `-3`… when any file the export would write
(the PDF, the bundle, the lawyer's bordereau, the Pharos text copy) is already there. A name the
user picked is never changed behind their back: the wizard asks before replacing it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from evidencekit.dossier.bundle_crypt import encrypted_name
from evidencekit.dossier.pharos_text import text_copy_path

MAX_TRIES = 999
# Characters that some file systems refuse, or that would change the meaning of a path.
_UNSAFE = re.compile(r"[\s/\\:*?\"<>|\x00-\x1f]+")


def slug(text: str) -> str:
    """A file-name-safe form of a case name; letters of any script are kept (Arabic too)."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    # Format characters (right-to-left overrides, zero-width joiners) could make a name read
    # differently from what it is: "police-\u202efdp.exe" shows as "police-exe.pdf".
    text = _UNSAFE.sub("-", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
    text = text.strip("-.")
    return text[:40].rstrip("-.") or "case"


def suggested_name(recipient: str, case: str, day: date, n: int = 1) -> str:
    suffix = "" if n == 1 else f"-{n}"
    return f"{recipient}-{slug(case)}-{day.isoformat()}{suffix}.pdf"


def written_files(pdf: Path, recipient: str, bundle: bool, encrypted: bool) -> list[Path]:
    """Every file an export to `pdf` writes, the PDF first."""
    files = [pdf]
    if recipient == "lawyer":
        files += [pdf.with_name(pdf.stem + "-bordereau.csv"),
                  pdf.with_name(pdf.stem + "-bordereau.odt")]
    if recipient == "pharos":
        files.append(text_copy_path(pdf))
    if bundle:
        zip_path = pdf.with_suffix(".zip")
        files.append(encrypted_name(zip_path) if encrypted else zip_path)
    return files


def existing_files(pdf: Path, recipient: str, bundle: bool, encrypted: bool) -> list[Path]:
    return [p for p in written_files(pdf, recipient, bundle, encrypted)
            if p.exists() or p.is_symlink()]


def free_path(folder: Path, recipient: str, case: str, day: date, *, bundle: bool = True,
              encrypted: bool = False) -> Path:
    """The first suggested name in `folder` whose files are all absent (bundle counted too,
    since it may be ticked after the name is suggested)."""
    for n in range(1, MAX_TRIES + 1):
        pdf = folder / suggested_name(recipient, case, day, n)
        if not existing_files(pdf, recipient, bundle, encrypted) and \
                not existing_files(pdf, recipient, bundle, not encrypted):
            return pdf
    return folder / suggested_name(recipient, case, day, MAX_TRIES + 1)


def free_variant(pdf: Path, recipient: str, bundle: bool, encrypted: bool) -> Path:
    """`name-2.pdf`, `name-3.pdf`… beside a name the user picked, the first with no file."""
    for n in range(2, MAX_TRIES + 2):
        candidate = pdf.with_name(f"{pdf.stem}-{n}{pdf.suffix}")
        if not existing_files(candidate, recipient, bundle, encrypted):
            return candidate
    return pdf.with_name(f"{pdf.stem}-{MAX_TRIES + 2}{pdf.suffix}")
