"""One upload, streamed into the vault: hashed as it is written, checked, logged, imported.

The bytes go from the TLS socket into SQLCipher chunk by chunk (core/intake.store_stream); they
are never written in clear anywhere. The whole file is one transaction: if the connection drops,
the sender cancels, or the SHA-256 the sender announced does not match what arrived, the
transaction is rolled back and nothing of the file stays. The custody entry names the sending
device (its alias, model and certificate fingerprint) and the address it sent from; then the
normal importers run, so a WhatsApp export sent from the phone becomes a conversation.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import IO

import sqlcipher3

from evidencekit.core.custody import CustodyLog
from evidencekit.core.errors import Cancelled, UnsupportedInput
from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, check_free_space, store_stream
from evidencekit.core.timeutil import iso_utc, parse_iso
from evidencekit.core.vault import Vault
from evidencekit.i18n import _, localize
from evidencekit.importers.chat_import import ChatOptions, make_after_store
from evidencekit.receive.protocol import FileOffer, ProtocolError
from evidencekit.receive.session import Arrival, Transfer

PROTOCOL_NAME = "LocalSend v2"


class NotAsAnnounced(Exception):
    """What arrived is not what the sender announced (size or SHA-256)."""


def receive_upload(vault: Vault, case: str, transfer: Transfer, offer: FileOffer,
                   body: IO[bytes], *, receiver_fingerprint: str,
                   progress: Callable[[int], None] = lambda _n: None) -> Arrival:
    """Store one uploaded file; never raises for a refusal, the Arrival says what happened."""
    sender = transfer.sender
    arrival = Arrival(offer.name, offer.size, sender.alias, "receiving")
    source = SourceFacts(name=offer.name, path=f"localsend://{transfer.peer}/{offer.name}",
                         mtime=_iso_or_none(offer.modified))
    try:
        check_free_space(vault, offer.size, Path(offer.name))
        with vault.transaction() as conn:
            case_id = ensure_case(conn, case)
            result = store_stream(conn, body, source, case_id=case_id,
                                  expected_size=offer.size, cancel=transfer.cancel,
                                  progress=lambda done, _t, _n: progress(done))
            if transfer.cancel.is_set():
                raise Cancelled(_("the sender cancelled the transfer."))
            if result.size != offer.size:
                raise NotAsAnnounced(_(
                    "{name}: the connection ended after {got} of the {size} bytes announced; "
                    "nothing was kept.").format(name=offer.name, got=result.size,
                                                size=offer.size))
            if offer.sha256 is not None and result.sha256 != offer.sha256:
                raise NotAsAnnounced(_(
                    "{name}: the bytes received do not match the SHA-256 the sender announced "
                    "(announced {announced}…, received {received}…); nothing was kept.").format(
                    name=offer.name, announced=offer.sha256[:16], received=result.sha256[:16]))
            CustodyLog(conn).append(
                "received-from-device", result.item_id, protocol=PROTOCOL_NAME,
                sender_address=transfer.peer, announced_sha256=offer.sha256,
                sha256=result.sha256, size=result.size, source_name=offer.name,
                receiver_fingerprint=receiver_fingerprint, duplicate=result.duplicate,
                **sender.as_log())
            lines: list[str] = []
            if not result.duplicate:
                chat = ChatOptions(timezone=vault.timezone, cancel=transfer.cancel)
                lines = make_after_store(chat)(conn, result, case_id)
    except Cancelled:
        arrival.status, arrival.message = "cancelled", _(
            "{name}: the transfer was cancelled; nothing of this file was kept.").format(
            name=offer.name)
        return arrival
    except (NotAsAnnounced, UnsupportedInput, ProtocolError) as exc:
        _log_refusal(vault, transfer, offer, str(exc), receiver_fingerprint)
        arrival.status, arrival.message = "refused", str(exc)
        return arrival
    except OSError as exc:  # the connection broke or timed out, or the disk filled up
        if exc.errno == errno.EFBIG:  # one sealed file past its file system's limit
            reason = _("{name}: the disk is full, or the file is larger than its file system "
                       "allows for one file (4 GB on a FAT32 USB stick); nothing of this file "
                       "was kept and the vault is unchanged.").format(name=offer.name)
        elif exc.errno == errno.ENOSPC:  # writing a sealed original
            reason = _("{name}: the disk is full; nothing of this file was kept and the vault "
                       "is unchanged.").format(name=offer.name)
        else:
            reason = _("{name}: the connection was lost ({reason}); nothing of this file was "
                       "kept.").format(name=offer.name, reason=exc.strerror or type(exc).__name__)
        _log_refusal(vault, transfer, offer, reason, receiver_fingerprint)
        arrival.status, arrival.message = "refused", reason
        return arrival
    except sqlcipher3.DatabaseError as exc:
        from evidencekit.core.damage import vault_error

        problem = vault_error(exc, vault.folder)
        if problem is None:
            raise
        arrival.status, arrival.message = "refused", f"{offer.name}: {problem}"
        return arrival
    arrival.item_id, arrival.received = result.item_id, result.size
    if result.duplicate:
        arrival.status = "duplicate"
        arrival.message = _("{name}: already in the vault as item {id}; this arrival was "
                            "recorded.").format(name=offer.name, id=result.item_id)
    else:
        arrival.status = "imported"
        arrival.message = " ".join([_(
            "{name}: received from {sender} and kept as item {id} (SHA-256 {sha}…).").format(
            name=offer.name, sender=sender.alias, id=result.item_id, sha=result.sha256[:16]),
            # The importers write their notes in English, the custody log's language.
            *(localize(line) for line in lines)])
    return arrival


def _log_refusal(vault: Vault, transfer: Transfer, offer: FileOffer, reason: str,
                 receiver_fingerprint: str) -> None:
    """A refused arrival leaves no bytes, but the attempt itself is part of the record."""
    try:
        with vault.transaction() as conn:
            CustodyLog(conn).append(
                "receive-refused", None, protocol=PROTOCOL_NAME, sender_address=transfer.peer,
                announced_sha256=offer.sha256, size=offer.size, source_name=offer.name,
                reason=reason, receiver_fingerprint=receiver_fingerprint,
                **transfer.sender.as_log())
    except sqlcipher3.DatabaseError:
        pass  # the refusal is still shown to the user; the vault could not take a line


def _iso_or_none(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iso_utc(parse_iso(value))
    except ValueError:
        return None
