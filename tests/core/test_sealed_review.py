"""Review of sealed originals: the cases the first tests did not reach.

Each test here failed before its fix (docs/SECURITY.md, "Review of sealed originals").
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core import sealed
from evidencekit.core.backup import restore_backup, write_backup
from evidencekit.core.blobreader import open_reader
from evidencekit.core.db import Connection
from evidencekit.core.errors import UnsupportedInput, VaultDamaged
from evidencekit.core.evidence import ensure_case, remove_item
from evidencekit.core.export_media import erase_child_abuse, flush_erased
from evidencekit.core.intake import SourceFacts, import_file, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.rescue import rescue_vault
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_one
from tests.conftest import PASSPHRASE

# Large enough for several sealed blocks whatever the sealing threshold.
BIG = max(sealed.THRESHOLD, 8 * 1024 * 1024)


def run_child(script: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `script` in a child: a hang there fails the test instead of hanging the run."""
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                              capture_output=True, text=True, timeout=timeout, check=False,
                              env=dict(os.environ, EVIDENCEKIT_INSECURE_TEST_KDF="1"))
    except subprocess.TimeoutExpired:
        pytest.fail("the child hung")


def test_cancelling_a_large_import_while_the_sealing_thread_lags_does_not_hang(
        tmp_path: Path) -> None:
    # The reading side (a file in the page cache) outruns hashing, encryption and writing, so
    # the queue between them is full when the user cancels: the abandoned file's end mark must
    # still reach the sealing thread, or the import (holding the vault) never returns.
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(64 * sealed.BLOCK))
    proc = run_child(f"""
        import os, threading
        from pathlib import Path
        from evidencekit.core.intake import import_file
        from evidencekit.core.kdf import TEST_PARAMS
        from evidencekit.core.vault import Vault
        vault, _ = Vault.create(Path({str(tmp_path / "vault")!r}), {PASSPHRASE!r},
                                kdf=TEST_PARAMS)
        cancel = threading.Event()
        def progress(done, total, name):
            if done >= 40 * {sealed.BLOCK}:
                cancel.set()
        for _round in range(3):
            cancel.clear()
            outcome = import_file(vault, Path({str(video)!r}), case="c", progress=progress,
                                  cancel=cancel)
            assert outcome.status == "refused", outcome.message
            assert "cancelled" in outcome.message, outcome.message
        print("left", sorted(os.listdir(vault.folder / "originals")))
        print("threads", [t.name for t in threading.enumerate()])
        vault.close()
    """)
    assert proc.returncode == 0, proc.stderr
    assert "left []" in proc.stdout, proc.stdout
    assert "seal-original" not in proc.stdout, proc.stdout


# -- backups ------------------------------------------------------------------------------------
def _stored_video(vault: Vault, tmp_path: Path) -> tuple[int, Path]:
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(BIG + 5))
    outcome = import_file(vault, video, case="c")
    assert outcome.status == "imported" and outcome.item_id is not None, outcome.message
    (path,) = (vault.folder / "originals").iterdir()
    return outcome.item_id, path


def test_a_backup_is_not_written_with_a_sealed_file_that_restore_would_refuse(
        vault: Vault, tmp_path: Path) -> None:
    # Before: the copy was written and called checked (the GUI's "Save a copy" stops there),
    # yet every restore of it was refused: the whole vault's only backup, unusable.
    item_id, path = _stored_video(vault, tmp_path)
    raw = bytearray(path.read_bytes())
    raw[sealed.block_offset(3) + 5] ^= 0x01
    path.write_bytes(bytes(raw))
    out = tmp_path / "copy.ekbackup"
    with pytest.raises(VaultDamaged) as caught:
        write_backup(vault, out)
    assert f"Item {item_id}" in str(caught.value) and "No new backup was written" in str(caught.value)
    # What is wrong, in words that fit a backup (nothing was being shown, and no backup is
    # "the" way out when this one was refused).
    assert "block 4 fails its check" in str(caught.value), str(caught.value)
    assert "not shown" not in str(caught.value) and "a backup can" not in str(caught.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == []


def test_a_link_planted_in_place_of_a_sealed_file_never_carries_plaintext_into_a_backup(
        vault: Vault, tmp_path: Path) -> None:
    # Someone at the computer swaps a sealed file for a link to one of the user's plain files:
    # the backup (a zip, whose sealed entries are stored as they are) must not copy it in.
    _item_id, path = _stored_video(vault, tmp_path)
    diary = tmp_path / "diary.txt"
    diary.write_bytes(b"PLAINTEXT-DIARY-MARKER " * 1000)
    path.unlink()
    path.symlink_to(diary)
    out = tmp_path / "copy.ekbackup"
    with pytest.raises(VaultDamaged):
        write_backup(vault, out)
    assert not out.exists()
    for written in tmp_path.rglob("*"):
        if written.is_file() and not written.is_symlink() and written != diary:
            assert b"PLAINTEXT-DIARY-MARKER" not in written.read_bytes(), written


# -- rescue -------------------------------------------------------------------------------------
def test_rescue_copies_sealed_files_private_and_checks_the_copy(vault: Vault,
                                                                tmp_path: Path) -> None:
    # Before: shutil.copyfile left the rescued file readable by every account (0644 under the
    # usual umask) and copied the source again after checking it.
    item_id, _path = _stored_video(vault, tmp_path)
    folder = vault.folder
    vault.close()
    report = rescue_vault(folder, PASSPHRASE, tmp_path / "rescued")
    assert report.lost == []
    (copy,) = (tmp_path / "rescued" / "originals").iterdir()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "rescued" / "originals").stat().st_mode) == 0o700
    with Vault.open(tmp_path / "rescued", PASSPHRASE) as rescued:
        assert verify_vault(rescued).ok
        assert rescued.conn.execute("SELECT item_id FROM sealed_originals").fetchall() == [
            (item_id,)]


