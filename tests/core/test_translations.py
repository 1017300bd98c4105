"""The victim's translations: stored per item or message, logged by hash, erased with the item."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from evidencekit.core import schema
from evidencekit.core.errors import NotFound, UsageError
from evidencekit.core.evidence import remove_item
from evidencekit.core.translations import (
    MAX_TRANSLATION,
    message_translations,
    set_translation,
    translation_of,
)
from evidencekit.core.vault import Vault
from tests.dossier.test_dossier_helpers import add_chat

DARIJA_FR = "Je vais montrer les photos à ton frère"


def test_translations_of_messages_and_items_are_stored_and_logged(vault: Vault,
                                                                  tmp_path: Path) -> None:
    chat_id, message_ids = add_chat(vault, tmp_path)
    with vault.transaction() as tx:
        assert set_translation(tx, DARIJA_FR, message_id=message_ids[2])
        assert set_translation(tx, "La conversation entière", item_id=chat_id)
        assert not set_translation(tx, DARIJA_FR + "  ", message_id=message_ids[2])  # same
    assert translation_of(vault.conn, chat_id, message_ids[2]) == DARIJA_FR
    assert translation_of(vault.conn, chat_id) == "La conversation entière"
    assert message_translations(vault.conn, chat_id) == {message_ids[2]: DARIJA_FR}
    entries = [e for e in vault.custody.entries(chat_id) if e.action == "translated"]
    assert len(entries) == 2
    assert entries[0].detail["message_id"] == message_ids[2]
    assert entries[0].detail["sha256"] == hashlib.sha256(DARIJA_FR.encode()).hexdigest()
    # The log leaves in every bundle: it holds the hash of the words, never the words.
    assert all(DARIJA_FR not in json.dumps(e.detail, ensure_ascii=False)
               for e in vault.custody.entries())
    with vault.transaction() as tx:
        assert set_translation(tx, "", message_id=message_ids[2])
    assert translation_of(vault.conn, chat_id, message_ids[2]) == ""
    assert [e.action for e in vault.custody.entries(chat_id)][-1] == "translation-removed"


def test_bad_targets_are_refused(vault: Vault, tmp_path: Path) -> None:
    chat_id, message_ids = add_chat(vault, tmp_path)
    with vault.transaction() as tx:
        with pytest.raises(NotFound):
            set_translation(tx, "x", message_id=999_999)
        with pytest.raises(UsageError):
            set_translation(tx, "x")
        with pytest.raises(UsageError):
            set_translation(tx, "x", item_id=chat_id, message_id=message_ids[0])
        with pytest.raises(UsageError):
            set_translation(tx, "x" * (MAX_TRANSLATION + 1), item_id=chat_id)


def test_removing_the_item_erases_its_translations(vault: Vault, tmp_path: Path) -> None:
    chat_id, message_ids = add_chat(vault, tmp_path)
    with vault.transaction() as tx:
        set_translation(tx, DARIJA_FR, message_id=message_ids[2])
        set_translation(tx, "tout", item_id=chat_id)
        remove_item(tx, chat_id, "demande de la victime")
    rows = vault.conn.execute("SELECT count(*) FROM translations").fetchone()[0]
    assert rows == 0  # a translation quotes what the user erased
    with vault.transaction() as tx, pytest.raises(UsageError):
        set_translation(tx, "encore", item_id=chat_id)


def test_translations_table_comes_with_a_migration() -> None:
    assert schema.CURRENT_VERSION >= 4
    assert "CREATE TABLE translations" in schema.V4
