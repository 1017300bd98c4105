"""Large originals sealed beside the database: kept, read, checked, erased, backed up, attacked.

Each attack is what a person at the same computer can do to the files in the vault folder:
flip a byte, cut a file short, delete it, swap two sealed files, plant a file of their own, or
put a symbolic link where the folder was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core import sealed
from evidencekit.core.backup import restore_backup, write_backup
from evidencekit.core.blobreader import open_reader
from evidencekit.core.db import FolderLock
from evidencekit.core.errors import UnsupportedInput, VaultDamaged
from evidencekit.core.evidence import remove_item
from evidencekit.core.intake import import_file
from evidencekit.core.rescue import rescue_vault
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE

SIZE = 11 * sealed.BLOCK + 12345  # 12 blocks, the last one short
assert SIZE >= sealed.THRESHOLD


def big_file(folder: Path, name: str = "video.mp4", seed: bytes = b"a") -> tuple[Path, bytes]:
    block = hashlib.sha256(seed).digest() * (sealed.BLOCK // 32)
    data = b"".join(n.to_bytes(4, "big") + block[4:] for n in range(SIZE // sealed.BLOCK + 1))
    data = data[:SIZE]
    path = folder / name
    path.write_bytes(data)
    return path, data


def sealed_files_of(vault: Vault) -> list[Path]:
    folder = vault.folder / "originals"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def stored(vault: Vault, tmp_path: Path) -> tuple[int, bytes]:
    path, data = big_file(tmp_path)
    outcome = import_file(vault, path, case="c")
    assert outcome.status == "imported", outcome.message
    assert outcome.item_id is not None
    return outcome.item_id, data


def test_a_large_original_is_one_sealed_file_and_reads_back_exactly(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    item_id, data = stored
    files = sealed_files_of(vault)
    assert len(files) == 1 and files[0].stat().st_size == sealed.sealed_size(SIZE)
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert vault.conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                              (item_id,)).fetchone()[0] == 0
    # The name says nothing about the original, not even its hash.
    assert hashlib.sha256(data).hexdigest()[:32] != files[0].name
    with open_reader(vault.conn, item_id) as reader:
        assert reader.read() == data
        reader.seek(sealed.BLOCK * 5 - 3)
        assert reader.read(10) == data[sealed.BLOCK * 5 - 3: sealed.BLOCK * 5 + 7]
    assert verify_vault(vault).ok


def test_a_small_original_stays_in_the_database(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "shot.bin"
    path.write_bytes(os.urandom(sealed.THRESHOLD - 1))
    assert import_file(vault, path, case="c").status == "imported"
    assert sealed_files_of(vault) == []


def test_the_same_large_file_twice_leaves_one_sealed_file(
        vault: Vault, stored: tuple[int, bytes], tmp_path: Path) -> None:
    again = tmp_path / "again"
    again.mkdir()
    path, _data = big_file(again)
    assert import_file(vault, path, case="c").status == "duplicate"
    assert len(sealed_files_of(vault)) == 1


def _flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0x01]))


@pytest.mark.parametrize("attack", ["flip", "cut", "delete", "swap", "magic"])
def test_an_altered_sealed_file_is_named_by_verify_and_never_shown(
        vault: Vault, stored: tuple[int, bytes], tmp_path: Path, attack: str) -> None:
    item_id, _data = stored
    target = sealed_files_of(vault)[0]
    if attack == "flip":
        _flip(target, sealed.block_offset(7) + 100)
    elif attack == "cut":
        os.truncate(target, sealed.block_offset(11))
    elif attack == "delete":
        target.unlink()
    elif attack == "magic":
        _flip(target, 0)
    else:  # another sealed original of the same vault, put in its place under its name
        other, _ = big_file(tmp_path, "other.mp4", seed=b"b")
        assert import_file(vault, other, case="c").status == "imported"
        stranger = next(p for p in sealed_files_of(vault) if p != target)
        os.replace(stranger, target)
    report = verify_vault(vault)
    assert not report.ok
    assert any(f"Item {item_id} is damaged" in p for p in report.problems), report.problems
    # In verify's own words: not "run verify", nor "its bytes are not shown" (a viewer's).
    assert not [p for p in report.problems if "evidencekit verify" in p or "not shown" in p], \
        report.problems
    with pytest.raises(VaultDamaged):
        open_reader(vault.conn, item_id)


def test_a_block_moved_to_another_place_fails_its_check(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    item_id, _data = stored
    target = sealed_files_of(vault)[0]
    raw = bytearray(target.read_bytes())
    one, two = sealed.block_offset(2), sealed.block_offset(3)
    length = sealed.BLOCK + sealed.TAG
    raw[one:one + length], raw[two:two + length] = raw[two:two + length], raw[one:one + length]
    target.write_bytes(bytes(raw))
    assert any("block 3" in p for p in verify_vault(vault).problems)


def test_a_planted_file_is_mentioned_not_taken_for_evidence_nor_deleted(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    planted = vault.folder / "originals" / "README.txt"
    planted.write_text("the victim lied", encoding="utf-8")
    report = verify_vault(vault)
    assert report.ok
    assert any("README.txt" in n for n in report.notes)
    folder = vault.folder
    vault.close()
    with Vault.open(folder, PASSPHRASE):
        assert planted.exists()


def test_an_orphan_is_swept_at_unlock_only_when_no_one_else_has_the_vault(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    orphan = vault.folder / "originals" / ("ab" * 16)
    orphan.write_bytes(b"left by a killed import")
    folder = vault.folder
    vault.close()
    other = FolderLock.acquire(folder)  # another window holds the vault: its import may run
    try:
        with Vault.open(folder, PASSPHRASE):
            assert orphan.exists()
    finally:
        assert other is not None
        other.release()
    with Vault.open(folder, PASSPHRASE) as again:
        assert not orphan.exists()
        assert len(sealed_files_of(again)) == 1


def test_a_symbolic_link_in_place_of_the_folder_is_refused(vault: Vault, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault.folder / "originals").symlink_to(elsewhere)
    path, _data = big_file(tmp_path)
    outcome = import_file(vault, path, case="c")
    assert outcome.status == "refused"
    assert "originals" in outcome.message and "Traceback" not in outcome.message
    assert list(elsewhere.iterdir()) == []
    assert vault.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 0


def test_a_rolled_back_import_leaves_no_sealed_file(vault: Vault, tmp_path: Path) -> None:
    path, _data = big_file(tmp_path)

    def fails(_conn: object, _result: object, _case: int) -> list[str]:
        raise UnsupportedInput("the export inside is unreadable")

    outcome = import_file(vault, path, case="c", after_store=fails)
    assert outcome.status == "refused"
    assert sealed_files_of(vault) == []


def test_erasure_forgets_the_key_and_removes_the_file(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    item_id, _data = stored
    with vault.transaction() as tx:
        remove_item(tx, item_id, "asked by the victim")
    assert sealed_files_of(vault) == []
    assert vault.conn.execute("SELECT count(*) FROM sealed_originals").fetchone()[0] == 0
    assert verify_vault(vault).ok


def test_an_erasure_that_rolls_back_keeps_the_file(
        vault: Vault, stored: tuple[int, bytes]) -> None:
    item_id, data = stored
    def erase_then_fail() -> None:
        with vault.transaction() as tx:
            remove_item(tx, item_id, "asked by the victim")
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        erase_then_fail()
    with open_reader(vault.conn, item_id) as reader:
        assert reader.read() == data


def test_backup_carries_sealed_files_and_restore_checks_them(
        vault: Vault, stored: tuple[int, bytes], tmp_path: Path) -> None:
    item_id, data = stored
    backup = write_backup(vault, tmp_path / "v.ekbackup").path
    names = zipfile.ZipFile(backup).namelist()
    assert [n for n in names if n.startswith("originals/")] == \
        [f"originals/{sealed_files_of(vault)[0].name}"]
    vault.close()
    restored = restore_backup(backup, PASSPHRASE, tmp_path / "restored")
    with Vault.open(restored.vault, PASSPHRASE) as again:
        with open_reader(again.conn, item_id) as reader:
            assert reader.read() == data
        assert verify_vault(again).ok


def _rewrite(backup: Path, out: Path, change: str) -> None:
    """A backup edited by someone who also fixes up the manifest's hashes."""
    with zipfile.ZipFile(backup) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(entries["backup.json"])
    name = next(n for n in entries if n.startswith("originals/"))
    if change == "alter":
        raw = bytearray(entries[name])
        raw[sealed.block_offset(4) + 9] ^= 0x10
        entries[name] = bytes(raw)
        manifest["sealed"][name.split("/")[1]]["sha256"] = hashlib.sha256(raw).hexdigest()
    else:
        del entries[name]
        del manifest["sealed"][name.split("/")[1]]
    entries["backup.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as zf:
        for n, b in entries.items():
            zf.writestr(n, b)


@pytest.mark.parametrize("change", ["alter", "drop"])
def test_a_backup_with_an_edited_sealed_file_is_refused(
        vault: Vault, stored: tuple[int, bytes], tmp_path: Path, change: str) -> None:
    backup = write_backup(vault, tmp_path / "v.ekbackup").path
    edited = tmp_path / "edited.ekbackup"
    _rewrite(backup, edited, change)
    with pytest.raises(UnsupportedInput) as caught:
        restore_backup(edited, PASSPHRASE, tmp_path / "restored")
    assert "nothing was changed" in str(caught.value) or "SHA-256" in str(caught.value) \
        or "damaged" in str(caught.value)
    assert not (tmp_path / "restored").exists() or not any((tmp_path / "restored").iterdir())


def test_rescue_copies_a_sealed_original_and_names_an_altered_one_lost(
        vault: Vault, tmp_path: Path) -> None:
    good, good_data = big_file(tmp_path, "good.mp4", seed=b"g")
    bad, _ = big_file(tmp_path, "bad.mp4", seed=b"b")
    good_id = import_file(vault, good, case="c").item_id
    bad_id = import_file(vault, bad, case="c").item_id
    bad_name = vault.conn.execute("SELECT name FROM sealed_originals WHERE item_id = ?",
                                  (bad_id,)).fetchone()[0]
    _flip(vault.folder / "originals" / bad_name, sealed.block_offset(1) + 5)
    folder = vault.folder
    vault.close()
    report = rescue_vault(folder, PASSPHRASE, tmp_path / "rescued")
    assert [lost.item_id for lost in report.lost] == [bad_id]
    with Vault.open(tmp_path / "rescued", PASSPHRASE) as rescued:
        with open_reader(rescued.conn, good_id) as reader:  # type: ignore[arg-type]
            assert reader.read() == good_data
        assert len(sealed_files_of(rescued)) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096), st.integers(min_value=1, max_value=3 * sealed.BLOCK))
