"""The command line: import --intimate/--not-intimate, victim --birth, erase-child-abuse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from tests.protect.fixtures import whatsapp_zip


def _ids(cli, what: str) -> list[int]:  # type: ignore[no-untyped-def]
    import json

    listed = json.loads(cli("list", "--json").out)
    rows = listed["items"] if isinstance(listed, dict) else listed
    return [int(r["id"]) for r in rows if what in str(r.get("original_name") or r)]


def test_import_intimate_then_a_minors_dossier_and_an_erasure(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    done = cli("import", "--intimate", str(whatsapp_zip(tmp_path)))
    assert done.code == 0, done.err
    assert "marked sensitive" in done.out
    born = date.today().replace(year=date.today().year - 14, day=1).isoformat()
    bad = cli("victim", "--birth", "14/02/2011")
    assert bad.code == 2 and "YEAR-MONTH-DAY" in bad.err and "Traceback" not in bad.err
    assert cli("victim", "--birth", born).code == 0
    assert born in cli("victim").out
    assert "dossier-info-changed" in cli("log").out
    out = tmp_path / "police.pdf"
    made = cli("export", "dossier", "--recipient", "police", "--out", str(out))
    assert made.code == 0, made.err
    reader = PdfReader(str(out))
    assert sum(len(p.images) for p in reader.pages) == 0
    assert "Pièces retenues" in " ".join(p.extract_text() or "" for p in reader.pages)
    (photo,) = _ids(cli, "PHOTO")
    erased = cli("erase-child-abuse", str(photo), "--url", "https://example.invalid/x")
    assert erased.code == 0, erased.err
    assert erased.out.count("its file was erased") == 2  # the photo and the zip holding it
    assert cli("verify").code == 0


def test_import_without_the_flag_keeps_todays_behaviour_with_a_hint(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    done = cli("import", str(whatsapp_zip(tmp_path)))
    assert done.code == 0 and "If some may be intimate" in done.out
    quiet = cli("import", "--not-intimate",
                str(whatsapp_zip(tmp_path, "other.zip", colour=(10, 200, 90))))
    assert quiet.code == 0 and "1 imported" in quiet.out
    assert "If some may be intimate" not in quiet.out
    both = cli("import", "--intimate", "--not-intimate", str(tmp_path / "other.zip"))
    assert both.code == 2


def test_intimate_on_a_lone_photo_marks_it_so_a_minors_photo_is_withheld(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`import --intimate photo.jpg` once marked nothing (only images *inside* an export were
    marked): the photo of a minor, taken at 17 and imported at 18, went into the police dossier."""
    from PIL import Image

    today = date.today()
    born = today.replace(year=today.year - 18, day=1) if today.day > 1 else today.replace(
        year=today.year - 18, month=max(1, today.month - 1), day=1)
    taken = born.replace(year=born.year + 17)  # a year before her 18th birthday
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d 22:10:00")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (200, 120, 90)).save(photo, "JPEG", exif=exif.tobytes())
    assert cli("init", "--no-recovery-key").code == 0
    assert cli("import", "--intimate", "--case", "Inès", str(photo)).code == 0
    assert cli("victim", "--case", "Inès", "--birth", born.isoformat()).code == 0
    out = tmp_path / "police.pdf"
    made = cli("export", "dossier", "--recipient", "police", "--case", "Inès", "--out", str(out))
    assert made.code == 0, made.err
    reader = PdfReader(str(out))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert sum(len(p.images) for p in reader.pages) == 0
    assert "Pièces retenues" in text and taken.isoformat() in text
    assert "227-23 du code pénal" in text  # the French recipient is told which law forbids it
    ma = tmp_path / "emc.pdf"
    made = cli("export", "dossier", "--recipient", "emc", "--lang", "fr", "--case", "Inès",
               "--out", str(ma))
    assert made.code == 0, made.err
    ma_text = " ".join(p.extract_text() or "" for p in PdfReader(str(ma)).pages)
    assert "Pièces retenues" in ma_text and "227-23" not in ma_text  # no French law in Morocco
