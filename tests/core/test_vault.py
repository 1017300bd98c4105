"""The vault: keys, pragmas, permissions, wrong passphrases, passphrase change, recovery key."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
import sqlcipher3

from evidencekit.core import attempts, evidence
from evidencekit.core.db import DB_NAME, connect
from evidencekit.core.errors import VaultExists, VaultNotFound, WrongPassphrase
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS, KdfParams, calibrate, derive_key
from evidencekit.core.keyslots import KeySlots
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE, write_png


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name != attempts.FILE_NAME}


def test_vault_file_is_encrypted_and_pinned(vault: Vault) -> None:
    db = vault.folder / DB_NAME
    assert not db.read_bytes().startswith(b"SQLite format 3")
    conn = vault.conn
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "65536"
    assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "0"  # see db.py


def test_permissions_are_private(vault: Vault) -> None:
    assert stat.S_IMODE(vault.folder.stat().st_mode) == 0o700
    for child in vault.folder.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600, child


def test_refuses_to_overwrite(vault: Vault) -> None:
    with pytest.raises(VaultExists):
        Vault.create(vault.folder, "another passphrase", kdf=TEST_PARAMS)


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere", PASSPHRASE)


def test_wrong_passphrase_leaves_vault_files_identical(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    before = _snapshot(folder)
    with pytest.raises(WrongPassphrase, match="wrong passphrase for vault"):
        Vault.open(folder, "not the passphrase")
    assert _snapshot(folder) == before


def test_failed_attempts_reported_and_logged_at_next_unlock(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Vault.open(folder, "guess")
    with Vault.open(folder, PASSPHRASE) as v:
        assert len(v.unlock_report.failed_attempts) == 2
        (summary,) = [e for e in v.custody.entries() if e.action == "unlock-failed"]
        assert summary.detail["count"] == 2
        assert summary.detail["last_at"] == v.unlock_report.failed_attempts[-1]
        assert v.unlock_report.attempts_record_problem is None
    with Vault.open(folder, PASSPHRASE) as v:
        assert v.unlock_report.failed_attempts == ()
        assert v.unlock_report.attempts_record_problem is None


def test_delay_grows_after_repeated_failures() -> None:
    delays = [attempts.delay_for(n) for n in range(1, 9)]
    assert delays[:2] == [0.0, 0.0]
    assert delays[2:] == sorted(delays[2:]) and delays[-1] > delays[2] > 0
    assert attempts.delay_for(100) == attempts.MAX_DELAY_SECONDS


def test_passphrase_change_reencrypts_under_fresh_key(vault: Vault, tmp_path: Path) -> None:
    folder = vault.folder
    import_file(vault, write_png(tmp_path / "a.png"), case="c")
    old_slots = json.loads((folder / "keyslots.json").read_text())
    old_key = bytes(vault._key)
    vault.change_passphrase("a new and different passphrase", kdf=TEST_PARAMS)
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, PASSPHRASE)
    # Old key material (the old master key, or the old key file with the old passphrase)
    # opens nothing: the database was rekeyed under a new random key.
    with pytest.raises(sqlcipher3.DatabaseError):
        connect(folder / DB_NAME, old_key)
    (folder / "keyslots.json").write_text(json.dumps(old_slots))
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, PASSPHRASE)


def test_recovery_key_opens_and_survives_passphrase_change(vault_dir: Path) -> None:
    v, recovery = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS, with_recovery_key=True)
    assert recovery
    v.change_passphrase("second passphrase here", kdf=TEST_PARAMS)
    v.close()
    with Vault.open(vault_dir, recovery_key=recovery) as opened:
        opened.change_passphrase("third passphrase after forgetting", kdf=TEST_PARAMS)
    with Vault.open(vault_dir, "third passphrase after forgetting"):
        pass
    # Change a character in the middle (the last one carries padding bits in base32).
    wrong = recovery[:7] + ("A" if recovery[7] != "A" else "B") + recovery[8:]
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, recovery_key=wrong)


def test_new_recovery_key_revokes_old(vault_dir: Path) -> None:
    v, old = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS, with_recovery_key=True)
    new = v.new_recovery_key(PASSPHRASE, kdf=TEST_PARAMS)
    v.close()
    assert old and new != old
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, recovery_key=old)
    Vault.open(vault_dir, recovery_key=new).close()
    Vault.open(vault_dir, PASSPHRASE).close()


@pytest.mark.parametrize("change", ["replace", "remove"])
def test_an_old_key_file_and_the_revoked_recovery_key_open_nothing_new(
        vault_dir: Path, tmp_path: Path, change: str) -> None:
    """The attack: keep a copy of keyslots.json and the recovery key, wait for the owner to
    revoke it, then open the *current* database with the old pair."""
    v, old_recovery = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS,
                                   with_recovery_key=True)
    assert old_recovery
    stolen_slots = (vault_dir / "keyslots.json").read_bytes()
    if change == "replace":
        v.new_recovery_key(PASSPHRASE, kdf=TEST_PARAMS)
    else:
        v.remove_recovery_key(PASSPHRASE, kdf=TEST_PARAMS)
    with v.transaction() as tx:
        evidence.add_journal_entry(tx, "after the revocation", "written after the key was revoked",
                                   occurred_at="2026-12-01T10:00:00Z")
    v.close()
    current_slots = (vault_dir / "keyslots.json").read_bytes()
    (vault_dir / "keyslots.json").write_bytes(stolen_slots)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, recovery_key=old_recovery)
    (vault_dir / "keyslots.json").write_bytes(current_slots)
    with Vault.open(vault_dir, PASSPHRASE) as opened:
        actions = [e.action for e in opened.custody.entries()]
        assert f"recovery-key-{'replaced' if change == 'replace' else 'removed'}" in actions
        assert opened.has_recovery_key is (change == "replace")


def test_a_wrong_passphrase_never_rewraps_the_vault(vault_dir: Path) -> None:
    v, _old = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS, with_recovery_key=True)
    before = (vault_dir / "keyslots.json").read_bytes()
    with pytest.raises(WrongPassphrase):
        v.new_recovery_key("not my passphrase", kdf=TEST_PARAMS)
    with pytest.raises(WrongPassphrase):
        v.remove_recovery_key("not my passphrase", kdf=TEST_PARAMS)
    v.close()
    assert (vault_dir / "keyslots.json").read_bytes() == before
    Vault.open(vault_dir, PASSPHRASE).close()


def test_keyslot_file_holds_no_master_key_in_clear(vault: Vault) -> None:
    text = (vault.folder / "keyslots.json").read_text()
    assert bytes(vault._key).hex() not in text
    slots = KeySlots.load(vault.folder)
    found = [key for _state, key in slots.passphrase_candidates(PASSPHRASE.encode())]
    assert [bytes(k) for k in found] == [bytes(vault._key)]


def test_close_zeroes_key(vault: Vault) -> None:
    key = vault._key
    vault.close()
    assert key == bytearray(32)
    assert not vault.is_open


def test_production_kdf_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parameters a real user gets: at least 64 MiB and a measurable cost."""
    monkeypatch.delenv("EVIDENCEKIT_INSECURE_TEST_KDF")
    params = calibrate(target_seconds=0.15)
    assert params.is_production and params.memory_kib >= 64 * 1024
    assert params.algorithm == "argon2id"
    assert KdfParams.from_json(params.to_json()) == params
    assert len(derive_key(b"x", os.urandom(16), params)) == 32


def test_kdf_params_from_file_are_bounded() -> None:
    with pytest.raises(ValueError, match="out of range"):
        KdfParams.from_json({"time_cost": 10**9, "memory_kib": 8, "parallelism": 1})


def test_memory_security_can_be_turned_on(tmp_path: Path) -> None:
    """EVIDENCEKIT_MEMORY_SECURITY=on gives SQLCipher's mlock-and-wipe mode (a global)."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path\n"
        "from evidencekit.core.db import connect\n"
        f"c = connect(Path({str(tmp_path / 'm.db')!r}), b'\\x01' * 32)\n"
        "print(c.execute('PRAGMA cipher_memory_security').fetchone()[0])\n"
    )
    env = dict(os.environ, EVIDENCEKIT_MEMORY_SECURITY="on")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "1"
