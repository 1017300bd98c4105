"""The receiver's TLS certificate: made in memory for one session, its key never on disk.

A LocalSend sender identifies the receiver by the SHA-256 of its certificate (the
"fingerprint"); the QR code carries it so the phone can tell our certificate from one a
neighbour on the same Wi-Fi presents. The key lives only in this process: `ssl` can only load
a certificate from a path, so on Linux it reads it from an anonymous memory file (memfd) that
has no name on any file system; elsewhere from a 0600 temporary file deleted at once.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import ssl
import tempfile
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VALID_FOR = datetime.timedelta(days=2)
CLOCK_SLACK = datetime.timedelta(days=1)


@dataclass(frozen=True)
class SessionCertificate:
    context: ssl.SSLContext
    der: bytes

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate in lower-case hex, as LocalSend computes it."""
        return hashlib.sha256(self.der).hexdigest()


def make_certificate(common_name: str = "EvidenceKit receiver") -> SessionCertificate:
    """A fresh P-256 key and self-signed certificate, loaded into a server SSLContext."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        # A day back: LocalSend's newer Rust client checks the validity period, and a phone
        # whose clock was set by hand may be hours behind.
        .not_valid_before(now - CLOCK_SLACK)
        .not_valid_after(now + VALID_FOR)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load(context, pem)
    return SessionCertificate(context, cert.public_bytes(serialization.Encoding.DER))


def _load(context: ssl.SSLContext, pem: bytes) -> None:
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("evidencekit-tls", getattr(os, "MFD_CLOEXEC", 0))
        try:
            _write_all(fd, pem)
            context.load_cert_chain(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return
    # No memfd (macOS, Windows): the file (mkstemp: 0600, ours only) exists for one call.
    handle, path = tempfile.mkstemp(prefix="ek-tls-")
    try:
        try:
            _write_all(handle, pem)
        finally:
            os.close(handle)
        context.load_cert_chain(path)
    finally:
        os.unlink(path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
