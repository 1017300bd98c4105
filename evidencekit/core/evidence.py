"""Cases, items and annotations: reading the evidence and the edits that never touch originals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from evidencekit.core import faults, sealed, sealed_files
from evidencekit.core.categories import CATEGORIES, CSAM, normalise_category
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import NotFound, UsageError
from evidencekit.core.model import (
    ANNOTATION_FIELDS,
    ONLINE_STATUSES,
    Annotations,
    Case,
    Derived,
    Item,
    Original,
    Removal,
)
from evidencekit.core.timeutil import device_timezone_name, now_iso
from evidencekit.i18n import _

DEFAULT_CASE = "Default"
MAX_CASE_NAME = 200


def ensure_case(conn: Connection, name: str) -> int:
    """The id of the case called `name`, created (and logged) if it does not exist yet."""
    name = name.strip() or DEFAULT_CASE
    if len(name) > MAX_CASE_NAME:
        raise UsageError(_("A case name must be at most {n} characters.").format(n=MAX_CASE_NAME))
    row = conn.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    case_id = int(conn.execute(
        "INSERT INTO cases (name, created_at) VALUES (?, ?)", (name, now_iso())
    ).lastrowid)
    CustodyLog(conn).append("case-created", None, case_id=case_id, name=name)
    return case_id


def find_case(conn: Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
    if not row:
        raise NotFound(_("There is no case called “{name}” in this vault.").format(name=name))
    return int(row[0])


def list_cases(conn: Connection) -> list[Case]:
    rows = conn.execute(
        "SELECT c.id, c.name, c.created_at, count(i.id) FROM cases c"
        " LEFT JOIN items i ON i.case_id = c.id AND i.parent_id IS NULL"
        " GROUP BY c.id ORDER BY c.name"
    ).fetchall()
    return [Case(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]


def _clean_annotations(values: Annotations) -> Annotations:
    if values.category:
        try:
            values = replace(values, category=normalise_category(values.category))
        except ValueError:
            raise UsageError(_("Unknown category “{c}”; choose one of: {all}.").format(
                c=values.category, all=", ".join(CATEGORIES))) from None
    if values.online_status not in ONLINE_STATUSES:
        raise UsageError(_("The online status must be one of: online, removed, unknown."))
    return values


def write_annotations(conn: Connection, item_id: int, values: Annotations, at: str) -> None:
    values = _clean_annotations(values)
    conn.execute(
        f"INSERT OR REPLACE INTO annotations (item_id, {', '.join(ANNOTATION_FIELDS)}, updated_at)"
        f" VALUES (?, {', '.join('?' for _ in ANNOTATION_FIELDS)}, ?)",
        (item_id, *[int(v) if isinstance(v, bool) else v
                    for v in (getattr(values, f) for f in ANNOTATION_FIELDS)], at),
    )
    _index_annotations(conn, item_id, values)


def _index_annotations(conn: Connection, item_id: int, values: Annotations) -> None:
    from evidencekit.core.search import index_text, unindex

    unindex(conn, "annotation", item_id)
    text = "\n".join(
        str(getattr(values, f)) for f in ("title", "description", "url", "author", "notes")
        if getattr(values, f)
    )
    if text:
        index_text(conn, "annotation", item_id, item_id, text)


def read_annotations(conn: Connection, item_id: int) -> Annotations:
    row = conn.execute(
        f"SELECT {', '.join(ANNOTATION_FIELDS)} FROM annotations WHERE item_id = ?", (item_id,)
    ).fetchone()
    if row is None:
        return Annotations()
    values: dict[str, Any] = dict(zip(ANNOTATION_FIELDS, row, strict=True))
    values["sensitive"] = bool(values["sensitive"])
    return Annotations(**values)


def annotate(conn: Connection, item_id: int, **changes: Any) -> Annotations:
    """Change some annotation fields, logging the fields changed and their new values."""
    get_item(conn, item_id)
    unknown = set(changes) - set(ANNOTATION_FIELDS)
    if unknown:
        raise UsageError(_("unknown annotation fields: {names}")
                         .format(names=", ".join(sorted(unknown))))
    current = read_annotations(conn, item_id)
    updated = _clean_annotations(replace(current, **changes))
    if updated.category == CSAM and _has_bytes(conn, item_id):
        from evidencekit.core.categories import CSAM_REFUSAL

        raise UsageError(_(CSAM_REFUSAL))
    changed = {f: getattr(updated, f) for f in ANNOTATION_FIELDS
               if getattr(updated, f) != getattr(current, f)}
    if not changed:
        return current
    write_annotations(conn, item_id, updated, now_iso())
    faults.point("annotate.before_log")
    CustodyLog(conn).append("annotated", item_id, changes=changed)
    return updated


def _has_bytes(conn: Connection, item_id: int) -> bool:
    return conn.execute("SELECT 1 FROM chunks WHERE item_id = ? LIMIT 1", (item_id,)).fetchone() \
        is not None or conn.execute("SELECT 1 FROM sealed_originals WHERE item_id = ?",
                                    (item_id,)).fetchone() is not None


ITEM_SELECT = (
    "SELECT i.id, i.case_id, c.name, i.kind, i.parent_id, i.created_at,"
    " o.sha256, o.size, o.media_type, o.original_name, o.source_path, o.file_mtime,"
    " o.imported_at, o.import_timezone, o.facts, r.sha256, r.at, r.reason"
    " FROM items i JOIN cases c ON c.id = i.case_id"
    " LEFT JOIN originals o ON o.item_id = i.id"
    " LEFT JOIN removals r ON r.item_id = i.id"
)


def _item_from_row(conn: Connection, row: tuple[Any, ...], *, children: bool = False) -> Item:
    (item_id, case_id, case_name, kind, parent_id, created_at, sha, size, media, name, spath,
     mtime, imported_at, tz, facts, r_sha, r_at, r_reason) = row
    original = None
    if sha is not None:
        original = Original(str(sha), int(size), str(media), str(name), str(spath), mtime,
                            str(imported_at), str(tz), json.loads(facts or "{}"))
    removal = Removal(str(r_sha), str(r_at), str(r_reason)) if r_sha else None
    kids: tuple[int, ...] = ()
    if children:
        kids = tuple(int(r[0]) for r in conn.execute(
            "SELECT id FROM items WHERE parent_id = ? ORDER BY id", (item_id,)))
    return Item(int(item_id), int(case_id), str(case_name), str(kind), parent_id, str(created_at),
                original, read_annotations(conn, int(item_id)), removal, kids)


def get_item(conn: Connection, item_id: int) -> Item:
    row = conn.execute(ITEM_SELECT + " WHERE i.id = ?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no item {id} in this vault.").format(id=item_id))
    return _item_from_row(conn, row, children=True)


def list_items(conn: Connection, case: str | None = None, *, include_children: bool = True,
               include_removed: bool = True) -> Iterator[Item]:
    clauses: list[str] = []
    params: list[Any] = []
    if case is not None:
        clauses.append("i.case_id = ?")
        params.append(find_case(conn, case))
    if not include_children:
        clauses.append("i.parent_id IS NULL")
    if not include_removed:
        clauses.append("r.item_id IS NULL")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    for row in conn.execute(ITEM_SELECT + where + " ORDER BY i.id", params).fetchall():
        yield _item_from_row(conn, row)


def add_journal_entry(conn: Connection, case: str, text: str, *, occurred_at: str,
                      title: str = "", pasted: bool = False) -> int:
    """The victim's own account of an incident, stored as an original like any file.

    `pasted` marks text the user copied from somewhere (a conversation they could not export):
    it is kept and shown as "typed or pasted by the user", never as an export.
    """
    from evidencekit.core.intake import SourceFacts, store_stream

    if not text.strip():
        raise UsageError(_("A journal entry needs some text."))
    import io

    case_id = ensure_case(conn, case)
    kind = "paste" if pasted else "journal"
    stamp = now_iso()
    data = text.encode("utf-8")
    name = f"{kind}-{stamp[:19].replace(':', '')}.txt"
    result = store_stream(
        conn, io.BytesIO(data), SourceFacts(name=name, path=f"({kind} written in evidencekit)",
                                            mtime=stamp),
        case_id=case_id, kind=kind,
        annotations=Annotations(title=title, occurred_at=occurred_at,
                                description="typed or pasted by the user" if pasted else ""),
    )
    if result.duplicate:
        raise UsageError(_("The same text is already item {id}.").format(id=result.item_id))
    from evidencekit.core.search import index_text

    index_text(conn, "journal", result.item_id, result.item_id, text)
    faults.point("journal.after_store")
    return result.item_id


def add_url(conn: Connection, case: str, values: Annotations) -> int:
    """Record content by its address and a description only (e.g. material never to be kept)."""
    if not values.url:
        raise UsageError(_("An address (URL) is needed."))
    case_id = ensure_case(conn, case)
    now = now_iso()
    item_id = int(conn.execute(
        "INSERT INTO items (case_id, kind, parent_id, created_at) VALUES (?, 'url', NULL, ?)",
        (case_id, now)).lastrowid)
    write_annotations(conn, item_id, values, now)
    CustodyLog(conn).append("url-recorded", item_id, url=values.url, category=values.category,
                            timezone=device_timezone_name())
    return item_id


def remove_item(conn: Connection, item_id: int, reason: str, *,
                keep_messages: bool = False) -> str:
    """Erase an item's bytes for good, keeping its hash and the reason; logged. Returns sha256.

    `keep_messages`: the messages read from an export stay (with their translations and search
    entries); used when an export is erased only because it holds a file that must not be kept.
    """
    item = get_item(conn, item_id)
    if item.removal is not None:
        raise UsageError(_("Item {id} was already removed.").format(id=item_id))
    if not reason.strip():
        raise UsageError(_("Say why the item is removed; the reason is kept in the log."))
    sha = item.original.sha256 if item.original else hashlib.sha256(b"").hexdigest()
    conn.execute("INSERT INTO removals (item_id, sha256, at, reason) VALUES (?, ?, ?, ?)",
                 (item_id, sha, now_iso(), reason))
    conn.execute("DELETE FROM chunks WHERE item_id = ?", (item_id,))
    erase_sealed(conn, item_id)
    faults.point("remove.after_chunks_deleted")
    # Thumbnails, OCR text and parsed messages would otherwise keep what the user erased.
    conn.execute("DELETE FROM derived WHERE item_id = ?", (item_id,))
    if keep_messages:
        CustodyLog(conn).append("removed", item_id, sha256=sha, reason=reason,
                                messages_kept=True)
        return sha
    conn.execute("DELETE FROM message_attachments WHERE message_id IN"
                 " (SELECT id FROM messages WHERE item_id = ?)", (item_id,))
    conn.execute("DELETE FROM messages WHERE item_id = ?", (item_id,))
    conn.execute("DELETE FROM translations WHERE item_id = ?", (item_id,))  # they quote it
    from evidencekit.core.search import unindex_item

    unindex_item(conn, item_id)
    CustodyLog(conn).append("removed", item_id, sha256=sha, reason=reason)
    return sha


def erase_sealed(conn: Connection, item_id: int) -> None:
    """Forget a sealed original's key now and unlink its file once the erasure commits."""
    seal = sealed.seal_of(conn, item_id)
    if seal is not None:
        conn.execute("DELETE FROM sealed_originals WHERE item_id = ?", (item_id,))
        sealed_files.doomed(conn, seal[0])


