"""The first reading of a chat export, kept when the export is read again (a "re-read").

A re-read (importers/reread.py) replaces an export's message rows. The rows it replaces are not
lost: they are written, as JSON compressed with gzip, into a derived record of kind
`superseded-reading` beside the export, and the re-read's custody entry records that record's id
and SHA-256 together with the digest (core/message_digest.py) the replaced rows had. `verify`
then checks three things a forger would have to contradict: the record's bytes against the hash
in the log, the rows inside it against the digest the log recorded for them, and that digest
against the one the previous reading's entry recorded — so the archived reading is provably the
one that was shown before.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ijson

from evidencekit.core.custody import CustodyEntry, canonical
from evidencekit.core.db import Connection
from evidencekit.core.message_digest import (
    ATTACHMENT_COLUMNS,
    DOMAIN,
    MESSAGE_COLUMNS,
    attachment_rows,
    digest_rows,
    message_rows,
)
from evidencekit.core.timeutil import now_iso
from evidencekit.i18n import _

KIND = "superseded-reading"
MEDIA_TYPE = "application/gzip"
FORMAT = "evidencekit-superseded-reading-v1"
ACTION = "messages-reread"
_RULE_ZONE = re.compile(r"read (?:as local time )?in ([A-Za-z][\w+\-/:]*)")


@dataclass(frozen=True)
class Archived:
    derived_id: int
    sha256: str
    messages: int
    messages_sha256: str


def zones_read(conn: Connection, item_id: int) -> list[str]:
    """The time zones the export's naive times were read in (empty: the export had none)."""
    rows = conn.execute("SELECT DISTINCT time_rule FROM messages WHERE item_id = ?",
                        (item_id,)).fetchall()
    return sorted({m[1] for (rule,) in rows if (m := _RULE_ZONE.search(str(rule or "")))})


def archive_reading(conn: Connection, item_id: int, tool: str) -> Archived:
    """Keep the export's current message rows as a derived record (inside the caller's
    transaction, before they are replaced); no log entry of its own: the re-read's names it.

    Streamed: each row is encoded once (canonical JSON), fed to the digest and to the
    compressor, so memory stays that of the compressed record, not of 100,000 rows."""
    digest = hashlib.sha256(DOMAIN)
    # wbits 31: a gzip stream; zlib writes mtime 0, so the same reading gives the same bytes.
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    parts: list[bytes] = []
    head = {"format": FORMAT, "item_id": item_id, "message_columns": list(MESSAGE_COLUMNS),
            "attachment_columns": list(ATTACHMENT_COLUMNS)}
    parts.append(packer.compress(canonical(head)[:-1]))
    count = 0
    for key, tag, rows in ((b',"messages":[', b"m", message_rows(conn, item_id)),
                           (b'],"attachments":[', b"a", attachment_rows(conn, item_id))):
        parts.append(packer.compress(key))
        first = True
        for row in rows:
            encoded = canonical(row)
            digest.update(tag + encoded + b"\n")
            parts.append(packer.compress(encoded if first else b"," + encoded))
            first = False
            count += tag == b"m"
    sha_messages = digest.hexdigest()
    parts.append(packer.compress(b'],"messages_sha256":"' + sha_messages.encode() + b'"}'))
    parts.append(packer.flush())
    data = b"".join(parts)
    sha = hashlib.sha256(data).hexdigest()
    derived_id = int(conn.execute(
        "INSERT INTO derived (item_id, kind, sha256, media_type, data, tool, created_at, facts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (item_id, KIND, sha, MEDIA_TYPE, data, tool, now_iso(),
         json.dumps({"messages": count}, sort_keys=True))).lastrowid)
    return Archived(derived_id, sha, count, sha_messages)


def read_archive(data: bytes) -> dict[str, Any]:
    """The archived reading's JSON (messages and attachments as row lists)."""
    body = json.loads(gzip.decompress(data).decode("utf-8"))
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ValueError("not a superseded reading")
    return body


def archived_digest(data: bytes) -> str:
    """The digest of the rows a kept reading holds, read as a stream (`verify` does not hold
    100,000 rows at once): one pass for the messages, one for the attachment links."""

    def rows(prefix: str) -> Iterator[list[Any]]:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            for row in ijson.items(stream, prefix, use_float=True):
                if not isinstance(row, list):
                    raise ValueError("a row of a kept reading is not a list")
                yield row

    return digest_rows(rows("messages.item"), rows("attachments.item"))[1]


def archive_problem(conn: Connection, entry: CustodyEntry, recorded_before: str | None
                    ) -> str | None:
    """What is wrong with the first reading a re-read entry names, or None."""
    detail = entry.detail
    kept = detail.get("superseded_reading") or {}
    before = detail.get("previous_messages_sha256")
    item = entry.item_id
    if recorded_before is not None and before != recorded_before:
        return _("item {id}: the re-read in entry {n} says it replaced messages other than "
                 "those the log recorded before it.").format(id=item, n=entry.seq)
    row = conn.execute("SELECT item_id, kind, data FROM derived WHERE id = ?",
                       (kept.get("derived_id"),)).fetchone()
    if row is None or row[0] != item or row[1] != KIND:
        return _("item {id}: the first reading kept by the re-read in entry {n} is missing."
                 ).format(id=item, n=entry.seq)
    data = bytes(row[2])
    if hashlib.sha256(data).hexdigest() != kept.get("sha256"):
        return _("item {id}: the first reading kept by the re-read in entry {n} was changed "
                 "since (its SHA-256 differs from the one the log recorded).").format(
            id=item, n=entry.seq)
    try:
        digest = archived_digest(data)
    except (OSError, EOFError, ValueError, KeyError, TypeError, ijson.JSONError):
        digest = ""
    if digest != before:
        return _("item {id}: the first reading kept by the re-read in entry {n} does not hold "
                 "the messages that were replaced.").format(id=item, n=entry.seq)
    return None


def permit_problems(conn: Connection) -> list[str]:
    """A re-read's permission to replace messages never outlives its transaction."""
    rows = conn.execute("SELECT item_id FROM reading_permits ORDER BY item_id").fetchall()
    return [_("item {id}: a permission to replace its messages was left in the database, so "
              "they could be deleted without a logged re-read.").format(id=r[0]) for r in rows]
