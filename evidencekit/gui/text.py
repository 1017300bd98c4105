"""Making untrusted strings, times and sizes safe and readable for display."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QLocale

from evidencekit.core.message_notes import shown_time
from evidencekit.core.timeutil import parse_iso, zone
from evidencekit.i18n import _

# C0/C1 controls and bidi overrides/isolates: a file name carrying U+202E could otherwise
# display "gpj.exe" as "exe.jpg", and raw controls can break layouts.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("[\r\n\t]+")


def clean(text: object, *, multiline: bool = False, limit: int = 2000) -> str:
    """An untrusted string stripped of control and bidi-override characters, shortened."""
    value = str(text if text is not None else "")
    if not multiline:
        value = _NEWLINES.sub(" ", value)
    value = _CONTROL.sub("", value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value


LONG_WORD = re.compile(r"\S{24,}")
BREAK_AFTER = re.compile(r"([/\\_\-.@?&=])")


def breakable(text: str) -> str:
    """Long paths and names may wrap after a separator (a zero-width space is added there):
    otherwise one long word sets the pane's width and the pane is cut on the right."""
    return LONG_WORD.sub(lambda m: BREAK_AFTER.sub("\\1\u200b", m.group(0)), text)


def isolated(text: str) -> str:
    """`text` as a first-strong isolate: a path or a name keeps its own direction inside a
    sentence of the other direction ("/tmp/usb/" stays as it is within Arabic text)."""
    return f"\u2068{text}\u2069"


def local_time(iso: str | None, timezone: str, *, with_seconds: bool = False) -> str:
    """An ISO 8601 instant shown in the user's time zone ("2026-03-02 21:05")."""
    if not iso:
        return ""
    try:
        moment = parse_iso(iso)
    except ValueError:
        return clean(iso)
    if moment.tzinfo is None:
        return clean(iso)
    shown = moment.astimezone(zone(timezone))
    return shown.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def clock_time(iso: str, timezone: str, today: datetime | None = None) -> str:
    """"02:14" for a time today, else "2026-03-02 02:14"."""
    try:
        moment = parse_iso(iso).astimezone(zone(timezone))
    except ValueError:
        return clean(iso)
    now = (today or datetime.now(moment.tzinfo)).astimezone(moment.tzinfo)
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def number(value: int) -> str:
    """A count written the user's way: 1 234 in French, 1,234 in English, 1.234 in Arabic."""
    return QLocale().toString(int(value))


def human_size(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    units = (_("bytes"), _("KB"), _("MB"), _("GB"))
    for n, unit in enumerate(units):
        if value < 1024 or n == len(units) - 1:
            shown = QLocale().toString(value, "f", 0 if n == 0 else 1)
            # A first-strong isolate keeps "17.0 KB" in order inside right-to-left text.
            return f"\u2068{shown} {unit}\u2069"
        value /= 1024
    return str(size)


def message_time(source: str | None, sent_at: str | None, timezone: str) -> str:
    """A message's time as the export wrote it, unless the export wrote a machine number.

    Telegram's JSON gives Unix seconds ("1731441901"): nobody reads that, so the decoded instant
    is shown in the user's zone instead (the number stays in the vault and in the dossier's
    technical annex). Any other literal is shown exactly as exported.
    """
    # The same form as the dossier and the message notes: "2024-11-12 21:06 (UTC+01:00)".
    return clean(shown_time(source, sent_at, zone(timezone)), limit=100)
