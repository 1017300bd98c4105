"""Parse the direct messages of a TikTok data export (`user_data*.json`)."""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.jsonsafe import MAX_JSON_BYTES, loads_untrusted
from evidencekit.importers.records import (
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    ParseResult,
    SourceSpan,
    SpanKind,
)

_CHAT_WITH = re.compile(r"^\s*chat\s*history\s*with\s+(.*?)\s*:?\s*$", re.IGNORECASE | re.DOTALL)
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
# Keys, not values: a DiscordChatExporter file has the value "Direct Message" as a channel type.
_HEAD_MARKERS = (b'"direct message":', b'"direct messages":', b'"chat history":',
                 b'"chathistory":', b'"profilemap":', b'"tiktok live":', b'"your activity":')


def _norm(key: str) -> str:
    """Key names change between TikTok versions: compare them without case, spaces or '_'."""
    return re.sub(r"[\s_]+", "", key).lower()


def _get(obj: dict[str, Any], *names: str) -> Any:
    wanted = {_norm(n) for n in names}
    for key, value in obj.items():
        if isinstance(key, str) and _norm(key) in wanted:
            return value
    return None


def looks_like_tiktok(head: bytes) -> bool:
    """True for a TikTok `user_data` JSON (recognised by its section names)."""
    sample = head[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not sample.startswith(b"{"):
        return False
    low = re.sub(rb'"\s+:', b'":', sample.lower())
    return any(marker in low for marker in _HEAD_MARKERS)


def _time(literal: str, tz: zoneinfo.ZoneInfo) -> ParsedTime:
    text = literal.strip()
    utc = False
    if text.upper().endswith(" UTC"):
        text, utc = text[:-4].strip(), True
    for fmt in _DATE_FORMATS:
        try:
            naive = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if utc:
            return ParsedTime(literal, naive.replace(tzinfo=UTC), "date marked UTC")
        return ParsedTime(literal, naive.replace(tzinfo=tz),
                          f"naive date read as local time in {tz.key}")
    return ParsedTime(literal, None, "unreadable date")


def _find_dm_section(root: dict[str, Any]) -> Any:
    for key, value in root.items():
        if isinstance(key, str) and _norm(key) in ("directmessage", "directmessages"):
            return value
    return None


def _chats(section: Any) -> Iterator[tuple[str, str, Any]]:
    """(key as written, other user, list) for every 'Chat History with X:' found, in order."""
    stack: list[Any] = [section]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        nested: list[Any] = []
        for key, value in node.items():
            m = _CHAT_WITH.match(key) if isinstance(key, str) else None
            if m:
                yield key, m.group(1), value
            elif isinstance(value, dict):
                nested.append(value)
        stack.extend(reversed(nested))


def _owner(root: dict[str, Any]) -> str:
    profile = _get(root, "Profile", "Profile Info")
    for _level in range(3):
        if not isinstance(profile, dict):
            return ""
        name = _get(profile, "userName", "Username")
        if isinstance(name, str):
            return name
        profile = _get(profile, "Profile Information", "Profile Info", "ProfileMap")
    return ""


def parse_tiktok(stream: BinaryIO, *, source_name: str, timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """TikTok writes naive dates (device/server local); they are read in `timezone`."""
    data = stream.read(MAX_JSON_BYTES + 1)
    root = loads_untrusted(data, source_name)
    if not isinstance(root, dict):
        raise UnsupportedInput(_("{name}: the file is not a TikTok data export object.")
                               .format(name=source_name))
    section = _find_dm_section(root)
    if section is None:
        raise UnsupportedInput(
            _("{name}: this TikTok file has no 'Direct Messages' section (the export may have "
              "been made without messages).").format(name=source_name)
        )
    owner = _owner(root)
    report = ParseReport(format="tiktok", title=source_name)
    counts = {"total": 0, "messages": 0, "unparsed": 0, "conversations": 0}
    report.counts = counts
    if owner:
        report.participants.append(owner)
    report.notes.append(deferred(N_(
        "TikTok dates carry no time zone; they were read as local time in {zone}."),
        zone=timezone.key))

    def gen() -> Iterator[ParsedMessage]:
        index = 0
        for key, other, items in _chats(section):
            counts["conversations"] += 1
            if other and other not in report.participants:
                report.participants.append(other)
            records = items if isinstance(items, list) else [items]
            for n, item in enumerate(records):
                span = SourceSpan(SpanKind.RECORD, n, n, part=key)
                counts["total"] += 1
                date = _get(item, "Date", "Created") if isinstance(item, dict) else None
                sender = _get(item, "From", "Sender") if isinstance(item, dict) else None
                content = _get(item, "Content", "Message") if isinstance(item, dict) else None
                if isinstance(item, dict) and isinstance(content, str | None) and (
                        content is not None or date is not None):
                    counts["messages"] += 1
                    direction = ""
                    if owner and isinstance(sender, str):
                        direction = "sent" if sender == owner else "received"
                    extra = {k: v for k, v in item.items()
                             if _norm(k) not in ("date", "from", "content")}
                    yield ParsedMessage(
                        index=index, span=span,
                        sender=sender if isinstance(sender, str) and sender else None,
                        time=_time(date, timezone) if isinstance(date, str) else None,
                        text=content or "", direction=direction, conversation=other,
                        extra=extra,
                    )
                else:
                    counts["unparsed"] += 1
                    yield ParsedMessage(
                        index=index, span=span, sender=None, time=None,
                        text=json.dumps(item, ensure_ascii=False), kind=MessageKind.UNPARSED,
                        conversation=other, extra={"reason": "not a TikTok chat record"},
                    )
                index += 1

    return ParseResult(report=report, messages=gen())