def add_derived(conn: Connection, item_id: int, kind: str, data: bytes, media_type: str,
                tool: str, facts: dict[str, Any] | None = None) -> int:
    """A derived object (thumbnail, OCR text, blurred copy) with its own hash, linked to it."""
    sha = hashlib.sha256(data).hexdigest()
    derived_id = int(conn.execute(
        "INSERT INTO derived (item_id, kind, sha256, media_type, data, tool, created_at, facts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (item_id, kind, sha, media_type, data, tool, now_iso(),
         json.dumps(facts or {}, ensure_ascii=False, sort_keys=True))).lastrowid)
    CustodyLog(conn).append("derived-created", item_id, derived_id=derived_id, kind=kind,
                            sha256=sha, tool=tool)
    return derived_id


def list_derived(conn: Connection, item_id: int) -> list[Derived]:
    rows = conn.execute(
        "SELECT id, item_id, kind, sha256, media_type, tool, created_at, length(data), facts"
        " FROM derived WHERE item_id = ? ORDER BY id", (item_id,)).fetchall()
    return [Derived(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
                    int(r[7]), json.loads(r[8] or "{}")) for r in rows]


def derived_data(conn: Connection, derived_id: int) -> bytes:
    row = conn.execute("SELECT data FROM derived WHERE id = ?", (derived_id,)).fetchone()
    if row is None:
        raise NotFound(_("no derived object {id}").format(id=derived_id))
    return bytes(row[0])


def latest_derived(conn: Connection, item_id: int, kind: str) -> Derived | None:
    found = [d for d in list_derived(conn, item_id) if d.kind == kind]
    return found[-1] if found else None
