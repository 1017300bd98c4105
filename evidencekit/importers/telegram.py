"""Parsing Telegram Desktop result.json exports (one chat or the whole account) into messages."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers import telegram_stream
from evidencekit.importers.localtime import read_naive, times_without_instant
from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    ParseResult,
    SourceSpan,
    SpanKind,
    unparsed_record,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Streamed, so memory no longer grows with the file; the cap only bounds the time spent.
MAX_TELEGRAM_BYTES = 2 * 1024 * 1024 * 1024

# An escaped backslash is consumed first so that "\\x01" (a literal backslash, then "x01")
# is left alone; only a lone "\xHH" (invalid JSON, written by some Telegram versions) is fixed.
_BAD_ESCAPE = re.compile(rb"\\(?:\\|x([0-9A-Fa-f]{2}))")

# Telegram writes one of these instead of a path when a file was left out of the export.
_MISSING_PREFIXES = ("(File not included", "(File exceeds maximum size", "(File unavailable")

_FILE_HINTS = {
    "voice_message": "audio",
    "audio_file": "audio",
    "video_file": "video",
    "video_message": "video",
    "animation": "gif",
    "sticker": "sticker",
}

_CALL_ACTIONS = frozenset({"phone_call", "group_call", "invite_to_group_call"})

_CONSUMED = frozenset(
    {"type", "date", "date_unixtime", "from", "actor", "text", "text_entities", "photo",
     "file", "edited", "edited_unixtime"}
)  # fmt: skip


def looks_like_telegram(head: bytes) -> bool:
    """True when the first bytes look like a Telegram Desktop result.json."""
    text = head[:65536].decode("utf-8", errors="ignore")
    if '"date_unixtime"' in text:
        return True
    single = '"messages"' in text and '"type"' in text and (
        '"personal_chat"' in text or '"private_group"' in text or '"public_channel"' in text
        or '"private_supergroup"' in text or '"public_supergroup"' in text
        or '"saved_messages"' in text or '"bot_chat"' in text or '"private_channel"' in text
    )  # fmt: skip
    account = '"chats"' in text and '"list"' in text and '"messages"' in text
    return single or (account and '"personal_information"' in text)


def repair_bad_escapes(data: bytes) -> tuple[bytes, int]:
    """Turn invalid `\\xHH` escapes into `\\u00HH`; return the new bytes and how many were fixed."""
    count = 0

    def fix(match: re.Match[bytes]) -> bytes:
        nonlocal count
        if match.group(1) is None:
            return match.group(0)
        count += 1
        return b"\\u00" + match.group(1)

    return _BAD_ESCAPE.sub(fix, data), count


def _epoch_seconds(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        number = int(value.strip())
    elif isinstance(value, int):
        number = value
    else:
        return None
    try:
        return _EPOCH + timedelta(seconds=number)
    except OverflowError:
        return None


def _message_time(record: dict[str, Any], timezone: ZoneInfo | None) -> ParsedTime | None:
    unix = record.get("date_unixtime")
    if unix is not None:
        literal = unix if isinstance(unix, str) else json.dumps(unix)
        instant = _epoch_seconds(unix)
        return ParsedTime(
            literal=literal,
            instant=instant,
            rule="epoch seconds (UTC)" if instant else "unreadable date_unixtime",
        )
    date = record.get("date")
    if isinstance(date, str):
        # Older exports only have `date`: the exporting device's wall-clock time, no offset.
        naive = _naive_date(date)
        if naive is not None and timezone is not None:
            return read_naive(naive, date, timezone)
        return ParsedTime(literal=date, instant=None, rule="naive local time (no offset)")
    return None


def _naive_date(date: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None


def _plain_text(value: Any) -> tuple[str, list[Any]] | None:
    """The plain text and the entity objects of a `text` field, or None if it is malformed."""
    if value is None:
        return "", []
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        return None
    pieces: list[str] = []
    entities: list[Any] = []
    for item in value:
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, dict) and isinstance(item.get("text", ""), str):
            pieces.append(item.get("text", ""))
            entities.append(item)
        else:
            return None
    return "".join(pieces), entities




def _parse_record(record: Any, index: int, span: SourceSpan, conversation: str,
                  timezone: ZoneInfo | None = None) -> ParsedMessage:
    if not isinstance(record, dict):
        return unparsed_record(record, index, span, conversation)
    text_parts = _plain_text(record.get("text"))
    if text_parts is None:
        return unparsed_record(record, index, span, conversation)
    text, entities = text_parts
    record_type = record.get("type")
    extra: dict[str, Any] = {}
    if entities:
        extra["entities"] = entities
    kind = MessageKind.MESSAGE
    sender_value = record.get("from")
    if record_type == "service":
        sender_value = record.get("actor")
        action = record.get("action")
        is_call = isinstance(action, str) and action in _CALL_ACTIONS
        kind = MessageKind.CALL if is_call else MessageKind.SYSTEM
    elif record_type != "message":
        extra["telegram_type"] = record_type
    sender = sender_value if isinstance(sender_value, str) else None

    if "edited_unixtime" in record or "edited" in record:
        extra["edited"] = True
        edited = _epoch_seconds(record.get("edited_unixtime"))
        literal = record.get("edited_unixtime", record.get("edited"))
        extra["edited_at"] = edited.isoformat() if edited else None
        extra["edited_literal"] = literal if isinstance(literal, str) else json.dumps(literal)

    attachments: list[AttachmentRef] = []
    missing: list[dict[str, str]] = []
    for key in ("photo", "file"):
        value = record.get(key)
        if not isinstance(value, str) or not value:
            continue
        media_type = record.get("media_type")
        hint = "photo" if key == "photo" else _FILE_HINTS.get(str(media_type), "file")
        attachments.append(AttachmentRef(name=value, media_hint=hint))
        if value.startswith(_MISSING_PREFIXES):
            missing.append({"field": key, "placeholder": value, "media_hint": hint})
    if missing:
        # The export left the file out; the glue must show it as missing, not look it up.
        extra["missing_from_export"] = missing
    others = {k: v for k, v in record.items() if k not in _CONSUMED}
    if others:
        extra["telegram"] = others
    return ParsedMessage(
        index=index,
        span=span,
        sender=sender,
        time=_message_time(record, timezone),
        text=text,
        kind=kind,
        attachments=attachments,
        conversation=conversation,
        extra=extra,
    )


def _chat_name(chat: dict[str, Any], position: int) -> str:
    name = chat.get("name")
    if isinstance(name, str) and name:
        return name
    if chat.get("type") == "saved_messages":
        return "Saved Messages"
    return f"chat {chat.get('id', position)}"


def _size(stream: BinaryIO) -> int | None:
    seekable = getattr(stream, "seekable", None)
    if seekable is None or not seekable():
        return None
    here = stream.tell()
    end = stream.seek(0, 2)
    stream.seek(here)
    return end - here


def parse_telegram(stream: BinaryIO, *, source_name: str,
                   timezone: ZoneInfo | None = None) -> ParseResult:
    """Parse a result.json: a single chat (`messages`) or a full account (`chats.list`).

    Streamed in two passes (telegram_stream): the whole document is checked first, so a broken
    file is refused here, before anything is stored; the messages are then read one at a time
    as the caller takes them, and the report's notes and counts are complete once they all
    have been. `timezone` reads the offset-less `date` of old exports (no `date_unixtime`);
    without it those times stay naive, with no instant.
    """
    size = _size(stream)
    if size is not None and size > MAX_TELEGRAM_BYTES:
        raise UnsupportedInput(
            _("{name}: the JSON file is larger than {mb} MB; it was not imported.")
            .format(name=source_name, mb=MAX_TELEGRAM_BYTES // (1024 * 1024)))
    if size is None:  # not seekable: read it into memory once (small streams only)
        data = stream.read(MAX_TELEGRAM_BYTES + 1)
        if len(data) > MAX_TELEGRAM_BYTES:
            raise UnsupportedInput(
                _("{name}: the JSON file is larger than {mb} MB; it was not imported.")
                .format(name=source_name, mb=MAX_TELEGRAM_BYTES // (1024 * 1024)))
        stream = io.BytesIO(data)
    origin = stream.tell()
    outline = telegram_stream.survey(stream, source_name)
    stream.seek(origin)
    if outline.single:
        title = outline.name or ""
    else:
        title = (f"Telegram account export of {outline.owner}" if outline.owner
                 else "Telegram account export")
    report = ParseReport(format="telegram", title=title, participants=[], notes=[],
                         counts={"records": 0, "chats": outline.chats,
                                 "escapes_repaired": outline.repaired})
    return ParseResult(report=report, messages=_messages(stream, source_name, outline, report,
                                                         timezone))


def _messages(stream: BinaryIO, source_name: str, outline: telegram_stream.Survey,
              report: ParseReport, timezone: ZoneInfo | None) -> Iterator[ParsedMessage]:
    participants: dict[str, None] = {}
    naive = read_in_zone = missing = 0
    count = 0
    for record in telegram_stream.records(stream, source_name, outline.single):
        account = not outline.single
        conversation = record.chat_name if account else ""
        part = f"chat {record.chat_position}: {record.chat_name}" if account else ""
        span = SourceSpan(SpanKind.RECORD, record.source_index, record.source_index, part)
        if record.readable:
            message = _parse_record(record.value, count, span, conversation, timezone)
        else:
            message = unparsed_record(record.value, count, span, conversation)
        count += 1
        if message.sender is not None:
            participants[message.sender] = None
        counted = times_without_instant((message,))
        naive += counted[0]
        read_in_zone += counted[1]
        if "missing_from_export" in message.extra:
            missing += 1
        yield message
    report.counts["records"] = count
    report.participants = list(participants)
    _notes(report, source_name, outline.repaired, naive, read_in_zone, missing, timezone)


def _notes(report: ParseReport, source_name: str, repaired: int, naive: int,
           read_in_zone: int, missing: int, timezone: ZoneInfo | None) -> None:
    notes = report.notes
    if repaired:
        notes.append(deferred(N_(
            "{name}: {n} invalid \\xHH escape(s) written by Telegram for control characters "
            "were read as \\u00HH before parsing; the original file is kept unchanged."),
            name=source_name, n=repaired))
    if naive:
        notes.append(deferred(N_(
            "{name}: {n} message(s) have no readable date_unixtime; their local `date` is kept "
            "as written, with no time zone."), name=source_name, n=naive))
    if read_in_zone:
        notes.append(deferred(N_(
            "{name}: {n} message(s) have only a local `date` with no offset (an older export); "
            "it was read as the time in {zone}, the time zone chosen for this import, and the "
            "date as written is kept beside it."),
            name=source_name, n=read_in_zone, zone=timezone.key if timezone else ""))
    if missing:
        notes.append(deferred(N_(
            "{name}: {n} message(s) name a file that Telegram left out of the export (its "
            "settings excluded it)."), name=source_name, n=missing))
