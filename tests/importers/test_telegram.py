"""Telegram Desktop parsing: result.json (single chat, full account, bad escapes) and HTML pages."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.records import MessageKind, ParsedMessage, ParseResult, SpanKind
from evidencekit.importers.telegram import (
    looks_like_telegram,
    parse_telegram,
    repair_bad_escapes,
)
from evidencekit.importers.telegram_html import (
    looks_like_telegram_html,
    parse_html_date,
    parse_telegram_html,
)

PLACEHOLDER = "(File not included. Change data exporting settings to download.)"


def run(data: bytes, name: str = "result.json") -> tuple[ParseResult, list[ParsedMessage]]:
    result = parse_telegram(io.BytesIO(data), source_name=name)
    messages = list(result.messages)
    assert result.report.counts["records"] == len(messages)
    return result, messages


def single_chat() -> dict[str, Any]:
    return {
        "name": "Yassine",
        "type": "personal_chat",
        "id": 4242,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2026-11-12T21:00:00",
                "date_unixtime": "1794513600",
                "actor": "Yassine",
                "actor_id": "user4242",
                "action": "create_group",
                "title": "x",
                "text": "",
            },
            {
                "id": 2,
                "type": "message",
                "date": "2026-11-12T21:05:00",
                "date_unixtime": "1794513900",
                "from": "Yassine",
                "from_id": "user4242",
                "text": "Salam \u200fمرحبا",
            },
            {
                "id": 3,
                "type": "message",
                "date_unixtime": "1794513960",
                "edited": "2026-11-12T21:07:00",
                "edited_unixtime": "1794514020",
                "from": "Inès",
                "text": [
                    "vois ",
                    {"type": "text_link", "text": "ça", "href": "https://example.org/a"},
                    " et ",
                    {"type": "mention_name", "text": "Yassine", "user_id": 4242},
                ],
            },
            {
                "id": 4,
                "type": "message",
                "date_unixtime": "1794514080",
                "from": "Yassine",
                "photo": PLACEHOLDER,
                "width": 960,
                "height": 1280,
                "text": "",
            },
            {
                "id": 5,
                "type": "message",
                "date_unixtime": "1794514140",
                "from": "Yassine",
                "file": "voice_messages/audio_1.ogg",
                "media_type": "voice_message",
                "text": "",
            },
            {
                "id": 6,
                "type": "service",
                "date_unixtime": "1794514200",
                "actor": "Inès",
                "action": "phone_call",
                "duration_seconds": 56,
                "text": "",
            },
            {"id": 7, "type": "message", "date": "2026-11-12T21:15:00", "from": None, "text": 3},
            "garbage",
        ],
    }


def test_single_chat() -> None:
    value = single_chat()
    result, messages = run(json.dumps(value, ensure_ascii=False).encode())
    report = result.report
    assert report.format == "telegram"
    assert report.title == "Yassine"
    assert report.participants == ["Yassine", "Inès"]
    assert len(messages) == 8
    assert [m.span.start for m in messages] == list(range(8))
    assert all(m.span.kind is SpanKind.RECORD for m in messages)

    service = messages[0]
    assert service.kind is MessageKind.SYSTEM
    assert service.sender == "Yassine"
    assert service.extra["telegram"]["action"] == "create_group"

    plain = messages[1]
    assert plain.text == "Salam \u200fمرحبا"
    assert plain.time is not None
    assert plain.time.literal == "1794513900"
    assert plain.time.instant == datetime(2026, 11, 12, 20, 5, tzinfo=UTC)
    assert plain.time.rule == "epoch seconds (UTC)"
    assert "entities" not in plain.extra

    rich = messages[2]
    assert rich.text == "vois ça et Yassine"
    assert rich.kind is MessageKind.MESSAGE
    assert rich.extra["edited"] is True
    assert rich.extra["edited_at"] == "2026-11-12T20:07:00+00:00"
    assert [e["type"] for e in rich.extra["entities"]] == ["text_link", "mention_name"]
    assert rich.extra["entities"][0]["href"] == "https://example.org/a"

    missing = messages[3]
    assert missing.attachments[0].name == PLACEHOLDER
    assert missing.attachments[0].media_hint == "photo"
    assert missing.extra["missing_from_export"][0]["field"] == "photo"
    assert any("left out" in note for note in report.notes)

    voice = messages[4]
    assert voice.attachments[0].name == "voice_messages/audio_1.ogg"
    assert voice.attachments[0].media_hint == "audio"
    assert "missing_from_export" not in voice.extra

    assert messages[5].kind is MessageKind.CALL
    assert messages[6].kind is MessageKind.UNPARSED  # text is a number: not understood
    assert messages[7].kind is MessageKind.UNPARSED
    assert messages[7].text == '"garbage"'


def test_naive_date_without_unixtime() -> None:
    value = {"name": "x", "type": "personal_chat", "messages": [
        {"type": "message", "date": "2019-07-12T16:55:32", "from": "A", "text": "hi"}
    ]}  # fmt: skip
    result, messages = run(json.dumps(value).encode())
    assert messages[0].time is not None
    assert messages[0].time.literal == "2019-07-12T16:55:32"
    assert messages[0].time.instant is None
    assert "naive" in messages[0].time.rule
    assert any("date_unixtime" in note for note in result.report.notes)


def test_invalid_x_escapes_are_repaired_and_reported() -> None:
    raw = (
        b'{"name": "c", "type": "personal_chat", "messages": ['
        b'{"type": "message", "date_unixtime": "1", "from": "A", "text": "bell\\x07 and \\x01"},'
        b'{"type": "message", "date_unixtime": "2", "from": "A", "text": "path C:\\\\x01"}'
        b"]}"
    )
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    result, messages = run(raw)
    assert messages[0].text == "bell\x07 and \x01"
    assert messages[1].text == "path C:\\x01"  # an escaped backslash is not an escape
    assert result.report.counts["escapes_repaired"] == 2
    assert any("2 invalid" in note for note in result.report.notes)
    assert repair_bad_escapes(b'"\\\\\\x41"') == (b'"\\\\\\u0041"', 1)


def test_full_account_export() -> None:
    value = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "Nadia", "last_name": "B"},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {
                    "name": "Harceleur",
                    "type": "personal_chat",
                    "id": 1,
                    "messages": [
                        {"type": "message", "date_unixtime": "10", "from": "H", "text": "a"},
                        {"type": "message", "date_unixtime": "11", "from": "Nadia", "text": "b"},
                    ],
                },
                {
                    "type": "saved_messages",
                    "id": 2,
                    "messages": [
                        {"type": "message", "date_unixtime": "12", "from": "Nadia", "text": "c"}
                    ],
                },  # fmt: skip
                "broken chat",
            ],
        },
        "left_chats": {
            "list": [
                {
                    "name": "Old group",
                    "messages": [
                        {"type": "message", "date_unixtime": "13", "from": "Z", "text": "d"}
                    ],
                }
            ]
        },  # fmt: skip
    }
    data = json.dumps(value).encode()
    assert looks_like_telegram(data)
    result, messages = run(data)
    assert result.report.title == "Telegram account export of Nadia B"
    assert [(m.conversation, m.text) for m in messages[:3]] == [
        ("Harceleur", "a"),
        ("Harceleur", "b"),
        ("Saved Messages", "c"),
    ]
    assert messages[3].kind is MessageKind.UNPARSED
    assert messages[3].text == '"broken chat"'
    assert (messages[4].conversation, messages[4].text) == ("Old group", "d")
    assert messages[2].span.part.endswith("Saved Messages")
    assert result.report.counts["chats"] == 4


@pytest.mark.parametrize(
    "data",
    [b"", b"nope", b"[]", b'{"name": "x"}', b'{"chats": {"list": 3}}', b'{"a": "\\x4"}'],
)
def test_json_bad_input(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^result\.json: "):
        parse_telegram(io.BytesIO(data), source_name="result.json")


HTML = """<!DOCTYPE html>
<html>
 <head>
  <meta charset="utf-8"/>
  <title>Exported Data</title>
 </head>
 <body>
  <div class="page_wrap">
   <div class="page_header">
    <div class="content">
     <div class="text bold">
