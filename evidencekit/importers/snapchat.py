"""Parsing Snapchat's chat_history.json (old "Saved Chat History" and newer per-friend layouts)."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any, BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.jsonsafe import loads_untrusted
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

_CREATED = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\s*UTC)?\s*$")

_RECORD_KEYS = frozenset({"From", "To", "Created", "Media Type", "Content", "Text", "IsSender"})
_CONSUMED = frozenset({"From", "To", "Created", "Media Type", "Content", "Text", "IsSender"})

_MEDIA_HINTS = {
    "MEDIA": "media",
    "SNAP": "snap",
    "NOTE": "audio",
    "STICKER": "sticker",
    "SHARE": "share",
    "SHARESAVEDSTORY": "share",
    "LOCATION": "location",
}


def looks_like_snapchat(head: bytes) -> bool:
    """True when the first bytes look like a Snapchat chat_history.json."""
    text = head[:65536].decode("utf-8", errors="ignore")
    if "Saved Chat History" in text or '"Chat History"' in text:
        return True
    return (
        '"Media Type"' in text
        and '"Created"' in text
        and ('"IsSender"' in text or '"From"' in text)
    )


def _created(value: Any) -> ParsedTime | None:
    if value is None:
        return None
    literal = value if isinstance(value, str) else json.dumps(value)
    match = _CREATED.match(literal) if isinstance(value, str) else None
    if match is None:
        return ParsedTime(literal=literal, instant=None, rule="unreadable date")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return ParsedTime(literal=literal, instant=None, rule="unreadable date")
    if match.group(7) is None:
        return ParsedTime(literal=literal, instant=None, rule="naive time (no UTC marker)")
    return ParsedTime(
        literal=literal, instant=moment.replace(tzinfo=UTC), rule="UTC (Y-m-d H:M:S UTC)"
    )




def _parse_record(
    record: Any, index: int, span: SourceSpan, conversation: str, old_direction: str
) -> ParsedMessage:
    if not isinstance(record, dict) or not (_RECORD_KEYS & record.keys()):
        return unparsed_record(record, index, span, conversation)
    body = record.get("Content", record.get("Text"))
    if body is not None and not isinstance(body, str):
        return unparsed_record(record, index, span, conversation)
    text = body or ""
    extra: dict[str, Any] = {"display_text": html.unescape(text)}
    sender_value = record.get("From")
    sender = sender_value if isinstance(sender_value, str) else None
    to = record.get("To")
    if isinstance(to, str):
        extra["to"] = to
    direction = old_direction
    if record.get("IsSender") is True:
        direction = "sent"
    elif record.get("IsSender") is False:
        direction = "received"
    if not conversation:
        # Old layout: the other side is the sender of received chats and the recipient of sent ones.
        conversation = (to if direction == "sent" else sender) or ""
        conversation = conversation if isinstance(conversation, str) else ""

    media_type = record.get("Media Type")
    extra["media_type"] = media_type
    kind = MessageKind.MESSAGE
    attachments: list[AttachmentRef] = []
    media_ids = record.get("Media IDs")
    hint = _MEDIA_HINTS.get(str(media_type).upper(), "media")
    if isinstance(media_ids, str) and media_ids.strip():
        for media_id in media_ids.split("|"):
            if media_id.strip():
                attachments.append(AttachmentRef(name=media_id.strip(), media_hint=hint))
    if isinstance(media_type, str) and media_type.upper().startswith("STATUS"):
        kind = MessageKind.SYSTEM
    elif (
        isinstance(media_type, str)
        and media_type.upper() in ("MEDIA", "SNAP", "NOTE", "STICKER")
        and not attachments
        and not text
    ):
        kind = MessageKind.MEDIA_OMITTED  # chat_history.json names media it does not contain
    others = {k: v for k, v in record.items() if k not in _CONSUMED}
    if others:
        extra["snapchat"] = others
    return ParsedMessage(
        index=index,
        span=span,
        sender=sender,
        time=_created(record.get("Created")),
        text=text,
        kind=kind,
        attachments=attachments,
        direction=direction,
        conversation=conversation,
        extra=extra,
    )


def parse_snapchat(stream: BinaryIO, *, source_name: str) -> ParseResult:
    """Parse chat_history.json in either layout, keeping source order within each list."""
    value = loads_untrusted(stream.read(), source_name)
    if not isinstance(value, dict):
        raise UnsupportedInput(
            _("{name}: the JSON is not a Snapchat chat history (no object).")
            .format(name=source_name)
        )
    lists = [(key, records) for key, records in value.items() if isinstance(records, list)]
    if not lists:
        raise UnsupportedInput(_("{name}: the JSON holds no Snapchat chat list.")
                               .format(name=source_name))
    old_layout = any(key.endswith("Chat History") for key, _records in lists)

    messages: list[ParsedMessage] = []
    participants: list[str] = []
    for key, records in lists:
        if old_layout:
            lowered = key.lower()
            direction = (
                "sent"
                if lowered.startswith("sent")
                else ("received" if lowered.startswith("received") else "")
            )
            conversation = ""
        else:
            direction, conversation = "", key
        for source_index, record in enumerate(records):
            span = SourceSpan(SpanKind.RECORD, source_index, source_index, key)
            message = _parse_record(record, len(messages), span, conversation, direction)
            messages.append(message)
            for name in (message.sender, message.extra.get("to")):
                if isinstance(name, str) and name and name not in participants:
                    participants.append(name)

    notes = [deferred(N_(
        "{name}: Snapchat exports only chats that were saved; text is kept exactly as written "
        "(with its HTML entities) and an unescaped copy is used for display."), name=source_name)]
    skipped = [key for key, item in value.items() if not isinstance(item, list)]
    if skipped:
        notes.append(deferred(N_("{name}: {n} top-level field(s) held no chat list."),
                              name=source_name, n=len(skipped)))
    report = ParseReport(
        format="snapchat",
        title="Snapchat chat history",
        participants=participants,
        notes=notes,
        counts={"records": len(messages), "conversations": len(lists)},
    )
    return ParseResult(report=report, messages=iter(messages))
