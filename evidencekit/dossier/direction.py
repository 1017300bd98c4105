"""Which way a paragraph runs, decided by who wrote it, never by counting letters.

Our own text (headings, labels, sentences) runs in the dossier's language: an Arabic dossier is
right to left even on a line that names "Instagram" three times. What the user typed or imported
runs the way its own first strong character says (Unicode bidi rules P2-P3, what `dir="auto"`
does in a browser), so a French message that quotes Arabic stays left to right.
"""

from __future__ import annotations

import unicodedata

__all__ = ["UserText", "first_strong_rtl", "lang_rtl", "user_rtl"]


class UserText(str):
    """A string the user typed or imported: laid out in its own direction, not the dossier's."""

    __slots__ = ()


def lang_rtl(lang: str) -> bool:
    return lang == "ar"


def first_strong_rtl(text: str) -> bool | None:
    """True for a first strong character that is right to left, False for left to right, None
    when the text has no strong character (digits, punctuation, emoji only)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


def user_rtl(text: str, lang: str) -> bool:
    """Right to left when the first strong letter is; digits and signs alone (a date, a phone
    number) run left to right, as with `dir="auto"` (UAX #9 P3)."""
    del lang  # the dossier's language does not decide for the user's text
    return bool(first_strong_rtl(text))
