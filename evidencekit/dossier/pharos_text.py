"""The Pharos fiches as plain text, written beside the PDF: each address on one line, whole.

The Pharos form is filled in by hand; copying from a PDF table brings line breaks into a long
address. This file holds the same fiches as the PDF (same rows, same order), to copy from.
"""

from __future__ import annotations

import re
from pathlib import Path

from evidencekit.core.atomicfile import write_atomic
from evidencekit.dossier.headings_pharos_form import FORM_URL
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.recipients import (
    pharos_entries,
    pharos_label,
    pharos_removed,
    pharos_rows,
)
from evidencekit.dossier.richtext import clean_text

SUFFIX = "-fiches.txt"
# Bidi embeddings, overrides and isolates: in a plain file they would reorder what is read
# ("gpj.exe"); the PDF ignores them too.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def text_copy_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + SUFFIX)


def _clean(value: str) -> str:
    return _BIDI_CONTROLS.sub("", clean_text(value)).strip()


def fiches_text(ctx: Ctx) -> str:
    title = ctx.t("pharos_text_title")
    lines = [title, "=" * len(title), "", ctx.t("pharos_form"), FORM_URL, "",
             ctx.t("pharos_copy"), ""]
    lines += [f"{n}. {ctx.t(f'gate_{n}')}" for n in range(1, 6)]
    entries = pharos_entries(ctx)
    if not entries:
        lines += ["", ctx.t("pharos_none")]
    for ex, n in entries:
        if lines[-1]:
            lines.append("")
        if n is None:
            lines.append(_clean(pharos_removed(ctx, ex)))
            continue
        head = f"{ctx.t('pharos_fiche').format(n=n)} — {ctx.t('piece').format(n=ex.number)}"
        lines += [head, "-" * len(head)]
        for key, value in pharos_rows(ctx, ex):
            # The label on its own line, the value below it: each value copies as one block,
            # and an address is never broken.
            lines += [f"{ctx.t(key)} :" if ctx.lang == "fr" else f"{pharos_label(ctx, key)}:",
                      _clean(value), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_fiches_text(ctx: Ctx, pdf: Path) -> Path:
    """Write the text copy beside `pdf` (0600, atomically) and return its path."""
    path = text_copy_path(pdf)
    write_atomic(path, fiches_text(ctx).encode("utf-8"))
    return path


__all__ = ["SUFFIX", "fiches_text", "text_copy_path", "write_fiches_text"]