def test_any_bytes_in_place_of_a_sealed_file_only_ever_read_as_damage(
        tmp_path: Path, garbage: bytes, size: int) -> None:
    path = tmp_path / ("cd" * 16)
    path.write_bytes(sealed.MAGIC + garbage if len(garbage) % 2 else garbage)
    try:
        reader = sealed.SealedReader(path, os.urandom(32), 1, size)
    except VaultDamaged:
        return
    with reader, pytest.raises(VaultDamaged):
        io.BufferedReader(reader).read()


def test_a_cancel_while_the_sealing_thread_is_behind_keeps_nothing(
        vault: Vault, tmp_path: Path) -> None:
    """Cancelled with blocks still queued: the import stops at once and leaves no file."""
    import threading

    from evidencekit.core.errors import Cancelled
    from evidencekit.core.evidence import ensure_case
    from evidencekit.core.intake import SourceFacts, store_stream

    cancel = threading.Event()

    class Endless(io.RawIOBase):
        sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            self.sent += len(buffer)
            if self.sent > 40 * sealed.BLOCK:
                cancel.set()
            buffer[:] = b"\x07" * len(buffer)
            return len(buffer)

    with vault.transaction() as tx:
        case_id = ensure_case(tx, "c")
    with pytest.raises(Cancelled), vault.transaction() as tx:
        store_stream(tx, Endless(), SourceFacts("live.mp4", "test://live", None),
                     case_id=case_id, expected_size=100 * sealed.BLOCK, cancel=cancel)
    assert sealed_files_of(vault) == []
