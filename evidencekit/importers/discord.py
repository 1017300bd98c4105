"""Parse Discord messages: DiscordChatExporter JSON (both sides) and Discord's own data package."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import zoneinfo
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.jsonsafe import MAX_JSON_BYTES, loads_untrusted
from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    ParseResult,
    SourceSpan,
    SpanKind,
)

OWNER_ONLY_NOTE = N_(
    "Discord's own data package holds only the account owner's messages, not the other side's: "
    "replies you received are not in it. DiscordChatExporter (run while the account is "
    "reachable) saves both sides."
)
_CSV_HEADER = re.compile(rb"^\s*\"?ID\"?,\"?Timestamp\"?,\"?Contents\"?", re.IGNORECASE)
_CHANNEL_ID = re.compile(r"(?:^|[/\\])c(\d+)(?:[/\\]|$)")
_HINTS = {".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".gif": "photo", ".webp": "photo",
          ".mp4": "video", ".webm": "video", ".mov": "video", ".mp3": "audio", ".ogg": "audio",
          ".wav": "audio", ".m4a": "audio"}
_SYSTEM_TYPES = {"RecipientAdd", "RecipientRemove", "ChannelNameChange", "ChannelIconChange",
                 "ChannelPinnedMessage", "GuildMemberJoin", "ThreadCreated",
                 "ChannelFollowAdd", "GuildBoost"}


def _hint(name: str) -> str:
    return _HINTS.get(posixpath.splitext(name.split("?", 1)[0])[1].lower(), "file")


def looks_like_discord(head: bytes) -> bool:
    """DiscordChatExporter JSON, or a package `messages.json` / `messages.csv`."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if _CSV_HEADER.match(sample):
        return True
    stripped = sample.lstrip()
    if stripped.startswith(b"{"):
        return b'"channel"' in sample and b'"messages"' in sample and (
            b'"guild"' in sample or b'"author"' in sample)
    if stripped.startswith(b"["):
        return re.search(rb'"ID"\s*:', sample) is not None and b'"Timestamp"' in sample
    return False


