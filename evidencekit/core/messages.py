"""Reading stored messages (from chat, SMS and e-mail exports) in the shape the CLI promises."""

from __future__ import annotations

import json
from typing import Any

from evidencekit.core.db import Connection
from evidencekit.core.evidence import find_case

MESSAGE_SELECT = (
    "SELECT m.id, m.item_id, m.idx, m.conversation, m.sender, m.sent_at, m.sent_at_utc,"
    " m.sent_at_source, m.time_rule, m.text, m.kind, m.direction, m.span_kind, m.span_start,"
    " m.span_end, m.span_part, m.extra FROM messages m"
)


def _row(conn: Connection, r: tuple[Any, ...]) -> dict[str, Any]:
    attachments = conn.execute(
        "SELECT name, attachment_item_id, missing FROM message_attachments WHERE message_id = ?",
        (r[0],)).fetchall()
    return {
        "id": int(r[0]), "item_id": int(r[1]), "index": int(r[2]), "conversation": r[3],
        "sender": r[4], "sent_at": r[5], "sent_at_utc": r[6], "sent_at_source": r[7],
        "time_rule": r[8], "text": r[9], "kind": r[10], "direction": r[11],
        "span": {"kind": r[12], "start": r[13], "end": r[14], "part": r[15]},
        "extra": json.loads(r[16] or "{}"),
        "attachments": [int(a[1]) for a in attachments if a[1] is not None],
        "attachment_names": [{"name": a[0], "item_id": a[1], "missing": bool(a[2])}
                             for a in attachments],
    }


def list_messages(conn: Connection, *, item_id: int | None = None, case: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    clauses, params = [], []  # type: tuple[list[str], list[Any]]
    if item_id is not None:
        clauses.append("m.item_id = ?")
        params.append(item_id)
    if case is not None:
        clauses.append("m.item_id IN (SELECT id FROM items WHERE case_id = ?)")
        params.append(find_case(conn, case))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = conn.execute(MESSAGE_SELECT + where + " ORDER BY m.item_id, m.idx" + page,
                        params).fetchall()
    return [_row(conn, r) for r in rows]


def message_by_id(conn: Connection, message_id: int) -> dict[str, Any]:
    row = conn.execute(MESSAGE_SELECT + " WHERE m.id = ?", (message_id,)).fetchone()
    return _row(conn, row) if row else {}
