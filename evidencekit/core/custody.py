"""The custody log: every action appended, each entry hash-chained to the one before it.

An entry's hash covers its sequence number, time, action, item and details and the previous
entry's hash, so changing, removing or reordering any entry breaks every hash after it. The
database refuses UPDATE and DELETE on the table (triggers in schema.py); `verify_chain` catches
changes made by someone who dropped those triggers. A Merkle root (RFC 9162) over the entries
goes into each dossier, so a recipient can check a log excerpt against it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from evidencekit import __version__
from evidencekit.core.db import Connection
from evidencekit.core.merkle import leaf_hash, root_from_leaf_hashes
from evidencekit.core.timeutil import now_iso
from evidencekit.i18n import _

GENESIS = "0" * 64
DOMAIN = b"evidencekit-custody-v1\x00"
TOOL = f"evidencekit {__version__}"


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class CustodyEntry:
    seq: int
    at: str
    action: str
    item_id: int | None
    detail: dict[str, Any]
    prev_hash: str
    entry_hash: str

    def body(self) -> bytes:
        """The bytes the entry hash and the Merkle leaf are computed over."""
        return canonical(
            {
                "seq": self.seq,
                "at": self.at,
                "action": self.action,
                "item_id": self.item_id,
                "detail": self.detail,
                "prev": self.prev_hash,
            }
        )

    def expected_hash(self) -> str:
        return hashlib.sha256(DOMAIN + self.body()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "item_id": self.item_id,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }


def entry_from_row(row: tuple[Any, ...]) -> CustodyEntry:
    seq, at, action, item_id, detail, prev_hash, entry_hash = row
    try:
        parsed = json.loads(detail)
    except ValueError:
        parsed = {"unreadable": str(detail)}
    return CustodyEntry(int(seq), str(at), str(action), item_id, parsed, str(prev_hash),
                        str(entry_hash))


class CustodyLog:
    """Append and read the log through a connection the caller owns (and its transaction)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, action: str, item_id: int | None = None, **detail: Any) -> CustodyEntry:
        """Append one entry inside the caller's transaction (so it commits with the change)."""
        detail.setdefault("tool", TOOL)
        row = self._conn.execute(
            "SELECT seq, entry_hash FROM custody ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq = (int(row[0]) + 1) if row else 1
        prev = str(row[1]) if row else GENESIS
        draft = CustodyEntry(seq, now_iso(), action, item_id, detail, prev, "")
        # Round-trip through JSON so what is hashed is exactly what will be read back.
        detail_json = canonical(detail).decode()
        draft = CustodyEntry(seq, draft.at, action, item_id, json.loads(detail_json), prev, "")
        entry_hash = draft.expected_hash()
        self._conn.execute(
            "INSERT INTO custody (seq, at, action, item_id, detail, prev_hash, entry_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (seq, draft.at, action, item_id, detail_json, prev, entry_hash),
        )
        return CustodyEntry(seq, draft.at, action, item_id, draft.detail, prev, entry_hash)

    def entries(self, item_id: int | None = None) -> Iterator[CustodyEntry]:
        if item_id is None:
            cursor = self._conn.execute(
                "SELECT seq, at, action, item_id, detail, prev_hash, entry_hash"
                " FROM custody ORDER BY seq"
            )
        else:
            cursor = self._conn.execute(
                "SELECT seq, at, action, item_id, detail, prev_hash, entry_hash"
                " FROM custody WHERE item_id = ? ORDER BY seq",
                (item_id,),
            )
        for row in cursor:
            yield entry_from_row(row)

    def head(self) -> tuple[int, str]:
        row = self._conn.execute(
            "SELECT seq, entry_hash FROM custody ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def verify_chain(self) -> list[str]:
        """Sentences naming every entry whose hash or link is wrong; empty when intact."""
        problems: list[str] = []
        prev = GENESIS
        expected_seq = 1
        for entry in self.entries():
            if entry.seq != expected_seq:
                problems.append(
                    _("custody log: entry {n} is missing (next entry is {next}).")
                    .format(n=expected_seq, next=entry.seq)
                )
                expected_seq = entry.seq
            if entry.prev_hash != prev:
                problems.append(
                    _("custody log: entry {n} does not follow the entry before it.")
                    .format(n=entry.seq)
                )
            if entry.expected_hash() != entry.entry_hash:
                problems.append(
                    _("custody log: entry {n} ({action}, {at}) was altered.")
                    .format(n=entry.seq, action=entry.action, at=entry.at)
                )
            prev = entry.entry_hash
            expected_seq += 1
        return problems

    def leaf_hashes(self) -> list[bytes]:
        """The RFC 9162 leaf hash of every entry, in order (index = seq - 1)."""
        return [leaf_hash(e.body()) for e in self.entries()]

    def leaves_after(self, seq: int) -> list[tuple[int, bytes]]:
        """(seq, leaf hash) of the entries after `seq`: lets a reader extend what it hashed."""
        cursor = self._conn.execute(
            "SELECT seq, at, action, item_id, detail, prev_hash, entry_hash"
            " FROM custody WHERE seq > ? ORDER BY seq", (seq,))
        return [(int(row[0]), leaf_hash(entry_from_row(row).body())) for row in cursor]

    def merkle_root(self) -> str:
        return root_from_leaf_hashes(self.leaf_hashes()).hex()
