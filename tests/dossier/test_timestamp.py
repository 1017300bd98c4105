"""RFC 3161 timestamps against a local TSA whose certificate a local CA issued.

The TSA is `openssl ts -reply` behind http.server on 127.0.0.1 (tests/dossier/local_tsa.py).
Its CA is trusted only where a test passes `tsa_ca`, exactly as a recipient would with
`--tsa-ca`; the public store (certifi, the system's) never holds it.
"""

from __future__ import annotations

import base64
import json
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import timestamp
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.bundle_options import BundleOptions
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.tsa_client import TimestampSettings
from evidencekit.dossier.verify_bundle import verify_bundle
from tests.dossier.local_tsa import LocalTsa
from tests.dossier.test_bundle import CASE, PASS, fill, renderer
from tests.dossier.test_verify_bundle import flip, rewrite, run_cli

MANIFEST_TOKEN = "timestamps/manifest.1.tsr"
ROOT_TOKEN = "timestamps/custody-root.1.tsr"
ROOT_TEXT = "timestamps/custody-root.txt"


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


def stamping(tsa: LocalTsa, *urls: str) -> BundleOptions:
    return BundleOptions(timestamping=TimestampSettings(urls or (tsa.url,), (tsa.ca_file,)))


@pytest.fixture(scope="module")
def stamped(tsa: LocalTsa, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stamped")
    v, _ = Vault.create(folder / "vault", PASS, kdf=TEST_PARAMS)
    fill(v)
    out = folder / "b.zip"
    result = export_bundle(v, DossierRequest("police", case=CASE), out, renderer=renderer(),
                           options=stamping(tsa))
    v.close()
    assert result.timestamp.status == "attached"
    assert result.root_timestamp is not None and result.root_timestamp.status == "attached"
    return out


def test_ca_issued_token_is_attached_and_its_chain_verified(stamped: Path, tsa: LocalTsa,
                                                            tmp_path: Path) -> None:
    # Before: a TSA certificate issued by a CA (not self-signed) failed the app's own check, so
    # the token was refused and the manifest queued.
    names = zipfile.ZipFile(stamped).namelist()
    assert {MANIFEST_TOKEN, ROOT_TOKEN, ROOT_TEXT} <= set(names)
    report = verify_bundle(stamped, tsa_ca=[tsa.ca_file])
    assert report.ok, report.bad
    assert len(report.timestamps) == 2
    for entry in report.timestamps:
        assert entry["ok"] and entry["trusted"]
        assert entry["tsa"] == "CN=Local Test TSA"
        assert entry["root"] == "CN=Local Test Root CA"
    # The hand checks the README gives, with the CA certificate the authority publishes.
    folder = tmp_path / "x"
    with zipfile.ZipFile(stamped) as archive:
        archive.extractall(folder)  # our own bundle, already screened above
    for token, data in ((MANIFEST_TOKEN, "manifest.json"), (ROOT_TOKEN, ROOT_TEXT)):
        check = subprocess.run(["openssl", "ts", "-verify", "-in", token, "-data", data,
                                "-CAfile", str(tsa.ca_file)], cwd=folder, capture_output=True,
                               text=True, check=False)
        assert "Verification: OK" in check.stdout, check.stderr
    manifest = json.loads((folder / "manifest.json").read_text())
    assert ROOT_TOKEN in manifest["files"] and ROOT_TEXT in manifest["files"]
    statement = (folder / ROOT_TEXT).read_text()
    assert manifest["custody"]["merkle_root"] in statement


def test_cli_says_what_was_checked(stamped: Path, tsa: LocalTsa, tmp_path: Path) -> None:
    good = run_cli(str(stamped), "--tsa-ca", str(tsa.ca_file), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "timestamped by CN=Local Test TSA" in good.stdout
    assert "chain was verified to CN=Local Test Root CA" in good.stdout
    # Without the CA: the same token proves nothing to this reader, and it is said so.
    unknown = run_cli(str(stamped), cwd=tmp_path)
    assert unknown.returncode == 1
    assert "no trusted authority issued" in unknown.stderr
    assert "proves nothing" in unknown.stderr
    assert "timestamped by" not in unknown.stdout


def test_self_made_universign_token_over_a_forged_manifest_proves_nothing(
        stamped: Path, tmp_path: Path) -> None:
    # Before: the app trusted whatever certificate a token carried, so a token made with a
    # self-signed "Universign" certificate printed "Timestamped by CN=Universign".
    forger = LocalTsa(tmp_path / "forger", common_name="Universign Timestamping Unit 2024",
                      self_signed=True)
    try:
        manifest = zipfile.ZipFile(stamped).read("manifest.json")
        forged = manifest.replace(b'"recipient": "police"', b'"recipient": "lawyer"')
        token = forger.stamp(forged)
    finally:
        forger.close()
    assert timestamp.check_token(token, forged, timestamp.load_trust()).problems
    bad = rewrite(stamped, tmp_path / "forged.zip",
                  {"manifest.json": forged, MANIFEST_TOKEN: token})
    report = verify_bundle(bad)
    assert MANIFEST_TOKEN in report.bad or "manifest.json" in report.bad
    # The token alone, on the genuine manifest, is named as proving nothing.
    alone = rewrite(stamped, tmp_path / "alone.zip", {MANIFEST_TOKEN: _forged_for(
        manifest, tmp_path)})
    result = run_cli(str(alone), cwd=tmp_path)
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if x.startswith(f"error: {MANIFEST_TOKEN}"))
    assert "token signed by a certificate that no trusted authority issued (CN=Universign " \
           "Timestamping Unit 2024): it proves nothing" in line
    assert "timestamped by CN=Universign" not in result.stdout


def _forged_for(data: bytes, tmp_path: Path) -> bytes:
    forger = LocalTsa(tmp_path / "forger2", common_name="Universign Timestamping Unit 2024",
                      self_signed=True)
    try:
        return forger.stamp(data)
    finally:
        forger.close()


def test_token_over_other_data_is_named(stamped: Path, tsa: LocalTsa, tmp_path: Path) -> None:
    other = tsa.stamp(b"another manifest")
    bad = rewrite(stamped, tmp_path / "other.zip", {MANIFEST_TOKEN: other})
    report = verify_bundle(bad, tsa_ca=[tsa.ca_file])
    assert set(report.bad) == {MANIFEST_TOKEN}
    assert "timestamps other data than manifest.json" in " ".join(report.bad[MANIFEST_TOKEN])
    result = run_cli(str(bad), "--tsa-ca", str(tsa.ca_file), cwd=tmp_path)
    assert result.returncode == 1 and MANIFEST_TOKEN in result.stderr
    flipped = rewrite(stamped, tmp_path / "flip.zip",
                      {ROOT_TOKEN: flip(zipfile.ZipFile(stamped).read(ROOT_TOKEN))})
    assert ROOT_TOKEN in verify_bundle(flipped, tsa_ca=[tsa.ca_file]).bad


def test_untrusted_chain_is_named(stamped: Path, tsa: LocalTsa, tmp_path: Path) -> None:
    stranger = LocalTsa(tmp_path / "stranger", common_name="Local Test TSA")  # its own CA
    try:
        token = stranger.stamp(zipfile.ZipFile(stamped).read("manifest.json"))
    finally:
        stranger.close()
    bad = rewrite(stamped, tmp_path / "untrusted.zip", {MANIFEST_TOKEN: token})
    report = verify_bundle(bad, tsa_ca=[tsa.ca_file])
    assert set(report.bad) == {MANIFEST_TOKEN}
    assert "no trusted authority issued" in " ".join(report.bad[MANIFEST_TOKEN])


def test_expired_tsa_certificate_is_named(stamped: Path, tsa: LocalTsa, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    expired = LocalTsa(tmp_path / "expired", valid=(now - timedelta(days=60),
                                                    now - timedelta(days=1)))
    try:
        token = expired.stamp(zipfile.ZipFile(stamped).read("manifest.json"))
    finally:
        expired.close()
    bad = rewrite(stamped, tmp_path / "expired.zip", {MANIFEST_TOKEN: token})
    report = verify_bundle(bad, tsa_ca=[expired.ca_file, tsa.ca_file])
    assert set(report.bad) == {MANIFEST_TOKEN}
    assert "not valid at the time it claims" in " ".join(report.bad[MANIFEST_TOKEN])
    result = run_cli(str(bad), "--tsa-ca", str(expired.ca_file), "--tsa-ca", str(tsa.ca_file),
                     cwd=tmp_path)
    assert result.returncode == 1 and "not valid at the time" in result.stderr


def test_root_statement_must_match_the_manifest(stamped: Path, tsa: LocalTsa,
                                               tmp_path: Path) -> None:
    text = zipfile.ZipFile(stamped).read(ROOT_TEXT)
    bad = rewrite(stamped, tmp_path / "statement.zip", {ROOT_TEXT: text.replace(b"entries", b"x")})
    assert ROOT_TEXT in verify_bundle(bad, tsa_ca=[tsa.ca_file]).bad


def test_untrusted_answer_is_not_attached_but_queued(vault: Vault, tmp_path: Path) -> None:
    stranger = LocalTsa(tmp_path / "stranger")
    try:
        out = tmp_path / "u.zip"
        options = BundleOptions(timestamping=TimestampSettings((stranger.url,)))  # CA not given
        result = export_bundle(vault, DossierRequest("police", case=CASE), out,
                               renderer=renderer(), options=options)
    finally:
        stranger.close()
    assert result.timestamp.status == "queued"
    assert "no trusted authority issued" in result.timestamp.message
    assert not [n for n in zipfile.ZipFile(out).namelist() if n.endswith(".tsr")]


def test_unreachable_tsa_queues_then_retry_logs_the_tokens(vault: Vault, tsa: LocalTsa,
                                                           tmp_path: Path) -> None:
    offline = BundleOptions(timestamping=TimestampSettings(
        ("http://127.0.0.1:9/nothing-listens-here",), (tsa.ca_file,)))
    out = tmp_path / "q.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer(),
                           options=offline)
    assert result.timestamp.status == "queued"
    assert result.root_timestamp is not None and result.root_timestamp.status == "queued"
    assert "next export" in result.timestamp.message
    assert not [n for n in zipfile.ZipFile(out).namelist() if n.endswith(".tsr")]
    assert verify_bundle(out).ok
    queue = json.loads(vault.meta("tsa_queue"))
    assert [e["what"] for e in queue] == [ROOT_TEXT, "manifest.json"]
    assert queue[1]["sha256"] == result.manifest_sha256
    # Timestamping off: the queue is left alone, nothing reaches the network.
    assert timestamp.retry_queue(vault, TimestampSettings()) == 0
    before = tsa.requests
    assert timestamp.retry_queue(vault, stamping(tsa).timestamping) == 2
    assert tsa.requests == before + 2
    assert json.loads(vault.meta("tsa_queue")) == []
    logged = [e for e in vault.custody.entries() if e.action == "timestamp-obtained"]
    assert logged[-1].detail["sha256"] == result.manifest_sha256
    assert logged[-1].detail["tsa"] == "CN=Local Test TSA"
    token = base64.b64decode(logged[-1].detail["token"])
    manifest = zipfile.ZipFile(out).read("manifest.json")
    store = timestamp.load_trust([tsa.ca_file])
    assert timestamp.check_token(token, manifest, store).ok
    assert vault.custody.verify_chain() == []


def test_timestamping_is_off_by_default_and_reaches_no_network(vault: Vault, tsa: LocalTsa,
                                                               tmp_path: Path) -> None:
    before = tsa.requests
    out = tmp_path / "plain.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer())
    assert result.timestamp.status == "off"
    assert tsa.requests == before
    assert vault.meta("tsa_queue") == ""
    assert not [n for n in zipfile.ZipFile(out).namelist() if n.startswith("timestamps/")]


def test_only_http_addresses_are_used() -> None:
    with pytest.raises(timestamp.TimestampError):
        timestamp.request_token("file:///etc/passwd", b"x")
    with pytest.raises(timestamp.TimestampError):
        TimestampSettings.from_choices(["ftp://example.org/tsa"])
    assert TimestampSettings.from_choices(["default"]).urls == timestamp.DEFAULT_TSAS


def _pdf_text(bundle: Path, tmp_path: Path) -> str:
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(zipfile.ZipFile(bundle).read("dossier.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def test_each_fiche_names_the_real_token(stamped: Path, tmp_path: Path) -> None:
    # Before: the RFC 3161 row of every fiche was hard-coded "aucun".
    text = _pdf_text(stamped, tmp_path)
    assert text.count("horodaté par CN=Local Test TSA") >= 3  # every exhibit's fiche
    assert "jeton timestamps/custody-root.1.tsr dans l'archive" in text
    assert "racine de Merkle du journal a été horodatée par CN=Local Test TSA" in text


def test_offline_export_says_so_in_the_dossier(vault: Vault, tsa: LocalTsa,
                                               tmp_path: Path) -> None:
    offline = BundleOptions(timestamping=TimestampSettings(("http://127.0.0.1:9/x",),
                                                           (tsa.ca_file,)))
    out = tmp_path / "offline.zip"
    export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer(),
                  options=offline)
    text = _pdf_text(out, tmp_path)
    assert "demandé hors ligne : il sera obtenu au prochain export" in text
    assert "cet export a été fait hors ligne" in text


def test_cli_tsa_options_reach_the_export(cli, tsa: LocalTsa,  # type: ignore[no-untyped-def]
                                          tmp_path: Path) -> None:
    from tests.conftest import write_png

    assert cli("init").code == 0
    assert cli("import", str(write_png(tmp_path / "s.png"))).code == 0
    lonely = cli("export", "bundle", "--tsa-ca", str(tsa.ca_file), "--out", str(tmp_path / "x"))
    assert lonely.code == 2 and "give --tsa too" in lonely.err
    both = cli("export", "bundle", "--tsa", tsa.url, "--no-tsa", "--out", str(tmp_path / "y"))
    assert both.code == 2
    before = tsa.requests
    made = cli("export", "bundle", "--tsa", tsa.url, "--tsa-ca", str(tsa.ca_file), "--json",
               "--out", str(tmp_path / "c.zip"))
    assert made.code == 0, made.err
    document = json.loads(made.out)
    assert document["timestamp"] == "attached" and tsa.requests == before + 2
    assert [(t["file"], t["ok"]) for t in document["timestamps"]] == [
        ("timestamps/custody-root.1.tsr", True), ("timestamps/manifest.1.tsr", True)]
    assert "timestamps/manifest.1.tsr" in zipfile.ZipFile(tmp_path / "c.zip").namelist()


def test_cli_queue_is_listed_then_stamped_when_the_network_is_back(
        cli, tsa: LocalTsa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import write_png

    assert cli("init").code == 0
    assert cli("import", str(write_png(tmp_path / "s.png"))).code == 0
    offline = cli("export", "bundle", "--tsa", "http://127.0.0.1:9/x", "--out",
                  str(tmp_path / "o.zip"))
    assert offline.code == 0, offline.err
    assert "queued" in offline.out
    listed = cli("timestamps")
    assert listed.code == 0 and listed.out.count("waiting since") == 2
    assert "evidencekit timestamps --tsa default" in listed.out
    before = tsa.requests
    stamped = cli("timestamps", "--tsa", tsa.url, "--tsa-ca", str(tsa.ca_file))
    assert stamped.code == 0, stamped.err
    assert "2 timestamp(s) obtained" in stamped.out and tsa.requests == before + 2
    assert "No timestamp request is waiting." in stamped.out


def test_several_authorities_each_give_a_token(vault: Vault, tsa: LocalTsa,
                                               tmp_path: Path) -> None:
    second = LocalTsa(tmp_path / "second", common_name="Second TSA")  # another CA
    try:
        dead = "http://127.0.0.1:9/down"
        options = BundleOptions(timestamping=TimestampSettings(
            (dead, tsa.url, second.url), (tsa.ca_file, second.ca_file)))
        out = tmp_path / "two.zip"
        result = export_bundle(vault, DossierRequest("police", case=CASE), out,
                               renderer=renderer(), options=options)
        assert second.requests == 2  # the custody root and the manifest
    finally:
        second.close()
    assert [s.url for s in result.timestamp.stamps] == [tsa.url, second.url]
    names = zipfile.ZipFile(out).namelist()
    for name in (MANIFEST_TOKEN, "timestamps/manifest.2.tsr", ROOT_TOKEN,
                 "timestamps/custody-root.2.tsr"):
        assert name in names
    report = verify_bundle(out, tsa_ca=[tsa.ca_file, second.ca_file])
    assert report.ok, report.bad
    assert sorted(t["tsa"] for t in report.timestamps) == [
        "CN=Local Test TSA", "CN=Local Test TSA", "CN=Second TSA", "CN=Second TSA"]
    # One authority no longer trusted by this reader: its tokens alone are named.
    partial = verify_bundle(out, tsa_ca=[tsa.ca_file])
    assert set(partial.bad) == {"timestamps/manifest.2.tsr", "timestamps/custody-root.2.tsr"}
