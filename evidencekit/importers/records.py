"""What a chat/e-mail parser produces, independent of the vault.

A parser reads the bytes of an export (a seekable binary stream) and yields `ParsedMessage`s in
source order plus a `ParseReport`. It never touches the vault and never writes to disk; the
importer glue (`evidencekit.importers.chat_import`) stores the export and its media as originals
and the messages as rows linked to them.

Faithfulness rules (formats.md): `text` is exactly the source's text, with no Unicode
normalisation and no stripping of invisible marks; every line or record ends up as a message, a
continuation of one, or an `UNPARSED` row kept verbatim; each message keeps its source span.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class MessageKind(StrEnum):
    MESSAGE = "message"
    SYSTEM = "system"
    DELETED = "deleted"
    EDITED = "edited"
    MEDIA_OMITTED = "media_omitted"
    CALL = "call"
    UNPARSED = "unparsed"  # a line or record kept verbatim because it could not be parsed


class SpanKind(StrEnum):
    LINES = "lines"  # 1-based inclusive line numbers in the decoded text
    RECORD = "record"  # 0-based record index (JSON array element, XML element, mbox message)


@dataclass(frozen=True)
class SourceSpan:
    kind: SpanKind
    start: int
    end: int
    part: str = ""  # which file of a multi-file export (e.g. "message_2.json"), if any


@dataclass(frozen=True)
class ParsedTime:
    """A time as the source showed it, and what we made of it."""

    literal: str  # exactly as shown ("12/11/2026, 21:05", "1731441900")
    instant: datetime | None  # timezone-aware, or None when it could not be read
    rule: str  # which rule produced `instant` ("epoch-ms", "naive-in-Europe/Paris dmy", ...)


@dataclass(frozen=True)
class AttachmentRef:
    """A file a message names; resolved to a stored original by the importer glue."""

    name: str  # the name or relative URI as written in the export
    media_hint: str = ""  # "photo", "video", "audio", "file", "sticker", ...
    inline_data: bytes | None = None  # MMS parts and e-mail attachments carry their bytes


@dataclass
class ParsedMessage:
    index: int  # position in source order, 0-based
    span: SourceSpan
    sender: str | None
    time: ParsedTime | None
    text: str
    kind: MessageKind = MessageKind.MESSAGE
    attachments: list[AttachmentRef] = field(default_factory=list)
    direction: str = ""  # "sent", "received" or "" when the export does not say
    conversation: str = ""  # thread/chat name for multi-conversation exports
    extra: dict[str, Any] = field(default_factory=dict)  # reactions, entities, share links...


@dataclass
class ParseReport:
    """What the parser wants the user to know (shown after import, kept in the custody log)."""

    format: str
    title: str = ""
    participants: list[str] = field(default_factory=list)
    date_order: str = ""  # "dmy", "mdy", "ymd" for formats with ambiguous dates
    date_order_reason: str = ""
    notes: list[str] = field(default_factory=list)  # repairs made, caps hit, fallbacks used
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ParseResult:
    report: ParseReport
    messages: Iterator[ParsedMessage]


def unparsed_record(record: Any, index: int, span: SourceSpan,
                    conversation: str = "") -> ParsedMessage:
    """A JSON record no rule understood, kept verbatim (re-serialised) so nothing is dropped."""
    return ParsedMessage(index=index, span=span, sender=None, time=None,
                         text=json.dumps(record, ensure_ascii=False),
                         kind=MessageKind.UNPARSED, conversation=conversation)
