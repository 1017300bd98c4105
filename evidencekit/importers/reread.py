"""Reading a stored chat export again, with another date order or time zone, as a logged step.

An export read with the wrong date order or zone cannot simply be imported again: the second
import of the same bytes is recorded as a duplicate and not read. A re-read reads the stored
original (from the vault, byte for byte the export that was imported) with the options chosen,
and in one transaction keeps the first reading as a hashed derived record
(core/reading_archive.py), replaces the message rows and writes one custody entry
(`messages-reread`) naming both readings. A message keeps its id when the new reading has a
message starting at the same place in the export (message_identity.py), so exhibit numbers,
which point at message ids, keep pointing at the same message; what changed is said.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evidencekit.core import faults
from evidencekit.core.blobreader import open_reader
from evidencekit.core.custody import TOOL, CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import NotFound, TamperDetected, UnsupportedInput, UsageError
from evidencekit.core.intake import StoreResult
from evidencekit.core.message_digest import messages_digest
from evidencekit.core.reading_archive import ACTION, Archived, archive_reading, zones_read
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.importers import whatsapp_backup
from evidencekit.importers.chat_import import ChatOptions, import_export
from evidencekit.importers.message_identity import ExhibitChange, Identity, TimeChange
from evidencekit.importers.records import ParseReport
from evidencekit.importers.store_messages import StoreTally
from evidencekit.importers.whatsapp_dates import ORDERS

LISTED = 20  # changed times and messages named in the report and the log entry


@dataclass(frozen=True)
class RereadRequest:
    """What to read with; None keeps what the current reading used (its one zone or order;
    else the vault's zone, and the order the file itself settles)."""

    timezone: str | None = None
    date_order: str | None = None


def check_request(request: RereadRequest) -> None:
    """A date order or zone name that cannot be used is a usage error (exit 2)."""
    if request.date_order is not None and request.date_order not in ORDERS:
        raise UsageError(_("Unknown date order “{order}”; use one of {orders}.").format(
            order=request.date_order, orders=", ".join(ORDERS)))
    if request.timezone is None:
        return
    try:
        ZoneInfo(request.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(_("Unknown time zone “{zone}”; give a name such as Europe/Paris or "
                           "Africa/Casablanca.").format(zone=request.timezone)) from None


@dataclass
class RereadResult:
    item_id: int
    name: str
    changed: bool = False
    messages_before: int = 0
    messages_after: int = 0
    previous: dict[str, Any] = field(default_factory=dict)
    requested: dict[str, Any] = field(default_factory=dict)
    date_orders: list[str] = field(default_factory=list)
    samples: list[TimeChange] = field(default_factory=list)
    instants_changed: int = 0
    time_changes: list[TimeChange] = field(default_factory=list)
    texts_changed: list[int] = field(default_factory=list)
    gone: list[int] = field(default_factory=list)
    new_ids: int = 0
    exhibits: list[ExhibitChange] = field(default_factory=list)
    archive: Archived | None = None
    lines: list[str] = field(default_factory=list)
    #: a date order was asked for an export whose dates leave none to choose (Telegram, e-mail)
    order_unused: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id, "name": self.name, "changed": self.changed,
            "messages_before": self.messages_before, "messages_after": self.messages_after,
            "previous": self.previous, "requested": self.requested,
            "date_orders": self.date_orders, "order_unused": self.order_unused,
            "instants_changed": self.instants_changed,
            "time_changes": [c.to_json() for c in self.time_changes],
            "texts_changed": self.texts_changed, "messages_gone": self.gone,
            "messages_new": self.new_ids,
            "exhibits_affected": [e.to_json() for e in self.exhibits],
            "superseded_reading": None if self.archive is None else {
                "derived_id": self.archive.derived_id, "sha256": self.archive.sha256},
        }


class _RolledBack(Exception):
    """Leaves the transaction without keeping anything (nothing changed, or a preview)."""


class _Reading:
    """What the chat importer reports back to a re-read (chat_import.Rereading)."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.reports: list[ParseReport] = []
        self.tally = StoreTally()

    def assign_id(self, part: str, message: Any) -> int:
        return self.identity.assign_id(part, message)

    def finished(self, reports: list[ParseReport], tally: StoreTally) -> None:
        self.reports = reports
        self.tally = tally


def reread(vault: Vault, item_id: int, request: RereadRequest, *,
           cancel: threading.Event | None = None, dry_run: bool = False) -> RereadResult:
    """Read the export again and keep the new reading (or, `dry_run`, only say what it gives)."""
    check_request(request)
    holder: list[RereadResult] = []
    try:
        with vault.transaction() as conn:
            result = _reread_in(conn, item_id, request, cancel, vault.timezone)
            holder.append(result)
            if dry_run or not result.changed:
                result.archive = None  # rolled back with the rest
                raise _RolledBack
    except _RolledBack:
        pass
    return holder[0]


def _export_facts(conn: Connection, item_id: int) -> tuple[StoreResult, int, str]:
    row = conn.execute(
        "SELECT o.sha256, o.size, o.media_type, o.original_name, i.case_id,"
        " r.item_id IS NOT NULL FROM items i LEFT JOIN originals o ON o.item_id = i.id"
        " LEFT JOIN removals r ON r.item_id = i.id WHERE i.id = ?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no item {id}.").format(id=item_id))
    name = str(row[3] or item_id)
    if row[0] is None or row[5]:
        raise UnsupportedInput(_("Item {id} has no stored export to read again (it holds no "
                                 "file, or it was removed).").format(id=item_id))
    has_messages = conn.execute("SELECT 1 FROM messages WHERE item_id = ? LIMIT 1",
                                (item_id,)).fetchone()
    if has_messages is None:
        raise UnsupportedInput(_("Item {id} ({name}) is not a chat export: no messages were "
                                 "read from it, so there is nothing to read again.").format(
            id=item_id, name=name))
    with open_reader(conn, item_id, verify=True) as reader:
        if whatsapp_backup.recognise(reader.read(64 * 1024)):
            raise UnsupportedInput(_("Item {id} ({name}) is a WhatsApp backup database: its "
                                     "times are exact instants written by the phone, so no date "
                                     "order or time zone was guessed.").format(id=item_id,
                                                                               name=name))
    stored = StoreResult(item_id, False, str(row[0]), int(row[1]), str(row[2]))
    return stored, int(row[4]), name


def current_reading(conn: Connection, item_id: int) -> dict[str, Any]:
    """How the export's messages are read now: `date_orders` and `timezones` (lists)."""
    return _previous_options(conn, item_id)[0]


def _previous_options(conn: Connection, item_id: int) -> tuple[dict[str, Any], str | None]:
    """The current reading's options, and the digest the log recorded for its messages."""
    orders: list[str] = []
    recorded = None
    for entry in CustodyLog(conn).entries(item_id):
        if entry.action in ("messages-imported", ACTION):
            found = entry.detail.get("date_orders")
            orders = [str(o) for o in found] if isinstance(found, list) else []
            digest = entry.detail.get("messages_sha256")
            recorded = digest if isinstance(digest, str) else None
    return {"date_orders": orders, "timezones": zones_read(conn, item_id)}, recorded


def _reread_in(conn: Connection, item_id: int, request: RereadRequest,
               cancel: threading.Event | None, vault_zone: str) -> RereadResult:
    stored, case_id, name = _export_facts(conn, item_id)
    previous, recorded = _previous_options(conn, item_id)
    zones, orders = previous["timezones"], previous["date_orders"]
    request = RereadRequest(
        request.timezone or (zones[0] if len(zones) == 1 else vault_zone),
        request.date_order or (orders[0] if len(set(orders)) == 1 else None))
    result = RereadResult(item_id, name, previous=previous,
                          requested={"date_order": request.date_order,
                                     "timezone": request.timezone})
    archive = archive_reading(conn, item_id, TOOL)
    if recorded is not None and recorded != archive.messages_sha256:
        # Reading again would replace rows that were changed behind the log's back: the kept
        # "first reading" would then be the changed one. Say so instead.
        raise TamperDetected(_("Item {id} ({name}): its messages differ from those the custody "
                               "log recorded, so they are not read again; run `evidencekit "
                               "verify`.").format(id=item_id, name=name))
    identity = Identity(conn, item_id, LISTED)
    _drop_messages(conn, item_id)
    faults.point("reread.after_delete")
    reading = _Reading(identity)
    options = ChatOptions(timezone=str(request.timezone), date_order=request.date_order,
                          cancel=cancel, rereading=reading)
    result.lines = import_export(conn, stored, case_id, options)
    result.date_orders = [r.date_order for r in reading.reports if r.date_order]
    result.order_unused = bool(request.date_order) and not result.date_orders
    if request.date_order and any(o != request.date_order for o in result.date_orders):
        raise UnsupportedInput(_(
            "Item {id} ({name}): the dates in the export rule out the order {asked}; they can "
            "only be read as {found}. Nothing was changed.").format(
            id=item_id, name=name, asked=request.date_order,
            found=", ".join(sorted(set(result.date_orders)))))
    after, digest = messages_digest(conn, item_id)
    result.messages_before, result.messages_after = archive.messages, after
    identity.fill(result)
    result.changed = digest != archive.messages_sha256
    if not result.changed:
        return result
    result.archive = archive
    CustodyLog(conn).append(
        ACTION, item_id, previous=result.previous, requested=result.requested,
        date_orders=result.date_orders, messages_stored=after, messages_sha256=digest,
        previous_messages_stored=archive.messages,
        previous_messages_sha256=archive.messages_sha256,
        superseded_reading={"derived_id": archive.derived_id, "sha256": archive.sha256},
        instants_changed=result.instants_changed, texts_changed=result.texts_changed[:LISTED],
        texts_changed_count=len(result.texts_changed), messages_gone=result.gone[:LISTED],
        messages_gone_count=len(result.gone), messages_new=result.new_ids,
        exhibits_affected=[e.to_json() for e in result.exhibits],
        unparsed=reading.tally.unparsed, kinds=reading.tally.kinds,
    )
    faults.point("reread.before_commit")
    return result


def _drop_messages(conn: Connection, item_id: int) -> None:
    """The first reading's rows go (kept in the archive): only while the permit exists."""
    conn.execute("INSERT INTO reading_permits (item_id) VALUES (?)", (item_id,))
    conn.execute("DELETE FROM message_attachments WHERE message_id IN"
                 " (SELECT id FROM messages WHERE item_id = ?)", (item_id,))
    conn.execute("DELETE FROM search_index WHERE owner_kind = 'message' AND item_id = ?",
                 (item_id,))
    conn.execute("DELETE FROM messages WHERE item_id = ?", (item_id,))
    conn.execute("DELETE FROM reading_permits WHERE item_id = ?", (item_id,))
