"""Guarded repair of Meta's mojibake, where UTF-8 bytes were written out as one \\u00XX per byte."""

from __future__ import annotations

from typing import Any

from evidencekit.i18n import N_, deferred


def repair_text(value: str) -> str | None:
    """The repaired string, or None when the guarded rule says to leave `value` as it is.

    The rule (formats.md): re-read the characters as Latin-1 bytes and decode them as UTF-8
    only when every character is at most U+00FF *and* the bytes are valid UTF-8. Pure ASCII is
    never "repaired" (nothing would change), so it returns None too.
    """
    if value.isascii():
        return None
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        # A character above U+00FF: the string was written correctly, so it is not mojibake.
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Genuine Latin-1 text such as "café" (é as one byte) is not valid UTF-8: keep it.
        return None
    return fixed if fixed != value else None


class MojibakeRepairer:
    """Applies `repair_text` and counts how many strings it changed, for the import report."""

    def __init__(self) -> None:
        self.repaired = 0

    def text(self, value: str) -> str:
        fixed = repair_text(value)
        if fixed is None:
            return value
        self.repaired += 1
        return fixed

    def deep(self, value: Any) -> Any:
        """A copy of a JSON value with every string (keys excepted) repaired."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        return value

    def note(self) -> str:
        """One sentence for report.notes (`deferred`), or "" when nothing was repaired."""
        if not self.repaired:
            return ""
        return deferred(N_(
            "{n} text value(s) written by Meta as UTF-8 bytes in Latin-1 escapes (mojibake such "
            "as \u00c3\u00a9 for \u00e9) were repaired; the original file is kept unchanged."),
            n=self.repaired)
