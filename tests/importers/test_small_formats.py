"""X DMs, TikTok, Discord (both kinds) and signal-export Markdown parsers."""

from __future__ import annotations

import io
import json
import zoneinfo
from datetime import UTC, datetime

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.discord import (
    OWNER_ONLY_NOTE,
    looks_like_discord,
    parse_discord,
    parse_discord_package_csv,
)
from evidencekit.importers.records import MessageKind, SpanKind
from evidencekit.importers.signal_md import looks_like_signal_md, parse_signal_md
from evidencekit.importers.tiktok import looks_like_tiktok, parse_tiktok
from evidencekit.importers.x_dms import looks_like_x_dms, parse_x_dms

TZ = zoneinfo.ZoneInfo("Africa/Casablanca")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def run(parser, data: bytes, name: str = "src", tz: zoneinfo.ZoneInfo = PARIS):  # type: ignore[no-untyped-def]
    result = parser(io.BytesIO(data), source_name=name, timezone=tz)
    return result, list(result.messages)


# ----------------------------------------------------------------------------- X

X_DATA = [
    {"dmConversation": {"conversationId": "111-222", "messages": [
        {"messageCreate": {"recipientId": "222", "reactions": [], "urls": [],
                           "text": "T\u2019es mort \u200e\U0001f480 https://t.co/abc",
                           "mediaUrls": ["https://ton.twitter.com/dm/9/8/pic.jpg"],
                           "senderId": "111", "id": "9001",
                           "createdAt": "2024-11-12T20:05:00.123Z"}},
        {"reactionCreate": {"senderId": "222", "reactionKey": "like",
                            "createdAt": "2024-11-12T20:06:00.000Z"}},
        "garbage",
    ]}},
    {"weird": True},
]
X_BYTES = ("window.YTD.direct_messages.part0 = " + json.dumps(X_DATA)).encode()


def test_x_dms() -> None:
    assert looks_like_x_dms(X_BYTES[:100])
    assert not looks_like_x_dms(b"window.YTD.tweets.part0 = []")
    result, msgs = run(parse_x_dms, X_BYTES)
    assert len(msgs) == 4
    m = msgs[0]
    assert m.text == "T\u2019es mort \u200e\U0001f480 https://t.co/abc"
    assert m.sender == "111"
    assert m.extra["recipientId"] == "222"
    assert m.conversation == "111-222"
    assert m.time is not None
    assert m.time.instant == datetime(2024, 11, 12, 20, 5, 0, 123000, tzinfo=UTC)
    assert m.attachments[0].name == "direct_messages_media/9001-pic.jpg"
    assert m.attachments[0].media_hint == "photo"
    assert msgs[1].kind is MessageKind.SYSTEM
    assert msgs[2].kind is MessageKind.UNPARSED
    assert msgs[2].text == '"garbage"'
    assert msgs[3].kind is MessageKind.UNPARSED
    assert [x.span.start for x in msgs] == [0, 1, 2, 3]
    assert result.report.counts["total"] == 4


def test_x_group_file_and_refusals() -> None:
    group = b"window.YTD.direct_messages_group.part0 = " + json.dumps([]).encode()
    _, msgs = run(parse_x_dms, group)
    assert msgs == []
    with pytest.raises(UnsupportedInput, match="not an X archive"):
        run(parse_x_dms, b"[]")
    with pytest.raises(UnsupportedInput, match="not direct messages"):
        run(parse_x_dms, b"window.YTD.tweets.part0 = []")
    with pytest.raises(UnsupportedInput, match="not valid JSON"):
        run(parse_x_dms, b"window.YTD.direct_messages.part0 = [{")
    with pytest.raises(UnsupportedInput, match="not a list"):
        run(parse_x_dms, b"window.YTD.direct_messages.part0 = {}")


# ----------------------------------------------------------------------------- TikTok

ARABIC = "\u0645\u0631\u062d\u0628\u0627"
TIKTOK_OLD = {
    "Profile": {"Profile Information": {"ProfileMap": {"userName": "victime_1"}}},
    "Direct Messages": {"Chat History": {"ChatHistory": {
        "Chat History with harceleur_99:": [
            {"Date": "2024-11-12 21:05:00", "From": "harceleur_99", "Content": "je te vois"},
            {"Date": "2024-11-12 21:06:00", "From": "victime_1", "Content": "laisse-moi"},
            {"Date": "pas une date", "From": "harceleur_99", "Content": ARABIC},
            42,
        ]}}},
}
TIKTOK_NEW = {
    "Profile And Settings": {},
    "Direct Message": {"Direct Messages": {"chatHistory": {
        "chat history with other:": [
            {"date": "2024-11-12 21:05:00 UTC", "from": "other", "content": "hey"},
        ]}}},
}


