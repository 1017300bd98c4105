"""A local RFC 3161 authority for tests: `openssl ts -reply` behind http.server on 127.0.0.1.

Its certificate is issued by a local CA (as real TSAs' are), not self-signed; the CA is trusted
only when a test passes `ca_file` to the verifier. `valid` shifts the TSA certificate's validity
window so that an expired certificate can sign (OpenSSL does not refuse to).
"""

from __future__ import annotations

import subprocess
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.crt
certs = {dir}/chain.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_ca(common_name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common_name))
            .issuer_name(_name(common_name)).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_tsa_cert(common_name: str, issuer: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
                  | None, valid: tuple[datetime, datetime] | None = None
                  ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A TSA certificate issued by `issuer`, or self-signed when `issuer` is None."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    start, end = valid or (now - timedelta(days=30), now + timedelta(days=30))
    signer_key, issuer_name = (issuer[0], issuer[1].subject) if issuer else (key,
                                                                             _name(common_name))
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(issuer_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .sign(signer_key, hashes.SHA256()))
    return key, cert


class LocalTsa:
    def __init__(self, folder: Path, common_name: str = "Local Test TSA",
                 ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | None = None,
                 valid: tuple[datetime, datetime] | None = None, self_signed: bool = False,
                 ) -> None:
        self.folder = folder
        self.requests = 0
        folder.mkdir(parents=True, exist_ok=True)
        self.ca = None if self_signed else (ca or make_ca("Local Test Root CA"))
        key, cert = make_tsa_cert(common_name, self.ca, valid)
        (folder / "tsa.key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        (folder / "tsa.crt").write_bytes(_pem(cert))
        (folder / "chain.pem").write_bytes(_pem(cert))
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(_pem(self.ca[1]) if self.ca else _pem(cert))
        (folder / "serial").write_text("01\n")
        (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder))
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                query = self.rfile.read(int(self.headers["Content-Length"]))
                tsa.requests += 1
                reply = tsa.reply(query)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reply(self, query: bytes) -> bytes:
        return subprocess.run(
            ["openssl", "ts", "-reply", "-config", str(self.folder / "tsa.cnf"),
             "-queryfile", "/dev/stdin", "-out", "/dev/stdout"],
            input=query, capture_output=True, check=True).stdout

    def stamp(self, data: bytes) -> bytes:
        """A token over `data`, made directly (no HTTP): for forging bundles in tests."""
        query = subprocess.run(["openssl", "ts", "-query", "-data", "/dev/stdin", "-sha256",
                                "-cert"], input=data, capture_output=True, check=True).stdout
        return self.reply(query)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
