"""Exhibit numbers (Pièce n°) per case: given once, never changed or reused, stable in exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidencekit.core.categories import CSAM
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import NotFound, UsageError
from evidencekit.core.evidence import find_case, get_item, list_items
from evidencekit.core.messages import message_by_id
from evidencekit.core.model import Item
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.dossier.headings import error
from evidencekit.dossier.request import DossierRequest, ExhibitRef

Key = tuple[int, int | None]  # (item_id, message_id or None for the whole item)


@dataclass(frozen=True)
class Exhibit:
    """One numbered piece with what the dossier shows of it."""

    number: int
    item: Item
    message: dict[str, Any] | None

    @property
    def ref(self) -> ExhibitRef:
        return ExhibitRef(self.number, self.item.id, self.message["id"] if self.message else None,
                          self.title, self.item.original.sha256 if self.item.original else None)

    @property
    def title(self) -> str:
        if self.message is not None:
            text = " ".join(str(self.message.get("text") or "").split())
            head = text[:60] + ("…" if len(text) > 60 else "")
            return f"{self.message.get('sender') or '?'} — {head}"
        return self.item.display_name


def numbers(conn: Connection, case_id: int) -> dict[Key, int]:
    rows = conn.execute("SELECT item_id, message_id, number FROM exhibits WHERE case_id = ?",
                        (case_id,)).fetchall()
    return {(int(r[0]), None if r[1] is None else int(r[1])): int(r[2]) for r in rows}


def assign(conn: Connection, case_id: int, keys: list[Key]) -> dict[Key, int]:
    """Numbers for `keys`, giving the next free ones to new keys in the order asked.

    Runs inside the caller's transaction; each new number is logged, so a later claim that a
    piece was renumbered can be checked against the custody log.
    """
    known = numbers(conn, case_id)
    row = conn.execute("SELECT max(number) FROM exhibits WHERE case_id = ?", (case_id,)).fetchone()
    top = int(row[0] or 0)
    log = CustodyLog(conn)
    result: dict[Key, int] = {}
    for key in keys:
        if key in known:
            result[key] = known[key]
            continue
        top += 1
        conn.execute("INSERT INTO exhibits (case_id, number, item_id, message_id, assigned_at)"
                     " VALUES (?, ?, ?, ?, ?)", (case_id, top, key[0], key[1], now_iso()))
        log.append("exhibit-numbered", key[0], case_id=case_id, number=top, message_id=key[1])
        known[key] = top
        result[key] = top
    return result


def resolve_case(conn: Connection, request: DossierRequest) -> tuple[int, str]:
    """The case a dossier is about: named, or the one of the chosen items, or the only one."""
    if request.case is not None:
        case_id = find_case(conn, request.case)
        return case_id, request.case
    first: int | None = None
    if request.item_ids:
        first = get_item(conn, request.item_ids[0]).case_id
    elif request.message_ids:
        msg = message_by_id(conn, request.message_ids[0])
        if not msg:
            raise NotFound(error("no_message").format(id=request.message_ids[0]))
        first = get_item(conn, int(msg["item_id"])).case_id
    if first is None:
        rows = conn.execute("SELECT id FROM cases ORDER BY id").fetchall()
        if len(rows) != 1:
            raise UsageError(error("choose_case"))
        first = int(rows[0][0])
    name = conn.execute("SELECT name FROM cases WHERE id = ?", (first,)).fetchone()
    return first, str(name[0])


def _kept_messages(conn: Connection, item_id: int) -> bool:
    return conn.execute("SELECT 1 FROM messages WHERE item_id = ? LIMIT 1",
                        (item_id,)).fetchone() is not None


def select(vault: Vault, request: DossierRequest) -> tuple[int, str, list[Exhibit]]:
    """Number (if needed) and load the exhibits of a request, sorted by exhibit number."""
    conn = vault.conn
    case_id, case_name = resolve_case(conn, request)
    keys: list[Key] = []
    if request.item_ids is None:
        # Removed items are left out, except an export erased for a file it held (child-abuse
        # material): its messages were kept, and they are the harassment itself.
        keys += [(i.id, None) for i in list_items(conn, case_name, include_children=False)
                 if i.removal is None or _kept_messages(conn, i.id)]
        # Child-abuse material found inside an export is kept as its address only: that address
        # is what the police need, so it is a piece of its own.
        keys += [(int(r[0]), None) for r in conn.execute(
            "SELECT i.id FROM items i JOIN annotations a ON a.item_id = i.id WHERE i.case_id = ?"
            " AND i.parent_id IS NOT NULL AND a.category = ? ORDER BY i.id", (case_id, CSAM))]
        # Messages numbered by an earlier export stay in, so numbers keep no silent gaps.
        known = numbers(conn, case_id)
        keys += sorted((k for k in known if k[1] is not None), key=known.__getitem__)
    else:
        keys += [(i, None) for i in request.item_ids]
    messages: dict[int, dict[str, Any]] = {}
    for mid in request.message_ids:
        found = message_by_id(conn, mid)
        if not found:
            raise NotFound(error("no_message").format(id=mid))
        messages[mid] = found
        keys.append((int(found["item_id"]), mid))
    keys = list(dict.fromkeys(keys))
    items: dict[int, Item] = {}
    for item_id, _mid in keys:
        if item_id not in items:
            items[item_id] = get_item(conn, item_id)
            if items[item_id].case_id != case_id:
                raise UsageError(error("other_case").format(id=item_id, case=case_name))
    with vault.transaction() as tx:
        numbered = assign(tx, case_id, keys)
    out: list[Exhibit] = []
    for key, number in sorted(numbered.items(), key=lambda kv: kv[1]):
        msg: dict[str, Any] | None = None
        if key[1] is not None:
            msg = messages.get(key[1]) or message_by_id(conn, key[1]) or None
            if msg is None:
                continue  # the chat was removed since; its number stays taken
        out.append(Exhibit(number, items[key[0]], msg))
    return case_id, case_name, out