def test_tiktok_old_layout() -> None:
    data = json.dumps(TIKTOK_OLD).encode()
    assert looks_like_tiktok(data)
    result, msgs = run(parse_tiktok, data, tz=TZ)
    assert [m.text for m in msgs[:3]] == ["je te vois", "laisse-moi", ARABIC]
    assert msgs[0].sender == "harceleur_99"
    assert msgs[0].direction == "received"
    assert msgs[1].direction == "sent"
    assert msgs[0].conversation == "harceleur_99"
    assert msgs[0].time is not None
    assert msgs[0].time.instant == datetime(2024, 11, 12, 21, 5, tzinfo=TZ)
    assert "Africa/Casablanca" in msgs[0].time.rule
    assert msgs[2].time is not None
    assert msgs[2].time.instant is None
    assert msgs[3].kind is MessageKind.UNPARSED
    assert msgs[0].span.part == "Chat History with harceleur_99:"
    assert result.report.counts["total"] == 4
    assert result.report.counts["unparsed"] == 1


def test_tiktok_new_layout_case_insensitive() -> None:
    _, msgs = run(parse_tiktok, json.dumps(TIKTOK_NEW).encode())
    assert len(msgs) == 1
    assert msgs[0].text == "hey"
    assert msgs[0].time is not None
    assert msgs[0].time.instant == datetime(2024, 11, 12, 21, 5, tzinfo=UTC)


def test_tiktok_refusals() -> None:
    with pytest.raises(UnsupportedInput, match="no 'Direct Messages'"):
        run(parse_tiktok, b'{"Profile": {}}')
    with pytest.raises(UnsupportedInput, match="not a TikTok"):
        run(parse_tiktok, b"[1, 2]")
    with pytest.raises(UnsupportedInput, match="not valid JSON"):
        run(parse_tiktok, b"{")
    assert not looks_like_tiktok(b"[]")


# ----------------------------------------------------------------------------- Discord

DCE = {
    "guild": {"id": "0", "name": "Direct Messages"},
    "channel": {"id": "42", "type": "DirectTextChat", "name": "harceleur"},
    "messages": [
        {"id": "1", "type": "Default", "timestamp": "2024-11-12T21:05:00.5+01:00",
         "timestampEdited": None, "content": "t'es seule ce soir ?",
         "author": {"id": "7", "name": "harceleur", "nickname": "H"},
         "attachments": [{"id": "a", "url": "media/photo.png", "fileName": "photo.png"}],
         "reactions": [{"emoji": {"name": "\U0001f480"}, "count": 1}]},
        {"id": "2", "type": "Default", "timestamp": "2024-11-12T21:06:00+01:00",
         "timestampEdited": "2024-11-12T21:07:00+01:00", "content": "edited",
         "author": {"id": "8", "name": "moi"}, "attachments": []},
        {"id": "3", "type": "Call", "timestamp": "2024-11-12T21:08:00+01:00", "content": "",
         "author": {"id": "7", "name": "harceleur"}},
        {"id": "4", "content": ["not", "text"]},
    ],
    "messageCount": 4,
}


def test_discord_chat_exporter() -> None:
    data = json.dumps(DCE).encode()
    assert looks_like_discord(data)
    result, msgs = run(parse_discord, data)
    assert len(msgs) == 4
    first = msgs[0]
    assert first.sender == "H"
    assert first.extra["author_name"] == "harceleur"
    assert first.extra["author_id"] == "7"
    assert first.text == "t'es seule ce soir ?"
    assert first.time is not None
    assert first.time.instant == datetime(2024, 11, 12, 20, 5, 0, 500000, tzinfo=UTC)
    assert first.attachments[0].name == "media/photo.png"
    assert first.attachments[0].media_hint == "photo"
    assert first.extra["reactions"][0]["count"] == 1
    assert first.conversation == "harceleur"
    assert msgs[1].kind is MessageKind.EDITED
    assert msgs[2].kind is MessageKind.CALL
    assert msgs[3].kind is MessageKind.UNPARSED
    assert result.report.counts["total"] == 4
    assert OWNER_ONLY_NOTE not in result.report.notes


def test_discord_package_json() -> None:
    data = json.dumps([
        {"ID": "10", "Timestamp": "2024-11-12 20:05:00.000000+00:00", "Contents": "arr\u00eate",
         "Attachments": "https://cdn.discordapp.com/a/b/x.png https://cdn.discordapp.com/c.pdf"},
        {"ID": "11", "Timestamp": "", "Contents": "", "Attachments": ""},
        "junk",
    ]).encode()
    assert looks_like_discord(data)
    result, msgs = run(parse_discord, data, name="package/messages/c123456/messages.json")
    assert OWNER_ONLY_NOTE in result.report.notes
    assert "only the account owner's messages" in OWNER_ONLY_NOTE
    assert msgs[0].direction == "sent"
    assert msgs[0].conversation == "channel 123456"
    assert msgs[0].time is not None
    assert msgs[0].time.instant == datetime(2024, 11, 12, 20, 5, tzinfo=UTC)
    assert [a.media_hint for a in msgs[0].attachments] == ["photo", "file"]
    assert msgs[1].time is None
    assert msgs[2].kind is MessageKind.UNPARSED
    assert result.report.counts["total"] == 3