def test_rescue_does_not_follow_a_link_planted_in_place_of_a_sealed_file(
        vault: Vault, tmp_path: Path) -> None:
    item_id, path = _stored_video(vault, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)  # the real file, but reached through a link
    folder = vault.folder
    vault.close()
    report = rescue_vault(folder, PASSPHRASE, tmp_path / "rescued")
    assert [lost.item_id for lost in report.lost] == [item_id]
    originals = tmp_path / "rescued" / "originals"
    assert not originals.exists() or list(originals.iterdir()) == []


# -- erasure of child-abuse material ------------------------------------------------------------
def test_erasing_child_abuse_also_erases_a_sealed_export_and_empties_the_log(
        vault: Vault, tmp_path: Path) -> None:
    # A WhatsApp export of 9 MiB is itself a sealed file; the photo inside it is erased as
    # child-abuse material, so the export's file must go too, and its key with the WAL frames.
    export = tmp_path / "WhatsApp Chat - K.zip"
    photo = b"\xff\xd8\xff\xe0" + os.urandom(3000)
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", "[12/11/2026 21:05:01] K: <attached: 00000012-PHOTO.jpg>\n"
                                 "[12/11/2026 21:06:02] K: <attached: 00000013-VIDEO.mp4>\n")
        zf.writestr("00000012-PHOTO.jpg", photo)
        zf.writestr("00000013-VIDEO.mp4", os.urandom(BIG + 1000))
    outcome = import_one(vault, export, ImportOptions(case="c"))
    assert outcome.status == "imported", outcome.message
    # The export and the video inside it (its size known from the zip) are both sealed.
    assert len(list((vault.folder / "originals").iterdir())) == 2
    zip_name = vault.conn.execute("SELECT name FROM sealed_originals WHERE item_id = ?",
                                  (outcome.item_id,)).fetchone()[0]
    sealed_zip = vault.folder / "originals" / zip_name
    photo_id = int(vault.conn.execute("SELECT item_id FROM originals WHERE sha256 = ?",
                                      (hashlib.sha256(photo).hexdigest(),)).fetchone()[0])
    key = bytes(vault.conn.execute("SELECT file_key FROM sealed_originals WHERE item_id = ?",
                                   (outcome.item_id,)).fetchone()[0])
    with vault.transaction() as tx:
        erased = erase_child_abuse(tx, photo_id, url="https://x.example/p")
    assert outcome.item_id in erased
    assert flush_erased(vault)
    assert not sealed_zip.exists()
    assert len(list((vault.folder / "originals").iterdir())) == 1  # the video is not erased
    assert vault.conn.execute("SELECT count(*) FROM sealed_originals WHERE item_id = ?",
                              (outcome.item_id,)).fetchone()[0] == 0
    wal = vault.folder / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert verify_vault(vault).ok
    # The key is gone from what is left on disk (the database is encrypted, so this only
    # checks nothing wrote it in clear beside it).
    for left in vault.folder.rglob("*"):
        if left.is_file():
            assert key not in left.read_bytes(), left


