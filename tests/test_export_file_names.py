"""Suggested export names: per recipient, case and day, never the name of a file already there."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.gui.export.file_names import (
    existing_files,
    free_path,
    free_variant,
    slug,
    suggested_name,
    written_files,
)

DAY = date(2026, 12, 6)


def test_suggested_name_says_who_which_case_and_when() -> None:
    assert suggested_name("police", "Karim", DAY) == "police-karim-2026-12-06.pdf"
    assert suggested_name("lawyer", "Compte @insta / faux", DAY, 3) == \
        "lawyer-compte-@insta-faux-2026-12-06-3.pdf"
    assert suggested_name("emc", "  ملف كريم ", DAY) == "emc-ملف-كريم-2026-12-06.pdf"


def test_slug_of_bad_case_names() -> None:
    assert slug("") == "case"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("a\x00b\nc") == "a-b-c"
    assert slug("...") == "case"
    assert len(slug("x" * 500)) == 40
    assert slug("karim\u202egnp.exe") == "karimgnp.exe"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_slug_is_always_one_harmless_file_name_part(text: str) -> None:
    part = slug(text)
    assert part and len(part) <= 40
    assert not any(c in part for c in '/\\:*?"<>|\x00\n\r\t ')
    assert part not in (".", "..") and not part.startswith(".")
    assert not any(unicodedata.category(c) in ("Cf", "Cc", "Cs") for c in part)


def test_every_file_an_export_writes_is_counted(tmp_path: Path) -> None:
    pdf = tmp_path / "d.pdf"
    assert written_files(pdf, "police", False, False) == [pdf]
    assert [p.name for p in written_files(pdf, "lawyer", True, False)] == [
        "d.pdf", "d-bordereau.csv", "d-bordereau.odt", "d.zip"]
    assert written_files(pdf, "police", True, True)[-1].name == "d.zip.age"
    assert len(written_files(pdf, "pharos", False, False)) == 2


def test_free_path_skips_any_name_whose_files_exist(tmp_path: Path) -> None:
    assert free_path(tmp_path, "police", "Karim", DAY).name == "police-karim-2026-12-06.pdf"
    # Only the bundle of the first name is there: the PDF name is still taken.
    (tmp_path / "police-karim-2026-12-06.zip").write_bytes(b"zip")
    assert free_path(tmp_path, "police", "Karim", DAY).name == "police-karim-2026-12-06-2.pdf"
    (tmp_path / "police-karim-2026-12-06-2.pdf").write_bytes(b"pdf")
    assert free_path(tmp_path, "police", "Karim", DAY).name == "police-karim-2026-12-06-3.pdf"
    # A dangling link counts as taken too: writing through it would land somewhere else.
    (tmp_path / "police-karim-2026-12-06-3.pdf").symlink_to(tmp_path / "nowhere")
    assert free_path(tmp_path, "police", "Karim", DAY).name == "police-karim-2026-12-06-4.pdf"


def test_free_variant_beside_a_name_the_user_picked(tmp_path: Path) -> None:
    mine = tmp_path / "plainte.pdf"
    mine.write_bytes(b"1")
    (tmp_path / "plainte-2-bordereau.odt").write_bytes(b"2")
    assert existing_files(mine, "lawyer", False, False) == [mine]
    assert free_variant(mine, "lawyer", False, False).name == "plainte-3.pdf"
    assert free_variant(mine, "police", False, False).name == "plainte-2.pdf"