CSV = (
    b"ID,Timestamp,Contents,Attachments\r\n"
    b'1,2024-11-12 20:05:00.000000+00:00,"ligne 1\nligne 2, avec virgule",\r\n'
    b'2,2024-11-12 20:06:00+00:00,"il a dit ""non""",https://cdn.discordapp.com/v.mp4\r\n'
    b"3,only-two\r\n"
)


def test_discord_package_csv() -> None:
    assert looks_like_discord(CSV)
    for parser in (parse_discord, parse_discord_package_csv):
        result, msgs = run(parser, CSV, name="messages/c99/messages.csv")
        assert [m.text for m in msgs[:2]] == ["ligne 1\nligne 2, avec virgule", 'il a dit "non"']
        assert msgs[1].attachments[0].media_hint == "video"
        assert msgs[2].kind is MessageKind.UNPARSED
        assert result.report.counts["total"] == 3
        assert OWNER_ONLY_NOTE in result.report.notes


def test_discord_refusals() -> None:
    with pytest.raises(UnsupportedInput, match="neither"):
        run(parse_discord, b'{"a": 1}')
    with pytest.raises(UnsupportedInput, match="not valid JSON"):
        run(parse_discord, b"nope")
    with pytest.raises(UnsupportedInput, match="Discord header"):
        run(parse_discord_package_csv, b"a,b,c\n")
    with pytest.raises(UnsupportedInput, match="not valid UTF-8"):
        run(parse_discord_package_csv, b"ID,Timestamp,Contents,Attachments\n1,x,\xff\xfe,\n")


# ----------------------------------------------------------------------------- Signal

SIGNAL = (
    "Exported by signal-export\n"
    "[2024-11-12 21:05] Karim: Tu r\u00e9ponds pas ?\n"
    "deuxi\u00e8me ligne\u2028avec LS\n"
    "\n"
    "[2024-11-12, 21:06] Moi: ![photo.jpg](./media/2024-11-12-photo.jpg)\n"
    "[document](media/plainte.pdf) et https://example.org [lien](https://example.org)\n"
    "[2024-11-12 21:07:30] Karim: \u200e\u0633\u0644\u0627\u0645\r\n"
    "[2024-02-30 10:00] Karim: bad date\n"
    "[2024-11-12 21:08] a call happened\n"
).encode()


def test_signal_md() -> None:
    assert looks_like_signal_md(SIGNAL)
    result, msgs = run(parse_signal_md, SIGNAL, tz=TZ)
    assert len(msgs) == 6
    assert msgs[0].kind is MessageKind.UNPARSED
    assert msgs[0].text == "Exported by signal-export"
    k = msgs[1]
    assert k.sender == "Karim"
    assert k.text == "Tu r\u00e9ponds pas ?\ndeuxi\u00e8me ligne\u2028avec LS\n"
    assert k.span.kind is SpanKind.LINES
    assert (k.span.start, k.span.end) == (2, 4)
    assert k.time is not None
    assert k.time.literal == "2024-11-12 21:05"
    assert k.time.instant == datetime(2024, 11, 12, 21, 5, tzinfo=TZ)
    media = msgs[2]
    assert [(a.name, a.media_hint) for a in media.attachments] == [
        ("./media/2024-11-12-photo.jpg", "photo"), ("media/plainte.pdf", "file")]
    assert media.time is not None
    assert media.time.literal == "2024-11-12, 21:06"
    assert msgs[3].text == "\u200e\u0633\u0644\u0627\u0645"
    assert msgs[4].time is not None
    assert msgs[4].time.instant is None
    assert msgs[5].kind is MessageKind.SYSTEM
    assert result.report.counts["total"] == 6
    assert result.report.counts["lines"] == 9


def test_signal_md_refusals_and_lossy() -> None:
    assert not looks_like_signal_md(b"hello\nworld\n")
    with pytest.raises(UnsupportedInput, match="signal-export"):
        run(parse_signal_md, b"hello\nworld\n")
    result, msgs = run(parse_signal_md, b"[2024-11-12 21:05] K: caf\xe9\n")
    assert msgs[0].text == "caf\ufffd"
    assert any("not valid UTF-8" in n for n in result.report.notes)
