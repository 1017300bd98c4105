"""Writing parsed messages into the vault, with their attachments and their search entries."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evidencekit.core.db import Connection
from evidencekit.core.search import normalise
from evidencekit.core.timeutil import iso_utc
from evidencekit.importers.records import AttachmentRef, MessageKind, ParsedMessage

# Given an attachment named by a message: the stored item's id, or None when the export named a
# file it does not contain.
Resolver = Callable[[AttachmentRef], int | None]


@dataclass
class StoreTally:
    messages: int = 0
    attachments: int = 0
    missing: list[str] = field(default_factory=list)
    unparsed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def store_messages(conn: Connection, item_id: int, messages: Any, resolve: Resolver,
                   tally: StoreTally, *, part: str = "", index_base: int = 0,
                   cancelled: Callable[[], bool] = lambda: False) -> int:
    """Insert every message in source order; returns how many were stored."""
    n = 0
    for message in messages:
        if cancelled():
            from evidencekit.core.errors import Cancelled

            raise Cancelled("Import cancelled; nothing of this export was kept.")
        _store_one(conn, item_id, message, resolve, tally, part, index_base + n)
        n += 1
    return n


def _store_one(conn: Connection, item_id: int, m: ParsedMessage, resolve: Resolver,
               tally: StoreTally, part: str, idx: int) -> None:
    instant = m.time.instant if m.time else None
    cursor = conn.execute(
        "INSERT INTO messages (item_id, idx, conversation, sender, sent_at, sent_at_utc,"
        " sent_at_source, time_rule, text, kind, direction, span_kind, span_start, span_end,"
        " span_part, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (item_id, idx, m.conversation, m.sender,
         instant.isoformat() if instant else None, iso_utc(instant) if instant else None,
         m.time.literal if m.time else "", m.time.rule if m.time else "", m.text, str(m.kind),
         m.direction, str(m.span.kind), m.span.start, m.span.end, m.span.part or part,
         _json(m.extra) if m.extra else "{}"),
    )
    message_id = int(cursor.lastrowid)
    tally.messages += 1
    tally.kinds[str(m.kind)] = tally.kinds.get(str(m.kind), 0) + 1
    if m.kind == MessageKind.UNPARSED:
        tally.unparsed += 1
    for ref in m.attachments:
        target = resolve(ref)
        conn.execute(
            "INSERT INTO message_attachments (message_id, name, attachment_item_id, missing)"
            " VALUES (?, ?, ?, ?)", (message_id, ref.name, target, int(target is None)))
        tally.attachments += 1
        if target is None:
            tally.missing.append(ref.name)
    searchable = " ".join(x for x in (m.sender or "", m.text) if x)
    if searchable:
        conn.execute(
            "INSERT INTO search_index (body, owner_kind, owner_id, item_id) VALUES (?, ?, ?, ?)",
            (normalise(searchable), "message", message_id, item_id))
