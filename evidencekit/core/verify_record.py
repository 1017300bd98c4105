"""The checks that do not trust the vault's own bookkeeping: what `verify` compares across tables.

A stored hash beside stored bytes proves nothing to someone who can rewrite both; the custody log
is the record each change must also contradict. So an original is compared with the SHA-256 of
its import entry, an export's messages with the digest its `messages-imported` entry recorded,
the append-only triggers with the statements the migrations created, each export's recorded log
checkpoint with the log itself, and the log with this computer's anchor (core/anchor.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.core import anchor, checkpoints, reading_archive, source_path
from evidencekit.core.custody import CustodyEntry, CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.merkle import leaf_hash
from evidencekit.core.merkle_levels import prefix_roots
from evidencekit.core.message_digest import messages_digest
from evidencekit.core.schema import CREATED_TRIGGERS
from evidencekit.i18n import _


@dataclass
class LogView:
    """The log read once: entries, their leaf hashes, and what import entries recorded."""

    entries: list[CustodyEntry]
    leaves: list[bytes]
    imports: dict[int, dict[str, Any]] = field(default_factory=dict)
    message_imports: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Each re-read entry, with the messages digest the log recorded for the item before it.
    rereads: list[tuple[CustodyEntry, str | None]] = field(default_factory=list)


def read_log(conn: Connection) -> LogView:
    entries = list(CustodyLog(conn).entries())
    view = LogView(entries, [leaf_hash(e.body()) for e in entries])
    for entry in entries:
        if entry.item_id is None:
            continue
        action, detail = entry.action, entry.detail
        carried = detail.get("entry")
        if action == "carried-over" and isinstance(carried, dict):
            # A rescued vault keeps the damaged vault's entries verbatim inside its own.
            action, detail = str(carried.get("action")), carried.get("detail") or {}
            if not isinstance(detail, dict):
                continue
        if action == "import":
            view.imports.setdefault(int(entry.item_id), detail)
        elif action == "messages-imported":
            view.message_imports[int(entry.item_id)] = detail  # the latest one counts
        elif action == reading_archive.ACTION:
            if entry.action == action:  # a rescued vault's kept readings are its own records
                before = view.message_imports.get(int(entry.item_id), {}).get("messages_sha256")
                view.rereads.append((entry, before if isinstance(before, str) else None))
            view.message_imports[int(entry.item_id)] = detail
    return view


def _normal(sql: str) -> str:
    return " ".join(sql.strip().rstrip(";").split())


def trigger_problems(conn: Connection) -> list[str]:
    """Every append-only trigger present and unchanged, and no trigger we did not create."""
    found = {str(name): str(sql or "") for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    problems: list[str] = []
    for name, statement in CREATED_TRIGGERS.items():
        if name not in found:
            problems.append(_("database: the protection “{name}” was removed, so the history "
                              "it guards could have been rewritten in place.").format(name=name))
        elif _normal(found[name]) != _normal(statement):
            problems.append(_("database: the protection “{name}” was changed.").format(name=name))
    for name in sorted(set(found) - set(CREATED_TRIGGERS)):
        problems.append(_("database: a trigger “{name}” that evidencekit never creates was "
                          "added.").format(name=name))
    return problems


def original_problem(view: LogView, item_id: int, name: str, sha256: str, size: int
                     ) -> str | None:
    """The original's bytes (re-hashed) against the hash its import entry recorded."""
    recorded = view.imports.get(item_id)
    if recorded is None:
        return _("item {id} ({name}): the custody log has no import entry for it, so its origin "
                 "is not recorded.").format(id=item_id, name=name)
    if recorded.get("sha256") != sha256 or recorded.get("size") != size:
        return _("item {id} ({name}): its bytes do not match the SHA-256 its import entry "
                 "recorded ({sha}…).").format(id=item_id, name=name,
                                             sha=str(recorded.get("sha256"))[:16])
    return None


def source_problem(conn: Connection, view: LogView, item_id: int, name: str) -> str | None:
    """The source path kept in `imports` against the HMAC the import entry recorded."""
    recorded = view.imports.get(item_id, {}).get(source_path.FIELD)
    if not isinstance(recorded, str):
        return None  # imported before the path was committed to: the entry shows the path
    row = conn.execute("SELECT source_path FROM imports WHERE item_id = ? AND duplicate = 0"
                       " ORDER BY id LIMIT 1", (item_id,)).fetchone()
    if row is None or not source_path.matches(conn, str(row[0]), recorded):
        return _("item {id} ({name}): where it was imported from differs from what its import "
                 "entry recorded.").format(id=item_id, name=name)
    return None


def message_findings(conn: Connection, view: LogView) -> tuple[list[str], list[str]]:
    """(problems, notes): each export's stored messages against its recorded digest."""
    problems: list[str] = []
    notes: list[str] = []
    rows = conn.execute(
        # Removed exports keep messages only when erased for a file they held (see
        # export_media.erase_child_abuse): those messages are checked like any others.
        "SELECT DISTINCT m.item_id FROM messages m ORDER BY m.item_id").fetchall()
    for (item_id,) in rows:
        detail = view.message_imports.get(int(item_id), {})
        expected = detail.get("messages_sha256")
        if not isinstance(expected, str):
            notes.append(_("item {id}: its messages are not covered by the custody log (imported "
                           "before messages were recorded in it), so a change to them would not "
                           "be seen.").format(id=item_id))
            continue
        count, digest = messages_digest(conn, int(item_id))
        if digest != expected:
            problems.append(_("item {id}: its messages differ from those recorded at import "
                              "({n} now, {m} then): a message was changed, added or removed.")
                            .format(id=item_id, n=count, m=detail.get("messages_stored", "?")))
    return problems, notes


def reading_problems(conn: Connection, view: LogView) -> list[str]:
    """Each re-read's kept first reading against the log, and no permit left open."""
    problems = reading_archive.permit_problems(conn)
    removed = {int(r[0]) for r in conn.execute("SELECT item_id FROM removals")}
    for entry, before in view.rereads:
        if entry.item_id in removed:
            continue  # a removal erases the readings with the messages (logged apart)
        found = reading_archive.archive_problem(conn, entry, before)
        if found is not None:
            problems.append(found)
    return problems


def checkpoint_problems(view: LogView) -> list[str]:
    """Each export's recorded (size, root) must still be the root of the log's first entries."""
    problems: list[str] = []
    points = checkpoints.recorded(view.entries)
    roots = prefix_roots(view.leaves, (p.size for p in points))
    for point in points:
        if point.size not in roots or point.size >= point.seq or \
                roots[point.size].hex() != point.root:
            problems.append(_("custody log: the export recorded in entry {n} showed its first {m} "
                              "entries with Merkle root {root}…, which they no longer give: the "
                              "log was rewritten after that export.").format(
                n=point.seq, m=point.size, root=point.root[:16]))
    return problems


def anchor_problem(vault_id: str, folder: Path, conn: Connection, view: LogView) -> str | None:
    found = anchor.check(vault_id, folder, CustodyLog(conn), view.leaves)
    return found.sentence if found is not None else None


def identity_problems(conn: Connection, vault_id: str, view: LogView) -> list[str]:
    """The vault's id in keyslots.json, in the database and in the log's first entry agree."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    ids = {vault_id, str(row[0]) if row else ""}
    first = view.entries[0] if view.entries else None
    if first is not None and first.action == "vault-created" and "vault_id" in first.detail:
        ids.add(str(first.detail.get("vault_id", "")))
    if len(ids) != 1:
        return [_("the vault's id differs between its key file, its database and its custody "
                  "log, so the anchor kept for it may not be the one compared.")]
    return []
