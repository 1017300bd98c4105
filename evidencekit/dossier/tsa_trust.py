"""Which certificate authorities a timestamp token may chain to: a real trust store.

A token is only worth something when its signer's certificate was issued, directly or through
intermediates, by an authority the reader already trusts. The store is Mozilla's list as
shipped by certifi, plus the operating system's bundle when there is one, plus any file the
user names (`--tsa-ca`): a TSA outside those lists (FreeTSA, a court's own TSA) is trusted only
when its CA certificate is given explicitly. Never the certificates a token carries itself.
"""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding

from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

MAX_CA_FILE = 4 * 1024 * 1024
MAX_CHAIN = 8


@dataclass(frozen=True)
class TrustStore:
    anchors: tuple[x509.Certificate, ...]
    sources: tuple[str, ...] = ()
    _by_subject: dict[bytes, list[x509.Certificate]] = field(default_factory=dict, compare=False)
    _der: frozenset[bytes] = frozenset()

    @classmethod
    def of(cls, anchors: Iterable[x509.Certificate], sources: Sequence[str]) -> TrustStore:
        unique: dict[bytes, x509.Certificate] = {}
        for cert in anchors:
            unique.setdefault(cert.public_bytes(Encoding.DER), cert)
        by_subject: dict[bytes, list[x509.Certificate]] = {}
        for cert in unique.values():
            by_subject.setdefault(cert.subject.public_bytes(), []).append(cert)
        return cls(tuple(unique.values()), tuple(sources), by_subject, frozenset(unique))

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        return self._by_subject.get(cert.issuer.public_bytes(), [])

    def holds(self, cert: x509.Certificate) -> bool:
        return cert.public_bytes(Encoding.DER) in self._der


def _read_pem_bundle(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()[:MAX_CA_FILE]
    try:
        with warnings.catch_warnings():
            # Some public roots have serial numbers RFC 5280 disallows; they are still roots.
            warnings.simplefilter("ignore")
            return x509.load_pem_x509_certificates(data)
    except ValueError:
        try:
            return [x509.load_der_x509_certificate(data)]
        except ValueError:
            return []


@lru_cache(maxsize=1)
def _public_anchors() -> tuple[tuple[x509.Certificate, ...], tuple[str, ...]]:
    """certifi's Mozilla list and the system bundle, read once per process."""
    paths: list[str] = []
    try:
        import certifi

        paths.append(certifi.where())
    except ImportError:  # certifi is a dependency; a frozen build without it still has the OS
        pass
    defaults = ssl.get_default_verify_paths()
    for candidate in (defaults.cafile, defaults.openssl_cafile):
        if candidate and Path(candidate).is_file() and candidate not in paths:
            paths.append(candidate)
    anchors: list[x509.Certificate] = []
    used: list[str] = []
    for path in paths:
        try:
            found = _read_pem_bundle(Path(path))
        except OSError:
            continue
        if found:
            anchors += found
            used.append(path)
    return tuple(anchors), tuple(used)


def load_trust(extra_files: Iterable[Path | str] = (), *, public: bool = True) -> TrustStore:
    """The public store (unless `public` is False, for tests) and the user's extra CA files."""
    anchors: list[x509.Certificate] = []
    sources: list[str] = []
    if public:
        known, used = _public_anchors()
        anchors += known
        sources += used
    for raw in extra_files:
        path = Path(raw).expanduser()
        try:
            found = _read_pem_bundle(path)
        except OSError as exc:
            raise UsageError(_("{path}: the certificate file could not be read ({reason}).")
                             .format(path=path, reason=exc.strerror)) from None
        if not found:
            raise UsageError(_("{path}: holds no certificate (PEM or DER expected).")
                             .format(path=path))
        anchors += found
        sources.append(str(path))
    return TrustStore.of(anchors, sources)


def valid_at(cert: x509.Certificate, when: datetime) -> bool:
    return cert.not_valid_before_utc <= when <= cert.not_valid_after_utc


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def build_chain(leaf: x509.Certificate, carried: Sequence[x509.Certificate], store: TrustStore,
                when: datetime) -> list[x509.Certificate] | None:
    """leaf → … → a trusted anchor, every certificate valid at `when`; None when none exists.

    `carried` (the token's own certificates) may only supply intermediates, each a CA that
    really signed the one below it; the chain must end on a certificate of `store`.
    """
    chain = [leaf]
    current = leaf
    for _step in range(MAX_CHAIN):
        if store.holds(current):
            return chain  # the user trusts this very certificate (a TSA's self-signed one)
        for anchor in store.issuers_of(current):
            if valid_at(anchor, when) and _issued_by(current, anchor):
                return chain + ([] if anchor == current else [anchor])
        step = next((c for c in carried if c.subject == current.issuer and c != current
                     and _is_ca(c) and valid_at(c, when) and _issued_by(current, c)), None)
        if step is None:
            return None
        chain.append(step)
        current = step
    return None
