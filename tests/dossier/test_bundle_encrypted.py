"""The encrypted bundle: age with a generated passphrase, opened by pyrage and by verify-bundle.

No plaintext zip may be left on disk: the folder holds only the .age file afterwards, and the
file holds neither a zip header nor a member name.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pyrage

from evidencekit.dossier.verify_bundle import verify_bundle
from tests.conftest import write_png


def test_encrypted_bundle_round_trip(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    assert cli("import", str(write_png(tmp_path / "shot.png"))).code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    made = cli("export", "bundle", "--encrypt", "--out", str(folder / "b.zip"))
    assert made.code == 0, made.err
    found = re.search(r"^    ([2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){5})$", made.out, re.M)
    assert found, made.out
    passphrase = found.group(1)
    assert "by phone" in made.out
    assert sorted(p.name for p in folder.iterdir()) == ["b.zip.age"]
    ciphertext = (folder / "b.zip.age").read_bytes()
    assert (folder / "b.zip.age").stat().st_mode & 0o777 == 0o600
    assert ciphertext.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert b"PK\x03\x04" not in ciphertext and b"manifest.json" not in ciphertext
    # An independent implementation (rage, through pyrage) opens it to a bundle that verifies.
    plain = pyrage.passphrase.decrypt(ciphertext, passphrase)
    assert zipfile.ZipFile(io.BytesIO(plain)).testzip() is None
    assert verify_bundle(folder / "b.zip", data=io.BytesIO(plain)).ok
    # verify-bundle asks for the passphrase (here from a file, or standard input).
    key = tmp_path / "bundle-passphrase.txt"
    key.write_text(passphrase + "\n")
    fingerprint = re.search(r"Signing key of this vault: ([0-9a-f:]+)", made.out)
    assert fingerprint, made.out
    good = cli("verify-bundle", str(folder / "b.zip.age"), "--expect-key",
               fingerprint.group(1), passphrase=key, vault=None)
    assert good.code == 0, good.err
    assert "intact" in good.out
    other = cli("verify-bundle", str(folder / "b.zip.age"), "--expect-key", "ab" * 32,
                passphrase=key, vault=None)
    assert other.code == 1  # the key checks apply inside the encrypted bundle too
    piped = cli("--passphrase-stdin", "verify-bundle", str(folder / "b.zip.age"),
                stdin=passphrase + "\n", passphrase=None, vault=None)
    assert piped.code == 0, piped.err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF\n")
    refused = cli("verify-bundle", str(folder / "b.zip.age"), passphrase=wrong, vault=None)
    assert refused.code == 4
    assert "does not open the encrypted bundle" in refused.err
