"""The command-line contract of design.md: commands, JSON shapes, exit codes, error lines."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.conftest import PASSPHRASE, write_png


def test_init_creates_vault_and_refuses_to_overwrite(cli, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--no-recovery-key")
    assert result.code == 0, result.err
    assert "Vault created" in result.out
    assert stat.S_IMODE(vault_dir.stat().st_mode) == 0o700
    again = cli("init", "--no-recovery-key")
    assert again.code == 2 and again.err.startswith("error:") and "already exists" in again.err


def test_init_default_location_is_platform_data_folder(cli) -> None:  # type: ignore[no-untyped-def]
    import os

    result = cli("init", "--no-recovery-key", vault=None)
    assert result.code == 0, result.err
    expected = Path(os.environ["XDG_DATA_HOME"]) / "evidencekit" / "vault"
    assert (expected / "vault.db").exists()


def test_init_with_recovery_key_prints_it_once(cli, vault_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--recovery-key", "--json")
    key = json.loads(result.out)["recovery_key"]
    assert key and key.count("-") >= 8
    assert cli("list").out.count(key) == 0
    # The recovery key lets a user who forgot the passphrase set a new one.
    new_pass = tmp_path / "lines.txt"
    new_pass.write_text(f"{key}\nmy new long passphrase here\n")
    assert cli("passwd", "--recovery", passphrase=new_pass).code == 0
    after = tmp_path / "after.txt"
    after.write_text("my new long passphrase here\n")
    assert cli("list", passphrase=after).code == 0


def test_a_revoked_recovery_key_cannot_take_the_vault_over(cli, vault_dir: Path,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    old_key = json.loads(cli("init", "--recovery-key", "--json").out)["recovery_key"]
    stolen = (vault_dir / "keyslots.json").read_bytes()
    replaced = cli("recovery-key", "--json")
    assert replaced.code == 0, replaced.err
    new_key = json.loads(replaced.out)["recovery_key"]
    assert new_key != old_key
    # An old copy of the key file with the old recovery key: `passwd --recovery` must fail.
    (vault_dir / "keyslots.json").write_bytes(stolen)
    takeover = tmp_path / "takeover.txt"
    takeover.write_text(f"{old_key}\nthe attacker's own long passphrase\n")
    result = cli("passwd", "--recovery", passphrase=takeover)
    assert result.code == 4, result.err
    assert result.err.startswith("error:") and "Traceback" not in result.err


def test_removing_the_recovery_key_says_what_old_copies_still_open(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--recovery-key", "--json")
    result = cli("recovery-key", "--remove")
    assert result.code == 0, result.err
    assert "re-encrypted" in result.out and "Copies of the vault folder" in result.out


def test_weak_passphrase_refused_for_scripts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    weak = tmp_path / "weak.txt"
    weak.write_text("1234\n")
    result = cli("init", "--no-recovery-key", passphrase=weak)
    assert result.code == 2 and "too easy to guess" in result.err


def test_import_list_show_json_contract(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    a = write_png(tmp_path / "capture 1.png", "red")
    folder = tmp_path / "Captures"
    (folder / "nested").mkdir(parents=True)
    write_png(folder / "b.png", "blue")
    write_png(folder / "nested" / "c.png", "green")
    result = cli("import", str(a), str(folder), "--case", "Harcèlement Instagram",
                 "--platform", "instagram", "--url", "https://www.instagram.com/p/Cx1/",
                 "--author", "@someone", "--json", "--no-ocr")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert len(doc["imported"]) == 3 and doc["refused"] == []
    for item in doc["imported"]:
        for key in ("id", "kind", "sha256", "size", "original_name", "media_type", "imported_at"):
            assert key in item
        assert item["imported_at"].endswith("Z")
        assert item["annotations"]["author"] == "@someone"
    listed = json.loads(cli("list", "--json", "--case", "Harcèlement Instagram").out)["items"]
    assert [i["original_name"] for i in listed] == ["capture 1.png", "b.png", "c.png"]
    shown = json.loads(cli("show", "1", "--json").out)
    assert shown["sha256"] == listed[0]["sha256"]
    assert [e["action"] for e in shown["custody"]] == ["import"]
    text = cli("show", "1").out
    assert listed[0]["sha256"] in text and "instagram" in text


def test_second_import_is_reported_and_logged(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    a = write_png(tmp_path / "a.png")
    cli("import", str(a))
    again = cli("import", str(a))
    assert again.code == 0 and "already in the vault as item 1" in again.out
    log = json.loads(cli("log", "--json").out)["entries"]
    assert any(e["action"] == "import-duplicate" and e["item_id"] == 1 for e in log)


def test_bad_input_in_batch_exit_3_rest_imported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    good = write_png(tmp_path / "good.png")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.png"
    result = cli("import", str(empty), str(good), str(missing))
    assert result.code == 3
    errors = result.err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("error:") for line in errors)
    assert "Traceback" not in result.err
    assert str(empty) in result.err and str(missing) in result.err
    assert len(json.loads(cli("list", "--json").out)["items"]) == 1


def test_wrong_passphrase_exit_4_and_reported_next_time(cli, tmp_path: Path, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    result = cli("list", passphrase=wrong)
    assert result.code == 4
    assert result.err.strip() == f"error: wrong passphrase for vault {vault_dir}"
    ok = cli("list")
    assert ok.code == 0 and "1 failed unlock attempt(s) since your last visit" in ok.err


def test_missing_vault_message(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("list")
    assert result.code != 0 and result.err.startswith("error:") and "evidencekit init" in result.err


def test_passphrase_from_stdin(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    result = cli("--passphrase-stdin", "list", "--json", passphrase=None, stdin=PASSPHRASE + "\n")
    assert result.code == 0 and json.loads(result.out) == {"items": []}


def test_passwd_changes_passphrase(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    lines = tmp_path / "two.txt"
    lines.write_text(f"{PASSPHRASE}\nan entirely new passphrase\n")
    result = cli("passwd", passphrase=lines)
    assert result.code == 0, result.err
    assert cli("list").code == 4
    new = tmp_path / "new.txt"
    new.write_text("an entirely new passphrase\n")
    assert cli("list", passphrase=new).code == 0
    entries = json.loads(cli("log", "--json", passphrase=new).out)["entries"]
    assert "passphrase-changed" in [e["action"] for e in entries]


def test_verify_ok_journal_url_annotate_remove(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    cli("import", str(write_png(tmp_path / "a.png")))
    journal = cli("journal", "--case", "Default", "--at", "2026-11-12T21:05:00+01:00",
                  "--title", "Appel anonyme", stdin="Il m'a appelé trois fois cette nuit.\n")
    assert journal.code == 0, journal.err
    url = cli("add-url", "https://example.org/x", "--category", "child_sexual_abuse",
              "--description", "compte qui publie des images d'enfants")
    assert url.code == 0, url.err
    assert cli("annotate", "1", "--url", "https://t.co/x", "--sensitive").code == 0
    assert cli("search", "appele").out.count("item 2") == 1
    verify = cli("verify", "--json")
    assert verify.code == 0 and json.loads(verify.out)["ok"] is True
    assert cli("remove", "1", "--reason", "doublon").code == 0
    shown = json.loads(cli("show", "1", "--json").out)
    assert shown["removed"]["reason"] == "doublon"
    assert cli("verify").code == 0


def test_csam_import_refused_with_explanation(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-recovery-key")
    result = cli("import", str(write_png(tmp_path / "x.png")), "--category", "child_sexual_abuse")
    assert result.code == 3 and "227-23" in result.err and "add-url" in result.err


def test_usage_errors_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import").code == 2
    assert cli("frobnicate").code == 2
    result = cli("import", "x", "--category", "nonsense")
    assert result.code == 2 and "Unknown category" in result.err


def test_ocr_makes_screenshot_text_searchable(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Tesseract reads the screenshot; its text is a derived object and is found by search."""
    from PIL import Image, ImageDraw, ImageFont

    from evidencekit.paths import resource

    image = Image.new("RGB", (900, 160), "white")
    font = ImageFont.truetype(str(resource("fonts", "NotoSans-Regular.ttf")), 40)
    ImageDraw.Draw(image).text((20, 50), "Je vais te menacer demain", fill="black", font=font)
    shot = tmp_path / "capture.png"
    image.save(shot)
    cli("init", "--no-recovery-key")
    result = cli("import", str(shot))
    assert result.code == 0 and "Text read (OCR) in 1 image" in result.out
    shown = json.loads(cli("show", "1", "--json").out)
    assert [d["kind"] for d in shown["derived"]] == ["ocr"]
    found = json.loads(cli("search", "MENACE", "--json").out)["results"]
    assert found and found[0]["kind"] == "ocr" and found[0]["item_id"] == 1


def test_no_display_gives_one_sentence(tmp_path: Path) -> None:
    """`evidencekit` with no arguments on a machine without a screen explains, no Qt abort."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "evidencekit"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:") and "display" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
