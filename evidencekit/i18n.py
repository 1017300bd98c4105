"""Translation of user-facing strings (English source, French and Arabic catalogues).

The catalogues are JSON files in `resources/i18n/<lang>.json` mapping the English source string
to its translation. A missing entry falls back to English rather than failing, so a new string
never breaks the app; `tests/test_i18n.py` checks that every string marked with `_()` in the code
has a French and an Arabic entry.
"""

from __future__ import annotations

import json
import os
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
