"""Translation of user-facing strings (English source, French and Arabic catalogues).

The catalogues are JSON files in `resources/i18n/<lang>.json` mapping the English source string
to its translation. A missing entry falls back to English rather than failing, so a new string
never breaks the app; `tests/test_i18n.py` checks that every string marked with `_()` in the code
has a French and an Arabic entry.
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import cache

from evidencekit.paths import resource

LANGUAGES = ("fr", "en", "ar")
RTL_LANGUAGES = frozenset({"ar"})

_current = "en"


def system_language() -> str:
    """The user's language from the usual environment variables, if we support it."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    return "en"


def set_language(code: str) -> None:
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    _current = code


def current_language() -> str:
    return _current


def is_rtl(code: str | None = None) -> bool:
    return (code or _current) in RTL_LANGUAGES


@cache
def catalogue(code: str) -> dict[str, str]:
    if code == "en":
        return {}
    path = resource("i18n", f"{code}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in data.items()}


def translate(message: str, lang: str | None = None) -> str:
    return catalogue(lang or _current).get(message, message)


def _(message: str) -> str:
    """Translate a user-facing string into the current language."""
    return translate(message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (module-level constants)."""
    return message


class Deferred(str):
    """A sentence kept in English that can still be shown translated: see `deferred`.

    It is a `str` whose value is the English text, so whatever stores it (the custody log, JSON)
    stores English whatever the UI language; `localize` gives the text in the current language.
    """

    msgid: str
    fields: dict[str, object]

    def __new__(cls, msgid: str, fields: dict[str, object] | None = None) -> Deferred:
        fields = dict(fields or {})
        text = super().__new__(cls, msgid.format(**fields) if fields else msgid)
        text.msgid = msgid
        text.fields = fields
        return text

    def __getnewargs__(self) -> tuple[str, dict[str, object]]:  # type: ignore[override]
        return self.msgid, self.fields  # copy, deepcopy and pickle keep the message id


def deferred(msgid: str, **fields: object) -> str:
    """`msgid.format(**fields)` in English, translatable later by `localize`.

    For sentences that are both shown to the user and written to the vault (a parser's import
    notes go to the custody log, whose text must not depend on the UI language). Mark the
    literal: `deferred(N_("{n} lines kept"), n=3)`.
    """
    return Deferred(msgid, fields)


def localize(text: str) -> str:
    """The current-language form of a `deferred` sentence; any other string is returned as is."""
    if not isinstance(text, Deferred):
        return text
    fields = {k: localize(v) if isinstance(v, Deferred) else v for k, v in text.fields.items()}
    return _(text.msgid).format(**fields) if fields else _(text.msgid)


def first_strong_rtl(text: str) -> bool | None:
    """True when the first strong character is right to left (Arabic, Hebrew), False when it is
    left to right, None when there is none (digits, punctuation, emoji): the rule of Unicode's
    bidi algorithm (P2-P3) that the dossier and the conversation viewer both follow."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None
