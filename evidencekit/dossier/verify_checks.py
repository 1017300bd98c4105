"""Cross-checks of a bundle whose files agree with their own signed lists.

`verify_bundle` shows that every file matches `SHA256SUMS` and `manifest.json` and that both are
signed by `signing-key.pem`. Someone who changes a file, makes a new key and re-signs both lists
passes all of that. What such a forger cannot redo without leaving a trace is checked here:

- the dossier (`dossier.pdf`) prints the SHA-256 of `manifest.json` and the key's fingerprint,
  both visibly (its text) and in its metadata; a re-signed manifest no longer matches the PDF,
  and a PDF redrawn for the new manifest no longer matches what the recipient was told by the
  sender (the pinned key, see `key_trust`);
- the custody log recorded each original's SHA-256 when it was imported, in a hash chain whose
  Merkle root the manifest carries; an original swapped afterwards no longer matches its entry;
- the README names the key; a README that names another key was not written with this bundle.

These run only on a bundle that is otherwise intact: when a file already fails, it is named for
that, and a second reason found through it would blame files that are not at fault.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import IO, Any, Protocol

from evidencekit.core.seekable import SeekableReader
from evidencekit.i18n import _

PDF = "dossier.pdf"
CUSTODY = "custody.jsonl"
READMES = ("README.txt", "LISEZMOI.txt")
MAX_PDF_BYTES = 2 * 1024**3
# A compressed dossier.pdf is inflated into memory to be parsed; a stored one (as the bundle
# writes it) is read in place. A forged bundle can make a member inflate just under the ratio the
# screen refuses (6 MB in the zip, 1 GB read), so inflating is bounded far below MAX_PDF_BYTES.
MAX_PDF_INFLATED = 256 * 1024**2
MAX_README_BYTES = 1024**2
MAX_PAGES = 10_000  # a dossier of 500 exhibits has about 1 000; more is a crafted file
HEAD_PAGES, TAIL_PAGES = 2, 4  # the cover; the annex's signature block and the attestation
MAX_CUSTODY_LINE = 4 * 1024**2
# What the dossier writes in its PDF metadata (Keywords), read back here.
MANIFEST_TAG = "manifest-sha256:"
KEY_TAG = "signing-key-sha256:"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SPACE = re.compile(r"\s+")


class Report(Protocol):
    files: dict[str, str]
    bad: dict[str, list[str]]
    manifest_sha256: str
    signing_key_sha256: str

    def flag(self, name: str, reason: str) -> None: ...


def cross_check(archive: zipfile.ZipFile, manifest: dict[str, Any], report: Report) -> None:
    """Run every cross-check; each names the file at fault with one reason."""
    check_readmes(archive, report)
    signer = manifest.get("signing_key")
    named = signer.get("public_key_sha256") if isinstance(signer, dict) else None
    if named != report.signing_key_sha256:
        report.flag("manifest.json", _("names a signing key other than signing-key.pem ({key})")
                    .format(key=report.signing_key_sha256))
    check_import_hashes(archive, manifest, report)
    check_dossier_pdf(archive, report)


def check_readmes(archive: zipfile.ZipFile, report: Report) -> None:
    key = report.signing_key_sha256
    for name in READMES:
        if name not in report.files or archive.getinfo(name).file_size > MAX_README_BYTES:
            continue
        text = archive.read(name).decode("utf-8", "replace")
        named = set(_HEX64.findall(text))
        if key and key not in named:
            report.flag(name, _("names a signing key other than signing-key.pem ({key})")
                        .format(key=key))


def _files_by_item(manifest: dict[str, Any]) -> dict[int, str]:
    """item id -> the bundle file holding that item's original, from the signed manifest."""
    found: dict[int, str] = {}
    for exhibit in manifest.get("exhibits") or []:
        if not isinstance(exhibit, dict):
            continue
        parts = [exhibit, *(exhibit.get("attachments") or [])]
        for part in parts:
            if not isinstance(part, dict):
                continue
            item = part.get("item_id", part.get("id"))
            name = part.get("file")
            if isinstance(item, int) and isinstance(name, str) and name:
                found[item] = name
    return found


def _import_entries(archive: zipfile.ZipFile) -> dict[int, list[tuple[int, str]]]:
    """item id -> [(seq, sha256)] of the custody log's import entries shown in full."""
    found: dict[int, list[tuple[int, str]]] = {}
    with archive.open(CUSTODY) as stream:
        while line := stream.readline(MAX_CUSTODY_LINE + 1):
            if len(line) > MAX_CUSTODY_LINE:
                raise ValueError("line too long")
            record = json.loads(line)
            if not isinstance(record, dict) or record.get("action") != "import":
                continue
            detail = record.get("detail")
            item = record.get("item_id")
            if isinstance(item, int) and isinstance(detail, dict):
                found.setdefault(item, []).append((int(record.get("seq", 0)),
                                                   str(detail.get("sha256"))))
    return found


