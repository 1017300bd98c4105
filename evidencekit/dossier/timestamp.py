"""RFC 3161 timestamps of bundle manifests: asked of the user's TSA, queued when it cannot answer.

A token proves the manifest (and so every hash it lists) existed at the TSA's time. The TSA is
only contacted when the user configured its address (vault meta `tsa_url`); the app never
reaches the network by itself. When the TSA cannot be reached the manifest is queued (meta
`tsa_queue`, inside the encrypted database) and retried at the next export; a token obtained
later is recorded in the custody log, since the bundle already written cannot change.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import cryptography.x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from evidencekit.core.custody import CustodyLog
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.i18n import N_, _, deferred, localize

TSA_URL_KEY = "tsa_url"
QUEUE_KEY = "tsa_queue"
TIMEOUT_SECONDS = 15.0
MAX_RESPONSE_BYTES = 1024 * 1024
MAX_QUEUE = 50
_DIGESTS = {
    "2.16.840.1.101.3.4.2.1": hashlib.sha256,
    "2.16.840.1.101.3.4.2.2": hashlib.sha384,
    "2.16.840.1.101.3.4.2.3": hashlib.sha512,
}


class TimestampError(Exception):
    """The TSA could not be reached or gave an answer we cannot use (the text says which).

    Its message is `deferred` (English, shown with `localize`): it is written to the custody log.
    """


@dataclass(frozen=True)
class TimestampOutcome:
    status: str  # "attached", "queued" or "not-configured"
    message: str  # one sentence for the user
    token: bytes | None = None


@dataclass
class TokenCheck:
    """What an offline check of a token found; `problems` empty when it matches the data."""

    gen_time: str = ""
    tsa: str = ""
    serial: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"gen_time": self.gen_time, "tsa": self.tsa, "serial": self.serial,
                "problems": [localize(p) for p in self.problems]}


def request_token(url: str, data: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Ask the TSA at `url` for a token over SHA-256(`data`); returns the DER TimeStampResp."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise TimestampError(deferred(N_("The timestamp authority's address must start with "
                                         "http:// or https://.")))
    query = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    request = urllib.request.Request(  # noqa: S310 - scheme checked just above
        url, data=query.as_bytes(), method="POST",
        headers={"Content-Type": "application/timestamp-query",
                 "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            body = answer.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise TimestampError(deferred(N_("The timestamp authority did not answer ({reason})."),
                                      reason=str(getattr(exc, "reason", exc)))) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise TimestampError(deferred(N_("The timestamp authority's answer is too large to be a "
                                         "token.")))
    try:
        response = decode_timestamp_response(body)
    except ValueError:
        raise TimestampError(deferred(N_("The timestamp authority's answer is not an RFC 3161 "
                                         "token."))) from None
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(deferred(N_("The timestamp authority refused the request (status "
                                         "{s})."), s=str(response.status)))
    # The nonce ties the answer to this request, so a replayed old token is not accepted.
    if query.nonce is not None and response.tst_info.nonce != query.nonce:
        raise TimestampError(deferred(N_("The timestamp authority's answer does not match the "
                                         "request.")))
    problems = check_token(body, data).problems
    if problems:
        raise TimestampError(problems[0])
    return bytes(body)


def check_token(token: bytes, data: bytes) -> TokenCheck:
    """Check a token against `data` offline: status, message imprint, and the CMS signature.

    The signature is checked with the certificates the token carries, which shows the token was
    not altered; whether that TSA is trustworthy is checked against its published certificate
    (`openssl ts -verify -CAfile`), which this offline check cannot know.
    """
    result = TokenCheck()
    try:
        response = decode_timestamp_response(token)
        info = response.tst_info
        result.gen_time = info.gen_time.isoformat()
        result.serial = str(info.serial_number)
        result.tsa = _name_text(info)
        algorithm = info.message_imprint.hash_algorithm.dotted_string
        imprint = info.message_imprint.message
        status = response.status
        certificates = [cryptography.x509.load_der_x509_certificate(c)
                        for c in response.signed_data.certificates]
    except (ValueError, TypeError):
        result.problems.append(deferred(N_("manifest.tsr is not a readable RFC 3161 timestamp "
                                           "token.")))
        return result
    if status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        result.problems.append(deferred(N_("manifest.tsr does not hold a granted timestamp.")))
        return result
    digest = _DIGESTS.get(algorithm)
    if digest is None or digest(data).digest() != imprint:
        result.problems.append(deferred(N_("manifest.tsr timestamps other data than this "
                                           "manifest.json.")))
        return result
    if not certificates:
        result.problems.append(deferred(N_("manifest.tsr carries no certificate, so its "
                                           "signature cannot be checked offline.")))
        return result
    try:
        VerifierBuilder(roots=certificates).build().verify_message(response, data)
    except (VerificationError, ValueError) as exc:
        result.problems.append(deferred(N_(
            "manifest.tsr has a signature that does not check out ({reason})."), reason=str(exc)))
    return result


def _name_text(info: Any) -> str:
    name = getattr(info, "name", None)
    value = getattr(name, "value", None)
    if isinstance(value, cryptography.x509.Name):
        return value.rfc4514_string()
    return str(value) if value is not None else ""


def timestamp_manifest(vault: Vault, manifest: bytes, label: str) -> TimestampOutcome:
    """A token for `manifest` when a TSA is configured and answers; otherwise queue it."""
    url = vault.meta(TSA_URL_KEY).strip()
    if not url:
        return TimestampOutcome("not-configured", _(
            "No timestamp authority is configured, so the bundle has no RFC 3161 token."))
    try:
        token = request_token(url, manifest)
    except TimestampError as exc:
        reason = exc.args[0]  # `deferred`: English in the queue and the custody log
        _enqueue(vault, manifest, label, reason)
        return TimestampOutcome("queued", _(
            "{reason} The manifest was queued and will be timestamped at the next export; the "
            "token will be recorded in the custody log.").format(reason=localize(reason)))
    return TimestampOutcome("attached", _("The manifest was timestamped by {url}.").format(
        url=url), token)


def queued(vault: Vault) -> list[dict[str, Any]]:
    try:
        value = json.loads(vault.meta(QUEUE_KEY) or "[]")
    except ValueError:
        return []
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) \
        else []


def _enqueue(vault: Vault, manifest: bytes, label: str, reason: str) -> None:
    entries = queued(vault)
    entries.append({"manifest_sha256": hashlib.sha256(manifest).hexdigest(), "label": label,
                     "queued_at": now_iso(), "reason": reason,
                     "manifest": base64.b64encode(manifest).decode("ascii")})
    _save_queue(vault, entries[-MAX_QUEUE:], "timestamp-queued",
                manifest_sha256=entries[-1]["manifest_sha256"], reason=reason)


def _save_queue(vault: Vault, entries: list[dict[str, Any]], action: str, **detail: Any) -> None:
    # Not vault.set_meta: that logs the value, and the queue holds whole manifests.
    with vault.transaction() as tx:
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                   (QUEUE_KEY, json.dumps(entries, ensure_ascii=False)))
        CustodyLog(tx).append(action, **detail)


def retry_queue(vault: Vault) -> int:
    """Try every queued manifest again; each token obtained goes into the custody log."""
    url = vault.meta(TSA_URL_KEY).strip()
    entries = queued(vault)
    if not url or not entries:
        return 0
    remaining: list[dict[str, Any]] = []
    obtained = 0
    for entry in entries:
        try:
            manifest = base64.b64decode(str(entry.get("manifest", "")), validate=True)
            token = request_token(url, manifest)
        except (TimestampError, ValueError):
            remaining.append(entry)
            continue
        with vault.transaction() as tx:
            CustodyLog(tx).append("timestamp-obtained", manifest_sha256=entry["manifest_sha256"],
                                  tsa_url=url, queued_at=entry.get("queued_at"),
                                  token=base64.b64encode(token).decode("ascii"))
        obtained += 1
    if obtained:
        _save_queue(vault, remaining, "timestamp-queue-updated", remaining=len(remaining))
    return obtained
