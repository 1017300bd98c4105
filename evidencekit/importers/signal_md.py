"""Parse a signal-export Markdown chat into messages.

Two layouts: `[2019-12-24, 12:23] Name: text` (before March 2024) and `[2024-05-01 09:17:00]
Name: text` (since, with seconds); attachments are Markdown links, `![IMG_0001.jpg](./media/…)`.
"""

from __future__ import annotations

import posixpath
import re
import zoneinfo
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
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
from evidencekit.importers.textdecode import decode_export

MAX_BYTES = 512 * 1024 * 1024
_HEADER = re.compile(
    r"^\[(?P<date>\d{4}-\d{2}-\d{2}),? (?P<time>\d{1,2}:\d{2}(?::\d{2})?)\] ?(?P<rest>.*)$",
    re.DOTALL,
)
_AUTHOR = re.compile(r"^(?P<name>[^\n:]{1,200}?): ?(?P<text>.*)$", re.DOTALL)
_LINK = re.compile(r"(?P<bang>!?)\[(?P<label>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")
# What signal-export writes in place of a message its sender deleted for everyone.
_DELETED = "(This message was deleted)"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HINTS = {".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".gif": "photo", ".webp": "photo",
          ".heic": "photo", ".mp4": "video", ".mov": "video", ".m4a": "audio", ".aac": "audio",
          ".mp3": "audio", ".ogg": "audio"}


def looks_like_signal_md(head: bytes) -> bool:
    """True when the first non-empty lines start with a signal-export `[date time] Name:` header."""
    text = head[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    seen = 0
    for line in text.split("\n")[:50]:
        line = line.rstrip("\r")
        if not line.strip():
            continue
        m = _HEADER.match(line)
        if m and _AUTHOR.match(m.group("rest")):
            return True
        seen += 1
        if seen >= 5:
            break
    return False


def _lines(text: str) -> list[str]:
    """Split on LF only, keeping line ends, so CRLF and U+2028 inside messages stay as written."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _strip_end(chunk: str) -> str:
    if chunk.endswith("\r\n"):
        return chunk[:-2]
    if chunk.endswith("\n"):
        return chunk[:-1]
    return chunk


def _attachments(text: str) -> list[AttachmentRef]:
    refs = []
    for m in _LINK.finditer(text):
        target = m.group("target")
        if _SCHEME.match(target):
            continue  # a web link in the text, not an exported file
        ext = posixpath.splitext(target)[1].lower()
        hint = _HINTS.get(ext, "photo" if m.group("bang") else "file")
        refs.append(AttachmentRef(name=target, media_hint=hint))
    return refs


def parse_signal_md(stream: BinaryIO, *, source_name: str,
                    timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Times in these files are naive device-local times; they are read in `timezone`."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UnsupportedInput(
            _("{name}: the file is larger than {mb} MB; it was not imported.")
            .format(name=source_name, mb=MAX_BYTES // 2**20)
        )
    decoded = decode_export(data, source_name)
    lines = _lines(decoded.text)
    if not any(_HEADER.match(_strip_end(line)) for line in lines[:2000]):
        raise UnsupportedInput(
            _("{name}: no line starts like a signal-export message "
              "('[YYYY-MM-DD HH:MM] Name: text').").format(name=source_name)
        )
    report = ParseReport(format="signal-export-md", title=source_name, date_order="ymd",
                         date_order_reason=deferred(N_("signal-export writes ISO dates")))
    if decoded.note:
        report.notes.append(decoded.note)
    report.notes.append(deferred(N_(
        "signal-export times carry no time zone; they were read as local time in {zone}."),
        zone=timezone.key))
    counts = {"total": 0, "messages": 0, "system": 0, "deleted": 0, "unparsed": 0,
              "attachments": 0, "lines": len(lines)}
    report.counts = counts

    def build(index: int, first: int, chunk: list[str]) -> ParsedMessage:
        head = _strip_end(chunk[0])
        body = "".join(chunk)
        body = _strip_end(body)
        span = SourceSpan(SpanKind.LINES, first + 1, first + len(chunk))
        counts["total"] += 1
        m = _HEADER.match(head)
        if m is None:
            counts["unparsed"] += 1
            return ParsedMessage(index=index, span=span, sender=None, time=None, text=body,
                                 kind=MessageKind.UNPARSED,
                                 extra={"reason": "line before the first message header"})
        literal = body[1: body.index("]")]
        try:
            naive = datetime.fromisoformat(f"{m.group('date')}T{m.group('time')}")
            time = ParsedTime(literal, naive.replace(tzinfo=timezone),
                              f"naive local time read in {timezone.key}")
        except ValueError:
            time = ParsedTime(literal, None, "unreadable date")
        rest = body[m.start("rest"):]
        a = _AUTHOR.match(rest)
        if a is None:
            counts["system"] += 1
            return ParsedMessage(index=index, span=span, sender=None, time=time, text=rest,
                                 kind=MessageKind.SYSTEM)
        name, text = a.group("name"), a.group("text")
        if name not in report.participants and len(report.participants) < 1000:
            report.participants.append(name)
        if text.strip() == _DELETED:
            counts["deleted"] += 1
            return ParsedMessage(index=index, span=span, sender=name, time=time, text=text,
                                 kind=MessageKind.DELETED)
        refs = _attachments(text)
        counts["attachments"] += len(refs)
        counts["messages"] += 1
        return ParsedMessage(index=index, span=span, sender=name, time=time, text=text,
                             attachments=refs)

    def gen() -> Iterator[ParsedMessage]:
        index = 0
        start = 0
        chunk: list[str] = []
        in_message = False
        for n, line in enumerate(lines):
            if _HEADER.match(_strip_end(line)):
                if chunk:
                    yield build(index, start, chunk)
                    index += 1
                start, chunk, in_message = n, [line], True
            elif in_message:
                chunk.append(line)  # continuation: the line break is part of the message
            else:
                # Before the first header every line stands alone, kept verbatim.
                yield build(index, n, [line])
                index += 1
        if chunk:
            yield build(index, start, chunk)

    return ParseResult(report=report, messages=gen())
