"""The capture's own certificate authority: made in memory for one capture, then forgotten.

The recording proxy must read the browser's HTTPS traffic, so it presents per-host certificates
signed by this authority. Only the capture's browser child trusts it (by its fingerprint), only
for the capture's duration; its private key never leaves this process and is never written to
disk — the server side of each TLS tunnel loads it through an anonymous memory file.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VALIDITY = dt.timedelta(days=2)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "evidencekit web capture")])


class CaptureAuthority:
    """A fresh CA (P-256) and the leaf certificates it signs for each host the browser visits."""

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name("evidencekit capture authority"))
            .issuer_name(_name("evidencekit capture authority"))
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True,
                content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()),
                           critical=False)
            .sign(self._key, hashes.SHA256())
        )
        self._leaf_key = ec.generate_private_key(ec.SECP256R1())
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    @property
    def sha256(self) -> str:
        """The fingerprint the browser child accepts (hex, lower case)."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def leaf(self, host: str) -> x509.Certificate:
        now = dt.datetime.now(dt.UTC)
        try:
            alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            alt = x509.DNSName(host)
        return (
            x509.CertificateBuilder()
            .subject_name(_name(host[:64] or "host"))
            .issuer_name(self.certificate.subject)
            .public_key(self._leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + VALIDITY)
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self._key.public_key()), critical=False)
            .sign(self._key, hashes.SHA256())
        )

    def server_context(self, host: str) -> ssl.SSLContext:
        """A TLS server context presenting a leaf for `host` (made once per host)."""
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.minimum_version = ssl.TLSVersion.TLSv1_2
                # The browser speaks HTTP/1.1 to us: the proxy reads requests line by line.
                context.set_alpn_protocols(["http/1.1"])
                chain = self.leaf(host).public_bytes(serialization.Encoding.PEM) + self.pem()
                key = self._leaf_key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption())
                _load_in_memory(context, chain, key)
                self._contexts[host] = context
            return context


def _load_in_memory(context: ssl.SSLContext, chain: bytes, key: bytes) -> None:
    """`load_cert_chain` wants paths: give it an anonymous memory file where there is one."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("capture-leaf", 0)
        try:
            os.write(fd, chain + key)
            context.load_cert_chain(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return
    # Elsewhere: a private temporary file, deleted as soon as it is read. It holds only this
    # throwaway key, never evidence.
    with tempfile.TemporaryDirectory(prefix="evidencekit-ca-") as folder:
        path = os.path.join(folder, "leaf.pem")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(chain + key)
        context.load_cert_chain(path)