def _edit_manifest(backup: Path, out: Path, change: object) -> None:
    """The backup rewritten by someone who also edits its manifest's `sealed` entries."""
    with zipfile.ZipFile(backup) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(entries["backup.json"])
    (name,) = manifest["sealed"]
    if change == "size":
        manifest["sealed"][name]["size"] += 1  # the zip's own entry says otherwise
    elif change == "path":
        manifest["sealed"] = {"../" + name: manifest["sealed"][name]}
        entries["originals/../" + name] = entries.pop("originals/" + name)
    else:
        manifest["sealed"] = change
    entries["backup.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as zf:
        for n, data in entries.items():
            zf.writestr(n, data)


@pytest.mark.parametrize("change", ["size", "path", [], None, "name", 7, {"x": 1}])
def test_hostile_sealed_entries_in_a_backup_manifest_are_refused_in_one_sentence(
        vault: Vault, tmp_path: Path, change: object) -> None:
    _stored_video(vault, tmp_path)
    backup = write_backup(vault, tmp_path / "copy.ekbackup").path
    edited = tmp_path / "edited.ekbackup"
    _edit_manifest(backup, edited, change)
    with pytest.raises(UnsupportedInput) as caught:
        restore_backup(edited, PASSPHRASE, tmp_path / "restored")
    message = str(caught.value)
    assert "nothing was changed" in message and "\n" not in message, message
    assert not (tmp_path / "restored").exists()


def test_a_widened_originals_folder_is_made_private_again_before_a_file_goes_in(
        vault: Vault, tmp_path: Path) -> None:
    folder = vault.folder / "originals"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # as `cp -r` under the usual umask leaves it
    _item_id, path = _stored_video(vault, tmp_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def unwritable_originals(vault: Vault) -> Iterator[Path]:
    """`originals/` that this account cannot write to (as after a `sudo` run had made it)."""
    folder = vault.folder / "originals"
    folder.mkdir(mode=0o700)
    if os.geteuid() != 0:
        os.chmod(folder, 0o500)
        yield folder
        os.chmod(folder, 0o700)
        return
    # root writes anywhere a mode allows nothing: the immutable flag stops it too.
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("cannot make a folder unwritable here")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_originals_folder_is_named_not_blamed_on_the_file(
        vault: Vault, tmp_path: Path, unwritable_originals: Path) -> None:
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(BIG + 5))
    outcome = import_file(vault, video, case="c")
    assert outcome.status == "refused"
    assert "could not be read" not in outcome.message, outcome.message
    assert str(unwritable_originals) in outcome.message and "cannot be written" in \
        outcome.message, outcome.message
    assert vault.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 0


def test_a_named_pipe_planted_in_place_of_a_sealed_file_is_damage_not_a_hang(
        tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer that never comes: every viewer, verify,
    # backup and rescue of the vault would hang on it.
    proc = run_child(f"""
        import os
        from pathlib import Path
        from evidencekit.core.backup import write_backup
        from evidencekit.core.errors import VaultDamaged
        from evidencekit.core.intake import import_file
        from evidencekit.core.kdf import TEST_PARAMS
        from evidencekit.core.rescue import rescue_vault
        from evidencekit.core.vault import Vault
        from evidencekit.core.verify import verify_vault
        top = Path({str(tmp_path)!r})
        vault, _ = Vault.create(top / "vault", {PASSPHRASE!r}, kdf=TEST_PARAMS)
        video = top / "video.mp4"
        video.write_bytes(os.urandom({BIG + 5}))
        item = import_file(vault, video, case="c").item_id
        (path,) = (vault.folder / "originals").iterdir()
        path.unlink()
        os.mkfifo(path)
        report = verify_vault(vault)
        print("verify", report.ok, any(f"Item {{item}}" in p for p in report.problems))
        try:
            write_backup(vault, top / "copy.ekbackup")
        except VaultDamaged:
            print("backup refused")
        vault.close()
        lost = rescue_vault(top / "vault", {PASSPHRASE!r}, top / "rescued").lost
        print("rescue lost", [x.item_id for x in lost] == [item])
    """, timeout=45)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:3] == ["verify False True", "backup refused",
                                           "rescue lost True"], proc.stdout


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=40), inner,
                                                                max_size=4),
    max_leaves=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(change=_JSON | st.dictionaries(
    st.from_regex(r"\A[0-9a-f]{32}\Z") | st.text(max_size=40), _JSON, max_size=3))
