"""RFC 3161 timestamps: a local TSA (`openssl ts -reply` behind http.server on localhost)."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import timestamp
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from tests.dossier.test_bundle import CASE, PASS, fill, renderer
from tests.dossier.test_verify_bundle import flip, rewrite

TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.crt
certs = {dir}/tsa.crt
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


class LocalTsa:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.requests = 0
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", "tsa.key", "-out", "tsa.crt", "-subj", "/CN=Local Test TSA",
             "-days", "30", "-addext", "extendedKeyUsage=critical,timeStamping",
             "-addext", "basicConstraints=critical,CA:false",
             "-addext", "keyUsage=critical,digitalSignature"],
            cwd=folder, check=True, capture_output=True)
        (folder / "serial").write_text("01\n")
        (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder))
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                query = self.rfile.read(int(self.headers["Content-Length"]))
                tsa.requests += 1
                reply = subprocess.run(
                    ["openssl", "ts", "-reply", "-config", str(folder / "tsa.cnf"),
                     "-queryfile", "/dev/stdin", "-out", "/dev/stdout"],
                    input=query, capture_output=True, check=True).stdout
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

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTsa]:
    server = LocalTsa(tmp_path_factory.mktemp("tsa"))
    yield server
    server.close()


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    v, _ = Vault.create(tmp_path / "vault", PASS, kdf=TEST_PARAMS)
    fill(v)
    yield v
    v.close()


def test_token_is_attached_and_checks_out(vault: Vault, tsa: LocalTsa, tmp_path: Path) -> None:
    vault.set_meta("tsa_url", tsa.url)
    out = tmp_path / "b.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer())
    assert result.timestamp.status == "attached"
    report = verify_bundle(out)
    assert report.ok
    assert report.timestamp is not None
    assert "Local Test TSA" in report.timestamp["tsa"]
    assert not report.timestamp["problems"]
    folder = tmp_path / "x"
    folder.mkdir()
    with zipfile.ZipFile(out) as archive:
        for name in ("manifest.json", "manifest.tsr"):
            (folder / name).write_bytes(archive.read(name))
    # The README's recipe, with the TSA's certificate as the recipient would get it.
    check = subprocess.run(["openssl", "ts", "-verify", "-in", "manifest.tsr", "-data",
                            "manifest.json", "-CAfile", str(tsa.folder / "tsa.crt")],
                           cwd=folder, capture_output=True, text=True, check=False)
    assert check.returncode == 0
    assert "Verification: OK" in check.stdout
    token = zipfile.ZipFile(out).read("manifest.tsr")
    altered = verify_bundle(rewrite(out, tmp_path / "t.zip", {"manifest.tsr": flip(token)}))
    assert set(altered.bad) == {"manifest.tsr"}


def test_token_of_other_data_is_refused(tsa: LocalTsa) -> None:
    token = timestamp.request_token(tsa.url, b"some manifest")
    assert timestamp.check_token(token, b"some manifest").problems == []
    assert timestamp.check_token(token, b"another manifest").problems
    assert timestamp.check_token(b"\x30\x03\x02\x01\x00", b"x").problems


def test_unreachable_tsa_queues_then_retry_logs_the_token(vault: Vault, tsa: LocalTsa,
                                                          tmp_path: Path) -> None:
    vault.set_meta("tsa_url", "http://127.0.0.1:9/nothing-listens-here")
    out = tmp_path / "q.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer())
    assert result.timestamp.status == "queued"
    assert "queued" in result.timestamp.message
    assert "manifest.tsr" not in zipfile.ZipFile(out).namelist()
    assert verify_bundle(out).ok
    queue = json.loads(vault.meta("tsa_queue"))
    assert queue[0]["manifest_sha256"] == result.manifest_sha256
    vault.set_meta("tsa_url", tsa.url)
    assert timestamp.retry_queue(vault) == 1
    assert json.loads(vault.meta("tsa_queue")) == []
    logged = [e for e in vault.custody.entries() if e.action == "timestamp-obtained"][-1]
    assert logged.detail["manifest_sha256"] == result.manifest_sha256
    token = base64.b64decode(logged.detail["token"])
    manifest = zipfile.ZipFile(out).read("manifest.json")
    assert timestamp.check_token(token, manifest).problems == []
    assert vault.custody.verify_chain() == []


def test_no_tsa_configured_means_no_network(vault: Vault, tmp_path: Path) -> None:
    outcome = timestamp.timestamp_manifest(vault, b"{}", "x.zip")
    assert outcome.status == "not-configured"
    assert outcome.token is None
    assert vault.meta("tsa_queue") == ""


def test_only_http_addresses_are_used(tsa: LocalTsa) -> None:
    with pytest.raises(timestamp.TimestampError):
        timestamp.request_token("file:///etc/passwd", b"x")
