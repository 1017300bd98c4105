"""Fuzzing the Meta, Telegram and Snapchat parsers: only UnsupportedInput escapes, counts hold."""

from __future__ import annotations

import copy
import html
import io
import json
from collections.abc import Callable
from typing import Any, BinaryIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.meta_dyi import parse_meta_dyi, parse_meta_thread
from evidencekit.importers.records import ParseResult
from evidencekit.importers.snapchat import parse_snapchat
from evidencekit.importers.telegram import parse_telegram
from evidencekit.importers.telegram_html import parse_telegram_html
from tests.importers.test_telegram import HTML, single_chat

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Parser = Callable[..., ParseResult]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "sender_name",
                    "timestamp_ms",
                    "content",
                    "text",
                    "type",
                    "from",
                    "date_unixtime",
                    "photos",
                    "share",
                    "reactions",
                    "is_unsent",
                    "chats",
                    "list",
                    "From",
                    "Created",
                    "Content",
                    "Media Type",
                    "senderName",
                    "timestamp",
                    "media",
                    "participants",
                    "title",
                    "name",
                    "IsSender",
                    "Media IDs",
                    "photo",
                    "file",
                    "x",
                ]
            )  # fmt: skip
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


def meta_fixture() -> dict[str, Any]:
    return {
        "participants": [{"name": "Zo\u00c3\u00a9"}, {"name": "K"}],
        "title": "Zo\u00c3\u00a9",
        "messages": [
            {"sender_name": "K", "timestamp_ms": 1731441900123, "content": "caf\u00c3\u00a9",
             "reactions": [{"reaction": "\u00e2\u009d\u00a4", "actor": "K"}]},
            {"sender_name": "Zo\u00c3\u00a9", "timestamp_ms": 1731441800000, "is_unsent": True},
            {"sender_name": "K", "timestamp_ms": 1731441700000, "type": "Call",
             "call_duration": 3},
            {"sender_name": "K", "timestamp_ms": 1731441600000,
             "photos": [{"uri": "p/1.jpg"}], "share": {"link": "https://x"}},
            {"senderName": "K", "timestamp": 1731441500000, "text": "e2ee",
             "media": [{"uri": "m.jpg"}], "isUnsent": False},
        ],
    }  # fmt: skip


def snapchat_fixture() -> dict[str, Any]:
    return {
        "Received Saved Chat History": [
            {"From": "a", "Media Type": "TEXT", "Created": "2026-11-12 21:05:00 UTC",
             "Text": "x &amp; y"},
        ],
        "bob": [
            {"From": "bob", "Media Type": "MEDIA", "Created": "2026-11-12 21:05:00 UTC",
             "Content": None, "IsSender": False, "IsSaved": True, "Media IDs": "b~1"},
        ],
    }  # fmt: skip


def telegram_account_fixture() -> dict[str, Any]:
    return {"personal_information": {"first_name": "N"}, "chats": {"list": [single_chat()]}}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found.extend(_paths(item, (*prefix, position)))
    return found


@st.composite
def mutated(draw: st.DrawFn, fixture: Callable[[], Any]) -> Any:
    """The fixture with one to three nodes replaced by random JSON or removed."""
    value = copy.deepcopy(fixture())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(value) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            parent[path[-1]] = draw(json_values)
        elif isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    return value


def _expected_records(parser: Parser, value: Any) -> int | None:
    """The number of records in the source, where the top-level structure makes it clear."""
    if not isinstance(value, dict):
        return None
    if parser in (parse_meta_dyi, parse_telegram) and isinstance(value.get("messages"), list):
        return len(value["messages"])
    if parser is parse_snapchat:
        return sum(len(v) for v in value.values() if isinstance(v, list))
    return None


def check(parser: Parser, data: bytes, value: Any = None) -> None:
    stream: BinaryIO = io.BytesIO(data)
    refusal = ""
    try:
        result = parser(stream, source_name="fuzz.json")
    except UnsupportedInput as exc:
        refusal = str(exc)
    if refusal:
        assert refusal.startswith("fuzz.json: ")
        return
    messages = list(result.messages)
    assert result.report.counts["records"] == len(messages)
    assert [m.index for m in messages] == list(range(len(messages)))
    for message in messages:
        assert isinstance(message.text, str)
        assert (
            message.time is None
            or message.time.instant is None
            or (message.time.instant.tzinfo is not None)
        )
        json.dumps(message.extra, ensure_ascii=False)  # extras must stay storable as JSON
    expected = _expected_records(parser, value)
    if expected is not None:
        assert len(messages) == expected