def check_import_hashes(archive: zipfile.ZipFile, manifest: dict[str, Any],
                        report: Report) -> None:
    """Each original must be the file the custody log recorded when it was imported."""
    if CUSTODY not in report.files:
        return
    try:
        imports = _import_entries(archive)
    except (ValueError, TypeError, RecursionError, zipfile.BadZipFile, OSError):
        report.flag(CUSTODY, _("is not a readable custody log"))
        return
    for item, name in sorted(_files_by_item(manifest).items()):
        actual = report.files.get(name)
        if actual is None:
            continue
        entries = imports.get(item, [])
        if not entries:
            report.flag(name, _("the custody log has no import entry for it"))
        for seq, sha in entries:
            if sha != actual:
                report.flag(name, _("differs from the SHA-256 the custody log recorded when it "
                                    "was imported (entry {n}: {sha})").format(n=seq, sha=sha))


def _metadata_tags(reader: Any) -> tuple[str | None, str | None]:
    meta = reader.metadata or {}
    keywords = str(meta.get("/Keywords") or "")
    found: dict[str, str | None] = {MANIFEST_TAG: None, KEY_TAG: None}
    for tag in found:
        match = re.search(re.escape(tag) + r"([0-9a-f]{64})", keywords)
        found[tag] = match.group(1) if match else None
    return found[MANIFEST_TAG], found[KEY_TAG]


def check_dossier_pdf(archive: zipfile.ZipFile, report: Report) -> None:
    """The PDF must print this manifest's SHA-256 and this key's fingerprint.

    Only the pages that print them are read: the cover, and the technical annex and the
    attestation that end the dossier (from the last page back, stopping once both are found).
    So an intact bundle costs one page of text extraction, and a forged one a few pages, however
    long the dossier.
    """
    if PDF not in report.files:
        return
    info = archive.getinfo(PDF)
    stored = info.compress_type == zipfile.ZIP_STORED
    if info.file_size > (MAX_PDF_BYTES if stored else MAX_PDF_INFLATED):
        report.flag(PDF, _("is too large to be read back"))
        return
    # Imported here, not at the top: it takes half a second, which the GUI's start need not
    # pay. Outside the `try`, so a broken install is an error, not "a damaged PDF".
    import pypdf

    manifest, key = report.manifest_sha256, report.signing_key_sha256
    try:
        source = _stored_window(archive, info) if stored else io.BytesIO(archive.read(PDF))
        reader = pypdf.PdfReader(source)
        count = len(reader.pages)
        if count > MAX_PAGES:
            report.flag(PDF, _("is too large to be read back"))
            return
        tagged_manifest, tagged_key = _metadata_tags(reader)
        wanted = {manifest, key}
        seen: set[str] = set()
        for number in dict.fromkeys([*range(count - 1, max(count - 1 - TAIL_PAGES, -1), -1),
                                     *range(min(HEAD_PAGES, count))]):
            page = reader.pages[number]
            flat = _SPACE.sub("", page.extract_text() or "").lower()
            seen |= {value for value in wanted if value in flat}
            if seen == wanted:
                break
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a crafted file
        report.flag(PDF, _("cannot be read as a PDF"))
        return
    if tagged_manifest not in (None, manifest) or manifest not in seen:
        report.flag(PDF, _("does not print the SHA-256 of this manifest.json ({sha}): the "
                           "dossier was made for another bundle, or manifest.json was "
                           "replaced").format(sha=manifest))
    if tagged_key not in (None, key) or key not in seen:
        report.flag(PDF, _("does not print the fingerprint of signing-key.pem ({key}): the "
                           "bundle was signed with a key other than the one its dossier "
                           "names").format(key=key))


class _Window(SeekableReader):
    """A stored member's bytes, read in place from the zip file: pypdf seeks to the end and
    jumps about, which a ZipExtFile does by decompressing again from the start."""

    def __init__(self, fp: IO[bytes], start: int, size: int) -> None:
        super().__init__()
        self._fp, self._start, self._size, self._pos = fp, start, size, 0

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        count = max(0, min(len(view), self._size - self._pos))
        if count == 0:
            return 0
        self._fp.seek(self._start + self._pos)
        got = self._fp.readinto(view[:count])  # type: ignore[attr-defined]
        self._pos += got or 0
        return got or 0


def _stored_window(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> io.BufferedReader:
    """The member's bytes where they lie: after its local header, whose name and extra field
    lengths are read from the file (they may differ from the central directory's)."""
    fp = archive.fp
    if fp is None:
        raise ValueError("the archive is closed")
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ValueError("bad local header")
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") \
        + int.from_bytes(header[28:30], "little")
    return io.BufferedReader(_Window(fp, start, info.file_size), 1 << 16)
