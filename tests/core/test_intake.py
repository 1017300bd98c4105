"""File intake: byte for byte, hashed in one pass, deduplicated, refusing bad input cleanly."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.core import evidence
from evidencekit.core.blobreader import open_reader
from evidencekit.core.intake import expand_paths, import_file
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from tests.conftest import write_png


def _vault_state(vault: Vault) -> tuple[int, int, int]:
    c = vault.conn
    return (c.execute("SELECT count(*) FROM items").fetchone()[0],
            c.execute("SELECT count(*) FROM chunks").fetchone()[0],
            c.execute("SELECT count(*) FROM custody").fetchone()[0])


def test_bytes_stored_exactly_with_hash_and_times(vault: Vault, tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks, last one partial
    path = tmp_path / "threat.mp4"
    path.write_bytes(data)
    outcome = import_file(vault, path, case="Harcèlement Instagram",
                          annotations=Annotations(platform="instagram", author="@someone"))
    assert outcome.status == "imported" and outcome.item_id is not None
    item = evidence.get_item(vault.conn, outcome.item_id)
    assert item.original is not None
    assert item.original.sha256 == hashlib.sha256(data).hexdigest()
    assert item.original.size == len(data)
    assert item.original.imported_at.endswith("Z")
    assert item.original.file_mtime and item.original.import_timezone
    assert item.case_name == "Harcèlement Instagram"
    assert item.annotations.author == "@someone"
    with open_reader(vault.conn, item.id) as reader:
        assert reader.read() == data
        reader.seek(1024 * 1024 - 3)
        assert reader.read(10) == data[1024 * 1024 - 3 : 1024 * 1024 + 7]


def test_media_type_from_content_not_extension(vault: Vault, tmp_path: Path) -> None:
    png = write_png(tmp_path / "photo.jpg")  # a PNG named .jpg
    outcome = import_file(vault, png, case="c")
    assert evidence.get_item(vault.conn, outcome.item_id or 0).original.media_type == "image/png"  # type: ignore[union-attr]


def test_duplicate_is_recorded_not_stored_twice(vault: Vault, tmp_path: Path) -> None:
    a = write_png(tmp_path / "a.png")
    b = tmp_path / "copy-of-a.png"
    b.write_bytes(a.read_bytes())
    first = import_file(vault, a, case="c")
    second = import_file(vault, b, case="c")
    assert second.status == "duplicate" and second.item_id == first.item_id
    assert f"item {first.item_id}" in second.message
    c = vault.conn
    assert c.execute("SELECT count(*) FROM originals").fetchone()[0] == 1
    assert c.execute("SELECT count(*) FROM imports").fetchone()[0] == 2
    assert [e.action for e in vault.custody.entries(first.item_id)][-1] == "import-duplicate"


def test_exif_gps_and_camera_read(vault: Vault, tmp_path: Path) -> None:
    img = Image.new("RGB", (120, 80), "green")
    exif = img.getexif()
    exif[0x010F] = "Samsung"
    exif[0x0110] = "SM-A525F"
    exif[0x0131] = "A525FXXU4BUG1"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:12 21:05:33"
    exif.get_ifd(0x8769)[0x9011] = "+01:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)
    gps[3], gps[4] = "E", (2.0, 21.0, 0.0)
    path = tmp_path / "photo.jpg"
    img.save(path, exif=exif)
    outcome = import_file(vault, path, case="c")
    facts = evidence.get_item(vault.conn, outcome.item_id or 0).original.facts  # type: ignore[union-attr]
    assert facts["camera_make"] == "Samsung" and facts["camera_model"] == "SM-A525F"
    assert facts["exif_datetime_original"] == "2026:11:12 21:05:33"
    assert facts["exif_offset_time_original"] == "+01:00"
    assert facts["gps"] == {"latitude": 48.856667, "longitude": 2.35}
    assert "GPS" in outcome.message
    assert facts["width"] == 120 and facts["readable"] is True


def test_truncated_image_kept_and_flagged(vault: Vault, tmp_path: Path) -> None:
    full = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(full, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(full.getvalue()[: len(full.getvalue()) // 2])
    outcome = import_file(vault, path, case="c")
    assert outcome.status == "imported"
    facts = evidence.get_item(vault.conn, outcome.item_id or 0).original.facts  # type: ignore[union-attr]
    assert facts["readable"] is False and "truncated" in outcome.message


def test_malformed_exif_never_stops_import(vault: Vault, tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")
    path = tmp_path / "badexif.jpg"
    path.write_bytes(buf.getvalue())
    assert import_file(vault, path, case="c").status == "imported"


def test_decompression_bomb_kept_unread(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(path)  # 144 M pixels, tiny file
    outcome = import_file(vault, path, case="c")
    assert outcome.status == "imported"
    facts = evidence.get_item(vault.conn, outcome.item_id or 0).original.facts  # type: ignore[union-attr]
    assert facts["readable"] is False and "bomb" in facts["unreadable_reason"]


@pytest.mark.parametrize("kind", ["missing", "empty", "symlink", "fifo", "directory-as-file"])
def test_bad_files_refused_with_one_sentence_and_vault_unchanged(
    vault: Vault, tmp_path: Path, kind: str
) -> None:
    target = write_png(tmp_path / "real.png")
    path = tmp_path / f"bad-{kind}"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "symlink":
        path.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory-as-file":
        path.mkdir()
    before = _vault_state(vault)
    outcome = import_file(vault, path, case="c")
    assert outcome.status == "refused"
    assert str(path) in outcome.message and "\n" not in outcome.message
    assert _vault_state(vault) == before


def test_csam_category_refused_with_explanation(vault: Vault, tmp_path: Path) -> None:
    before = _vault_state(vault)
    outcome = import_file(vault, write_png(tmp_path / "x.png"), case="c",
                          annotations=Annotations(category="child_sexual_abuse"))
    assert outcome.status == "refused" and "227-23" in outcome.message
    assert _vault_state(vault) == before


def test_folder_is_walked_recursively_without_following_links(tmp_path: Path) -> None:
    root = tmp_path / "captures"
    (root / "sub" / "deeper").mkdir(parents=True)
    write_png(root / "b.png")
    write_png(root / "sub" / "a.png")
    write_png(root / "sub" / "deeper" / "c.png")
    (root / "sub" / "loop").symlink_to(root)  # a directory loop
    (root / ".DS_Store").write_bytes(b"junk")
    files, refused = expand_paths([root])
    names = [f.relative_to(root).as_posix() for f in files]
    assert names == ["b.png", "sub/a.png", "sub/deeper/c.png"]
    assert [r.path for r in refused] == [str(root / "sub" / "loop")]
    assert "symbolic link" in refused[0].message


def test_file_changing_during_import_is_refused(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "growing.bin"
    path.write_bytes(os.urandom(3 * 1024 * 1024))
    before = _vault_state(vault)

    def append_while_reading(done: int, total: int, label: str) -> None:
        if done == 1024 * 1024:
            with open(path, "ab") as fh:
                fh.write(b"more")

    # Drive the same path import_file takes, with a progress callback that writes to the file.
    import evidencekit.core.intake as intake
    from evidencekit.core.intake import check_free_space, open_regular_file, store_stream  # noqa: F401

    original = intake.store_stream

    def store_with_writer(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["progress"] = append_while_reading
        return original(*args, **kwargs)

    intake.store_stream = store_with_writer  # type: ignore[assignment]
    try:
        outcome = import_file(vault, path, case="c")
    finally:
        intake.store_stream = original  # type: ignore[assignment]
    assert outcome.status == "refused" and "changed while it was being read" in outcome.message
    assert _vault_state(vault) == before


def test_too_little_free_space_is_said_in_sizes_a_person_reads(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil as real_shutil

    from evidencekit.core import intake

    small = tmp_path / "note.txt"
    small.write_bytes(b"x" * 1000)
    usage = real_shutil.disk_usage(tmp_path)
    # A disk with 3 MB left (the disk itself is real; only the free figure is lowered).
    monkeypatch.setattr(intake.shutil, "disk_usage",
                        lambda _p: usage._replace(free=3 * 2**20))
    outcome = import_file(vault, small, case="c")
    assert outcome.status == "refused"
    sentence = outcome.message
    assert "(1 KB)" in sentence and "3 MB free" in sentence and "64 MB in reserve" in sentence
    assert "0 MB" not in sentence
    assert list(evidence.list_items(vault.conn, None)) == []
