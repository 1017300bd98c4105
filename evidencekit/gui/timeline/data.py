"""Every item and message of a case placed on the calendar, in the user's time zone."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from evidencekit.core.timeutil import parse_iso, zone
from evidencekit.core.vault import Vault
from evidencekit.gui.text import clean

# An item's moment: when it happened if the user said so, else when it was published or seen,
# else the file's own date, else the import.
_ITEMS_SQL = (
    "SELECT i.id, i.kind, COALESCE(NULLIF(a.title, ''), o.original_name, a.url, '#' || i.id),"
    " COALESCE(NULLIF(a.occurred_at, ''), NULLIF(a.published_at, ''), NULLIF(a.seen_at, ''),"
    " o.imported_at, i.created_at)"
    " FROM items i LEFT JOIN originals o ON o.item_id = i.id"
    " LEFT JOIN annotations a ON a.item_id = i.id"
    " WHERE i.case_id = ? AND i.parent_id IS NULL"
)
_MESSAGES_SQL = (
    "SELECT m.id, m.item_id, m.sender, COALESCE(m.sent_at, m.sent_at_utc), m.text, m.kind"
    " FROM messages m JOIN items i ON i.id = m.item_id WHERE i.case_id = ?"
)
UNDATED = "—"


@dataclass(frozen=True)
class Event:
    at: str  # local "HH:MM"
    sort_key: str  # UTC ISO, for ordering within the day
    kind: str  # "item" or "message"
    owner_id: int  # item id or message id
    item_id: int
    text: str


@dataclass
class Day:
    date: str  # local "YYYY-MM-DD", or UNDATED
    items: int = 0
    messages: int = 0
    events: list[Event] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.items + self.messages


def _place(iso: str | None, tz: str) -> tuple[str, str, str]:
    """(local day, local time, UTC sort key) of an ISO instant; undated if unreadable."""
    if not iso:
        return UNDATED, "", ""
    try:
        moment = parse_iso(iso)
    except ValueError:
        return UNDATED, "", ""
    if moment.tzinfo is None:
        return UNDATED, "", ""
    local = moment.astimezone(zone(tz))
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M"), \
        moment.astimezone(zone("UTC")).isoformat()


def collect(vault: Vault, case_id: int, timezone: str, *,
            progress: Callable[[int, int, str], None], cancel: threading.Event) -> list[Day]:
    """The case's days, oldest first, each with its events in time order (worker thread)."""
    days: dict[str, Day] = {}
    with vault.lock:
        items = vault.conn.execute(_ITEMS_SQL, (case_id,)).fetchall()
        messages = vault.conn.execute(_MESSAGES_SQL, (case_id,)).fetchall()
    for item_id, _kind, name, at in items:
        date, clock, key = _place(at, timezone)
        day = days.setdefault(date, Day(date))
        day.items += 1
        day.events.append(Event(clock, key, "item", int(item_id), int(item_id),
                                clean(name, limit=160)))
    for n, (message_id, item_id, sender, at, text, kind) in enumerate(messages):
        if n % 5000 == 0 and cancel.is_set():
            return []
        date, clock, key = _place(at, timezone)
        day = days.setdefault(date, Day(date))
        day.messages += 1
        who = clean(sender or "", limit=60)
        body = clean(text or "", limit=160) if kind != "deleted" else ""
        day.events.append(Event(clock, key, "message", int(message_id), int(item_id),
                                f"{who}: {body}" if who else body))
    ordered = sorted(days.values(), key=lambda d: (d.date == UNDATED, d.date))
    for day in ordered:
        day.events.sort(key=lambda e: (e.sort_key, e.kind, e.owner_id))
    progress(1, 1, "")
    return ordered
