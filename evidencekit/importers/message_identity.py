"""Which message of a second reading is the same message as one of the first.

The export's bytes do not change between readings, so a message is identified by where it
starts in them (its span: file part, line or record, start). A date order changes how header
lines are read, not where they are: a message starting at the same place keeps its id, and with
it its exhibit number and translation. When the new reading glues two messages together (a line
no longer read as a header), the second one has no counterpart and is named as gone; a message
found at a place where none started before gets a new id. Matching on sender and text alone
would mistake one "ok" for another; the place cannot.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol

from evidencekit.core.db import Connection
from evidencekit.core.timeutil import iso_utc
from evidencekit.importers.records import ParsedMessage

SAMPLES = 5  # the first dates shown before and after, as a preview


@dataclass(frozen=True)
class TimeChange:
    index: int
    message_id: int
    before: str | None
    after: str | None

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "message_id": self.message_id, "before": self.before,
                "after": self.after}


@dataclass(frozen=True)
class ExhibitChange:
    case: str
    number: int
    message_id: int
    change: str  # "time", "text" or "gone"

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "number": self.number, "message_id": self.message_id,
                "change": self.change}


@dataclass(frozen=True, slots=True)
class _Old:
    id: int
    content: int  # hash of (sender, text, conversation, kind): what the reader sees, not kept
    sent_at: str | None
    sent_at_utc: str | None


class Outcome(Protocol):
    """Where `Identity.fill` writes what it found (reread.RereadResult)."""

    samples: list[TimeChange]
    instants_changed: int
    time_changes: list[TimeChange]
    texts_changed: list[int]
    gone: list[int]
    new_ids: int
    exhibits: list[ExhibitChange]


class Identity:
    """Gives each message of the new reading its id, noting what differs from the first."""

    def __init__(self, conn: Connection, item_id: int, listed: int) -> None:
        self.conn = conn
        self.listed = listed  # how many changed times are kept to be named
        self.item_id = item_id
        # One message per place as a rule; a list only where several start at the same place
        # (a deque per message would cost ten times the memory at 100,000 messages).
        self.places: dict[tuple[str, str, int], _Old | deque[_Old]] = {}
        self.old_ids: set[int] = set()
        for row in conn.execute(
                "SELECT id, conversation, sender, sent_at, sent_at_utc, text, kind, span_part,"
                " span_kind, span_start FROM messages WHERE item_id = ? ORDER BY idx, id",
                (item_id,)):
            old = _Old(int(row[0]), hash((row[2], str(row[5]), str(row[1]), str(row[6]))),
                       row[3], row[4])
            place = (str(row[7]), str(row[8]), int(row[9]))
            there = self.places.get(place)
            if there is None:
                self.places[place] = old
            elif isinstance(there, deque):
                there.append(old)
            else:
                self.places[place] = deque((there, old))
            self.old_ids.add(old.id)
        top = conn.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        self.next_id = int(top) + 1
        self.kept: set[int] = set()
        self.new_ids = 0
        self.position = 0
        self.samples: list[TimeChange] = []
        self.instants_changed = 0
        self.time_changes: list[TimeChange] = []
        self.texts_changed: list[int] = []
        self.times: dict[int, bool] = {}  # kept id -> its instant changed
        self._last_time: object = None
        self._local: str | None = None
        self._utc: str | None = None

    def assign_id(self, part: str, message: ParsedMessage) -> int:
        span = message.span
        place = (span.part or part, str(span.kind), span.start)
        there = self.places.get(place)
        old: _Old | None
        if isinstance(there, deque):
            old = there.popleft() if there else None
        else:
            old = there
            self.places.pop(place, None)
        time = message.time
        if time is not self._last_time:  # parsers reuse one ParsedTime within a minute
            self._last_time = time
            instant = time.instant if time is not None else None
            self._local = instant.isoformat() if instant is not None else None
            self._utc = iso_utc(instant) if instant is not None else None
        local, utc = self._local, self._utc
        if old is None:
            message_id = self.next_id
            self.next_id += 1
            self.new_ids += 1
            before = None
        else:
            message_id = old.id
            self.kept.add(old.id)
            before = old.sent_at
            if old.content != hash((message.sender, message.text, message.conversation,
                                    str(message.kind))):
                self.texts_changed.append(old.id)
            if old.sent_at_utc != utc:
                self.times[old.id] = True
                self.instants_changed += 1
                if len(self.time_changes) < self.listed:
                    self.time_changes.append(TimeChange(self.position, old.id, before, local))
        if len(self.samples) < SAMPLES and (before or local):
            self.samples.append(TimeChange(self.position, message_id, before, local))
        self.position += 1
        return message_id

    def fill(self, outcome: Outcome) -> None:
        """What the reading changed, and which exhibit numbers are concerned."""
        outcome.samples = self.samples
        outcome.instants_changed = self.instants_changed
        outcome.time_changes = self.time_changes
        outcome.texts_changed = self.texts_changed
        outcome.gone = sorted(self.old_ids - self.kept)
        outcome.new_ids = self.new_ids
        gone = set(outcome.gone)
        changed_text = set(self.texts_changed)
        exhibits: list[ExhibitChange] = []
        for number, case, message_id in self.conn.execute(
                "SELECT e.number, c.name, e.message_id FROM exhibits e JOIN cases c"
                " ON c.id = e.case_id WHERE e.item_id = ? AND e.message_id IS NOT NULL"
                " ORDER BY c.name, e.number", (self.item_id,)):
            mid = int(message_id)
            change = "gone" if mid in gone else "text" if mid in changed_text else \
                "time" if self.times.get(mid) else ""
            if change:
                exhibits.append(ExhibitChange(str(case), int(number), mid, change))
        outcome.exhibits = exhibits
