"""Is the bundle signed by the key the recipient expects? Pinning, as SSH does for hosts.

A bundle's signatures only show that its files agree with `signing-key.pem`, which travels in
the bundle: whoever changes a file can make a new key and re-sign. What a forger cannot change
is the fingerprint the recipient already holds: given by the sender in person or by phone
(`--expect-key`), printed on the attestation the victim signed, or remembered from an earlier
bundle of the same vault (`known_keys`). This module compares them and says so in words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from evidencekit.core.errors import UsageError
from evidencekit.core.timeutil import now_iso
from evidencekit.dossier.known_keys import KnownKeys
from evidencekit.dossier.verify_bundle import KEY, BundleReport, Progress, verify_bundle
from evidencekit.i18n import _

_SEPARATORS = re.compile(r"[\s:]+")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass
class KeyVerdict:
    fingerprint: str
    status: str  # expected, not-expected, known, changed, unknown, unreadable
    ok: bool
    message: str
    previous: str = ""  # the other key seen for this vault or case, when it changed
    remembered: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_fingerprint(text: str) -> str:
    """A fingerprint as people copy it (spaces, colons, capitals), or UsageError."""
    cleaned = _SEPARATORS.sub("", text).lower()
    if not _HEX64.fullmatch(cleaned):
        raise UsageError(_("--expect-key takes the key's SHA-256 fingerprint: 64 hexadecimal "
                           "characters (spaces and colons are ignored)."))
    return cleaned


def _day(iso: str) -> str:
    return iso[:10] or "?"


def judge(report: BundleReport, expected: str | None, known: KnownKeys) -> KeyVerdict:
    fp = report.signing_key_sha256
    if not fp:
        return KeyVerdict("", "unreadable", False,
                          _("signing-key.pem could not be read, so the signer is unknown."))
    if expected is not None:
        if expected == fp:
            return KeyVerdict(fp, "expected", True, _(
                "The signing key is the one you expected ({key}).").format(key=fp))
        return KeyVerdict(fp, "not-expected", False, _(
            "signed with the key {key}, not with the key you expected ({expected}): this bundle "
            "was not signed by the vault you expected; it may have been re-signed by someone "
            "else.").format(key=fp, expected=expected))
    same_vault = known.for_vault(report.vault_id)
    if same_vault and all(k.fingerprint != fp for k in same_vault):
        # Checked first: a key known from another vault does not make it this vault's key.
        other = same_vault[0]
        return KeyVerdict(fp, "changed", False, _(
            "signed with a DIFFERENT key ({key}) from the one seen for this vault on {date} "
            "({previous}): the bundle may have been re-signed by someone else. If the sender "
            "confirms the new key in person or by phone, check again with --expect-key.")
            .format(key=fp, date=_day(other.first_seen), previous=other.fingerprint),
            previous=other.fingerprint)
    # The same key under another vault id is still the same signer: a rescued vault gets a
    # new id but keeps its key, and nobody without the private key can sign with it.
    seen_key = known.with_fingerprint(fp)
    if seen_key:
        seen = next((k for k in seen_key if k in same_vault), seen_key[0])
        text = _("This key was seen before on this computer for this vault (first on {date}).") \
            .format(date=_day(seen.first_seen))
        if seen.confirmed:
            text += " " + _("You confirmed it with --expect-key.")
        return KeyVerdict(fp, "known", True, text)
    by_case = known.for_case(report.case)
    if by_case:
        other = by_case[0]
        return KeyVerdict(fp, "changed", False, _(
            "signed with a DIFFERENT key ({key}) from the one seen on {date} for a bundle of the "
            "same case “{case}” ({previous}): the bundle may have been re-signed by someone else. "
            "If the sender confirms the new key in person or by phone, check again with "
            "--expect-key.").format(key=fp, date=_day(other.first_seen),
                                    case=report.case[:120], previous=other.fingerprint),
            previous=other.fingerprint)
    return KeyVerdict(fp, "unknown", True, _(
        "This key has never been seen on this computer: it is not pinned, so the signatures only "
        "show that the files agree with each other. Compare {key} with the fingerprint the "
        "sender gives you in person or by phone (it is on the attestation they signed), then "
        "check again with --expect-key.").format(key=fp))


def check_bundle(path: Path, *, expect_key: str | None = None,
                 known_keys: Path | None = None, remember: bool = True,
                 progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> BundleReport:
    """verify_bundle, then the key against the expectation and the trust list.

    A key that fails is named as a problem of `signing-key.pem` (exit 1); a bundle that is
    intact has its key remembered, so a later bundle of the same vault signed with another key
    is named as such.
    """
    expected = parse_fingerprint(expect_key) if expect_key else None
    report = verify_bundle(path, progress=progress, cancel=cancel)
    known = KnownKeys(known_keys)
    verdict = judge(report, expected, known)
    if not verdict.ok and verdict.status != "unreadable":
        report.flag(KEY, verdict.message)
    if report.ok and remember and verdict.fingerprint:
        known.remember(verdict.fingerprint, report.vault_id, report.case, now_iso(),
                       confirmed=verdict.status == "expected")
        try:
            known.save()
            verdict.remembered = True
        except OSError:
            verdict.message += " " + _("(The list of known keys, {path}, could not be written.)") \
                .format(path=known.path)
    report.key_trust = verdict.to_json()
    return report
