"""Which way a paragraph runs, decided by who wrote it, never by counting letters.

Our own text (headings, labels, sentences) runs in the dossier's language: an Arabic dossier is
right to left even on a line that names "Instagram" three times. What the user typed or imported
runs the way its own first strong character says (Unicode bidi rules P2-P3, what `dir="auto"`
does in a browser), so a French message that quotes Arabic stays left to right.
"""

from __future__ import annotations

from evidencekit.i18n import first_strong_rtl

__all__ = ["UserText", "first_strong_rtl", "lang_rtl", "user_rtl"]


class UserText(str):
    """A string the user typed or imported: laid out in its own direction, not the dossier's."""

    __slots__ = ()


def lang_rtl(lang: str) -> bool:
    return lang == "ar"


def user_rtl(text: str, lang: str) -> bool:
    """Right to left when the first strong letter is; digits and signs alone (a date, a phone
    number) run left to right, as with `dir="auto"` (UAX #9 P3)."""
    del lang  # the dossier's language does not decide for the user's text
    return bool(first_strong_rtl(text))
