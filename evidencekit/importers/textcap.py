"""A bound on one stored message's text; the original export keeps every byte of it.

A single WhatsApp message of 200 MB (a pasted book, or a file built to exhaust memory) was held
whole several times over while parsed, indexed and drawn: 1.6 GB and 88 s. The stored text, the
one shown, searched and put in a dossier, keeps the first million characters and then says how
many were left out; the message's source lines still point into the original, which is stored
unchanged and travels in the bundle. Parsers that read line by line stop collecting once the
budget is spent, so the rest is counted, never held.
"""

from __future__ import annotations

from evidencekit.i18n import _

DISPLAY_CHARS = 1_000_000
#: extra key holding how many characters the stored text leaves out.
CUT_KEY = "text_chars_not_shown"


def cut_note(chars: int) -> str:
    return _("[… {n} characters not shown; the original keeps every byte]").format(n=chars)


def capped(text: str, already_cut: int = 0) -> tuple[str, int]:
    """(text to store, characters left out): the first DISPLAY_CHARS, then the note."""
    cut = already_cut + max(0, len(text) - DISPLAY_CHARS)
    if not cut:
        return text, 0
    return text[:DISPLAY_CHARS] + "\n" + cut_note(cut), cut


class LineBudget:
    """Collects a message's continuation lines up to DISPLAY_CHARS and counts the rest."""

    def __init__(self, used: int) -> None:
        self.used = used
        self.cut = 0

    def take(self, line: str, lines: list[str]) -> None:
        room = DISPLAY_CHARS - self.used
        if room <= 0:
            self.cut += len(line) + 1  # the line and the line break before it
            return
        if len(line) >= room:
            self.cut += len(line) - room  # its line break before it is kept
            line = line[:room]
        lines.append(line)
        self.used += len(line) + 1
