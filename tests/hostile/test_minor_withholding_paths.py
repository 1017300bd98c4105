"""Other ways a minor's intimate image could reach a bundle: another case holding the chat
export that carries the photo, and an item filed as intimate whose bytes are not a bare image."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from evidencekit.core.evidence import annotate, find_case, list_items
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from evidencekit.dossier.victim import load_info, save_info
from evidencekit.importers.batch import ImportOptions, import_one
from tests.protect.fixtures import PHOTO, photo_bytes, whatsapp_zip


def _minor() -> str:
    today = date.today()
    return today.replace(year=today.year - 15, day=min(today.day, 28)).isoformat()


def _set_minor(vault: Vault, case: str) -> None:
    case_id = find_case(vault.conn, case)
    save_info(vault, case_id, replace(load_info(vault.conn, case_id), birth_date=_minor()))


def _bundle_holds(vault: Vault, tmp_path: Path, case: str, raw: bytes) -> list[str]:
    out = tmp_path / f"{case}.zip"
    export_bundle(vault, DossierRequest("police", lang="fr", case=case), out)
    assert verify_bundle(out).ok
    found = []
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if raw[200:264] in data:
                found.append(name)
            if name.endswith(".zip"):
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    found += [f"{name}!{n}" for n in inner.namelist()
                              if raw[200:264] in inner.read(n)]
    return found


def test_a_photo_marked_in_one_case_is_withheld_from_a_chat_zip_in_another(
        vault: Vault, tmp_path: Path) -> None:
    # The photo first came on its own (case "Inconnu"), marked sensitive there; later the chat
    # export holding the same photo is filed under "Karim". The photo is stored once.
    photo = tmp_path / PHOTO
    photo.write_bytes(photo_bytes())
    first = import_one(vault, photo, ImportOptions(case="Inconnu"))
    assert first.item_id is not None
    with vault.transaction() as conn:
        annotate(conn, first.item_id, sensitive=True)
    import_one(vault, whatsapp_zip(tmp_path), ImportOptions(case="Karim", intimate=False,
                                                            timezone="Europe/Paris"))
    _set_minor(vault, "Karim")
    assert _bundle_holds(vault, tmp_path, "Karim", photo_bytes()) == []
    pdf = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case="Karim"), pdf)
    assert [im for page in PdfReader(str(pdf)).pages for im in page.images] == []


def test_an_item_filed_as_intimate_images_is_withheld_whatever_its_type(
        vault: Vault, tmp_path: Path) -> None:
    # A zip of photos the blackmailer sent, kept as it came: filed under "intimate images".
    held = tmp_path / "photos.zip"
    with zipfile.ZipFile(held, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.jpg", photo_bytes())
    outcome = import_one(vault, held, ImportOptions(case="Karim"))
    assert outcome.item_id is not None
    with vault.transaction() as conn:
        annotate(conn, outcome.item_id, category="intimate_images")
    _set_minor(vault, "Karim")
    assert _bundle_holds(vault, tmp_path, "Karim", photo_bytes()) == []
    assert list_items(vault.conn)


def test_a_birth_date_recorded_in_one_case_protects_the_other_cases(
        vault: Vault, tmp_path: Path) -> None:
    # `victim --birth` was run for her first case; the second case never got the date.
    photo = tmp_path / PHOTO
    photo.write_bytes(photo_bytes())
    import_one(vault, whatsapp_zip(tmp_path, name="first.zip", colour=(10, 200, 10)),
               ImportOptions(case="Karim", intimate=True, timezone="Europe/Paris"))
    _set_minor(vault, "Karim")
    second = import_one(vault, photo, ImportOptions(case="Inconnu"))
    assert second.item_id is not None
    with vault.transaction() as conn:
        annotate(conn, second.item_id, sensitive=True)
    assert _bundle_holds(vault, tmp_path, "Inconnu", photo_bytes()) == []


def test_a_photo_chosen_by_its_id_or_by_its_message_is_still_withheld(
        vault: Vault, tmp_path: Path) -> None:
    from evidencekit.core.export_media import export_images
    from evidencekit.core.messages import list_messages

    chat = import_one(vault, whatsapp_zip(tmp_path), ImportOptions(
        case="Karim", intimate=True, timezone="Europe/Paris"))
    assert chat.item_id is not None
    (photo,) = export_images(vault.conn, [chat.item_id])
    _set_minor(vault, "Karim")
    carrying = [m["id"] for m in list_messages(vault.conn, item_id=chat.item_id)
                if m["attachments"]]
    for request in (DossierRequest("police", lang="fr", case="Karim", item_ids=(photo,)),
                    DossierRequest("police", lang="fr", case="Karim",
                                   message_ids=tuple(carrying))):
        out = tmp_path / "chosen.zip"
        export_bundle(vault, request, out)
        with zipfile.ZipFile(out) as zf:
            assert all(photo_bytes()[200:264] not in zf.read(n) for n in zf.namelist())
        out.unlink()


def _photo_then_zip_naming_it_nowhere(vault: Vault, tmp_path: Path) -> tuple[int, int]:
    """The photo kept on its own first; later a chat zip holding the same file, which no
    message names (WhatsApp wrote "<Média omis>"): stored once, so the zip has no child for it."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes())
    first = import_one(vault, photo, ImportOptions(case="Karim"))
    chat = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(chat, "w") as zf:
        zf.writestr("_chat.txt", "[12/11/2026 21:05:01] Karim: Envoie une photo\n"
                                 "[12/11/2026 21:06:02] Karim: <Média omis>\n")
        zf.writestr("IMG-20261112-WA0001.jpg", photo_bytes())
    second = import_one(vault, chat, ImportOptions(case="Karim", timezone="Europe/Paris"))
    assert first.item_id is not None and second.item_id is not None
    return first.item_id, second.item_id


def test_a_zip_holding_an_earlier_photo_unnamed_is_withheld_and_erased_with_it(
        vault: Vault, tmp_path: Path) -> None:
    from evidencekit.core.evidence import get_item
    from evidencekit.core.export_media import erase_child_abuse

    photo, chat = _photo_then_zip_naming_it_nowhere(vault, tmp_path)
    with vault.transaction() as conn:
        annotate(conn, photo, sensitive=True)
    _set_minor(vault, "Karim")
    assert _bundle_holds(vault, tmp_path, "Karim", photo_bytes()) == []
    with vault.transaction() as conn:
        erased = erase_child_abuse(conn, photo)
    assert erased == [photo, chat]
    assert get_item(vault.conn, chat).removal is not None