JSON_PARSERS: list[Parser] = [parse_meta_dyi, parse_telegram, parse_snapchat]


@FUZZ
@given(value=json_values, which=st.sampled_from(JSON_PARSERS))
def test_random_json(value: Any, which: Parser) -> None:
    check(which, json.dumps(value).encode(), value)


@FUZZ
@given(value=mutated(meta_fixture))
def test_mutated_meta(value: Any) -> None:
    check(parse_meta_dyi, json.dumps(value).encode(), value)
    try:
        result = parse_meta_thread(
            [("message_1.json", json.dumps(value).encode()), ("message_2.json", b"{}")],
            source_name="fuzz.json",
        )
    except UnsupportedInput:
        return
    assert result.report.counts["records"] == len(list(result.messages))


@FUZZ
@given(value=mutated(single_chat) | mutated(telegram_account_fixture))
def test_mutated_telegram(value: Any) -> None:
    check(parse_telegram, json.dumps(value).encode(), value)


@FUZZ
@given(value=mutated(snapchat_fixture))
def test_mutated_snapchat(value: Any) -> None:
    check(parse_snapchat, json.dumps(value).encode(), value)


@FUZZ
@given(
    which=st.sampled_from([*JSON_PARSERS, parse_telegram_html]),
    cut=st.integers(min_value=0, max_value=4000),
    noise=st.binary(max_size=16),
)
def test_truncated_and_spliced_bytes(which: Parser, cut: int, noise: bytes) -> None:
    sources = {
        parse_meta_dyi: json.dumps(meta_fixture()).encode(),
        parse_telegram: json.dumps(single_chat()).encode(),
        parse_snapchat: json.dumps(snapchat_fixture()).encode(),
        parse_telegram_html: HTML.encode(),
    }
    data = sources[which]
    cut %= len(data) + 1
    check(which, data[:cut] + noise + data[cut:])
    check(which, data[:cut])


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list('<>/="\' divclassmesagdfuljoinedtx\n&;#')),
                    max_size=300))  # fmt: skip
def test_random_html(text: str) -> None:
    check(parse_telegram_html, ('<div class="history">' + text).encode())


_HREFS = st.one_of(
    st.integers(min_value=-3, max_value=40).map(lambda n: f"#go_to_message{n}"),
    st.tuples(st.sampled_from(["messages.html", "messages2.html", "messages9.html"]),
              st.integers(min_value=0, max_value=40)).map(lambda p: f"{p[0]}#go_to_message{p[1]}"),
    st.text(alphabet=st.sampled_from(list('#go_tmesag.html0123456789"<>&/: ')), max_size=30),
)


@FUZZ
@given(pages=st.lists(st.lists(st.tuples(
    st.integers(min_value=-3, max_value=40), st.none() | _HREFS), max_size=6),
    min_size=1, max_size=3))
def test_html_reply_links_across_pages(pages: list[list[tuple[int, str | None]]]) -> None:
    """Any ids and links (repeated, missing, hostile, pointing forwards): each page parses, and
    after linking the pages, a reply said found points at a message of that number, and one
    said missing has no message of that number among the pages."""
    from evidencekit.importers.telegram_replies import link_replies
    from tests.importers.test_telegram_html_replies import day, message, page

    parsed = []
    for number, blocks in enumerate(pages, start=1):
        body = day(number, "day") + "".join(
            message(n, "K", 1, "x", None if href is None else html.escape(href, quote=True))
            for n, href in blocks)
        name = "messages.html" if number == 1 else f"messages{number}.html"
        check(parse_telegram_html, page(body).encode())
        result = parse_telegram_html(io.BytesIO(page(body).encode()), source_name=name)
        parsed.append((name, list(result.messages)))
    link_replies(parsed)
    ordered = [m for _name, messages in parsed for m in messages]
    numbers = [(m.extra.get("telegram") or {}).get("id") for m in ordered]
    for row, m in enumerate(ordered):
        target = (m.extra.get("telegram") or {}).get("reply_to_message_id")
        if target is None:
            assert not {"reply_rows_back", "reply_not_in_export"} & set(m.extra)
            continue
        if "reply_rows_back" in m.extra:
            assert numbers[row - m.extra["reply_rows_back"]] == target
        else:
            assert target not in numbers[:row] + numbers[row + 1:]
            assert m.extra.get("reply_not_in_export") or m.extra.get("reply_page_not_imported")
