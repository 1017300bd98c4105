"""Parse the direct messages of an X (Twitter) archive (`data/direct-messages*.js`)."""

from __future__ import annotations

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

# The archive wraps its JSON in a JavaScript assignment; the variable name varies by file
# (direct_messages, direct_messages_group) and by part number.
_PREFIX = re.compile(rb"^\s*window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)\s*=\s*")
_MEDIA_HINT = {".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".gif": "photo",
               ".webp": "photo", ".mp4": "video", ".mov": "video", ".m4a": "audio"}


def looks_like_x_dms(head: bytes) -> bool:
    """True for `window.YTD.direct_messages…` JavaScript files of an X archive."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    m = _PREFIX.match(sample)
    return m is not None and m.group(1).startswith(b"direct_messages")


def _iso_utc(literal: str) -> ParsedTime:
    try:
        instant = datetime.fromisoformat(literal)
    except ValueError:
        return ParsedTime(literal, None, "unreadable ISO 8601 time")
    if instant.tzinfo is None:
        return ParsedTime(literal, None, "ISO 8601 time without a zone (not expected)")
    return ParsedTime(literal, instant, "ISO 8601 (UTC)")


def _verbatim(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def parse_x_dms(stream: BinaryIO, *, source_name: str, timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Read the whole file (archives split DMs into parts well below the JSON size cap)."""
    del timezone  # createdAt is always UTC
    data = stream.read(MAX_JSON_BYTES + 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    m = _PREFIX.match(data)
    if m is None:
        raise UnsupportedInput(
            _("{name}: the file does not start with 'window.YTD.direct_messages…', so it is not "
              "an X archive direct-messages file.").format(name=source_name)
        )
    if not m.group(1).startswith(b"direct_messages"):
        raise UnsupportedInput(
            _("{name}: this X archive file holds '{content}', not direct messages.")
            .format(name=source_name, content=m.group(1).decode())
        )
    value = loads_untrusted(data[m.end():].rstrip().rstrip(b";"), source_name)
    if not isinstance(value, list):
        raise UnsupportedInput(_("{name}: the direct-messages data is not a list.")
                               .format(name=source_name))
    report = ParseReport(format="x-dms", title=source_name)
    counts = {"total": 0, "messages": 0, "events": 0, "unparsed": 0, "attachments": 0}
    report.counts = counts
    participants: dict[str, None] = {}

    def records() -> Iterator[tuple[int, Any, str]]:
        for n, conv in enumerate(value):
            dm = conv.get("dmConversation") if isinstance(conv, dict) else None
            msgs = dm.get("messages") if isinstance(dm, dict) else None
            if not isinstance(msgs, list):
                yield n, {"__not_a_conversation__": conv}, ""
                continue
            conv_id = _str(dm.get("conversationId")) if isinstance(dm, dict) else ""
            for item in msgs:
                yield n, item, conv_id

    def gen() -> Iterator[ParsedMessage]:
        for index, (_conv, item, conv_id) in enumerate(records()):
            counts["total"] += 1
            span = SourceSpan(SpanKind.RECORD, index, index)
            body = item.get("messageCreate") if isinstance(item, dict) else None
            if isinstance(body, dict) and isinstance(body.get("text", ""), str):
                counts["messages"] += 1
                sender = _str(body.get("senderId"))
                if sender:
                    participants[sender] = None
                msg_id = _str(body.get("id"))
                attachments = []
                for url in body.get("mediaUrls") or []:
                    if not isinstance(url, str):
                        continue
                    base = posixpath.basename(url.split("?", 1)[0])
                    ext = posixpath.splitext(base)[1].lower()
                    # The archive stores media as direct_messages_media/<messageId>-<basename>.
                    attachments.append(AttachmentRef(
                        name=f"direct_messages_media/{msg_id}-{base}" if msg_id else url,
                        media_hint=_MEDIA_HINT.get(ext, "file"),
                    ))
                    counts["attachments"] += 1
                extra: dict[str, Any] = {"message_id": msg_id, "conversation_id": conv_id}
                for key in ("recipientId", "reactions", "urls", "mediaUrls", "editHistory"):
                    if body.get(key):
                        extra[key] = body[key]
                created = body.get("createdAt")
                yield ParsedMessage(
                    index=index, span=span, sender=sender or None,
                    time=_iso_utc(created) if isinstance(created, str) else None,
                    text=body.get("text", ""), attachments=attachments,
                    conversation=conv_id, extra=extra,
                )
            elif (isinstance(item, dict) and len(item) == 1
                  and "messageCreate" not in item and "__not_a_conversation__" not in item
                  and isinstance(next(iter(item.values())), dict)):
                # joinConversation, participantsLeave, conversationNameUpdate, reactionCreate…
                counts["events"] += 1
                (event, payload), = item.items()
                created = payload.get("createdAt") if isinstance(payload, dict) else None
                sender = None
                if isinstance(payload, dict):
                    sender = payload.get("initiatingUserId") or payload.get("senderId")
                yield ParsedMessage(
                    index=index, span=span, sender=_str(sender) or None,
                    time=_iso_utc(created) if isinstance(created, str) else None,
                    text=_verbatim(item), kind=MessageKind.SYSTEM, conversation=conv_id,
                    extra={"event": event},
                )
            else:
                counts["unparsed"] += 1
                if isinstance(item, dict) and "__not_a_conversation__" in item:
                    item = item["__not_a_conversation__"]
                yield ParsedMessage(
                    index=index, span=span, sender=None, time=None, text=_verbatim(item),
                    kind=MessageKind.UNPARSED, conversation=conv_id,
                    extra={"reason": "not a direct-message record"},
                )
        report.participants = list(participants)
        report.notes.append(deferred(N_(
            "X identifies people by numeric account ids only; names are not in this file.")))

    return ParseResult(report=report, messages=gen())
