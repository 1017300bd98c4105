"""Instagram / Messenger DYI parsing: mojibake guard, multi-part threads, kinds, E2EE layout."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.meta_dyi import looks_like_meta_dyi, parse_meta_dyi, parse_meta_thread
from evidencekit.importers.mojibake import MojibakeRepairer, repair_text
from evidencekit.importers.records import MessageKind, ParsedMessage, ParseResult, SpanKind


def mojibake(text: str) -> str:
    """What Meta writes: each UTF-8 byte of `text` as one U+00XX character."""
    return text.encode("utf-8").decode("latin-1")


def dump(value: Any) -> bytes:
    # ensure_ascii=True reproduces Meta's \u00c3\u00a9 escapes byte for byte.
    return json.dumps(value, ensure_ascii=True).encode("ascii")


def parse(value: Any, name: str = "message_1.json") -> tuple[ParseResult, list[ParsedMessage]]:
    result = parse_meta_dyi(io.BytesIO(dump(value)), source_name=name)
    messages = list(result.messages)
    assert result.report.counts["records"] == len(messages)
    return result, messages


T0 = 1_731_441_900_123  # 2024-11-12 20:05:00.123 UTC


def thread(messages: list[Any], **top: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "participants": [{"name": mojibake("Zoé Martin")}, {"name": "Karim"}],
        "messages": messages,
        "title": mojibake("Zoé Martin"),
        "is_still_participant": True,
        "thread_path": "inbox/zoemartin_123",
    }
    value.update(top)
    return value


def test_mojibake_rule_repairs_only_when_safe() -> None:
    assert repair_text(mojibake("café ❤️")) == "café ❤️"
    assert repair_text("plain ascii") is None
    assert repair_text("café") is None  # real Latin-1 é is not valid UTF-8 once re-encoded
    assert repair_text(mojibake("é") + "€") is None  # a char above U+00FF: written correctly
    assert repair_text("مرحبا") is None
    fixer = MojibakeRepairer()
    assert fixer.deep({"a": [mojibake("ç"), 3, None]}) == {"a": ["ç", 3, None]}
    assert fixer.repaired == 1


def test_single_file_mojibake_times_attachments_and_kinds() -> None:
    records = [  # newest first, as Meta writes them
        {"sender_name": "Karim", "timestamp_ms": T0 + 5000, "content": "oops", "is_unsent": True},
        {
            "sender_name": mojibake("Zoé Martin"),
            "timestamp_ms": T0 + 4000,
            "content": "regarde",
            "share": {"link": "https://www.facebook.com/x/posts/1", "share_text": mojibake("là")},
        },
        {"sender_name": "Karim", "timestamp_ms": T0 + 3000, "type": "Call", "call_duration": 0},
        {
            "sender_name": "Karim",
            "timestamp_ms": T0 + 2000,
            "photos": [{"uri": "messages/inbox/z/photos/1.jpg", "creation_timestamp": 1}],
            "videos": [{"uri": "messages/inbox/z/videos/2.mp4"}],
            "audio_files": [{"uri": "messages/inbox/z/audio/3.aac"}],
            "files": [{"uri": "messages/inbox/z/files/4.pdf"}],
            "gifs": [{"uri": "messages/inbox/z/gifs/5.gif"}],
            "sticker": {"uri": "messages/stickers_used/6.png"},
        },
        {
            "sender_name": mojibake("Zoé Martin"),
            "timestamp_ms": T0,
            "content": mojibake("Tu es où ? 😡\u200e"),
            "reactions": [{"reaction": mojibake("❤"), "actor": mojibake("Zoé Martin")}],
        },
        {"sender_name": "Karim", "timestamp_ms": T0 - 1, "content": "déjà €"},  # not mojibake
        "not a record",
    ]
    result, messages = parse(thread(records))
    report = result.report
    assert report.format == "messenger"  # facebook.com share link and no Instagram cue
    assert report.title == "Zoé Martin"
    assert report.participants[:2] == ["Zoé Martin", "Karim"]
    assert any("repaired" in note for note in report.notes)
    assert len(messages) == len(records)
    by_index = {m.span.start: m for m in messages}
    first = by_index[4]
    assert first.text == "Tu es où ? 😡\u200e"  # U+200E survives: no normalisation
    assert first.sender == "Zoé Martin"
    assert first.extra["reactions"] == [{"reaction": "❤", "actor": "Zoé Martin"}]
    assert first.time is not None
    assert first.time.literal == str(T0)
    assert first.time.instant == datetime(2024, 11, 12, 20, 5, 0, 123000, tzinfo=UTC)
    assert first.time.rule == "epoch milliseconds (UTC)"
    assert by_index[5].text == "déjà €"
    media = by_index[3]
    assert [(a.name.rsplit("/", 1)[-1], a.media_hint) for a in media.attachments] == [
        ("1.jpg", "photo"),
        ("2.mp4", "video"),
        ("3.aac", "audio"),
        ("4.pdf", "file"),
        ("5.gif", "gif"),
        ("6.png", "sticker"),
    ]
    assert by_index[2].kind is MessageKind.CALL
    share = by_index[1]
    assert share.text == "regarde"  # the link is not appended to the text
    assert share.extra["share"] == {
        "link": "https://www.facebook.com/x/posts/1",
        "share_text": "là",
    }
    assert by_index[0].kind is MessageKind.DELETED
    assert by_index[0].text == "oops"
    unparsed = by_index[6]
    assert unparsed.kind is MessageKind.UNPARSED
    assert unparsed.text == json.dumps("not a record")
    # Chronological: oldest first; the unparsed record keeps its place in the reversed order.
    assert [m.span.start for m in messages] == [6, 5, 4, 3, 2, 1, 0]
    assert [m.index for m in messages] == list(range(7))
    assert all(m.span.kind is SpanKind.RECORD and m.span.part == "" for m in messages)


def test_multi_part_thread_merges_chronologically_with_part_spans() -> None:
    part1 = thread(
        [
            {"sender_name": "Karim", "timestamp_ms": T0 + 3000, "content": "c"},
            {"sender_name": "Karim", "timestamp_ms": T0 + 2000, "content": "b"},
        ]
    )
    part2 = thread(
        [
            {"sender_name": "Karim", "timestamp_ms": T0 + 1000, "content": "a2"},
            {"sender_name": "Karim", "timestamp_ms": T0, "content": "a1"},
        ]
    )
    result = parse_meta_thread(
        [("message_1.json", dump(part1)), ("message_2.json", dump(part2))],
        source_name="inbox/zoemartin_123",
    )
    messages = list(result.messages)
    assert [m.text for m in messages] == ["a1", "a2", "b", "c"]
    assert [(m.span.part, m.span.start, m.span.end) for m in messages] == [
        ("message_2.json", 1, 1),
        ("message_2.json", 0, 0),
        ("message_1.json", 1, 1),
        ("message_1.json", 0, 0),
    ]
    assert result.report.counts["records"] == 4
    assert result.report.counts["parts"] == 2


def test_thread_part_error_names_the_part() -> None:
    with pytest.raises(UnsupportedInput, match="message_2.json"):
        parse_meta_thread(
            [("message_1.json", dump(thread([]))), ("message_2.json", b"{not json")],
            source_name="t",
        )
    with pytest.raises(UnsupportedInput):
        parse_meta_thread([], source_name="t")


def test_instagram_is_told_apart() -> None:
    value = thread(
        [
            {
                "sender_name": "Karim",
                "timestamp_ms": T0,
                "content": "",
                "share": {
                    "link": "https://www.instagram.com/p/abc/",
                    "original_content_owner": "x",
                },
                "is_geoblocked_for_viewer": False,
            }
        ]
    )
    result, messages = parse(value)
    assert result.report.format == "instagram"
    assert messages[0].extra["share"]["link"] == "https://www.instagram.com/p/abc/"


def test_undecidable_platform_says_so() -> None:
    result, _ = parse({"messages": [{"sender_name": "A", "timestamp_ms": T0, "content": "x"}]})
    assert result.report.format == "meta_dyi"
    assert any("Instagram" in note for note in result.report.notes)


def test_e2ee_flat_export() -> None:
    value = {
        "participants": ["Karim", mojibake("Zoé")],
        "threadName": mojibake("Zoé"),
        "messages": [
            {
                "senderName": mojibake("Zoé"),
                "text": mojibake("ça va"),
                "timestamp": T0,
                "type": "Generic",
                "isUnsent": False,
                "media": [{"uri": "media/photo_1.jpg"}],
                "reactions": [{"actor": "Karim", "reaction": mojibake("😮")}],
            },
            {
                "senderName": "Karim",
                "text": "effacé?",
                "timestamp": T0 + 1,
                "type": "Generic",
                "isUnsent": True,
                "media": [],
                "reactions": [],
            },
        ],
    }
    assert looks_like_meta_dyi(dump(value))
    result, messages = parse(value, "zoe_1.json")
    assert result.report.format == "messenger"
    assert result.report.title == "Zoé"
    assert result.report.participants == ["Karim", "Zoé"]
    assert messages[0].text == "ça va"
    assert messages[0].sender == "Zoé"
    assert messages[0].attachments[0].name == "media/photo_1.jpg"
    assert messages[0].attachments[0].media_hint == "photo"
    assert messages[0].extra["reactions"] == [{"actor": "Karim", "reaction": "😮"}]
    assert messages[1].kind is MessageKind.DELETED
    assert messages[1].text == "effacé?"  # real é (no mojibake) left alone


def test_odd_records_keep_count() -> None:
    records: list[Any] = [
        {"sender_name": "A", "timestamp_ms": "oops"},
        {"sender_name": "A", "timestamp_ms": 10**30},
        {"sender_name": None, "timestamp_ms": T0, "photos": [{"no_uri": 1}], "content": 5},
        {"unrelated": True},
        None,
        [],
    ]
    _, messages = parse(thread(records))
    assert len(messages) == len(records)
    kinds = [m.kind for m in sorted(messages, key=lambda m: m.span.start)]
    assert kinds[3:] == [MessageKind.UNPARSED] * 3
    first = next(m for m in messages if m.span.start == 0)
    assert first.time is not None
    assert first.time.instant is None
    odd = next(m for m in messages if m.span.start == 2)
    assert odd.extra["media_without_uri"] == [{"no_uri": 1}]
    assert odd.text == ""


def test_looks_like() -> None:
    assert looks_like_meta_dyi(dump(thread([{"sender_name": "a", "timestamp_ms": 1}])))
    assert not looks_like_meta_dyi(b'{"messages": [{"date_unixtime": "1"}]}')
    assert not looks_like_meta_dyi(b"\x00\xff garbage")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"title": "x"}',
        b'{"messages": {"a": 1}}',
        b"[" * 500 + b"]" * 500,
        b'{"messages": [NaN]}',
        b"\xff\xfe\x00",
    ],
)
def test_bad_input_is_refused_with_one_sentence(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^message_1\.json: "):
        parse_meta_dyi(io.BytesIO(data), source_name="message_1.json")