Inès &amp; co
     </div>
    </div>
   </div>
   <div class="page_body chat_page">
    <div class="history">
     <div class="message service" id="message-1">
      <div class="body details">
12 November 2026
      </div>
     </div>
     <div class="message default clearfix" id="message10">
      <div class="pull_left userpic_wrap">
       <div class="userpic userpic2" style="width: 42px; height: 42px">
        <div class="initials" style="line-height: 42px">
I
        </div>
       </div>
      </div>
      <div class="body">
       <div class="pull_right date details" title="12.11.2026 21:05:00 UTC+01:00">
21:05
       </div>
       <div class="from_name">
Inès
       </div>
       <div class="text">
Salut<br>tu es l&agrave; ? <a href="https://example.org/">lien</a> &lt;3
       </div>
      </div>
     </div>
     <div class="message default clearfix joined" id="message11">
      <div class="body">
       <div class="pull_right date details" title="12.11.2026 21:06:00 UTC+01:00">
21:06
       </div>
       <div class="media_wrap clearfix">
        <a class="photo_wrap clearfix pull_left" href="photos/photo_1@12-11-2026_21-06-00.jpg">
         <img class="photo" src="photos/photo_1@12-11-2026_21-06-00_thumb.jpg"/>
        </a>
       </div>
       <div class="text">
réponds
       </div>
      </div>
     </div>
     <div class="message service" id="message12">
      <div class="body details">
Inès invited Karim
      </div>
     </div>
     <div class="message default clearfix joined" id="message13">
      <div class="body">
       <div class="pull_right date details" title="12.11.2026 21:07:00">
21:07
       </div>
       <div class="media_wrap clearfix">
        <div class="media clearfix pull_left media_video">
         <div class="fill pull_left"></div>
         <div class="body">
          <div class="title bold">
Video file
          </div>
          <div class="description">
