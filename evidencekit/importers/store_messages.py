"""Writing parsed messages into the vault, with their attachments and their search entries.

Rows are written in batches (executemany) with ids assigned here: the import holds the write
transaction, so no other writer can take an id in between, and batching keeps a 100,000-message
export within the design target.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from evidencekit.core import faults
from evidencekit.core.db import Connection
from evidencekit.core.errors import Cancelled
from evidencekit.core.search import normalise
from evidencekit.core.timeutil import iso_utc
from evidencekit.i18n import _
from evidencekit.importers.records import AttachmentRef, MessageKind, ParsedMessage

# Given an attachment named by a message: the stored item's id, or None when the export named a
# file it does not contain.
Resolver = Callable[[AttachmentRef], int | None]
BATCH = 2000
MISSING_NAMES_KEPT = 6  # the report names the first five; a sixth says there are more


@dataclass
class StoreTally:
    messages: int = 0
    attachments: int = 0
    missing: int = 0  # attachments named by a message but not in the export
    # The first few of them, for the report: a bounded list keeps memory flat in export size.
    missing_names: list[str] = field(default_factory=list)
    unparsed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    surrogates_replaced: int = 0


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
_STRING = json.encoder.encode_basestring  # the C string encoder, without the encoder's setup


def _json(value: dict[str, Any]) -> str:
    # Most extras are a few strings (WhatsApp's header prefix): encoding them directly takes a
    # tenth of the general encoder's time, which counts at 100,000 messages. Same JSON text.
    if len(value) == 1:
        ((key, text),) = value.items()
        if type(text) is str:  # the usual case, without the sort and the generator
            return "{" + _STRING(key) + ": " + _STRING(text) + "}"
    if all(type(v) is str for v in value.values()):
        return "{" + ", ".join(f"{_STRING(k)}: {_STRING(v)}" for k, v in sorted(value.items())) \
            + "}"
    return _ENCODER.encode(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: object) -> bool:
    return isinstance(value, str) and _SURROGATE.search(value) is not None


def _without_surrogates(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in row)


class _Batch:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.messages: list[tuple[Any, ...]] = []
        self.attachments: list[tuple[Any, ...]] = []
        self.search: list[tuple[Any, ...]] = []
        self.replaced = 0

    def flush(self) -> None:
        try:
            self._write()
        except UnicodeEncodeError:
            # A lone surrogate (JSON allows "\ud800") cannot be stored as UTF-8: it becomes
            # U+FFFD in the stored text and the import says so; the export keeps the original.
            self.replaced += sum(_has_surrogate(v) for row in self.messages for v in row)
            self.messages = [_without_surrogates(row) for row in self.messages]
            self.attachments = [_without_surrogates(row) for row in self.attachments]
            self.search = [_without_surrogates(row) for row in self.search]
            self._write()
        self.messages.clear()
        self.attachments.clear()
        self.search.clear()

    def _write(self) -> None:
        if self.messages:
            self.conn.executemany(
                "INSERT INTO messages (id, item_id, idx, conversation, sender, sent_at,"
                " sent_at_utc, sent_at_source, time_rule, text, kind, direction, span_kind,"
                " span_start, span_end, span_part, extra)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.messages)
            faults.point("messages.mid_flush")
        if self.attachments:
            self.conn.executemany(
                "INSERT INTO message_attachments (message_id, name, attachment_item_id, missing)"
                " VALUES (?, ?, ?, ?)", self.attachments)
        if self.search:
            self.conn.executemany(
                "INSERT INTO search_index (body, owner_kind, owner_id, item_id)"
                " VALUES (?, 'message', ?, ?)", self.search)


def store_messages(conn: Connection, item_id: int, messages: Iterable[ParsedMessage],
                   resolve: Resolver, tally: StoreTally, *, part: str = "", index_base: int = 0,
                   cancelled: Callable[[], bool] = lambda: False,
                   assign_id: Callable[[str, ParsedMessage], int] | None = None) -> int:
    """Insert every message in source order; returns how many were stored.

    `assign_id` (a re-read) gives each message its id, so a message keeps the id of the same
    message in the first reading; by default ids follow the largest one stored."""
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]) + 1
    batch = _Batch(conn)
    n = 0
    kinds = tally.kinds
    # Parsers reuse one ParsedTime for messages sent in the same minute, which follow each
    # other: remembering only the last one formats each once and keeps memory flat.
    last_time: Any = None
    local_iso: str | None = None
    utc_iso: str | None = None
    literal = rule = ""
    unparsed = MessageKind.UNPARSED
    for m in messages:
        if n % BATCH == 0:
            if cancelled():
                raise Cancelled(_("Import cancelled; nothing of this export was kept."))
            batch.flush()
        message_id = next_id + n if assign_id is None else assign_id(part, m)
        time = m.time
        if time is not last_time:
            last_time = time
            instant = time.instant if time else None
            local_iso = instant.isoformat() if instant else None
            utc_iso = iso_utc(instant) if instant else None
            literal, rule = (time.literal, time.rule) if time else ("", "")
        kind = str(m.kind)
        span = m.span
        batch.messages.append((
            message_id, item_id, index_base + n, m.conversation, m.sender, local_iso, utc_iso,
            literal, rule, m.text, kind, m.direction, str(span.kind), span.start, span.end,
            span.part or part, _json(m.extra) if m.extra else "{}"))
        kinds[kind] = kinds.get(kind, 0) + 1
        if m.kind == unparsed:
            tally.unparsed += 1
        for ref in m.attachments:
            target = resolve(ref)
            batch.attachments.append((message_id, ref.name, target, int(target is None)))
            tally.attachments += 1
            if target is None:
                tally.missing += 1
                if len(tally.missing_names) < MISSING_NAMES_KEPT:
                    tally.missing_names.append(ref.name)
        searchable = f"{m.sender} {m.text}" if m.sender else m.text
        if searchable:
            batch.search.append((normalise(searchable), message_id, item_id))
        n += 1
    batch.flush()
    tally.messages += n
    tally.surrogates_replaced += batch.replaced
    return n
