"""`evidencekit demo DIR`, and the export commands, run as a user would: real CLI processes."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.dossier.demo import CASE, PASSPHRASE
from evidencekit.dossier.verify_bundle import verify_bundle

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, EVIDENCEKIT_INSECURE_TEST_KDF="1")
    return subprocess.run([sys.executable, "-m", "evidencekit", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_demo_builds_vault_dossiers_and_bundle_then_exports_work(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = cli("demo", str(folder))
    assert result.returncode == 0, result.stderr
    assert PASSPHRASE in result.stdout
    names = sorted(p.name for p in folder.iterdir())
    for recipient, lang in (("pharos", "fr"), ("police", "fr"), ("lawyer", "fr"), ("emc", "fr"),
                            ("emc", "ar"), ("eblagh", "fr"), ("eblagh", "ar")):
        assert f"dossier-{recipient}-{lang}.pdf" in names
    assert "bundle-police-fr.zip" in names
    assert "inputs" not in names  # the generated chat export did not stay on disk
    assert verify_bundle(folder / "bundle-police-fr.zip").ok
    originals = [n for n in zipfile.ZipFile(folder / "bundle-police-fr.zip").namelist()
                 if n.startswith("originals/")]
    assert len(originals) >= 6  # three screenshots, the chat export, two journal entries
    with Vault.open(folder / "vault", PASSPHRASE) as vault:
        assert vault.custody.verify_chain() == []
        items = vault.conn.execute("SELECT count(*) FROM items").fetchone()[0]
        assert items >= 7
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    common = ["--vault", str(folder / "vault"), "--passphrase-file", str(passphrase)]
    pdf = tmp_path / "plainte.pdf"
    made = cli(*common, "export", "dossier", "--recipient", "police", "--case", CASE,
               "--items", "1,2", "--out", str(pdf))
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    zipped = tmp_path / "envoi.zip"
    made = cli(*common, "export", "bundle", "--recipient", "eblagh", "--lang", "ar", "--case",
               CASE, "--out", str(zipped))
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout
    checked = cli("verify-bundle", str(zipped))
    assert checked.returncode == 0
    assert checked.stdout.startswith("intact")
    assert cli(*common, "export").returncode == 2
    assert cli(*common, "export", "dossier", "--recipient", "police", "--items", "x",
               "--out", str(pdf)).returncode == 2
