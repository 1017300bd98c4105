"""Flipped bytes anywhere in a vault: reported in one sentence, never read as other bytes, and
what still reads can be rescued into a new vault whose log names what was lost."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from evidencekit.core.db import DB_NAME
from evidencekit.core.evidence import annotate
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.rescue import rescue_vault
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.conftest import PASSPHRASE, write_png
from tests.reliability import one_error_line, run_cli, run_many, sha256, stored_bytes

PAGE = 65536

CHAT = "".join(f"12/01/2024, 10:{m:02d} - Alice: message number {m} with some words\n"
               for m in range(40))


@pytest.fixture(scope="module")
def content_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    """A closed vault with originals of several sizes, notes, a journal and a chat."""
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    base = tmp_path_factory.mktemp("content")
    folder = base / "vault"
    files = base / "files"
    files.mkdir()
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)
    shas: dict[int, str] = {}
    with vault:
        # Under the sealing threshold (1 MiB): these originals live in database pages.
        for i, size in enumerate((200_000, 1_000_000, 40_000)):
            path = files / f"original-{i}.bin"
            path.write_bytes(os.urandom(size))
            outcome = import_file(vault, path, case="Case A")
            assert outcome.item_id is not None
            shas[outcome.item_id] = sha256(path.read_bytes())
        png = write_png(files / "screenshot.png", "green")
        outcome = import_file(vault, png, case="Case B")
        assert outcome.item_id is not None
        shas[outcome.item_id] = sha256(png.read_bytes())
        with vault.transaction() as tx:
            annotate(tx, 1, title="threat", notes="sent at night")
    return folder, shas


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def _flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0xA5]))


def _offsets(size: int) -> list[int]:
    pages = size // PAGE
    offsets = {0, 1, 16, 40, 1000, PAGE - 80, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE - 1,
               2 * PAGE + 99, size // 2, size - 1, size - 50, size - PAGE + 20}
    offsets |= {k * PAGE + 4321 for k in range(3, pages, max(1, pages // 7))}
    return sorted(o for o in offsets if 0 <= o < size)


def test_flipped_bytes_are_reported_never_read_as_other_bytes(
    content_vault: tuple[Path, dict[int, str]], tmp_path: Path, passphrase_file: Path
) -> None:
    folder, shas = content_vault
    size = (folder / DB_NAME).stat().st_size
    offsets = _offsets(size)
    assert len(offsets) >= 20
    copies = []
    for offset in offsets:
        copy = _copy(folder, tmp_path / f"v{offset}")
        _flip(copy / DB_NAME, offset)
        copies.append(copy)
    jobs = [(copy, passphrase_file, ("verify",)) for copy in copies]
    jobs += [(copy, passphrase_file, ("list", "--json")) for copy in copies[::4]]
    results = run_many(jobs)
    verified = results[: len(copies)]
    listed = results[len(copies):]
    outcomes: dict[int, str] = {}
    silent: dict[int, int] = {}
    for offset, copy, r in zip(offsets, copies, verified, strict=True):
        assert "Traceback" not in r.stderr, (offset, r.stderr)
        assert r.returncode in (0, 1, 4), (offset, r.returncode, r.stderr)
        if r.returncode != 0:
            assert one_error_line(r.stderr), (offset, r.stderr)
            outcomes[offset] = r.stderr.strip().splitlines()[-1]
        # Whatever still opens gives back exactly the imported bytes, or an error — except
        # verify (which re-hashes) must say so for any damage the raw read missed.
        for item_id, sha in shas.items():
            if _raw_read_differs(copy, item_id, sha):
                silent[offset] = item_id
    for offset in silent:
        assert verified[offsets.index(offset)].returncode == 1, offset
    for offset, r in zip(offsets[::4], listed, strict=True):
        assert "Traceback" not in r.stderr, (offset, r.stderr)
        if r.returncode == 0:
            listed_shas = {i["id"]: i["sha256"] for i in json.loads(r.stdout)["items"]
                           if i.get("sha256")}
            assert listed_shas == shas, offset
        else:
            assert r.returncode in (1, 4) and one_error_line(r.stderr), (offset, r.stderr)
    # With page 1 damaged, a right passphrase and a stale key file fail the same HMAC: the
    # sentence (exit 4) names both.
    assert verified[0].returncode == 4
    assert "wrong passphrase" in outcomes[0] and "or the vault file is damaged" in outcomes[0]
    assert len(outcomes) >= len(offsets) // 2, outcomes  # most flips land on pages in use


def _raw_read_differs(copy: Path, item_id: int, sha: str) -> bool:
    """True when a plain read of the original returned other bytes without any error."""
    try:
        with Vault.open(copy, PASSPHRASE) as vault:
            return sha256(stored_bytes(vault, item_id)) != sha
    except Exception:  # noqa: BLE001 - refusing to read is the correct outcome
        return False


# SQLCipher 4 zeroes a page that fails its HMAC; when it is the last overflow page of a blob the
# read returns the zeros without an error. blobreader checks the SHA-256 before serving bytes.
def test_a_plain_read_of_a_damaged_original_raises(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    with Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0] as vault:
        path = tmp_path / "one.bin"
        path.write_bytes(os.urandom(200_000))  # one chunk over four 64 KiB pages
        assert import_file(vault, path, case="A").item_id == 1
        sha = sha256(path.read_bytes())
    size = (folder / DB_NAME).stat().st_size
    for page in range(2, size // PAGE):
        copy = _copy(folder, tmp_path / f"p{page}")
        _flip(copy / DB_NAME, page * PAGE + 4321)
        assert not _raw_read_differs(copy, 1, sha), page


@pytest.mark.parametrize(
    ("damage", "expected"),
    [("missing", "no key file"), ("truncated", "damaged"), ("garbage", "damaged"),
     ("wrong-json", "not an evidencekit key file")],
)
def test_damaged_key_file_is_one_sentence(
    content_vault: tuple[Path, dict[int, str]], tmp_path: Path, passphrase_file: Path,
    damage: str, expected: str,
) -> None:
    copy = _copy(content_vault[0], tmp_path / "v")
    slots = copy / "keyslots.json"
    if damage == "missing":
        slots.unlink()
    elif damage == "truncated":
        slots.write_bytes(slots.read_bytes()[:100])
    elif damage == "garbage":
        slots.write_bytes(os.urandom(300))
    else:
        slots.write_text(json.dumps({"format": "something else"}))
    r = run_cli(copy, passphrase_file, "list")
    assert r.returncode == 1 and one_error_line(r.stderr), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and expected in r.stderr


def _page_range_of_second_original(tmp_path: Path) -> tuple[Path, dict[int, str], range]:
    """A vault whose item 2 lives in a known stretch of pages (found by file growth)."""
    folder = tmp_path / "vault"
    files = tmp_path / "files"
    files.mkdir()
    shas: dict[int, str] = {}
    sizes = []
    # Under the sealing threshold (1 MiB): these originals live in database pages.
    for i, size in enumerate((300_000, 1_000_000, 250_000)):
        with Vault.open(folder, PASSPHRASE) if i else \
                Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0] as vault:
            path = files / f"file-{i}.bin"
            path.write_bytes(os.urandom(size))
            outcome = import_file(vault, path, case="Case A")
            assert outcome.item_id == i + 1
            shas[i + 1] = sha256(path.read_bytes())
            if i == 0:
                with vault.transaction() as tx:
                    annotate(tx, 1, title="kept note")
            if i == 2:
                import_paths(vault, [_chat(files)], ImportOptions(case="Case A"))
        sizes.append((folder / DB_NAME).stat().st_size)
    first_page, last_page = sizes[0] // PAGE, sizes[1] // PAGE
    return folder, shas, range(first_page + 2, last_page - 2)


def _chat(files: Path) -> Path:
    path = files / "WhatsApp Chat with Alice.txt"
    path.write_text(CHAT, encoding="utf-8")
    return path


def test_rescue_copies_every_whole_item_and_logs_the_lost_one(
    tmp_path: Path, passphrase_file: Path
) -> None:
    folder, shas, pages = _page_range_of_second_original(tmp_path)
    assert len(pages) >= 6
    for page in (pages[1], pages[len(pages) // 2], pages[-2]):
        _flip(folder / DB_NAME, page * PAGE + 777)
    with Vault.open(folder, PASSPHRASE) as vault:
        old_id = vault.vault_id
        old_messages = vault.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    r = run_cli(folder, passphrase_file, "verify")
    assert r.returncode == 1 and one_error_line(r.stderr)

    new = tmp_path / "rescued"
    damaged_before = (folder / DB_NAME).read_bytes()
    r = run_cli(folder, passphrase_file, "rescue", "--to", str(new))
    assert r.returncode == 1, r.stderr  # something was lost, and it says so
    assert "LOST: item 2 file-1.bin" in r.stdout and shas[2] in r.stdout
    assert (folder / DB_NAME).read_bytes() == damaged_before  # the damaged vault is untouched
    assert run_cli(new, passphrase_file, "verify").returncode == 0

    with Vault.open(new, PASSPHRASE) as vault:
        assert vault.vault_id != old_id
        for item_id in (1, 3):
            assert sha256(stored_bytes(vault, item_id)) == shas[item_id]
        assert vault.conn.execute("SELECT count(*) FROM items WHERE id = 2").fetchone()[0] == 0
        assert vault.conn.execute("SELECT title FROM annotations WHERE item_id = 1"
                                  ).fetchone()[0] == "kept note"
        assert vault.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == old_messages
        entries = list(vault.custody.entries())
        lost = [e for e in entries if e.action == "rescue-lost"]
        assert [(e.item_id, e.detail["name"], e.detail["sha256"]) for e in lost] == \
            [(2, "file-1.bin", shas[2])]
        rescued = [e for e in entries if e.action == "rescued-from"]
        assert rescued[0].detail["old_vault_id"] == old_id
        assert rescued[0].detail["lost_item_ids"] == [2]
        assert any(e.action == "carried-over" and e.detail["entry"]["action"] == "import"
                   and e.item_id == 2 for e in entries)  # the old log's word on it is kept


def test_rescue_of_an_intact_vault_is_complete(tmp_path: Path) -> None:
    folder, shas, _pages = _page_range_of_second_original(tmp_path)
    with Vault.open(folder, PASSPHRASE) as vault:
        tables = ("items", "originals", "chunks", "messages", "search_index", "annotations",
                  "imports", "cases")
        before = {t: vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in tables}
        carried = vault.custody.head()[0]
    report = rescue_vault(folder, PASSPHRASE, tmp_path / "copy")
    assert report.complete and report.items_kept == before["items"]
    assert report.custody_carried == carried
    with Vault.open(tmp_path / "copy", PASSPHRASE) as vault:
        after = {t: vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in tables}
        assert after == before
        assert verify_vault(vault).ok
        for item_id, sha in shas.items():
            assert sha256(stored_bytes(vault, item_id)) == sha