def test_any_sealed_value_in_a_backup_manifest_is_refused_in_one_sentence_or_restored(
        vault: Vault, tmp_path_factory: pytest.TempPathFactory, change: object) -> None:
    work = tmp_path_factory.mktemp("fuzz")
    backup = write_backup(vault, work / "copy.ekbackup").path
    edited = work / "edited.ekbackup"
    with zipfile.ZipFile(backup) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(entries["backup.json"])
    manifest["sealed"] = change
    entries["backup.json"] = json.dumps(manifest).encode()
    if isinstance(change, dict):  # members for the names it lists, so the names are tried
        for name, facts in change.items():
            if isinstance(name, str) and "/" not in name and name not in ("", ".", ".."):
                size = facts.get("size") if isinstance(facts, dict) else None
                entries[f"originals/{name}"] = b"x" * (size if type(size) is int
                                                       and 0 <= size < 4096 else 3)
    with zipfile.ZipFile(edited, "w") as zf:
        for n, data in entries.items():
            zf.writestr(n, data)
    target = work / "restored"
    if change == {}:  # the untouched manifest of a vault without sealed files
        restore_backup(edited, PASSPHRASE, target)
        return
    with pytest.raises(UnsupportedInput) as caught:
        restore_backup(edited, PASSPHRASE, target)
    assert "\n" not in str(caught.value)
    assert not target.exists()


def test_an_erasure_that_committed_is_not_reported_as_failed_when_the_file_cannot_go(
        vault: Vault, tmp_path: Path) -> None:
    # Someone put a folder where the sealed file was: the erasure commits (the key is gone),
    # then the unlink fails. The user must not be told it failed.
    item_id, path = _stored_video(vault, tmp_path)
    path.unlink()
    path.mkdir()
    (path / "kept").write_bytes(b"someone else's")
    with vault.transaction() as tx:
        remove_item(tx, item_id, "sent to the wrong case")
    assert vault.conn.execute("SELECT count(*) FROM sealed_originals").fetchone()[0] == 0
    assert (path / "kept").exists()  # what someone else put there is not ours to delete
    assert any(path.name in note for note in verify_vault(vault).notes)


def test_a_folder_with_a_sealed_looking_name_does_not_lock_the_user_out(
        vault: Vault, tmp_path: Path) -> None:
    # The unlock's sweep unlinks unnamed sealed files; a folder with such a name made it fail,
    # and with it every unlock of the vault.
    planted = vault.folder / "originals" / ("ab" * 16)
    planted.mkdir(parents=True)
    (planted / "x").write_bytes(b"x")
    folder = vault.folder
    vault.close()
    with Vault.open(folder, PASSPHRASE) as again:
        report = verify_vault(again)
        assert report.ok, report.problems
        assert any(planted.name in note for note in report.notes), report.notes
    assert (planted / "x").exists()


def test_an_unreadable_originals_folder_does_not_lock_the_user_out(tmp_path: Path) -> None:
    # `originals/` left unreadable (a `sudo` run, a copy from another account): the unlock's
    # sweep listed it and failed, and with it every unlock; verify ended in a traceback.
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)
    item_id, _path = _stored_video(vault, tmp_path)
    vault.close()
    os.chmod(folder / "originals", 0)
    # root reads any folder: the child runs without that capability (setpriv), as a user.
    prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"] if os.geteuid() == 0 else []
    script = textwrap.dedent(f"""
        from pathlib import Path
        from evidencekit.core.vault import Vault
        from evidencekit.core.verify import verify_vault
        with Vault.open(Path({str(folder)!r}), {PASSPHRASE!r}) as vault:
            report = verify_vault(vault)
            print("opened", any("Item {item_id}" in p for p in report.problems))
    """)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True,
                              text=True, timeout=60, check=False,
                              env=dict(os.environ, EVIDENCEKIT_INSECURE_TEST_KDF="1"))
    finally:
        os.chmod(folder / "originals", 0o700)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "opened True", proc.stdout


def test_a_large_video_inside_a_chat_zip_is_sealed_and_reads_back(vault: Vault,
                                                                   tmp_path: Path) -> None:
    # Before: zip members never gave their size, so a phone's video inside a WhatsApp export
    # went through the database's log (twice the disk, the slow path sealing was made for).
    video = os.urandom(BIG + 3 * sealed.BLOCK + 7)
    export = tmp_path / "WhatsApp Chat - K.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", "[12/11/2026 21:06:02] K: <attached: 00000013-VIDEO.mp4>\n")
        zf.writestr("00000013-VIDEO.mp4", video)
    outcome = import_one(vault, export, ImportOptions(case="c"))
    assert outcome.status == "imported", outcome.message
    item = int(vault.conn.execute("SELECT item_id FROM originals WHERE original_name = ?",
                                  ("00000013-VIDEO.mp4",)).fetchone()[0])
    assert vault.conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                              (item,)).fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM sealed_originals WHERE item_id = ?",
                              (item,)).fetchone()[0] == 1
    with open_reader(vault.conn, item) as reader:
        assert reader.read() == video
    assert verify_vault(vault).ok


