"""A minor's dossier and bundle never hold her intimate images; an adult's hold them blurred."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from evidencekit.core.errors import UsageError
from evidencekit.core.evidence import find_case, get_item
from evidencekit.core.export_media import export_images
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from evidencekit.dossier.victim import load_info, save_info
from evidencekit.dossier.withheld import adulthood
from evidencekit.importers.batch import ImportOptions, import_one
from tests.protect.fixtures import photo_bytes, whatsapp_zip

CASE = "Karim"


def _case(vault: Vault, tmp_path: Path, birth: str) -> tuple[int, int]:
    outcome = import_one(vault, whatsapp_zip(tmp_path), ImportOptions(
        case=CASE, timezone="Europe/Paris", intimate=True))
    assert outcome.item_id is not None
    case_id = find_case(vault.conn, CASE)
    save_info(vault, case_id, replace(load_info(vault.conn, case_id), birth_date=birth))
    (photo,) = export_images(vault.conn, [outcome.item_id])
    return outcome.item_id, photo


def _birth(years_ago: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years_ago, day=min(today.day, 28)).isoformat()


def _images(pdf: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(str(pdf)).pages:
        for image in page.images:
            sizes.append(image.image.size if image.image is not None else (0, 0))
    return sizes


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


@pytest.mark.parametrize("recipient", ["police", "lawyer", "pharos"])
def test_a_minors_dossier_holds_no_image_and_says_what_was_withheld(
        vault: Vault, tmp_path: Path, recipient: str) -> None:
    _zip_id, photo = _case(vault, tmp_path, _birth(16))
    out = tmp_path / f"{recipient}.pdf"
    render_dossier(vault, DossierRequest(recipient, lang="fr", case=CASE), out)
    assert _images(out) == []
    text = " ".join(_text(out).split())
    sha = get_item(vault.conn, photo).original.sha256  # type: ignore[union-attr]
    assert "Pièces retenues" in text
    assert "images intimes d'une personne mineure ne sont jamais mises dans un document" in text
    assert "3018" in text and "e-Enfance" in text and "Pharos" in text
    assert sha[:32] in text.replace(" ", "")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_moroccan_minors_dossier_and_bundle_name_the_services_in_morocco(
        vault: Vault, tmp_path: Path, lang: str) -> None:
    """A Moroccan victim is pointed to EMC-Helpline and the police (19), not to the French 3018
    and Pharos she cannot use."""
    _case(vault, tmp_path, _birth(16))
    out = tmp_path / "ma-police.pdf"
    render_dossier(vault, DossierRequest("ma-police", lang=lang, case=CASE), out)
    assert _images(out) == []
    text = " ".join(_text(out).split())
    assert "EMC-Helpline" in text and "cyberconfiance.ma/helpline" in text
    assert "3018" not in text and "internet-signalement" not in text
    bundle = tmp_path / "ma-police.zip"
    export_bundle(vault, DossierRequest("ma-police", lang=lang, case=CASE), bundle)
    with zipfile.ZipFile(bundle) as zf:
        for name in ("LISEZMOI.txt", "README.txt"):
            readme = zf.read(name).decode("utf-8")
            assert "EMC-Helpline" in readme and "(19)" in readme, name
            assert "3018" not in readme, name


def test_the_lawyers_bordereau_marks_the_withheld_pieces(vault: Vault, tmp_path: Path) -> None:
    """The bordereau keeps the withheld piece's number, but says its file is not joined, in the
    PDF and in the CSV the lawyer edits."""
    zip_id, photo = _case(vault, tmp_path, _birth(16))
    out = tmp_path / "lawyer.pdf"
    render_dossier(vault, DossierRequest("lawyer", lang="fr", case=CASE), out)
    text = " ".join(_text(out).split())
    assert "retenue, non jointe (image intime d'une mineure)" in text
    csv_text = (tmp_path / "lawyer-bordereau.csv").read_text(encoding="utf-8-sig")
    marked = [row for row in csv_text.splitlines() if "retenue, non jointe" in row]
    assert marked and all("WhatsApp" in row or "PHOTO" in row for row in marked), marked


def test_an_adults_dossier_shows_the_image_only_blurred(vault: Vault, tmp_path: Path) -> None:
    _case(vault, tmp_path, _birth(30))
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), out)
    sizes = _images(out)
    assert sizes, "the blurred image is shown"
    assert all(max(size) <= 160 for size in sizes), sizes  # the strongly blurred tile only
    assert "Pièces retenues" not in _text(out)


def test_a_minors_bundle_copies_neither_the_photo_nor_the_zip_holding_it(
        vault: Vault, tmp_path: Path) -> None:
    zip_id, photo = _case(vault, tmp_path, _birth(15))
    out = tmp_path / "bundle.zip"
    export_bundle(vault, DossierRequest("police", lang="fr", case=CASE), out)
    assert verify_bundle(out).ok
    raw = photo_bytes()
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        for name in names:
            data = zf.read(name)
            assert raw not in data and raw[200:264] not in data, name
            if name.endswith(".zip"):
                raise AssertionError(f"an export zip was copied: {name}")
        manifest = json.loads(zf.read("manifest.json"))
        readme = zf.read("LISEZMOI.txt").decode("utf-8")
    held = {e["item_id"]: e for e in manifest["exhibits"] if e.get("withheld")}
    assert zip_id in held and held[zip_id]["file"] is None
    assert "PIÈCES RETENUES" in readme and "3018" in readme
    assert "ATTENTION - IMAGES INTIMES" not in readme  # nothing intimate is inside


def test_birth_date_checked_and_the_29_february_case(vault: Vault) -> None:
    from evidencekit.core.evidence import ensure_case

    with vault.transaction() as conn:
        case_id = ensure_case(conn, CASE)
    for bad in ("23/04/2009", "2009-4-23", "3000-01-01", "yesterday"):
        with pytest.raises(UsageError, match="YEAR-MONTH-DAY|ANNÉE"):
            save_info(vault, case_id, replace(load_info(vault.conn, case_id), birth_date=bad))
    assert adulthood(date(2008, 2, 29)) == date(2026, 3, 1)
    assert adulthood(date(2009, 4, 23)) == date(2027, 4, 23)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fuzz_birth_dates_are_a_past_date_or_nothing(text: str) -> None:
    from evidencekit.dossier.victim import parse_birth_date

    day = parse_birth_date(text)
    assert day is None or (day <= date.today() and day.isoformat() == text.strip())


def test_after_a_child_abuse_erasure_the_dossier_still_quotes_the_chat(vault: Vault,
                                                                      tmp_path: Path) -> None:
    from evidencekit.core.export_media import erase_child_abuse

    zip_id, photo = _case(vault, tmp_path, "")
    with vault.transaction() as conn:
        erase_child_abuse(conn, photo, url="https://example.invalid/a")
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), out)
    text = " ".join(_text(out).split())
    assert "Envoie une photo" in text and "Arrête" in text  # the harassment is still there
    assert "https://example.invalid/a" in text  # the address of what was erased is a piece
    assert _images(out) == []
    bundle = tmp_path / "b.zip"
    export_bundle(vault, DossierRequest("police", lang="fr", case=CASE), bundle)
    assert verify_bundle(bundle).ok
    with zipfile.ZipFile(bundle) as zf:
        assert not [n for n in zf.namelist() if n.startswith("originals/")]
        assert all(photo_bytes() not in zf.read(n) for n in zf.namelist())
    assert get_item(vault.conn, zip_id).removal is not None


def test_an_adults_bundle_warns_that_the_chat_zip_holds_an_intimate_photo(
        vault: Vault, tmp_path: Path) -> None:
    zip_id, _photo = _case(vault, tmp_path, _birth(30))
    out = tmp_path / "bundle.zip"
    export_bundle(vault, DossierRequest("lawyer", lang="fr", case=CASE), out)
    with zipfile.ZipFile(out) as zf:
        readme = zf.read("LISEZMOI.txt").decode("utf-8")
        manifest = json.loads(zf.read("manifest.json"))
    entry = next(e for e in manifest["exhibits"] if e["item_id"] == zip_id)
    assert entry["holds_sensitive_media"] is True and entry["file"]  # the adult's zip is joined
    assert "ATTENTION - IMAGES INTIMES" in readme
    assert f"pièces {entry['number']}" in readme
