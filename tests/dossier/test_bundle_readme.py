"""The bundle's README: its Linux and macOS commands run exactly as written, in the unzipped
bundle, and say what the README says they say; Windows commands are there; intimate images
are announced only when the bundle holds them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from tests.dossier.test_bundle import CASE, PASS, fill

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A bundle with every exhibit (one image is marked sensitive) and one without it."""
    root = tmp_path_factory.mktemp("readme")
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    with Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)[0] as vault:
        fill(vault)
        key = signing.fingerprint(signing.signing_key(vault).public_key())
        export_bundle(vault, DossierRequest("police", case=CASE), root / "all.zip")
        export_bundle(vault, DossierRequest("police", case=CASE, item_ids=(1,)),
                      root / "one.zip")
    return root / "all.zip", root / "one.zip", key


def unzip(bundle: Path, into: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    return into


def commands(readme: str, system: str) -> list[str]:
    """The commands given for `system` ("Linux", "macOS") and the OpenSSL signature lines."""
    found = [m.group(1).strip() for m in
             re.finditer(rf"^ +{system} ?:\s+(\S.*)$", readme, re.MULTILINE)]
    found += [line.strip() for line in readme.splitlines()
              if line.strip().startswith("openssl pkeyutl -verify")]
    return found


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize(("readme_name", "system"), [
    ("README.txt", "Linux"), ("LISEZMOI.txt", "Linux"), ("README.txt", "macOS")])
def test_hand_check_commands_run_as_written(bundles: tuple[Path, Path, str], tmp_path: Path,
                                            readme_name: str, system: str) -> None:
    if system == "macOS" and shutil.which("shasum") is None:
        pytest.skip("shasum (Perl) is not installed")
    bundle, _one, key = bundles
    folder = unzip(bundle, tmp_path / "b")
    readme = (folder / readme_name).read_text(encoding="utf-8")
    found = commands(readme, system)
    assert len(found) == 5, found  # key, every file, the manifest, two signatures
    manifest_sha = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    pdf_text = subprocess.run(["pdftotext", "dossier.pdf", "-"], cwd=folder, capture_output=True,
                              text=True, check=True).stdout
    for command in found:
        result = run(command, folder)
        assert result.returncode == 0, (command, result.stderr)
        if "signing-key.pem -outform DER" in command:
            assert result.stdout.split()[0] == key
            assert key in readme
        elif "-c SHA256SUMS" in command:
            lines = result.stdout.splitlines()
            assert len(lines) == len(zipfile.ZipFile(bundle).namelist()) - 2
            assert all(line.endswith(": OK") for line in lines), lines
        elif "pkeyutl" in command:
            assert "Signature Verified Successfully" in result.stdout
        else:
            assert result.stdout.split()[0] == manifest_sha
            assert manifest_sha in re.sub(r"\s+", "", pdf_text)  # what step 4 says


def test_the_commands_catch_a_changed_file_and_a_changed_manifest(
        bundles: tuple[Path, Path, str], tmp_path: Path) -> None:
    folder = unzip(bundles[0], tmp_path / "b")
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    sums, = (c for c in commands(readme, "Linux") if "-c SHA256SUMS" in c)
    signature, = (c for c in commands(readme, "Linux") if "-in manifest.json" in c)
    victim = sorted((folder / "originals").iterdir())[0]
    victim.write_bytes(victim.read_bytes() + b"!")
    (folder / "manifest.json").write_bytes((folder / "manifest.json").read_bytes() + b" ")
    checked = run(sums, folder)
    assert checked.returncode != 0 and f"originals/{victim.name}: FAILED" in checked.stdout
    assert run(signature, folder).returncode != 0


def test_windows_and_failure_instructions(bundles: tuple[Path, Path, str]) -> None:
    with zipfile.ZipFile(bundles[0]) as archive:
        readme = archive.read("README.txt").decode()
        lisezmoi = archive.read("LISEZMOI.txt").decode()
    for text in (readme, lisezmoi):
        assert "Get-FileHash -Algorithm SHA256" in text
        assert "certutil -hashfile manifest.json SHA256" in text
        assert "shasum -a 256 -c SHA256SUMS" in text
        assert "openssl@3" in text
        assert bundles[2] in text
    assert "WHEN A CHECK FAILS" in readme and "SI UNE VÉRIFICATION ÉCHOUE" in lisezmoi


def test_intimate_images_are_announced_only_when_present(
        bundles: tuple[Path, Path, str]) -> None:
    every, one, _key = bundles
    with zipfile.ZipFile(every) as archive:
        assert "WARNING - INTIMATE IMAGES" in archive.read("README.txt").decode()
        assert "ATTENTION - IMAGES INTIMES" in archive.read("LISEZMOI.txt").decode()
    with zipfile.ZipFile(one) as archive:
        assert "INTIMATE" not in archive.read("README.txt").decode()
        assert "INTIMES" not in archive.read("LISEZMOI.txt").decode()
