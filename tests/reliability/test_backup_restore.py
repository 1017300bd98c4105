"""Backups are keyed copies checked before success; restore checks before it replaces anything."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.backup import inspect_backup
from evidencekit.core.db import DB_NAME, SQLITE_PLAIN_HEADER, connect
from evidencekit.core.errors import WrongPassphrase
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE, write_png
from tests.reliability import one_error_line, run_many, sha256, stored_bytes


def _fill(vault: Vault, folder: Path) -> dict[int, str]:
    """Two originals; returns item id → SHA-256 of the source bytes."""
    folder.mkdir()
    big = folder / "video.bin"
    big.write_bytes(os.urandom(1_300_000))
    png = write_png(folder / "shot.png", "blue")
    shas = {}
    for path in (big, png):
        outcome = import_file(vault, path, case="Case A")
        assert outcome.item_id is not None
        shas[outcome.item_id] = sha256(path.read_bytes())
    return shas


def _file_tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_backup_then_restore_to_a_new_folder(vault: Vault, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    shas = _fill(vault, tmp_path / "src")
    vault.close()
    out = tmp_path / "backup.evk"
    r = cli("backup", "--out", str(out), "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["verified"] and doc["sha256"] == sha256(out.read_bytes())
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(out) as zf:
        names = sorted(zf.namelist())
        # The 1.3 MB video is a sealed original (core/sealed.py): it travels as its own member.
        assert [n for n in names if not n.startswith("originals/")] == \
            ["backup.json", "keyslots.json", "vault.db"]
        assert len([n for n in names if n.startswith("originals/")]) == 1
        assert not zf.read("vault.db").startswith(SQLITE_PLAIN_HEADER)  # never plaintext
        manifest = json.loads(zf.read("backup.json"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".backup.evk")]  # no temp

    restored = tmp_path / "restored"
    r = cli("restore", str(out), "--to", str(restored))
    assert r.code == 0, r.err
    assert cli("verify", vault=restored).code == 0
    with Vault.open(restored, PASSPHRASE) as v:
        assert v.vault_id == manifest["vault_id"]
        for item_id, sha in shas.items():
            assert sha256(stored_bytes(v, item_id)) == sha
        actions = [e.action for e in v.custody.entries()]
        assert "restored-from-backup" in actions
        assert v.custody.verify_chain() == []
    with Vault.open(vault.folder, PASSPHRASE) as v:
        written = [e for e in v.custody.entries() if e.action == "backup-written"]
        assert written and written[-1].detail["sha256"] == doc["sha256"]


def test_backup_api_keys_the_copy_with_the_vault_key(vault: Vault, tmp_path: Path) -> None:
    _fill(vault, tmp_path / "src")
    result = vault.backup(tmp_path / "b.zip")
    staging = tmp_path / "staging"
    staging.mkdir()
    info = inspect_backup(result.path, PASSPHRASE, staging)
    assert info.vault_id == vault.vault_id and info.sha256 == result.sha256
    import sqlcipher3

    with pytest.raises(sqlcipher3.DatabaseError):
        connect(staging / DB_NAME, bytes(32))  # another key opens nothing
    other = tmp_path / "staging2"
    other.mkdir()
    with pytest.raises(WrongPassphrase):
        inspect_backup(result.path, "not the passphrase", other)


def test_restore_refuses_an_existing_vault_unless_replace_and_keeps_it(
    vault: Vault, tmp_path: Path, cli  # type: ignore[no-untyped-def]
) -> None:
    _fill(vault, tmp_path / "src")
    backup = vault.backup(tmp_path / "b.zip")
    with vault.transaction() as tx:  # a change made after the backup
        tx.execute("INSERT INTO cases (name, created_at) VALUES ('later', 'now')")
    vault.close()
    before = _file_tree(vault.folder)

    r = cli("restore", str(backup.path))
    assert r.code == 2 and one_error_line(r.err) and "--replace" in r.err
    assert _file_tree(vault.folder) == before

    r = cli("restore", str(backup.path), "--replace")
    assert r.code == 0, r.err
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("vault.before-restore-")]
    assert len(aside) == 1
    assert {k: v for k, v in _file_tree(aside[0]).items()} == before  # kept untouched
    with Vault.open(vault.folder, PASSPHRASE) as v:
        assert v.conn.execute("SELECT count(*) FROM cases WHERE name = 'later'").fetchone()[0] == 0
        assert [e for e in v.custody.entries() if e.action == "restored-from-backup"]


def _rezip(source: Path, target: Path, change: dict[str, bytes | None],
           fix_manifest: bool = False) -> Path:
    with zipfile.ZipFile(source) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for name, data in change.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    if fix_manifest:
        manifest = json.loads(parts["backup.json"])
        manifest["db_sha256"] = hashlib.sha256(parts["vault.db"]).hexdigest()
        parts["backup.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def test_bad_backup_files_are_refused_before_anything_is_replaced(
    vault: Vault, tmp_path: Path, passphrase_file: Path
) -> None:
    _fill(vault, tmp_path / "src")
    good = vault.backup(tmp_path / "good.zip").path
    vault.close()
    with zipfile.ZipFile(good) as zf:
        db = bytearray(zf.read("vault.db"))
    middle = len(db) // 2
    db[middle] ^= 0x55
    raw = bytearray(good.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # inside vault.db: the zip CRC catches it
    cases: dict[str, Path] = {
        "garbage": tmp_path / "garbage.zip",
        "truncated": tmp_path / "truncated.zip",
        "flipped": tmp_path / "flipped.zip",
        "slip": _rezip(good, tmp_path / "slip.zip", {"../evil": b"x"}),
        "no-keyslots": _rezip(good, tmp_path / "nokeys.zip", {"keyslots.json": None}),
        "bad-keyslots": _rezip(good, tmp_path / "badkeys.zip", {"keyslots.json": b"{"},
                               fix_manifest=False),
        "damaged-db": _rezip(good, tmp_path / "damaged.zip", {"vault.db": bytes(db)},
                             fix_manifest=True),
    }
    cases["garbage"].write_bytes(b"this is not a backup")
    cases["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    cases["flipped"].write_bytes(bytes(raw))
    before = _file_tree(vault.folder)
    jobs = [(vault.folder, passphrase_file, ("restore", str(path), "--replace"))
            for path in cases.values()]
    jobs.append((None, passphrase_file, ("restore", str(good), "--to", str(tmp_path / "new"))))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    jobs.append((None, wrong, ("restore", str(good), "--to", str(tmp_path / "new2"))))
    results = run_many(jobs)
    for name, r in zip(cases, results, strict=False):
        assert r.returncode == 3, (name, r.stderr)
        assert one_error_line(r.stderr) and len(r.stderr.strip().splitlines()) == 1, name
    assert results[-2].returncode == 0, results[-2].stderr  # the good one, elsewhere
    assert results[-1].returncode == 4 and "wrong passphrase" in results[-1].stderr
    assert not (tmp_path / "new2").exists()
    assert _file_tree(vault.folder) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vault.restore-")]
