"""Parsing Instagram and Messenger "Download your information" JSON threads into messages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.jsonsafe import loads_untrusted
from evidencekit.importers.mojibake import MojibakeRepairer
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

# DYI media lists and the hint each gives; "sticker" is a single object, the rest are lists.
_MEDIA_LISTS = (
    ("photos", "photo"),
    ("videos", "video"),
    ("audio_files", "audio"),
    ("files", "file"),
    ("gifs", "gif"),
)

_EXTENSION_HINTS = {
    "jpg": "photo", "jpeg": "photo", "png": "photo", "webp": "photo", "heic": "photo",
    "gif": "gif", "mp4": "video", "mov": "video", "webm": "video", "m4a": "audio",
    "aac": "audio", "mp3": "audio", "ogg": "audio", "opus": "audio", "wav": "audio",
}  # fmt: skip

# Cues that say which Meta product wrote the export (paths and fields only one of them uses).
_INSTAGRAM_CUES = (
    "your_instagram_activity",
    "instagram.com",
    "is_geoblocked_for_viewer",
    "original_content_owner",
)
_MESSENGER_CUES = (
    "your_facebook_activity",
    "your_activity_across_facebook",
    "facebook.com",
    "messenger.com",
    "thread_type",
    "is_unsent_image_by_messenger_kid_parent",
)

_PART_NUMBER = re.compile(r"message_(\d+)\.json$", re.IGNORECASE)

# Keys turned into first-class fields; whatever else a record holds is kept in extra["meta"].
_CONSUMED = frozenset(
    {
        "sender_name", "timestamp_ms", "content", "photos", "videos", "audio_files", "files",
        "gifs", "sticker", "share", "reactions", "is_unsent", "type",
        "senderName", "timestamp", "text", "media", "isUnsent",
    }
)  # fmt: skip


def looks_like_meta_dyi(head: bytes) -> bool:
    """True when the first bytes look like a DYI message_N.json or a Messenger E2EE export."""
    text = head[:65536].decode("utf-8", errors="ignore")
    if '"messages"' not in text:
        return False
    dyi = '"sender_name"' in text and '"timestamp_ms"' in text
    e2ee = '"senderName"' in text and '"timestamp"' in text
    return dyi or e2ee


def _epoch_time(value: Any) -> ParsedTime | None:
    """Meta timestamps: milliseconds in both layouts; a seconds value is accepted if small."""
    if value is None:
        return None
    literal = value if isinstance(value, str) else json.dumps(value)
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None:
        return ParsedTime(literal=literal, instant=None, rule="unreadable timestamp")
    # Below 10^11 a value can only be seconds (10^11 ms is March 1973, before Messenger existed).
    millis = number if number >= 10**11 else number * 1000
    rule = "epoch milliseconds (UTC)" if number >= 10**11 else "epoch seconds (UTC)"
    try:
        instant = _EPOCH + timedelta(milliseconds=millis)
    except OverflowError:
        return ParsedTime(literal=literal, instant=None, rule="timestamp out of range")
    return ParsedTime(literal=literal, instant=instant, rule=rule)




def _hint_from_name(uri: str) -> str:
    extension = uri.rsplit(".", 1)[-1].lower() if "." in uri else ""
    return _EXTENSION_HINTS.get(extension, "file")


@dataclass
class _Part:
    name: str
    data: dict[str, Any]
    records: list[Any]
    e2ee: bool


def _load_part(data: bytes, label: str) -> _Part:
    value = loads_untrusted(data, label)
    if not isinstance(value, dict):
        raise UnsupportedInput(_("{name}: the JSON is not a Meta message export (no object).")
                               .format(name=label))
    records = value.get("messages")
    if not isinstance(records, list):
        raise UnsupportedInput(_('{name}: the JSON holds no "messages" list of a Meta export.')
                               .format(name=label))
    e2ee = any(isinstance(r, dict) and ("senderName" in r or "isUnsent" in r) for r in records) or (
        "threadName" in value and "title" not in value
    )
    return _Part(name=label, data=value, records=records, e2ee=e2ee)


def _detect_platform(parts: list[_Part], source_name: str) -> str:
    """ "instagram", "messenger" or "" when nothing in the export tells them apart."""
    if any(p.e2ee for p in parts):
        return "messenger"  # only Messenger has the end-to-end-encrypted flat export
    # Serialising is cheap next to parsing and catches cues in URIs and share links anywhere.
    blob = " ".join([source_name, *(json.dumps(p.data, ensure_ascii=False) for p in parts)])
    instagram = any(cue in blob for cue in _INSTAGRAM_CUES)
    messenger = any(cue in blob for cue in _MESSENGER_CUES)
    if instagram and not messenger:
        return "instagram"
    if messenger and not instagram:
        return "messenger"
    return ""


class _RecordParser:
    def __init__(self, fixer: MojibakeRepairer) -> None:
        self.fixer = fixer

    def _str(self, value: Any) -> str | None:
        return self.fixer.text(value) if isinstance(value, str) else None

    def parse(self, record: Any, index: int, span: SourceSpan) -> ParsedMessage:
        if not isinstance(record, dict) or not (
            {"sender_name", "timestamp_ms", "senderName", "timestamp"} & record.keys()
        ):
            return unparsed_record(record, index, span, "")
        e2ee = "senderName" in record or ("timestamp" in record and "timestamp_ms" not in record)
        sender = self._str(record.get("senderName" if e2ee else "sender_name"))
        time = _epoch_time(record.get("timestamp" if e2ee else "timestamp_ms"))
        text = self._str(record.get("text" if e2ee else "content")) or ""
        extra: dict[str, Any] = {}
        attachments: list[AttachmentRef] = []
        without_uri: list[Any] = []

        def add_media(item: Any, hint: str) -> None:
            uri = item.get("uri") if isinstance(item, dict) else item
            if isinstance(uri, str) and uri:
                attachments.append(AttachmentRef(name=uri, media_hint=hint or _hint_from_name(uri)))
            else:
                without_uri.append(item)

        for key, hint in _MEDIA_LISTS:
            items = record.get(key)
            if isinstance(items, list):
                for item in items:
                    add_media(item, hint)
            elif items is not None:
                without_uri.append({key: items})
        if record.get("sticker") is not None:
            add_media(record["sticker"], "sticker")
        media = record.get("media")
        if isinstance(media, list):
            for item in media:
                add_media(item, "")
        elif media is not None:
            without_uri.append({"media": media})
        if without_uri:
            extra["media_without_uri"] = without_uri

        share = record.get("share")
        if share is not None:
            extra["share"] = self.fixer.deep(share)
        reactions = record.get("reactions")
        if reactions:
            extra["reactions"] = self.fixer.deep(reactions)

        meta_type = record.get("type")
        if meta_type is not None:
            extra["type"] = meta_type
        unsent = record.get("isUnsent" if e2ee else "is_unsent") is True
        kind = MessageKind.MESSAGE
        if unsent:
            kind = MessageKind.DELETED
            extra["unsent"] = True
        elif meta_type == "Call" or "call_duration" in record:
            kind = MessageKind.CALL
        elif meta_type in ("Subscribe", "Unsubscribe"):
            kind = MessageKind.SYSTEM
        others = {k: v for k, v in record.items() if k not in _CONSUMED}
        if others:
            extra["meta"] = self.fixer.deep(others)
        return ParsedMessage(
            index=index,
            span=span,
            sender=sender,
            time=time,
            text=text,
            kind=kind,
            attachments=attachments,
            extra=extra,
        )


def _sort_key_ms(record: Any) -> int | None:
    if not isinstance(record, dict):
        return None
    value = record.get("timestamp_ms", record.get("timestamp"))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _chronological_indices(records: list[Any]) -> list[int]:
    """Source indices in reading order: DYI files are newest first, E2EE ones oldest first."""
    stamps = [s for s in (_sort_key_ms(r) for r in records) if s is not None]
    indices = list(range(len(records)))
    if len(stamps) >= 2 and stamps[0] > stamps[-1]:
        indices.reverse()
    return indices


def _part_order_key(part: _Part, position: int) -> tuple[int, int, int]:
    stamps = [s for s in (_sort_key_ms(r) for r in part.records) if s is not None]
    if stamps:
        return (0, min(stamps), position)
    match = _PART_NUMBER.search(part.name)
    # Without timestamps, the highest-numbered part is the oldest.
    number = int(match.group(1)) if match else 0
    return (1, -number, position)


def _build(parts: list[_Part], source_name: str, *, multi: bool) -> ParseResult:
    fixer = MojibakeRepairer()
    parser = _RecordParser(fixer)
    platform = _detect_platform(parts, source_name)
    ordered = sorted(enumerate(parts), key=lambda item: _part_order_key(item[1], item[0]))
    messages: list[ParsedMessage] = []
    for _position, part in ordered:
        label = part.name if multi else ""
        for source_index in _chronological_indices(part.records):
            span = SourceSpan(SpanKind.RECORD, source_index, source_index, label)
            messages.append(parser.parse(part.records[source_index], len(messages), span))

    first = parts[0].data
    title_value = first.get("title", first.get("threadName"))
    title = fixer.text(title_value) if isinstance(title_value, str) else ""
    participants: list[str] = []
    for part in parts:
        listed = part.data.get("participants")
        for entry in listed if isinstance(listed, list) else []:
            name = entry.get("name") if isinstance(entry, dict) else entry
            if isinstance(name, str):
                fixed = fixer.text(name)
                if fixed not in participants:
                    participants.append(fixed)
    for message in messages:
        if message.sender is not None and message.sender not in participants:
            participants.append(message.sender)

    notes: list[str] = []
    if platform == "":
        notes.append(deferred(N_(
            "{name}: nothing in the export says whether it comes from Instagram or Messenger "
            "(they share this layout)."), name=source_name))
    if any(p.e2ee for p in parts):
        notes.append(deferred(N_("{name}: Messenger end-to-end-encrypted chat export (flat "
                                 "layout)."), name=source_name))
    if fixer.note():
        notes.append(deferred(N_("{name}: {note}"), name=source_name, note=fixer.note()))
    notes.append(deferred(N_(
        "{name}: messages are listed oldest first; each keeps its record index in the source "
        "file (Meta writes them newest first)."), name=source_name))
    counts: dict[str, int] = {"records": len(messages), "mojibake_repaired": fixer.repaired}
    if multi:
        counts["parts"] = len(parts)
    for message in messages:
        counts[f"kind_{message.kind.value}"] = counts.get(f"kind_{message.kind.value}", 0) + 1
    report = ParseReport(
        format=platform or "meta_dyi",
        title=title,
        participants=participants,
        notes=notes,
        counts=counts,
    )
    return ParseResult(report=report, messages=iter(messages))


def parse_meta_dyi(stream: BinaryIO, *, source_name: str) -> ParseResult:
    """Parse one message_N.json (or one E2EE export file) into messages, oldest first."""
    part = _load_part(stream.read(), source_name)
    return _build([part], source_name, multi=False)


def parse_meta_thread(parts: list[tuple[str, bytes]], *, source_name: str) -> ParseResult:
    """Merge every message_N.json of one thread, oldest first, each keeping its part and index."""
    if not parts:
        raise UnsupportedInput(_("{name}: the thread has no message_N.json file.")
                               .format(name=source_name))
    loaded = [_load_part(data, f"{source_name}/{name}") for name, data in parts]
    for (name, _data), part in zip(parts, loaded, strict=True):
        part.name = name  # spans name the part as the export does, errors name the full path
    return _build(loaded, source_name, multi=True)
