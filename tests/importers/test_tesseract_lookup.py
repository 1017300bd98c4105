"""Finding Tesseract on Linux, Windows and macOS, frozen or not, tested here on Linux.

The lookup takes the platform, the environment and the bundle folder as arguments, so each OS's
places are tried with real files in a temporary folder standing for `C:\\Program Files`,
`/opt/homebrew/bin` or a PyInstaller bundle's `sys._MEIPASS`.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from evidencekit import i18n
from evidencekit.importers import ocr
from evidencekit.importers.tesseract_lookup import (
    find_tesseract,
    install_hint,
    search_path,
    usual_places,
)


def program(path: Path, *, executable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho 'tesseract 5.9.9-fake'\n")
    mode = stat.S_IRUSR | stat.S_IWUSR | (stat.S_IXUSR if executable else 0)
    path.chmod(mode)
    return path


def test_a_bundled_copy_wins_and_reads_its_own_language_data(tmp_path: Path) -> None:
    bundle = tmp_path / "_MEIPASS"
    exe = program(bundle / "tesseract" / "tesseract")
    (bundle / "tesseract" / "tessdata").mkdir()
    on_path = program(tmp_path / "bin" / "tesseract")
    found = find_tesseract(platform="linux", environ={"PATH": str(on_path.parent)},
                           bundle_dir=bundle, usual=[])
    assert found is not None and found.bundled
    assert found.program == exe
    assert found.env == {"TESSDATA_PREFIX": str(bundle / "tesseract" / "tessdata")}


def test_a_unix_style_bundle_with_bin_and_share(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    exe = program(bundle / "tesseract" / "bin" / "tesseract")
    (bundle / "tesseract" / "share" / "tessdata").mkdir(parents=True)
    found = find_tesseract(platform="darwin", environ={}, bundle_dir=bundle, usual=[])
    assert found is not None and found.program == exe
    assert found.env["TESSDATA_PREFIX"].endswith("share/tessdata")


def test_path_entries_that_are_relative_or_empty_are_never_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The current folder may be the folder of evidence being imported: a planted "tesseract"
    # there must not run.
    monkeypatch.chdir(tmp_path)
    program(tmp_path / "tesseract")
    program(tmp_path / "sub" / "tesseract")
    assert search_path("tesseract", ":.:sub::", "linux") is None
    assert find_tesseract(platform="linux", environ={"PATH": ".:sub:"}, bundle_dir="",
                          usual=[]) is None


def test_a_file_without_the_execute_bit_is_not_a_program_on_unix(tmp_path: Path) -> None:
    program(tmp_path / "bin" / "tesseract", executable=False)
    assert search_path("tesseract", str(tmp_path / "bin"), "linux") is None


def test_windows_program_files_and_per_user_install(tmp_path: Path) -> None:
    program_files = tmp_path / "Program Files"
    local = tmp_path / "Local"
    env = {"ProgramFiles": str(program_files), "LOCALAPPDATA": str(local), "PATH": ""}
    places = usual_places("win32", env)
    assert places == [program_files / "Tesseract-OCR" / "tesseract.exe",
                      local / "Programs" / "Tesseract-OCR" / "tesseract.exe"]
    # Windows has no execute bit; the per-user installer's copy is found without PATH.
    exe = program(local / "Programs" / "Tesseract-OCR" / "tesseract.exe", executable=False)
    found = find_tesseract(platform="win32", environ=env, bundle_dir="")
    assert found is not None and found.program == exe and not found.bundled


def test_windows_path_uses_semicolons_and_quotes(tmp_path: Path) -> None:
    exe = program(tmp_path / "Tess OCR" / "tesseract.exe", executable=False)
    value = f'C:\\nowhere;"{exe.parent}";'
    assert search_path("tesseract.exe", value, "win32") == exe


def test_macos_looks_in_homebrew_and_macports_not_only_usr() -> None:
    places = [str(p) for p in usual_places("darwin", {})]
    assert places[0] == "/opt/homebrew/bin/tesseract"
    assert "/opt/local/bin/tesseract" in places
    assert not any(p.startswith("/usr/bin") for p in places)


def test_nothing_found_means_ocr_is_off() -> None:
    assert find_tesseract(platform="linux", environ={"PATH": ""}, bundle_dir="",
                          usual=[]) is None


@pytest.mark.parametrize(("lang", "platform", "words"), [
    ("fr", "linux", "apt install tesseract-ocr"),
    ("fr", "win32", "UB Mannheim"),
    ("fr", "darwin", "brew install tesseract"),
    ("ar", "linux", "apt install tesseract-ocr"),
    ("ar", "darwin", "brew install tesseract"),
])
def test_the_install_sentence_is_in_the_ui_language(lang: str, platform: str,
                                                    words: str) -> None:
    i18n.set_language(lang)
    try:
        sentence = install_hint(platform)
    finally:
        i18n.set_language("en")
    assert words in sentence
    english = install_hint(platform)
    assert sentence != english, f"{lang} falls back to English"
    if lang == "ar":
        assert any("\u0600" <= c <= "\u06ff" for c in sentence)


@pytest.mark.skipif(sys.platform != "linux", reason="runs a shell script as the program")
def test_ocr_runs_the_program_it_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A frozen build's bundled copy, standing in as sys._MEIPASS: OCR runs it, not the system's.
    bundle = tmp_path / "bundle"
    exe = bundle / "tesseract" / "tesseract"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'tesseract 9.9-bundled';"
                   " else cat >/dev/null; printf 'read by the bundled copy %s' "
                   "\"$TESSDATA_PREFIX\"; fi\n")
    exe.chmod(0o700)
    (exe.parent / "tessdata").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert ocr.available()
    assert ocr.tool_version() == "tesseract 9.9-bundled"
    assert ocr.recognise(b"\x89PNG") == f"read by the bundled copy {exe.parent / 'tessdata'}"

