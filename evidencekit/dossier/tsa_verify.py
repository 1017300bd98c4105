"""Checking one RFC 3161 token offline, and saying in words what was checked.

In this order, each failure named on its own: the token is a granted RFC 3161 answer; its
message imprint is the hash of the data it claims to cover; the certificate that signed it is
among those it carries, was valid at the time it stamped and is made for timestamping (critical
extended key usage id-kp-timeStamping); that certificate chains, through CA certificates, to an
authority of the trust store (`tsa_trust`), never to itself; and, last, the CMS signature is
checked by rfc3161-client (OpenSSL's PKCS #7 verification at the token's time) against that
chain. A token that fails the chain step "proves nothing": anyone can make a certificate named
"Universign" and sign any time they like with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from rfc3161_client import PKIStatus, VerificationError, VerifierBuilder, decode_timestamp_response

from evidencekit.dossier.tsa_trust import TrustStore, build_chain, valid_at
from evidencekit.i18n import N_, _, deferred, localize

_DIGESTS = {
    "2.16.840.1.101.3.4.2.1": hashlib.sha256,
    "2.16.840.1.101.3.4.2.2": hashlib.sha384,
    "2.16.840.1.101.3.4.2.3": hashlib.sha512,
}


@dataclass
class TokenCheck:
    """What the check of one token found; `problems` empty when it holds."""

    file: str = ""
    covers: str = ""
    gen_time: str = ""
    tsa: str = ""  # the signer certificate's subject (what the token claims to be)
    serial: str = ""
    root: str = ""  # the trusted authority the chain ends on, when it does
    trusted: bool = False  # the chain reached the trust store
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.trusted and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "covers": self.covers, "gen_time": self.gen_time,
                "tsa": self.tsa, "serial": self.serial, "root": self.root,
                "trusted": self.trusted, "ok": self.ok, "status": self.status,
                "problems": [localize(p) for p in self.problems]}

    @property
    def status(self) -> str:
        return "verified" if self.ok else "unverified"


def describe(entry: dict[str, Any]) -> str:
    """One sentence, in the current language, of what a checked token (its JSON) shows."""
    if entry.get("ok"):
        return _("{file}: {covers} timestamped by {tsa} at {time}; the certificate chain was "
                 "verified to {root}, valid at that time.").format(
            file=entry.get("file"), covers=entry.get("covers"), tsa=entry.get("tsa") or "?",
            time=entry.get("gen_time"), root=entry.get("root"))
    return _("{file}: unverified, {why}.").format(
        file=entry.get("file"), why="; ".join(str(p) for p in entry.get("problems") or []))


def _subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _signer(response: Any, carried: list[x509.Certificate]) -> x509.Certificate | None:
    infos = list(response.signed_data.signer_infos)
    if len(infos) != 1:
        return None
    info = infos[0]
    return next((c for c in carried if c.issuer == info.issuer
                 and c.serial_number == info.serial_number), None)


def _for_timestamping(cert: x509.Certificate) -> bool:
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        return False
    return eku.critical and ExtendedKeyUsageOID.TIME_STAMPING in eku.value


def check_token(token: bytes, data: bytes, store: TrustStore, *, file: str = "manifest.tsr",
                covers: str = "manifest.json") -> TokenCheck:
    """Check `token` against `data` and `store`; every failure is a problem of the result."""
    result = TokenCheck(file=file, covers=covers)
    try:
        response = decode_timestamp_response(token)
        info = response.tst_info
        when = _utc(info.gen_time)
        result.gen_time = when.isoformat().replace("+00:00", "Z")
        result.serial = str(info.serial_number)
        algorithm = info.message_imprint.hash_algorithm.dotted_string
        imprint = info.message_imprint.message
        status = response.status
        carried = [x509.load_der_x509_certificate(c) for c in response.signed_data.certificates]
    except (ValueError, TypeError):
        result.problems.append(deferred(N_("is not a readable RFC 3161 timestamp token")))
        return result
    if status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        result.problems.append(deferred(N_("does not hold a granted timestamp")))
        return result
    digest = _DIGESTS.get(algorithm)
    if digest is None or digest(data).digest() != imprint:
        result.problems.append(deferred(N_("timestamps other data than {covers}: it does not "
                                           "vouch for this file"), covers=covers))
        return result
    try:
        signer = _signer(response, carried)
    except (ValueError, TypeError):
        signer = None
    if signer is None:
        result.problems.append(deferred(N_("does not carry the certificate that signed it, so "
                                           "its authority cannot be checked")))
        return result
    result.tsa = _subject(signer)
    if not valid_at(signer, when):
        result.problems.append(deferred(N_(
            "signed by a certificate that was not valid at the time it claims ({time}; the "
            "certificate was valid from {start} to {end}): it proves nothing"),
            time=result.gen_time, start=signer.not_valid_before_utc.date().isoformat(),
            end=signer.not_valid_after_utc.date().isoformat()))
        return result
    if not _for_timestamping(signer):
        result.problems.append(deferred(N_("signed by a certificate that is not made for "
                                           "timestamping (no critical time-stamping key usage)")))
        return result
    chain = build_chain(signer, carried, store, when)
    if chain is None:
        result.problems.append(deferred(N_(
            "token signed by a certificate that no trusted authority issued ({issuer}): it "
            "proves nothing. If you trust this timestamp authority, give its CA certificate "
            "with --tsa-ca"), issuer=signer.issuer.rfc4514_string()))
        return result
    try:
        builder = VerifierBuilder(roots=[chain[-1]], intermediates=chain[1:-1])
        builder.build().verify_message(response, data)
    except (VerificationError, ValueError) as exc:
        result.problems.append(deferred(N_("has a signature that does not check out "
                                           "({reason})"), reason=str(exc)))
        return result
    result.trusted = True
    result.root = _subject(chain[-1])
    return result
