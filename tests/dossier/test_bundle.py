"""The export bundle: contents, standard-tool verification, privacy of the log, atomic writing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from evidencekit.core.evidence import add_journal_entry, add_url, ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle, slug
from evidencekit.dossier.request import DossierRequest, DossierResult
from evidencekit.dossier.verify_bundle import verify_bundle

PASS = "pass phrase for tests"
CASE = "Affaire K — menaces"
OTHER_CASE = "Secret other case"


def fake_render(vault: Vault, request: DossierRequest, out: Path, *, progress: Any = None,
                cancel: Any = None) -> DossierResult:
    """Stands in for the PDF layer when it is not there: same numbering, a one-page PDF."""
    from reportlab.pdfgen.canvas import Canvas

    from evidencekit.dossier.exhibits import select

    refs = [e.ref for e in select(vault, request)[2]]
    canvas = Canvas(str(out))
    canvas.drawString(72, 720, f"manifest {request.bundle_manifest_sha256}")
    canvas.save()
    return DossierResult(out, 1, refs, [])


def renderer() -> Any:
    """The real renderer once it exists, so these tests exercise the real integration."""
    try:
        from evidencekit.dossier.bundle import default_renderer

        return default_renderer()
    except ImportError:
        return fake_render


def png(color: str, size: tuple[int, int] = (80, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def fill(vault: Vault) -> None:
    with vault.transaction() as tx:
        case_id = ensure_case(tx, CASE)
        store_stream(tx, io.BytesIO(png("red")), SourceFacts("Capture d’écran 1.png", "(t)", None),
                     case_id=case_id, annotations=Annotations(
                         title="Capture Instagram <menace> & co", platform="instagram",
                         url="https://instagram.example/p/1", category="threats"))
        store_stream(tx, io.BytesIO(png("blue")), SourceFacts("photo.png", "(t)", None),
                     case_id=case_id, annotations=Annotations(title="تهديد", sensitive=True))
        add_journal_entry(tx, CASE, "Il m'a suivie jusqu'à la maison 😡", title="Journal",
                          occurred_at="2026-03-12T21:00:00+01:00")
        add_url(tx, CASE, Annotations(url="https://example.org/post/9", title="Post"))
        other = ensure_case(tx, OTHER_CASE)
        store_stream(tx, io.BytesIO(png("green")), SourceFacts("other-secret.png", "(t)", None),
                     case_id=other, annotations=Annotations(title="unrelated secret title"))


@pytest.fixture
def filled(tmp_path: Path) -> Vault:
    vault, _ = Vault.create(tmp_path / "vault", PASS, kdf=TEST_PARAMS)
    fill(vault)
    return vault


@pytest.fixture
def bundle(filled: Vault, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "dossier.zip"
    out.parent.mkdir()
    export_bundle(filled, DossierRequest("police", case=CASE), out, renderer=renderer())
    return out


def extract(bundle: Path, into: Path) -> Path:
    """Test-side extraction (our own names, already screened by verify_bundle)."""
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    return into


def test_bundle_holds_every_part_with_ascii_names(bundle: Path) -> None:
    names = zipfile.ZipFile(bundle).namelist()
    assert all(name.isascii() for name in names)
    for required in ("dossier.pdf", "SHA256SUMS", "SHA256SUMS.sig", "manifest.json",
                     "manifest.sig", "signing-key.pem", "custody.jsonl", "README.txt",
                     "LISEZMOI.txt"):
        assert required in names
    originals = sorted(n for n in names if n.startswith("originals/"))
    assert originals[0].startswith("originals/piece-001-capture-instagram-menace-co")
    assert originals[0].endswith(".png")
    assert len(originals) == 3  # two images and the journal text; the URL item has no bytes
    assert verify_bundle(bundle).ok


def test_sha256sum_and_openssl_accept_the_bundle(bundle: Path, tmp_path: Path) -> None:
    folder = extract(bundle, tmp_path / "x")
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                          text=True, check=False)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    assert sums.stdout.count(": OK") == len(zipfile.ZipFile(bundle).namelist()) - 2
    for data, sig in (("manifest.json", "manifest.sig"), ("SHA256SUMS", "SHA256SUMS.sig")):
        ok = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                             "signing-key.pem", "-rawin", "-in", data, "-sigfile", sig],
                            cwd=folder, capture_output=True, text=True, check=False)
        assert ok.returncode == 0
        assert "Signature Verified Successfully" in ok.stdout
    # The fingerprint recipe of the README gives the fingerprint the README states.
    shell = "openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | sha256sum"
    printed = subprocess.run(["sh", "-c", shell], cwd=folder, capture_output=True, text=True,
                             check=True).stdout.split()[0]
    assert printed in (folder / "README.txt").read_text()
    assert printed in (folder / "LISEZMOI.txt").read_text(encoding="utf-8")
    (folder / "manifest.json").write_bytes((folder / "manifest.json").read_bytes() + b" ")
    bad = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "signing-key.pem",
                          "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig"],
                         cwd=folder, capture_output=True, text=True, check=False)
    assert bad.returncode != 0


def test_manifest_describes_exhibits_and_custody(bundle: Path, filled: Vault) -> None:
    archive = zipfile.ZipFile(bundle)
    raw = archive.read("manifest.json")
    manifest = json.loads(raw)
    assert manifest["format"] == "evidencekit-bundle/1"
    assert manifest["vault_id"] == filled.vault_id
    assert (manifest["recipient"], manifest["lang"], manifest["case"]) == ("police", "fr", CASE)
    numbers = [e["number"] for e in manifest["exhibits"]]
    assert numbers == sorted(numbers)
    assert numbers[0] == 1
    assert len(numbers) == 4
    first = manifest["exhibits"][0]
    assert first["annotations"]["title"] == "Capture Instagram <menace> & co"
    assert first["sha256"] == hashlib.sha256(png("red")).hexdigest()
    assert first["media_type"] == "image/png"
    assert first["original_name"] == "Capture d’écran 1.png"
    assert "source_path" not in first
    assert manifest["files"][first["file"]]["sha256"] == first["sha256"]
    url_exhibit = [e for e in manifest["exhibits"] if e["kind"] == "url"][0]
    assert url_exhibit["file"] is None
    for name, facts in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == facts["sha256"]
    custody = manifest["custody"]
    lines = archive.read("custody.jsonl").splitlines()
    # The manifest gives the root of the vault's whole log as it was (a prefix of it now); the
    # file carries only this bundle's entries, each with its inclusion proof against that root.
    assert 0 < len(lines) < custody["entries"]
    entries = list(filled.custody.entries())[: custody["entries"]]
    assert entries[-1].entry_hash == custody["head_hash"]
    from evidencekit.core.merkle import leaf_hash, root_from_leaf_hashes, verify_inclusion

    root = root_from_leaf_hashes([leaf_hash(e.body()) for e in entries])
    assert root.hex() == custody["merkle_root"]
    for line in lines:
        record = json.loads(line)
        shown = entries[record["leaf_index"]]
        assert record["seq"] == shown.seq and record["entry_hash"] == shown.entry_hash
        assert verify_inclusion(leaf_hash(shown.body()), record["leaf_index"],
                                custody["entries"],
                                [bytes.fromhex(p) for p in record["inclusion_proof"]], root)


def test_other_cases_are_redacted_from_the_log(bundle: Path) -> None:
    archive = zipfile.ZipFile(bundle)
    everything = b"".join(archive.read(n) for n in archive.namelist() if n != "dossier.pdf")
    assert b"Secret other case" not in everything
    assert b"other-secret" not in everything
    assert b"unrelated secret" not in everything
    records = [json.loads(line) for line in archive.read("custody.jsonl").splitlines()]
    assert any(r.get("action") == "import" for r in records)
    # Only this bundle's evidence: no unlock times, no exports, no key-derivation settings,
    # no folder paths.
    manifest = json.loads(archive.read("manifest.json"))
    items = {e["item_id"] for e in manifest["exhibits"]}
    assert all(r.get("item_id") in items for r in records if r.get("item_id") is not None)
    actions = {r.get("action") for r in records}
    assert not actions & {"unlocked", "unlock-failed", "vault-created", "exported-bundle",
                          "exported", "passphrase-changed", "verified"}
    text = archive.read("custody.jsonl")
    assert b"source_path\"" not in text and b"kdf" not in text and b"(t)" not in text


def test_export_is_logged_with_the_manifest_hash(filled: Vault, tmp_path: Path) -> None:
    result = export_bundle(filled, DossierRequest("lawyer", case=CASE), tmp_path / "b.zip",
                           renderer=renderer())
    last = [e for e in filled.custody.entries() if e.action == "exported-bundle"][-1]
    assert last.detail["manifest_sha256"] == result.manifest_sha256
    raw = zipfile.ZipFile(tmp_path / "b.zip").read("manifest.json")
    assert hashlib.sha256(raw).hexdigest() == result.manifest_sha256
    assert result.report.ok
    assert result.timestamp.status == "not-configured"
    assert filled.custody.verify_chain() == []


def test_signing_key_is_made_once_and_kept_in_the_vault(filled: Vault, tmp_path: Path) -> None:
    from evidencekit.dossier.signing import META_KEY, fingerprint, signing_key

    first = fingerprint(signing_key(filled).public_key())
    assert fingerprint(signing_key(filled).public_key()) == first
    assert len(filled.meta(META_KEY)) == 64
    created = [e for e in filled.custody.entries() if e.action == "signing-key-created"]
    assert len(created) == 1
    assert created[0].detail["public_key_sha256"] == first
    assert filled.meta(META_KEY) not in json.dumps([e.to_json() for e in
                                                    filled.custody.entries()])
    filled.close()
    with Vault.open(tmp_path / "vault", PASS) as again:
        assert fingerprint(signing_key(again).public_key()) == first


def test_slug_gives_ascii_names() -> None:
    assert slug("Capture d’écran — «menace» ☠ ٱلسلام") == "capture-d-ecran-menace"
    assert slug("../../etc/passwd") == "etc-passwd"


CHILD = """
import sys
from pathlib import Path
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from tests.dossier.test_bundle import renderer, CASE, PASS
vault = Vault.open(Path(sys.argv[1]), PASS)
export_bundle(vault, DossierRequest("police", case=CASE), Path(sys.argv[2]), renderer=renderer())
print("done")
"""


def test_killed_export_leaves_no_half_file(filled: Vault, tmp_path: Path) -> None:
    filled.close()
    out = tmp_path / "out" / "bundle.zip"
    out.parent.mkdir()
    env = dict(os.environ, EVIDENCEKIT_FAULT="bundle.before_rename")
    root = Path(__file__).resolve().parents[2]
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "vault"), str(out)],
                           env=env, cwd=root, capture_output=True, text=True, check=False)
    assert child.returncode == -9, child.stderr
    assert not out.exists()
    leftovers = [p.name for p in out.parent.iterdir()]
    assert leftovers
    assert all(name.startswith(".bundle.zip.") for name in leftovers)
    with Vault.open(tmp_path / "vault", PASS) as vault:
        assert vault.custody.verify_chain() == []
        assert not [e for e in vault.custody.entries() if e.action == "exported-bundle"]
    env.pop("EVIDENCEKIT_FAULT")
    again = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "vault"), str(out)],
                           env=env, cwd=root, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out.parent.iterdir()] == ["bundle.zip"]  # leftovers cleaned
    assert verify_bundle(out).ok
