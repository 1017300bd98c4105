"""Export media: marked sensitive at import, in bulk, and erased as child-abuse material."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidencekit.core.categories import CSAM
from evidencekit.core.errors import UsageError
from evidencekit.core.evidence import annotate, get_item
from evidencekit.core.export_media import (
    erase_child_abuse,
    export_images,
    exports_holding,
    mark_sensitive,
)
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_one
from tests.protect.fixtures import PHOTO, photo_bytes, whatsapp_zip


def _import(vault: Vault, tmp_path: Path, intimate: bool | None) -> int:
    outcome = import_one(vault, whatsapp_zip(tmp_path), ImportOptions(
        case="Karim", timezone="Europe/Paris", intimate=intimate))
    assert outcome.status == "imported", outcome.message
    assert outcome.item_id is not None
    return outcome.item_id


def _photo(vault: Vault, zip_id: int) -> int:
    (photo,) = export_images(vault.conn, [zip_id])
    assert get_item(vault.conn, photo).original.original_name == PHOTO  # type: ignore[union-attr]
    return photo


def test_intimate_import_marks_every_image_sensitive_and_logs_it(vault: Vault,
                                                                  tmp_path: Path) -> None:
    zip_id = _import(vault, tmp_path, intimate=True)
    photo = _photo(vault, zip_id)
    assert get_item(vault.conn, photo).annotations.sensitive is True
    actions = [e.action for e in vault.custody.entries(photo)]
    assert "annotated" in actions
    # The chat text itself is no image and stays as it was.
    chat = [i for i in get_item(vault.conn, zip_id).children if i != photo]
    assert chat and not any(get_item(vault.conn, i).annotations.sensitive for i in chat)


@pytest.mark.parametrize("intimate", [None, False])
def test_without_the_answer_images_stay_unmarked_and_a_hint_says_so(
        vault: Vault, tmp_path: Path, intimate: bool | None) -> None:
    outcome = import_one(vault, whatsapp_zip(tmp_path), ImportOptions(
        case="Karim", timezone="Europe/Paris", intimate=intimate))
    assert outcome.item_id is not None
    photo = _photo(vault, outcome.item_id)
    assert get_item(vault.conn, photo).annotations.sensitive is False
    hinted = any("If some may be intimate" in line for line in outcome.extra["report_lines"])
    assert hinted is (intimate is None)


def test_bulk_marking_and_unmarking_is_logged_per_item(vault: Vault, tmp_path: Path) -> None:
    zip_id = _import(vault, tmp_path, intimate=False)
    photo = _photo(vault, zip_id)
    with vault.transaction() as conn:
        assert mark_sensitive(conn, [photo, photo], True) == 1
        assert mark_sensitive(conn, [photo], True) == 0
    with vault.transaction() as conn:
        assert mark_sensitive(conn, [photo], False) == 1
    changes = [e.detail.get("changes") for e in vault.custody.entries(photo)
               if e.action == "annotated"]
    assert changes == [{"sensitive": True}, {"sensitive": False}]


def test_child_abuse_erasure_erases_the_photo_and_the_zip_keeps_messages_and_verifies(
        vault: Vault, tmp_path: Path) -> None:
    zip_id = _import(vault, tmp_path, intimate=True)
    photo = _photo(vault, zip_id)
    zip_sha = get_item(vault.conn, zip_id).original.sha256  # type: ignore[union-attr]
    messages_before = list_messages(vault.conn, item_id=zip_id)
    assert exports_holding(vault.conn, photo) == [zip_id]
    with vault.transaction() as conn:
        erased = erase_child_abuse(conn, photo, url="https://example.invalid/p/1",
                                   description="seen on a public account")
    assert erased == [photo, zip_id]
    for item_id in erased:
        assert vault.conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                                  (item_id,)).fetchone()[0] == 0
        assert get_item(vault.conn, item_id).removal is not None
    # The photo's bytes are nowhere in the vault's tables any more.
    sha = hashlib.sha256(photo_bytes()).hexdigest()
    assert get_item(vault.conn, photo).removal.sha256 == sha  # type: ignore[union-attr]
    zip_removal = get_item(vault.conn, zip_id).removal
    assert zip_removal is not None and zip_removal.sha256 == zip_sha
    assert sha in zip_removal.reason and f"item {photo}" in zip_removal.reason
    kept = get_item(vault.conn, photo).annotations
    assert (kept.category, kept.url) == (CSAM, "https://example.invalid/p/1")
    assert list_messages(vault.conn, item_id=zip_id) == messages_before  # the harassment stays
    report = verify_vault(vault)
    assert report.ok, report


def test_annotating_child_abuse_on_a_stored_file_is_still_refused(vault: Vault,
                                                                   tmp_path: Path) -> None:
    zip_id = _import(vault, tmp_path, intimate=False)
    photo = _photo(vault, zip_id)
    with pytest.raises(UsageError, match="Add by address"), vault.transaction() as conn:
        annotate(conn, photo, category=CSAM)
    assert vault.conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                              (photo,)).fetchone()[0] > 0


def test_a_tampered_kept_message_of_an_erased_export_is_still_caught(vault: Vault,
                                                                      tmp_path: Path) -> None:
    zip_id = _import(vault, tmp_path, intimate=True)
    with vault.transaction() as conn:
        erase_child_abuse(conn, _photo(vault, zip_id))
    # Rewriting the kept messages (the trigger allows deleting them once the export is
    # removed): verify must notice, as it did before the erasure.
    vault.conn.execute("DELETE FROM message_attachments WHERE message_id IN"
                       " (SELECT id FROM messages WHERE item_id = ?)", (zip_id,))
    vault.conn.execute("DELETE FROM messages WHERE item_id = ? AND idx = 0", (zip_id,))
    vault.conn.commit()
    assert not verify_vault(vault).ok
