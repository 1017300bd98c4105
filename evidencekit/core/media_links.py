"""A message's media reference linked to the file the user imported separately, by SHA-256.

WhatsApp's backup database names each photo, video or voice note a message carried and keeps
the file's SHA-256 (`message_media.file_hash`, stored by the importer as `media_sha256`), but
holds none of the files: they sit in the phone's WhatsApp/Media folder, which the user may
import before or after the database. The link is made when messages are read, not stored:
the message rows and their digest stay exactly as imported, the order of the two imports does
not matter, and a match is exact because it is the file's own hash, never its name (a file
renamed by the user still links; another file given the same name does not). Only a file of
the same case that has not been erased is linked, so a dossier shows nothing from another case.
"""

from __future__ import annotations

from typing import Any

from evidencekit.core.db import Connection

_HEX = frozenset("0123456789abcdef")


def _wanted(message: dict[str, Any]) -> str:
    extra = message.get("extra")
    digest = extra.get("media_sha256") if isinstance(extra, dict) else None
    if not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= _HEX:
        return ""
    unlinked = any(a.get("item_id") is None for a in message.get("attachment_names", []))
    return digest if unlinked else ""


def link_media(conn: Connection, messages: list[dict[str, Any]]) -> int:
    """Fill in, in place, the file of each media reference whose SHA-256 matches a file of the
    same case (as `list_messages` rows); returns how many were linked."""
    wanted = {m["item_id"]: set() for m in messages}  # type: dict[int, set[str]]
    for message in messages:
        digest = _wanted(message)
        if digest:
            wanted[message["item_id"]].add(digest)
    found: dict[tuple[int, str], int] = {}
    for chat, digests in wanted.items():
        if not digests:
            continue
        marks = ",".join("?" * len(digests))
        rows = conn.execute(
            f"SELECT o.sha256, o.item_id FROM originals o JOIN items i ON i.id = o.item_id"  # noqa: S608
            f" LEFT JOIN removals r ON r.item_id = o.item_id"
            f" WHERE r.item_id IS NULL AND o.item_id != ? AND o.sha256 IN ({marks})"
            f" AND i.case_id = (SELECT case_id FROM items WHERE id = ?)",
            [chat, *sorted(digests), chat]).fetchall()
        for sha, item_id in rows:
            found[(chat, str(sha))] = int(item_id)
    linked = 0
    for message in messages:
        target = found.get((message["item_id"], _wanted(message)))
        if target is None:
            continue
        for attachment in message["attachment_names"]:
            if attachment.get("item_id") is None:
                attachment.update(item_id=target, missing=False, linked_by="sha256")
                message.setdefault("attachments", []).append(target)
                linked += 1
                break  # one file per hash: a message's one media reference
    return linked


__all__ = ["link_media"]
