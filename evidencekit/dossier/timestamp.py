"""RFC 3161 timestamps of a bundle: asked of several TSAs, kept only when they verify, or queued.

Two things are stamped per bundle: the custody log's Merkle root (before the dossier is drawn,
so each exhibit's fiche can name the token) and manifest.json (after, since the PDF prints the
manifest's hash). Each configured TSA is asked; every token that checks out against the trust
store (`tsa_verify`) is attached, so one authority failing or being distrusted later leaves the
others standing. When no TSA gives a usable token (offline, refused, untrusted) the data is
queued (meta `tsa_queue`, inside the encrypted database) and stamped at the next export made
with timestamping on; the token obtained then goes into the custody log, since the bundle
already written cannot change. With timestamping off nothing is asked and nothing is queued.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evidencekit.core.custody import CustodyLog
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.dossier.tsa_client import (
    DEFAULT_TSAS,
    TimestampError,
    TimestampSettings,
    request_token,
)
from evidencekit.dossier.tsa_trust import TrustStore, load_trust
from evidencekit.dossier.tsa_verify import TokenCheck, check_token
from evidencekit.i18n import N_, _, deferred, localize

__all__ = ["DEFAULT_TSAS", "QUEUE_KEY", "Stamp", "TimestampError", "TimestampOutcome",
           "TimestampSettings", "TokenCheck", "check_token", "load_trust", "queued",
           "request_token", "retry_queue", "stamp_data"]

QUEUE_KEY = "tsa_queue"
MAX_QUEUE = 50


@dataclass(frozen=True)
class Stamp:
    url: str
    token: bytes
    check: TokenCheck


@dataclass(frozen=True)
class TimestampOutcome:
    status: str  # "attached", "queued" or "off"
    message: str  # one sentence for the user, in the current language
    stamps: tuple[Stamp, ...] = ()

    @property
    def token(self) -> bytes | None:
        return self.stamps[0].token if self.stamps else None


def stamp_data(vault: Vault, settings: TimestampSettings, store: TrustStore | None, data: bytes,
               *, what: str, label: str, unreachable: set[str] | None = None,
               token_name: Callable[[int], str] | None = None,
               pending: list[tuple[bytes, str, str, str]] | None = None) -> TimestampOutcome:
    """Tokens over `data` from every configured TSA that answers with a token that verifies.

    `what` names the data ("manifest.json", "custody root") in messages and in the queue;
    `unreachable` collects TSAs that did not answer, so one export does not wait twice for them;
    `token_name(n)` is the file the n-th token kept will be written to (for messages and JSON);
    `pending`, when given, collects what to queue instead of queueing it now (an export writes
    its custody entries only once the bundle exists: the log it shows must not move meanwhile).
    """
    if not settings.enabled:
        return TimestampOutcome("off", _("Timestamping is off, so the bundle has no RFC 3161 "
                                         "token (turn it on with --tsa default)."))
    store = store or load_trust(settings.extra_ca)
    unreachable = set() if unreachable is None else unreachable
    stamps: list[Stamp] = []
    reasons: list[str] = []
    for url in settings.urls:
        if url in unreachable:
            continue
        try:
            token = request_token(url, data)
        except TimestampError as exc:
            unreachable.add(url)
            reasons.append(exc.args[0])
            continue
        check = check_token(token, data, store, covers=what)
        if not check.ok:
            reasons.append(deferred(N_("The token of {url} was not kept: it {why}."), url=url,
                                    why=check.problems[0]))
            continue
        if token_name is not None:
            check.file = token_name(len(stamps) + 1)
        stamps.append(Stamp(url, token, check))
    if stamps:
        names = "; ".join(f"{s.check.tsa} ({s.check.gen_time})" for s in stamps)
        return TimestampOutcome("attached", _("{what} timestamped by {names}.").format(
            what=what, names=names), tuple(stamps))
    reason = reasons[0] if reasons else deferred(N_("No timestamp authority was asked."))
    if pending is None:
        _enqueue(vault, data, what, label, reason)
    else:
        pending.append((data, what, label, reason))
    return TimestampOutcome("queued", _(
        "{reason} {what} was queued and will be timestamped at the next export made with "
        "timestamping on; the token will be recorded in the custody log.").format(
        reason=localize(reason), what=what))


def queued(vault: Vault) -> list[dict[str, Any]]:
    try:
        value = json.loads(vault.meta(QUEUE_KEY) or "[]")
    except ValueError:
        return []
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) \
        else []


def enqueue_all(vault: Vault, pending: Sequence[tuple[bytes, str, str, str]]) -> None:
    """Queue what `stamp_data` collected in `pending` (data, what, label, reason)."""
    for data, what, label, reason in pending:
        _enqueue(vault, data, what, label, reason)


def _enqueue(vault: Vault, data: bytes, what: str, label: str, reason: str) -> None:
    entries = queued(vault)
    digest = hashlib.sha256(data).hexdigest()
    entries.append({"sha256": digest, "what": what, "label": label, "queued_at": now_iso(),
                    "reason": reason, "data": base64.b64encode(data).decode("ascii")})
    _save_queue(vault, entries[-MAX_QUEUE:], "timestamp-queued", sha256=digest, what=what,
                reason=reason)


def _save_queue(vault: Vault, entries: list[dict[str, Any]], action: str, **detail: Any) -> None:
    # Not vault.set_meta: that logs the value, and the queue holds whole manifests.
    with vault.transaction() as tx:
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                   (QUEUE_KEY, json.dumps(entries, ensure_ascii=False)))
        CustodyLog(tx).append(action, **detail)


def _queued_data(entry: dict[str, Any]) -> bytes:
    # "manifest" is the field of queues written before custody roots were stamped too.
    return base64.b64decode(str(entry.get("data", entry.get("manifest", ""))), validate=True)


def retry_queue(vault: Vault, settings: TimestampSettings | None = None,
                store: TrustStore | None = None, unreachable: set[str] | None = None) -> int:
    """Try every queued item again with the TSAs of `settings`; tokens go into the custody log.

    Nothing happens with timestamping off: a queue never makes the app reach the network alone.
    """
    entries = queued(vault)
    if settings is None or not settings.enabled or not entries:
        return 0
    store = store or load_trust(settings.extra_ca)
    unreachable = set() if unreachable is None else unreachable
    remaining: list[dict[str, Any]] = []
    obtained = 0
    for entry in entries:
        try:
            data = _queued_data(entry)
        except ValueError:
            continue  # a damaged entry is dropped: it can never be stamped
        found = _first_good(settings.urls, data, store, unreachable)
        if found is None:
            remaining.append(entry)
            continue
        digest = str(entry.get("sha256") or entry.get("manifest_sha256") or "")
        with vault.transaction() as tx:
            CustodyLog(tx).append("timestamp-obtained", sha256=digest,
                                  what=str(entry.get("what", "manifest.json")),
                                  tsa_url=found.url, tsa=found.check.tsa,
                                  gen_time=found.check.gen_time,
                                  queued_at=entry.get("queued_at"),
                                  token=base64.b64encode(found.token).decode("ascii"))
        obtained += 1
    if obtained:
        _save_queue(vault, remaining, "timestamp-queue-updated", remaining=len(remaining))
    return obtained


def _first_good(urls: Sequence[str], data: bytes, store: TrustStore,
                unreachable: set[str]) -> Stamp | None:
    for url in urls:
        if url in unreachable:
            continue
        try:
            token = request_token(url, data)
        except TimestampError:
            unreachable.add(url)
            continue
        check = check_token(token, data, store)
        if check.ok:
            return Stamp(url, token, check)
    return None
