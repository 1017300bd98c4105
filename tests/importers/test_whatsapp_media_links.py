"""A backup database's media references linked to the phone's Media files by SHA-256, whichever
is imported first, without changing the stored messages; never by name, never across cases."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.media_links import link_media
from evidencekit.core.message_digest import attachment_rows
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.gui.conversations.model import fetch_messages
from evidencekit.importers.batch import ImportOptions, import_paths
from evidencekit.importers.whatsapp_msgstore import media_sha256
from tests.importers.crypt15_fixture import (
    KEY_TEXT,
    PHOTO,
    PHOTO_HASH,
    encrypt,
    sample_database,
)


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    made, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS)
    yield made
    made.close()


def _import(vault: Vault, path: Path, case: str = "Karim") -> int:
    [outcome] = import_paths(vault, [path], ImportOptions(case=case,
                                                         backup_key=lambda _n: KEY_TEXT))
    assert outcome.status == "imported", outcome.message
    return int(outcome.item_id)


def _backup(tmp_path: Path) -> Path:
    path = tmp_path / "msgstore.db.crypt15"
    path.write_bytes(encrypt(sample_database()))
    return path


def _photo(tmp_path: Path, name: str, data: bytes = PHOTO) -> Path:
    path = tmp_path / "Media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _photo_message(vault: Vault, chat: int) -> dict[str, object]:
    return next(m for m in list_messages(vault.conn, item_id=chat) if m["attachment_names"])


@pytest.mark.parametrize("backup_first", [True, False])
def test_linked_by_hash_whichever_comes_first(vault: Vault, tmp_path: Path,
                                              backup_first: bool) -> None:
    # Renamed by the user: the name differs from the database's, the hash is the file's.
    photo = _photo(tmp_path, "photo du 12 novembre.jpg")
    if backup_first:
        chat = _import(vault, _backup(tmp_path))
        stored = _import(vault, photo)
    else:
        stored = _import(vault, photo)
        chat = _import(vault, _backup(tmp_path))
    before = list(attachment_rows(vault.conn, chat))
    message = _photo_message(vault, chat)
    assert link_media(vault.conn, [message]) == 1
    [attachment] = message["attachment_names"]  # type: ignore[misc]
    assert attachment["item_id"] == stored and attachment["missing"] is False
    assert attachment["linked_by"] == "sha256"
    assert list(attachment_rows(vault.conn, chat)) == before  # nothing stored was changed
    shown = [m for m in fetch_messages(vault, chat, 0) if m.attachments]
    assert shown[0].attachments[0].item_id == stored and not shown[0].attachments[0].missing


def test_same_name_other_bytes_is_not_linked(vault: Vault, tmp_path: Path) -> None:
    chat = _import(vault, _backup(tmp_path))
    _import(vault, _photo(tmp_path, "IMG-20241112-WA0001.jpg", b"another picture entirely"))
    message = _photo_message(vault, chat)
    assert link_media(vault.conn, [message]) == 0
    assert message["attachment_names"][0]["missing"] is True  # type: ignore[index]


def test_a_file_of_another_case_is_not_linked(vault: Vault, tmp_path: Path) -> None:
    chat = _import(vault, _backup(tmp_path))
    _import(vault, _photo(tmp_path, "x.jpg"), case="Autre affaire")
    message = _photo_message(vault, chat)
    assert link_media(vault.conn, [message]) == 0


@pytest.mark.parametrize("digest", ["", "zz" * 32, "ab" * 31, None, 7,
                                    hashlib.sha256(b"nothing").hexdigest()])
def test_a_bad_or_unknown_hash_links_nothing(vault: Vault, tmp_path: Path,
                                             digest: object) -> None:
    chat = _import(vault, _backup(tmp_path))
    _import(vault, _photo(tmp_path, "x.jpg"))
    message = _photo_message(vault, chat)
    message["extra"]["media_sha256"] = digest  # type: ignore[index]
    assert link_media(vault.conn, [message]) == 0


@pytest.mark.parametrize(("stored", "expected"), [
    (PHOTO_HASH, hashlib.sha256(PHOTO).hexdigest()),
    ("not base64 at all!", ""), ("AAAA", ""), (b"\x00" * 32, ""), (None, ""), (12, ""),
    (PHOTO_HASH + "=", ""),
])
def test_file_hash_read_only_when_it_is_a_sha256(stored: object, expected: str) -> None:
    assert media_sha256(stored) == expected
