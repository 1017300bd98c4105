"""Replies, edits and deletions in words: one reading for WhatsApp's backup database and
Telegram's JSON and HTML exports; hostile quoted text; times in the case's zone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.message_notes import (
    QUOTE_MAX,
    Reply,
    change_line,
    reply_line,
    reply_of,
    resolve_replies,
)
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_paths

PARIS = ZoneInfo("Europe/Paris")


def test_one_reading_for_every_format() -> None:
    whatsapp = {"quoted": {"key_id": "K1", "text": "Tu vas voir", "sender": "+33612345678"}}
    assert reply_of(whatsapp) == Reply("+33612345678", "Tu vas voir", "K1")
    assert reply_of({"reply_to": "In reply to this message"}) == Reply("", "")
    assert reply_of({"telegram": {"reply_to_message_id": 12}}) == Reply("", "", "12")
    for nothing in (None, [], {}, {"quoted": "x"}, {"telegram": {"reply_to_message_id": True}}):
        assert reply_of(nothing) is None
    assert reply_line({"reply_to": "In reply to this message"}, "en") == \
        "↪ reply to an earlier message"
    assert reply_line({"telegram": {"reply_to_message_id": 12}}, "fr") == \
        "↪ en réponse au message 12"
    assert reply_line({"quoted": {"sender": "me", "text": "arrête"}}, "en") == \
        "↪ reply to the phone owner's message: arrête"


def test_quoted_text_is_cut_and_flattened() -> None:
    line = reply_line({"quoted": {"sender": "x", "text": "mot\n" * 200}}, "en")
    quoted = line.split(": ", 1)[1]
    assert len(quoted) == QUOTE_MAX and quoted.endswith("…") and "\n" not in quoted


def test_hostile_bidi_controls_cannot_reorder_the_line() -> None:
    # U+202E would show the rest of the line backwards; isolates of its own would escape ours.
    extra = {"quoted": {"sender": "+33\u202e6\u2069", "text": "\u2066abc\u202edef\u200f"}}
    line = reply_line(extra, "en", isolate=True)
    assert line == "↪ reply to \u2068+336\u2069: \u2068abcdef\u2069"


def test_edits_and_deletions_in_the_case_zone() -> None:
    assert change_line("edited", {"edited_at": "2024-11-12T20:10:00+00:00"}, PARIS, "en") == \
        "edited at 2024-11-12 21:10 (UTC+01:00)"
    assert change_line("message", {"edited": True, "edited_at": None}, PARIS, "fr") == "modifié"
    assert change_line("deleted", {}, PARIS, "en") == "deleted for everyone"
    assert change_line("deleted", {"deleted_at": "2024-07-01T10:00:00+00:00",
                                   "deleted_by_admin": "+212600000000"}, PARIS, "en") == \
        "deleted for everyone by the group admin +212600000000 at 2024-07-01 12:00 (UTC+02:00)"
    assert change_line("message", {"edited_at": "1731441900000"}, PARIS, "en") == ""
    assert change_line("message", None, PARIS) == ""


def _telegram_export(tmp_path: Path) -> Path:
    chat = {"name": "Yassine", "type": "personal_chat", "id": 4242, "messages": [
        {"id": 7, "type": "message", "date": "2026-11-12T21:05:00",
         "date_unixtime": "1794513900", "from": "Yassine", "text": "Je sais où tu habites"},
        {"id": 8, "type": "message", "date": "2026-11-12T21:06:00",
         "date_unixtime": "1794513960", "from": "Inès", "text": "Arrête",
         "reply_to_message_id": 7},
        {"id": 9, "type": "message", "date": "2026-11-12T21:07:00",
         "date_unixtime": "1794514020", "from": "Inès", "text": "?",
         "reply_to_message_id": 3}]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(chat), encoding="utf-8")
    return path


def test_telegram_reply_resolved_in_its_chat(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS)
    try:
        [outcome] = import_paths(vault, [_telegram_export(tmp_path)], ImportOptions(case="C"))
        assert outcome.status == "imported", outcome.message
        rows = list_messages(vault.conn, item_id=outcome.item_id)
        stored = [json.dumps(r["extra"], sort_keys=True) for r in rows]
        resolve_replies(vault.conn, rows)
        lines = [reply_line(r["extra"], "en") for r in rows]
        assert lines == ["", "↪ reply to Yassine: Je sais où tu habites",
                         "↪ reply to message 3"]  # 3 is not in the export
        again = list_messages(vault.conn, item_id=outcome.item_id)
        assert [json.dumps(r["extra"], sort_keys=True) for r in again] == stored
    finally:
        vault.close()


_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                       lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=12), inner, max_size=3), max_leaves=8)
_KEYS = st.sampled_from(["quoted", "reply_to", "telegram", "edited", "edited_at", "deleted_at",
                         "deleted_by_admin", "sender", "text", "key_id", "reply_to_message_id",
                         "reply_not_in_export", "reply_page_not_imported", "reply_to_page",
                         "reply_rows_back"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES | st.dictionaries(_KEYS, _VALUES, max_size=4),
                       max_size=5),
       st.sampled_from(["message", "edited", "deleted", "system"]),
       st.sampled_from(["fr", "en", "ar"]))
def test_any_stored_facts_give_a_line_or_nothing(extra: dict[str, Any], kind: str,
                                                 lang: str) -> None:
    for line in (reply_line(extra, lang), reply_line(extra, lang, isolate=True),
                 change_line(kind, extra, PARIS, lang)):
        assert isinstance(line, str) and len(line) < 400


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_line_is_translated(lang: str) -> None:
    english = reply_line({"quoted": {"sender": "x", "text": "y"}}, "en")
    assert reply_line({"quoted": {"sender": "x", "text": "y"}}, lang) != english
    assert change_line("deleted", {}, PARIS, lang) != change_line("deleted", {}, PARIS, "en")