Not included, change data exporting settings to download.
          </div>
         </div>
        </div>
       </div>
      </div>
     </div>
     <div class="message default clearfix" id="message14">
      <div class="body">
       <div class="pull_right date details" title="12.11.2026 21:08:00 UTC-03:30">
21:08
       </div>
       <div class="from_name">
Karim
       </div>
       <div class="reply_to details">
In reply to <a href="#go_to_message10">this message</a>
       </div>
       <div class="forwarded body">
        <div class="from_name">
Someone <span class="date details" title="01.01.2026 10:00:00 UTC+01:00"> 01.01.2026</span>
        </div>
        <div class="text">
fwd
        </div>
       </div>
      </div>
     </div>
    </div>
   </div>
  </div>
 </body>
</html>
"""


def test_html_export_with_joined_and_service_messages() -> None:
    data = HTML.encode("utf-8")
    assert looks_like_telegram_html(data)
    assert not looks_like_telegram(data)
    result = parse_telegram_html(io.BytesIO(data), source_name="messages.html")
    messages = list(result.messages)
    assert result.report.counts["records"] == len(messages) == 6
    assert result.report.title == "Inès & co"
    assert result.report.participants == ["Inès", "Karim"]

    separator, first, joined, service, joined_missing, reply = messages
    assert separator.kind is MessageKind.SYSTEM
    assert separator.text == "12 November 2026"
    assert separator.extra["date_separator"] is True

    assert first.sender == "Inès"
    assert first.text == "Salut\ntu es là ? lien <3"
    assert first.extra["entities"] == [
        {"type": "a", "text": "lien", "href": "https://example.org/"}
    ]
    assert first.time is not None
    assert first.time.literal == "12.11.2026 21:05:00 UTC+01:00"
    assert first.time.instant == datetime(2026, 11, 12, 20, 5, tzinfo=UTC)
    lines = HTML.splitlines()
    assert 'id="message10"' in lines[first.span.start - 1]
    assert first.span.kind is SpanKind.LINES
    assert lines[first.span.end - 1].strip() == "</div>"

    assert joined.sender == "Inès"
    assert joined.extra["joined"] is True
    assert joined.text == "réponds"
    assert joined.attachments[0].name == "photos/photo_1@12-11-2026_21-06-00.jpg"
    assert joined.attachments[0].media_hint == "photo"

    assert service.kind is MessageKind.SYSTEM
    assert service.sender is None
    assert service.text == "Inès invited Karim"
    assert "date_separator" not in service.extra

    assert joined_missing.sender == "Inès"  # a service line in between does not break the chain
    assert joined_missing.time is not None
    assert joined_missing.time.instant is None
    assert joined_missing.time.rule == "naive local time (no offset)"
    assert joined_missing.extra["missing_from_export"][0]["media_hint"] == "video"
    assert joined_missing.attachments[0].media_hint == "video"

    assert reply.sender == "Karim"
    assert reply.text == "fwd"
    assert reply.extra["forwarded_from"].startswith("Someone")
    assert reply.extra["reply_to"] == "In reply to this message"
    assert reply.time is not None
    assert reply.time.instant == datetime(2026, 11, 13, 0, 38, tzinfo=UTC)


def test_html_date_rules() -> None:
    parsed = parse_html_date("31.02.2026 10:00:00 UTC+01:00")
    assert parsed is not None
    assert parsed.instant is None
    assert parse_html_date("") is None


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body><p>hello</p></body></html>", b"\xff\xfe\x00<", b"<div class='x'>"],
)
def test_html_bad_input(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^messages\.html: "):
        parse_telegram_html(io.BytesIO(data), source_name="messages.html")


def test_a_large_export_is_read_in_flat_memory() -> None:
    """Streamed: the peak stays far below the size of the file (json.loads of it would hold
    several times the file in objects)."""
    import tracemalloc

    messages = [{"id": i, "type": "message", "date_unixtime": str(1794513600 + i),
                 "from": "K", "text": ["menace ", {"type": "bold", "text": "ce soir"}, f" {i}"]}
                for i in range(30_000)]
    data = json.dumps({"name": "K", "type": "personal_chat", "id": 1,
                       "messages": messages}).encode()
    del messages
    tracemalloc.start()
    try:
        result = parse_telegram(io.BytesIO(data), source_name="result.json")
        count = sum(1 for _ in result.messages)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000 and result.report.counts["records"] == 30_000
    assert peak < len(data) / 2, (peak, len(data))


def test_escapes_cut_by_a_read_boundary_are_repaired_once() -> None:
    from evidencekit.importers.telegram_stream import READ_CHUNK, RepairingReader

    for shift in range(-6, 7):
        pad = "a" * (READ_CHUNK - 20 + shift)
        raw = ('{"name": "c", "messages": [{"type": "message", "text": "' + pad
               + '\\\\x01 \\x07"}]}').encode()
        reader = RepairingReader(io.BytesIO(raw))
        out = b"".join(iter(lambda reader=reader: reader.read(READ_CHUNK), b""))
        assert out == raw.replace(b" \\x07", b" \\u0007"), shift
        assert reader.repaired == 1
