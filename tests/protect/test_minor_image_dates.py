"""Whether an intimate image is a minor's is decided by when it was made or sent, not by when it
reached the vault: a photo taken at 17 and imported at 19 is withheld, and the notice says which
date was used. The photos and chats are written here, with dates counted from today."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from evidencekit.core.evidence import annotate, find_case, get_item
from evidencekit.core.export_media import export_images
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.victim import load_info, save_info
from evidencekit.dossier.withheld import DatedFact, adulthood, decide, withholding
from evidencekit.importers.batch import ImportOptions, import_one

CASE = "Karim"
TODAY = date.today()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Nineteen and two months old today; her eighteenth birthday was fourteen months ago.
BIRTH = years_before(TODAY, 19) - timedelta(days=61)
TAKEN = adulthood(BIRTH) - timedelta(days=200)  # seventeen, about twenty months ago


def exif_photo(taken: date) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), (200, 60, 90))
    draw = ImageDraw.Draw(img)
    for n in range(0, 320, 20):
        draw.rectangle((n, 0, n + 9, 239), fill=(20, 20, 20))
    exif = Image.Exif()
    exif[0x0110] = "Pixel 7"  # Model
    exif.get_ifd(0x8769)[0x9003] = f"{taken:%Y:%m:%d} 14:30:00"  # DateTimeOriginal
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def _record_birth(vault: Vault, birth: date) -> None:
    case_id = find_case(vault.conn, CASE)
    save_info(vault, case_id, replace(load_info(vault.conn, case_id), birth_date=birth.isoformat()))


def _intimate_photo(vault: Vault, tmp_path: Path, taken: date) -> int:
    path = tmp_path / "IMG_20240501_143000.jpg"
    path.write_bytes(exif_photo(taken))
    outcome = import_one(vault, path, ImportOptions(case=CASE))
    assert outcome.item_id is not None, outcome.message
    with vault.transaction() as conn:
        annotate(conn, outcome.item_id, sensitive=True)
    assert get_item(vault.conn, outcome.item_id).original.facts[  # type: ignore[union-attr]
        "exif_datetime_original"].startswith(f"{taken:%Y:%m:%d}")
    return outcome.item_id


def _pdf(path: Path) -> tuple[str, list[object]]:
    reader = PdfReader(str(path))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    return text, [image for p in reader.pages for image in p.images]


def test_a_photo_taken_at_17_and_imported_at_19_is_withheld(vault: Vault, tmp_path: Path) -> None:
    photo = _intimate_photo(vault, tmp_path, TAKEN)
    _record_birth(vault, BIRTH)
    held = withholding(vault.conn, find_case(vault.conn, CASE), load_info(
        vault.conn, find_case(vault.conn, CASE)))
    assert photo in held.images
    image = held.images[photo]
    assert image.used == DatedFact("captured", TAKEN)
    assert [f.kind for f in image.adult_dates] == ["imported"]  # the dates disagree

    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), out)
    text, images = _pdf(out)
    assert images == []  # not even blurred
    assert "Pièces retenues" in text
    assert (f"Date retenue : prise de vue par l'appareil (EXIF), le {TAKEN:%Y-%m-%d} ; "
            "la victime était alors mineure.") in text
    # The import's day in the case's zone (Europe/Paris for a French recipient), as its fiche.
    paris_today = datetime.now(ZoneInfo("Europe/Paris")).date()
    assert f"Ses autres dates (import dans le coffre, {paris_today:%Y-%m-%d})" in text
    assert "l'image est retenue malgré tout" in text


def test_the_notice_in_english_and_arabic(vault: Vault, tmp_path: Path) -> None:
    _intimate_photo(vault, tmp_path, TAKEN)
    _record_birth(vault, BIRTH)
    for lang, words in (("en", f"Date used: taken by the device (EXIF), {TAKEN:%Y-%m-%d}; the "
                               "victim was then a minor."),
                        ("ar", "التاريخ المعتمد")):
        out = tmp_path / f"lawyer-{lang}.pdf"
        render_dossier(vault, DossierRequest("lawyer", lang=lang, case=CASE), out)
        text, images = _pdf(out)
        assert images == [] and words in text, lang
        assert f"{TAKEN:%Y-%m-%d}" in text


def test_the_bundle_names_the_date_used(vault: Vault, tmp_path: Path) -> None:
    photo = _intimate_photo(vault, tmp_path, TAKEN)
    _record_birth(vault, BIRTH)
    out = tmp_path / "bundle.zip"
    export_bundle(vault, DossierRequest("police", lang="fr", case=CASE), out)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert not [n for n in zf.namelist() if n.startswith("originals/")]
        readme = zf.read("LISEZMOI.txt").decode("utf-8")
    entry = next(e for e in manifest["exhibits"] if e["item_id"] == photo)
    assert entry["file"] is None and entry["withheld"]
    assert entry["withheld_dates"] == [{"item_id": photo, "kind": "captured",
                                        "date_used": TAKEN.isoformat()}]
    assert "prises, envoyées ou conservées" in readme


def test_a_photo_taken_as_an_adult_is_shown_blurred(vault: Vault, tmp_path: Path) -> None:
    _intimate_photo(vault, tmp_path, adulthood(BIRTH) + timedelta(days=30))
    _record_birth(vault, BIRTH)
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), out)
    text, images = _pdf(out)
    assert images and "Pièces retenues" not in text


def _chat_zip(folder: Path, sent: date) -> Path:
    """A WhatsApp export whose photo was sent on `sent` (no EXIF: WhatsApp strips it)."""
    from tests.protect.fixtures import photo_bytes

    name = "00000012-PHOTO.jpg"
    chat = (f"[{sent:%d/%m/%Y} 21:05:01] Karim: Envoie une photo\n"
            f"[{sent:%d/%m/%Y} 21:06:02] Lina: \u200e<pièce jointe : {name}>\n"
            f"[{sent:%d/%m/%Y} 21:07:00] Karim: Merci\n")
    path = folder / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", chat.encode("utf-8"))
        zf.writestr(name, photo_bytes())
    return path


def test_a_photo_sent_at_17_in_a_chat_imported_at_19(vault: Vault, tmp_path: Path) -> None:
    sent = TAKEN + timedelta(days=100)  # still seventeen
    outcome = import_one(vault, _chat_zip(tmp_path, sent), ImportOptions(
        case=CASE, timezone="Europe/Paris", intimate=True))
    assert outcome.item_id is not None, outcome.message
    (photo,) = export_images(vault.conn, [outcome.item_id])
    _record_birth(vault, BIRTH)
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), out)
    text, images = _pdf(out)
    assert images == []
    assert f"Date retenue : envoi, le {sent:%Y-%m-%d}" in text
    case_id = find_case(vault.conn, CASE)
    held = withholding(vault.conn, case_id, load_info(vault.conn, case_id))
    assert held.images[photo].used == DatedFact("sent", sent)
    assert held.hides(outcome.item_id)  # the zip holding it is withheld too


@pytest.mark.parametrize(("dates", "used", "adult"), [
    # No event date: the import date decides.
    ([DatedFact("imported", TAKEN)], "imported", []),
    # A capture time claiming adulthood cannot clear an image imported while she was a minor.
    ([DatedFact("captured", TODAY), DatedFact("imported", TAKEN)], "imported", ["captured"]),
    # A camera clock before her birth, or in the future, says nothing about her age.
    ([DatedFact("captured", BIRTH - timedelta(days=1)), DatedFact("imported", TODAY)], None, []),
    ([DatedFact("captured", TODAY + timedelta(days=400)), DatedFact("imported", TAKEN)],
     "imported", []),
    ([], "none", []),
])
def test_which_date_decides(dates: list[DatedFact], used: str | None, adult: list[str]) -> None:
    verdict = decide(dates, BIRTH, TODAY)
    if used is None:
        assert verdict is None
        return
    assert verdict is not None
    fact, disagreeing = verdict
    assert (fact.kind if fact else "none") == used
    assert [f.kind for f in disagreeing] == adult
