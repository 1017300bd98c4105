"""A hostile reader's attacks on a real bundle, each named by `verify-bundle` with exit 1.

The bundles come from the demo vault (real SQLCipher vault, real PDF, real signatures). The
forger's tools are the ones anybody has: a new Ed25519 key, a re-signed manifest and
SHA256SUMS, a README whose fingerprint is rewritten, a PDF taken from another bundle, and a
whole bundle made with a vault of their own under the same case name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.demo import CASE, _fill_vault, build_demo
from evidencekit.dossier.request import DossierRequest

ROOT = Path(__file__).parents[2]


@dataclass(frozen=True)
class Bundles:
    first: Path  # the demo's bundle
    second: Path  # a later bundle of the same vault
    stranger: Path  # a bundle of another vault, same case name
    key: str  # the demo vault's fingerprint
    vault: Path
    passphrase: str


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Bundles:
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    root = tmp_path_factory.mktemp("attacks")
    demo = build_demo(root / "demo")
    with Vault.open(demo.vault, demo.passphrase) as vault:
        key = signing.fingerprint(signing.signing_key(vault).public_key())
        second = export_bundle(vault, DossierRequest("lawyer", lang="en", case=CASE),
                               root / "second.zip").path
    # The forger's own vault, filled like the demo (same case name), without the demo's eight
    # dossiers: only its bundle is needed.
    (root / "stranger").mkdir()
    with Vault.create(root / "stranger" / "vault", demo.passphrase, kdf=TEST_PARAMS)[0] as other:
        _fill_vault(other, root / "stranger", lambda text: None)
        stranger = export_bundle(other, DossierRequest("police", lang="fr", case=CASE),
                                 root / "stranger.zip").path
    return Bundles(root / "demo" / "bundle-police-fr.zip", second, stranger, key, demo.vault,
                   demo.passphrase)


def verify(bundle: Path, known: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as a recipient runs it: no vault, no passphrase."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCEKIT_")}
    return subprocess.run([sys.executable, "-m", "evidencekit", "verify-bundle", str(bundle),
                           "--known-keys", str(known), *options],
                          capture_output=True, text=True, env=env, cwd=ROOT,
                          stdin=subprocess.DEVNULL, timeout=180, check=False)


def verify_json(bundle: Path, known: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = verify(bundle, known, "--json", *options)
    return result.returncode, json.loads(result.stdout)


def read_all(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_zip(path: Path, members: dict[str, bytes] | list[tuple[str, bytes]]) -> Path:
    items = members.items() if isinstance(members, dict) else members
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return path


def sums_of(members: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in members.items()
                   if name not in ("SHA256SUMS", "SHA256SUMS.sig")).encode()


def forge(bundle: Path, out: Path, change: dict[str, bytes | None] | None = None,
          edit_manifest: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """What a forger does: change files, then make a new key and re-sign everything with it,
    rewriting the README's fingerprint, the manifest's file hashes and SHA256SUMS."""
    members = read_all(bundle)
    old_key = signing.fingerprint(signing.load_public_pem(members["signing-key.pem"]))
    new = Ed25519PrivateKey.generate()
    new_fp = signing.fingerprint(new.public_key())
    for name, data in (change or {}).items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    for readme in ("README.txt", "LISEZMOI.txt"):
        members[readme] = members[readme].replace(old_key.encode(), new_fp.encode())
    members["signing-key.pem"] = signing.public_pem(new)
    manifest = json.loads(members["manifest.json"])
    for name in list(manifest["files"]):
        if name in members:
            data = members[name]
            manifest["files"][name].update(sha256=hashlib.sha256(data).hexdigest(),
                                           size=len(data))
        else:
            del manifest["files"][name]
    for exhibit in manifest["exhibits"]:
        if exhibit.get("file") in manifest["files"]:
            exhibit["sha256"] = manifest["files"][exhibit["file"]]["sha256"]
    manifest["signing_key"]["public_key_sha256"] = new_fp
    if edit_manifest is not None:
        edit_manifest(manifest)
    members["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2,
                                           sort_keys=True) + "\n").encode()
    members["manifest.sig"] = new.sign(members["manifest.json"])
    members["SHA256SUMS"] = sums_of(members)
    members["SHA256SUMS.sig"] = new.sign(members["SHA256SUMS"])
    return write_zip(out, members)


def original(bundle: Path, n: int = 0) -> str:
    return sorted(name for name in read_all(bundle) if name.startswith("originals/"))[n]


def pin(bundles: Bundles, known: Path) -> None:
    """The recipient checks the first bundle with the fingerprint the victim gave by phone."""
    result = verify(bundles.first, known, "--expect-key", bundles.key)
    assert result.returncode == 0, result.stderr
    assert "the one you expected" in result.stdout


def test_one_signing_key_per_vault(bundles: Bundles) -> None:
    keys = {signing.fingerprint(signing.load_public_pem(read_all(b)["signing-key.pem"]))
            for b in (bundles.first, bundles.second)}
    assert keys == {bundles.key}
    stranger = read_all(bundles.stranger)["signing-key.pem"]
    assert signing.fingerprint(signing.load_public_pem(stranger)) != bundles.key
    with Vault.open(bundles.vault, bundles.passphrase) as vault:
        created = [e for e in vault.custody.entries() if e.action == "signing-key-created"]
    assert len(created) == 1 and created[0].detail["public_key_sha256"] == bundles.key


def test_intact_bundles_pass_with_the_pinned_key(bundles: Bundles, tmp_path: Path) -> None:
    known = tmp_path / "known.json"
    first = verify(bundles.first, known)
    assert first.returncode == 0, first.stderr
    assert bundles.key in first.stdout and "never been seen" in first.stdout
    pin(bundles, known)
    code, report = verify_json(bundles.second, known)
    assert code == 0, report
    assert report["key_trust"]["status"] == "known"
    assert report["signing_key_sha256"] == bundles.key
    assert "confirmed it" in report["key_trust"]["message"]
    code, report = verify_json(bundles.second, tmp_path / "fresh.json", "--expect-key",
                               " ".join(re.findall("....", bundles.key.upper())))
    assert code == 0 and report["key_trust"]["status"] == "expected"


def test_resigned_bundle_with_a_new_key_is_named(bundles: Bundles, tmp_path: Path) -> None:
    """One original replaced, a new key, manifest and SHA256SUMS re-signed, README rewritten."""
    target = original(bundles.first)
    forged = forge(bundles.first, tmp_path / "forged.zip", {target: b"\x89PNG another picture"})
    # Even with no key pinned, what the forger could not redo is named: the PDF prints the
    # real manifest's hash and key, and the custody log the original's hash at import.
    code, report = verify_json(forged, tmp_path / "none.json")
    assert code == 1
    assert "does not print the SHA-256 of this manifest.json" in " ".join(
        report["bad_files"]["dossier.pdf"])
    assert "does not print the fingerprint of signing-key.pem" in " ".join(
        report["bad_files"]["dossier.pdf"])
    assert "custody log recorded when it was imported" in " ".join(report["bad_files"][target])
    # With the key pinned from an earlier intact bundle, the key itself is named as different.
    known = tmp_path / "known.json"
    pin(bundles, known)
    result = verify(forged, known)
    assert result.returncode == 1
    assert "error: signing-key.pem: signed with a DIFFERENT key" in result.stderr
    assert bundles.key in result.stderr
    result = verify(forged, tmp_path / "other.json", "--expect-key", bundles.key)
    assert result.returncode == 1
    assert "not with the key you expected" in result.stderr
    # The forged key was not remembered.
    assert "DIFFERENT" in verify(forged, known).stderr


def test_whole_bundle_made_by_another_vault_is_named(bundles: Bundles, tmp_path: Path) -> None:
    """Everything consistent (the forger's own vault, same case name): only the key tells."""
    code, report = verify_json(bundles.stranger, tmp_path / "none.json")
    assert code == 0 and report["key_trust"]["status"] == "unknown"
    known = tmp_path / "known.json"
    pin(bundles, known)
    result = verify(bundles.stranger, known)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("NOT signed by the expected key")
    assert "same case" in result.stderr and bundles.key in result.stderr
    assert verify(bundles.stranger, tmp_path / "x.json", "--expect-key",
                  bundles.key).returncode == 1


def test_pdf_swapped_for_another_is_named(bundles: Bundles, tmp_path: Path) -> None:
    """The dossier of another bundle of the same vault, SHA256SUMS fixed and re-signed."""
    other_pdf = read_all(bundles.second)["dossier.pdf"]
    forged = forge(bundles.first, tmp_path / "pdf.zip", {"dossier.pdf": other_pdf})
    code, report = verify_json(forged, tmp_path / "k.json")
    assert code == 1
    assert any("another bundle" in r for r in report["bad_files"]["dossier.pdf"])
    # Swapped without re-signing: SHA256SUMS names it.
    members = read_all(bundles.first)
    members["dossier.pdf"] = other_pdf
    code, report = verify_json(write_zip(tmp_path / "plain.zip", members), tmp_path / "k.json")
    assert code == 1 and set(report["bad_files"]) == {"dossier.pdf"}


def test_edited_manifest_is_named(bundles: Bundles, tmp_path: Path) -> None:
    def edit(manifest: dict[str, Any]) -> None:
        manifest["exhibits"][0]["annotations"]["author"] = "someone else"

    members = read_all(bundles.first)
    members["manifest.json"] = members["manifest.json"].replace(b"k.r_77", b"x.y_00", 1)
    code, report = verify_json(write_zip(tmp_path / "m.zip", members), tmp_path / "k.json")
    assert code == 1 and "manifest.json" in report["bad_files"]
    code, report = verify_json(forge(bundles.first, tmp_path / "mf.zip", edit_manifest=edit),
                               tmp_path / "k.json")
    assert code == 1
    assert any("manifest.json" in r for r in report["bad_files"]["dossier.pdf"])


def test_added_and_removed_files_are_named(bundles: Bundles, tmp_path: Path) -> None:
    members = read_all(bundles.first)
    added = dict(members, **{"originals/piece-099-added.png": b"added later"})
    result = verify(write_zip(tmp_path / "add.zip", added), tmp_path / "k.json")
    assert result.returncode == 1
    assert "error: originals/piece-099-added.png:" in result.stderr
    gone = original(bundles.first, 1)
    removed = {k: v for k, v in members.items() if k != gone}
    result = verify(write_zip(tmp_path / "rm.zip", removed), tmp_path / "k.json")
    assert result.returncode == 1
    assert f"error: {gone}: listed in SHA256SUMS but missing" in result.stderr
    # Removed and re-signed: the manifest no longer lists it, but the PDF still names the
    # real manifest.
    code, report = verify_json(forge(bundles.first, tmp_path / "rm2.zip", {gone: None}),
                               tmp_path / "k.json")
    assert code == 1 and "dossier.pdf" in report["bad_files"]


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_duplicate_entry_names_are_named(bundles: Bundles, tmp_path: Path) -> None:
    members = list(read_all(bundles.first).items())
    target = original(bundles.first)
    doubled = write_zip(tmp_path / "dup.zip", [*members, (target, b"other bytes")])
    result = verify(doubled, tmp_path / "k.json")
    assert result.returncode == 1
    assert f"error: {target}: " in result.stderr and "appears 2 times" in result.stderr


def test_custody_import_hash_not_matching_its_file_is_named(bundles: Bundles,
                                                            tmp_path: Path) -> None:
    """The custody log, whose chain and Merkle root the forger kept, still holds the hash each
    original had at import: a swapped original is named by it."""
    target = original(bundles.first, 2)
    forged = forge(bundles.first, tmp_path / "c.zip", {target: b"a different original"})
    code, report = verify_json(forged, tmp_path / "k.json")
    assert code == 1
    reasons = " ".join(report["bad_files"][target])
    assert "custody log recorded when it was imported (entry" in reasons
    assert "custody.jsonl" not in report["bad_files"]  # the log itself is intact


def test_cli_exit_codes(bundles: Bundles, tmp_path: Path) -> None:
    known = tmp_path / "k.json"
    assert verify(bundles.first, known).returncode == 0
    bad_key = verify(bundles.first, known, "--expect-key", "not-a-fingerprint")
    assert bad_key.returncode == 2 and bad_key.stderr.startswith("error: --expect-key")
    not_zip = tmp_path / "n.zip"
    not_zip.write_bytes(b"no")
    assert verify(not_zip, known).returncode == 3
    assert verify(bundles.first, known, "--expect-key", "0" * 64).returncode == 1


def test_export_tells_the_victim_her_key(bundles: Bundles, tmp_path: Path) -> None:
    """The sender learns the fingerprint to give by phone, the same for every export."""
    secret = tmp_path / "passphrase"
    secret.write_text(bundles.passphrase + "\n", encoding="utf-8")
    base = [sys.executable, "-m", "evidencekit", "--vault", str(bundles.vault),
            "--passphrase-file", str(secret), "export", "bundle", "--case", CASE]
    env = dict(os.environ, EVIDENCEKIT_INSECURE_TEST_KDF="1")
    shown = subprocess.run([*base, "--out", str(tmp_path / "a.zip")], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert shown.returncode == 0, shown.stderr
    assert f"Signing key of this vault: {bundles.key}." in shown.stdout
    as_json = subprocess.run([*base, "--out", str(tmp_path / "b.zip"), "--json"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
                             check=False)
    assert json.loads(as_json.stdout)["signing_key_sha256"] == bundles.key


def test_manifest_naming_the_old_key_is_named(bundles: Bundles, tmp_path: Path) -> None:
    """A re-signed manifest that still names the vault's real key contradicts signing-key.pem."""
    def keep_old_key(manifest: dict[str, Any]) -> None:
        manifest["signing_key"]["public_key_sha256"] = bundles.key

    forged = forge(bundles.first, tmp_path / "k.zip", edit_manifest=keep_old_key)
    code, report = verify_json(forged, tmp_path / "k.json")
    assert code == 1
    assert any("names a signing key other than" in r for r in report["bad_files"]["manifest.json"])