def _iso(literal: str, rule: str) -> ParsedTime:
    try:
        instant = datetime.fromisoformat(literal)
    except ValueError:
        return ParsedTime(literal, None, "unreadable ISO 8601 time")
    if instant.tzinfo is None:
        return ParsedTime(literal, None, "ISO 8601 time without a zone")
    return ParsedTime(literal, instant, rule)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _s(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _unparsed(index: int, item: Any, why: str, part: str = "") -> ParsedMessage:
    text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
    return ParsedMessage(index=index, span=SourceSpan(SpanKind.RECORD, index, index, part),
                         sender=None, time=None, text=text, kind=MessageKind.UNPARSED,
                         extra={"reason": why})


# ----------------------------------------------------------------------------- DCE JSON


def _dce(root: dict[str, Any], source_name: str) -> ParseResult:
    guild = _dict(root.get("guild"))
    channel = _dict(root.get("channel"))
    messages = root.get("messages")
    if not isinstance(messages, list):
        raise UnsupportedInput(_("{name}: the Discord export has no list of messages.")
                               .format(name=source_name))
    channel_name = _s(channel.get("name"))
    guild_name = _s(guild.get("name"))
    conversation = channel_name if guild_name in ("", "Direct Messages") else (
        f"{guild_name} / {channel_name}")
    report = ParseReport(format="discord-chat-exporter", title=conversation or source_name)
    counts = {"total": 0, "messages": 0, "system": 0, "unparsed": 0, "attachments": 0}
    report.counts = counts
    if isinstance(root.get("messageCount"), int) and root["messageCount"] != len(messages):
        report.notes.append(deferred(N_(
            "The export says it holds {declared} messages; {found} were found in it."),
            declared=root["messageCount"], found=len(messages)))

    def gen() -> Iterator[ParsedMessage]:
        for index, item in enumerate(messages):
            counts["total"] += 1
            if not isinstance(item, dict) or not isinstance(item.get("content", ""), str):
                counts["unparsed"] += 1
                yield _unparsed(index, item, "not a DiscordChatExporter message")
                continue
            author = _dict(item.get("author"))
            name = _s(author.get("nickname")) or _s(author.get("name"))
            if name and name not in report.participants:
                report.participants.append(name)
            mtype = _s(item.get("type")) or "Default"
            if mtype == "Call":
                kind = MessageKind.CALL
            elif mtype in _SYSTEM_TYPES:
                kind = MessageKind.SYSTEM
            elif item.get("timestampEdited"):
                kind = MessageKind.EDITED
            else:
                kind = MessageKind.MESSAGE
            counts["system" if kind in (MessageKind.SYSTEM, MessageKind.CALL) else "messages"] += 1
            attachments = []
            for att in item.get("attachments") or []:
                if not isinstance(att, dict):
                    continue
                # With --media the url is the saved file's relative path; else a CDN link.
                ref = _s(att.get("url")) or _s(att.get("fileName"))
                attachments.append(AttachmentRef(name=ref, media_hint=_hint(
                    _s(att.get("fileName")) or ref)))
                counts["attachments"] += 1
            extra: dict[str, Any] = {
                "message_id": _s(item.get("id")),
                "type": mtype,
                "author_id": _s(author.get("id")),
                "author_name": _s(author.get("name")),
            }
            if author.get("nickname"):
                extra["author_nickname"] = author["nickname"]
            for key in ("timestampEdited", "callEndedTimestamp", "isPinned", "reactions",
                        "mentions", "embeds", "stickers", "reference", "attachments"):
                if item.get(key):
                    extra[key] = item[key]
            ts = item.get("timestamp")
            yield ParsedMessage(
                index=index, span=SourceSpan(SpanKind.RECORD, index, index),
                sender=name or None,
                time=_iso(ts, "ISO 8601 with offset") if isinstance(ts, str) else None,
                text=item.get("content", ""), kind=kind, attachments=attachments,
                conversation=conversation, extra=extra,
            )

    return ParseResult(report=report, messages=gen())


# ----------------------------------------------------------------------------- package


def _package_report(source_name: str, fmt: str) -> ParseReport:
    report = ParseReport(format=fmt, title=source_name)
    report.notes.append(deferred(OWNER_ONLY_NOTE))
    report.counts = {"total": 0, "messages": 0, "unparsed": 0, "attachments": 0}
    return report


def _package_message(index: int, msg_id: str, ts: str, contents: str, attachments: str,
                     conversation: str, counts: dict[str, int]) -> ParsedMessage:
    refs = []
    # Attachments are space-separated CDN URLs (no spaces occur inside them).
    for url in attachments.split():
        refs.append(AttachmentRef(name=url, media_hint=_hint(url)))
        counts["attachments"] += 1
    counts["messages"] += 1
    return ParsedMessage(
        index=index, span=SourceSpan(SpanKind.RECORD, index, index), sender=None,
        time=_iso(ts, "ISO 8601 with offset") if ts else None, text=contents,
        attachments=refs, direction="sent", conversation=conversation,
        extra={"message_id": msg_id, "author": "account owner"},
    )


def _conversation_from_name(source_name: str) -> str:
    m = _CHANNEL_ID.search(source_name)
    return f"channel {m.group(1)}" if m else ""


def _package_json(items: list[Any], source_name: str) -> ParseResult:
    report = _package_report(source_name, "discord-package-json")
    counts = report.counts
    conversation = _conversation_from_name(source_name)

    def gen() -> Iterator[ParsedMessage]:
        for index, item in enumerate(items):
            counts["total"] += 1
            if isinstance(item, dict):
                fields = [item.get(k) for k in ("ID", "Timestamp", "Contents", "Attachments")]
                if all(v is None or isinstance(v, str | int) for v in fields) and (
                        fields[1] is not None or fields[2] is not None):
                    yield _package_message(index, _s(fields[0]), _s(fields[1]), _s(fields[2]),
                                           _s(fields[3]), conversation, counts)
                    continue
            counts["unparsed"] += 1
            yield _unparsed(index, item, "not a Discord package message")

    return ParseResult(report=report, messages=gen())


def parse_discord_package_csv(stream: BinaryIO, *, source_name: str,
                              timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Discord package `messages.csv` (ID,Timestamp,Contents,Attachments), streamed row by row."""
    del timezone
    head = stream.read(4096)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not _CSV_HEADER.match(head):
        raise UnsupportedInput(
            _("{name}: the CSV does not start with the Discord header "
              "'ID,Timestamp,Contents,Attachments'.").format(name=source_name)
        )
    rest = io.BufferedReader(_Join(head, stream))
    text = io.TextIOWrapper(rest, encoding="utf-8-sig", errors="strict", newline="")
    report = _package_report(source_name, "discord-package-csv")
    counts = report.counts
    conversation = _conversation_from_name(source_name)

    def gen() -> Iterator[ParsedMessage]:
        reader = csv.reader(text)
        try:
            header = next(reader)
            cols = [c.strip().lower() for c in header]
            pos = {name: cols.index(name) for name in ("id", "timestamp", "contents",
                                                        "attachments") if name in cols}
            for index, row in enumerate(reader):
                counts["total"] += 1
                if len(row) != len(header):
                    counts["unparsed"] += 1
                    yield _unparsed(index, ",".join(row), "row with the wrong number of columns")
                    continue

                def col(name: str, row: list[str] = row) -> str:
                    return row[pos[name]] if name in pos else ""

                yield _package_message(index, col("id"), col("timestamp"), col("contents"),
                                       col("attachments"), conversation, counts)
        except csv.Error as exc:
            raise UnsupportedInput(
                _("{name}: the CSV is damaged after {n} rows ({reason}).")
                .format(name=source_name, n=counts["total"], reason=exc)
            ) from None
        except UnicodeDecodeError:
            raise UnsupportedInput(
                _("{name}: the CSV is not valid UTF-8 after {n} rows.")
                .format(name=source_name, n=counts["total"])
            ) from None

    return ParseResult(report=report, messages=gen())


class _Join(io.RawIOBase):
    """Raw stream replaying sniffed bytes then the rest, so CSV rows can be streamed."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


# ----------------------------------------------------------------------------- entry point


def parse_discord(stream: BinaryIO, *, source_name: str,
                  timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Any of the three Discord shapes, recognised by content."""
    head = stream.read(4096)
    if _CSV_HEADER.match(head.removeprefix(b"\xef\xbb\xbf")):
        return parse_discord_package_csv(_Join(head, stream),  # type: ignore[arg-type]
                                         source_name=source_name, timezone=timezone)
    data = head + stream.read(MAX_JSON_BYTES + 1 - len(head))
    root = loads_untrusted(data, source_name)
    if isinstance(root, dict) and "messages" in root:
        return _dce(root, source_name)
    if isinstance(root, list):
        return _package_json(root, source_name)
    raise UnsupportedInput(
        _("{name}: this JSON is neither a DiscordChatExporter export nor a Discord package "
          "messages.json.").format(name=source_name)
    )
