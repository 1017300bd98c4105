"""Snapchat chat_history.json parsing in the old and the new layouts, HTML entities kept."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.records import MessageKind, ParsedMessage, ParseResult
from evidencekit.importers.snapchat import looks_like_snapchat, parse_snapchat


def run(value: Any) -> tuple[ParseResult, list[ParsedMessage]]:
    data = json.dumps(value, ensure_ascii=False).encode()
    assert looks_like_snapchat(data)
    result = parse_snapchat(io.BytesIO(data), source_name="chat_history.json")
    messages = list(result.messages)
    assert result.report.counts["records"] == len(messages)
    return result, messages


def test_old_layout() -> None:
    value = {
        "Received Saved Chat History": [
            {
                "From": "karim.z",
                "Media Type": "TEXT",
                "Created": "2026-11-12 21:05:00 UTC",
                "Text": "toi &amp; moi, c&#39;est fini",
            },
            {"From": "karim.z", "Media Type": "MEDIA", "Created": "2026-11-12 21:06:00 UTC"},
        ],
        "Sent Saved Chat History": [
            {
                "To": "karim.z",
                "Media Type": "TEXT",
                "Created": "2026-11-12 21:07:00 UTC",
                "Text": "stop",
            },
            42,
        ],
    }
    result, messages = run(value)
    assert result.report.format == "snapchat"
    assert result.report.participants == ["karim.z"]
    first, media, sent, odd = messages
    assert first.text == "toi &amp; moi, c&#39;est fini"  # exactly as in the source
    assert first.extra["display_text"] == "toi & moi, c'est fini"
    assert first.sender == "karim.z"
    assert first.direction == "received"
    assert first.conversation == "karim.z"
    assert first.time is not None
    assert first.time.literal == "2026-11-12 21:05:00 UTC"
    assert first.time.instant == datetime(2026, 11, 12, 21, 5, tzinfo=UTC)
    assert (first.span.part, first.span.start) == ("Received Saved Chat History", 0)
    assert media.kind is MessageKind.MEDIA_OMITTED
    assert sent.direction == "sent"
    assert sent.sender is None
    assert sent.conversation == "karim.z"
    assert sent.extra["to"] == "karim.z"
    assert (sent.span.part, sent.span.start) == ("Sent Saved Chat History", 0)
    assert odd.kind is MessageKind.UNPARSED
    assert odd.text == "42"


def test_new_layout() -> None:
    value = {
        "karim.z": [
            {
                "From": "karim.z",
                "Media Type": "TEXT",
                "Created": "2026-11-12 21:05:00 UTC",
                "Content": "&lt;3 &amp; bisous",
                "Conversation Title": None,
                "IsSender": False,
                "Created(microseconds)": 1794517500000,
                "IsSaved": True,
                "Media IDs": "",
            },
            {
                "From": "me",
                "Media Type": "MEDIA",
                "Created": "2026-11-12 21:06:00 UTC",
                "Content": None,
                "IsSender": True,
                "IsSaved": True,
                "Media IDs": "b~abc | b~def",
            },
            {
                "From": "karim.z",
                "Media Type": "STATUSERASEDMESSAGE",
                "Created": "not a date",
                "Content": "",
                "IsSender": False,
            },
            {"From": "karim.z", "Content": {"nested": 1}},
        ],
        "ghost": [],
    }
    result, messages = run(value)
    assert result.report.counts["conversations"] == 2
    text, media, status, weird = messages
    assert text.text == "&lt;3 &amp; bisous"
    assert text.extra["display_text"] == "<3 & bisous"
    assert text.direction == "received"
    assert text.conversation == "karim.z"
    assert text.extra["snapchat"]["IsSaved"] is True
    assert media.direction == "sent"
    assert [a.name for a in media.attachments] == ["b~abc", "b~def"]
    assert media.kind is MessageKind.MESSAGE
    assert status.kind is MessageKind.SYSTEM
    assert status.time is not None
    assert status.time.instant is None
    assert weird.kind is MessageKind.UNPARSED
    assert json.loads(weird.text) == {"From": "karim.z", "Content": {"nested": 1}}


@pytest.mark.parametrize(
    "data", [b"", b"[]", b"{}", b'{"a": 1}', b"not json", b"{" * 300, b'"str"']
)
def test_bad_input(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^chat_history\.json: "):
        parse_snapchat(io.BytesIO(data), source_name="chat_history.json")