def test_a_disk_full_before_the_first_byte_leaves_no_part_file_nor_thread(
        tmp_path: Path) -> None:
    proc = run_child(f"""
        import errno, os, resource, signal, threading
        from pathlib import Path
        from evidencekit.core.kdf import TEST_PARAMS
        from evidencekit.core.sealed import SealedWriter
        from evidencekit.core.vault import Vault
        vault, _ = Vault.create(Path({str(tmp_path / "vault")!r}), {PASSPHRASE!r},
                                kdf=TEST_PARAMS)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4, hard))  # not even the 8-byte magic
        try:
            SealedWriter(vault.conn)
        except OSError as exc:
            print("refused", exc.errno == errno.EFBIG)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        print("left", os.listdir(vault.folder / "originals"))
        print("threads", [t.name for t in threading.enumerate() if t.name == "seal-original"])
        vault.close()
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:3] == ["refused True", "left []", "threads []"], proc.stdout


def test_no_path_leaves_a_sealed_file_in_the_per_connection_registry(
        vault: Vault, tmp_path: Path) -> None:
    # An entry left there would be acted on by the next commit of that connection: a file
    # unlinked for an erasure that never happened, or forgotten after a rollback.
    from evidencekit.core import sealed_files

    def clean() -> None:
        assert id(vault.conn) not in sealed_files._created
        assert id(vault.conn) not in sealed_files._doomed

    item_id, _path = _stored_video(vault, tmp_path)
    clean()
    assert import_file(vault, tmp_path / "video.mp4", case="c").status == "duplicate"
    clean()
    other = tmp_path / "other.mp4"
    other.write_bytes(os.urandom(BIG + 9))
    with pytest.raises(RuntimeError):
        give_up_after(vault, lambda tx: import_file_in(tx, other))
    clean()
    with pytest.raises(RuntimeError):
        give_up_after(vault, lambda tx: remove_item(tx, item_id, "changed my mind"))
    clean()
    assert len(list((vault.folder / "originals").iterdir())) == 1
    with vault.transaction() as tx:
        remove_item(tx, item_id, "sent to the wrong case")
    clean()
    assert list((vault.folder / "originals").iterdir()) == []


def import_file_in(tx: Connection, path: Path) -> None:
    """Store `path` inside the caller's transaction, as the chat and folder importers do."""
    with open(path, "rb") as stream:
        store_stream(tx, stream, SourceFacts(path.name, str(path), None),
                     case_id=ensure_case(tx, "c"), expected_size=path.stat().st_size)


def give_up_after(vault: Vault, step: Callable[[Connection], object]) -> None:
    """Run `step` in a transaction that the caller then abandons (rolled back)."""
    with vault.transaction() as tx:
        step(tx)
        raise RuntimeError("the caller gave up after this step")


class _GrowingStream(io.RawIOBase):
    """A file read while something still appends to it: it ends, then has more."""

    def __init__(self, parts: list[bytes]) -> None:
        self._parts = parts

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._parts:
            return 0
        part = self._parts.pop(0)  # an empty part: one read that finds the end, for now
        n = min(len(buffer), len(part))
        buffer[:n] = part[:n]
        if n < len(part):
            self._parts.insert(0, part[n:])
        return n


@pytest.mark.parametrize("size", [BIG + 9, 2 * 1024 * 1024 + 9])
def test_a_stream_that_ends_then_grows_is_refused_not_stored_unreadable(
        vault: Vault, size: int) -> None:
    # Blocks sit at fixed offsets (1 MiB each until the last): a short block in the middle made
    # a sealed original that no reader could open, committed without a word.
    first = os.urandom(sealed.BLOCK + 100)  # a block and a bit, then "the end"
    rest = os.urandom(size - len(first))
    stream = io.BufferedReader(_GrowingStream([first, b"", b"", rest]))
    with pytest.raises(UnsupportedInput) as caught, vault.transaction() as tx:
        store_stream(tx, stream, SourceFacts("video.mp4", "video.mp4", None),
                     case_id=ensure_case(tx, "c"), expected_size=size)
    assert "changed while it was being read" in str(caught.value)
    originals = vault.folder / "originals"
    assert not originals.exists() or list(originals.iterdir()) == []
