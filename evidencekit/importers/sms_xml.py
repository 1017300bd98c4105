"""Parse an Android "SMS Backup & Restore" XML file into messages, streaming and without DTDs."""

from __future__ import annotations

import base64
import binascii
import re
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

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

FORMAT = "android-sms-backup-xml"
READ_CHUNK = 64 * 1024
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_RULE = "epoch milliseconds (UTC)"

# A decimal or hex character reference; digit counts are capped so a match has a bounded length,
# which is what lets the streaming filter know how much of a chunk's tail it must hold back.
_CHARREF = re.compile(rb"&#(x[0-9A-Fa-f]{1,8}|[0-9]{1,10});")
_MAX_PAIR = 2 * len(b"&#x") + 2 * 10 + 2  # longest possible pair of references
_HOLD = 64  # > _MAX_PAIR: bytes kept back at a chunk's end in case a reference is cut in two

_SMS_TYPES = {"1": "received", "2": "sent"}
_MMS_BOX = {"1": "received", "2": "sent"}
_MMS_MTYPE = {"128": "sent", "132": "received"}  # m-send-req / m-retrieve-conf
_ADDR_FROM = "137"
_ADDR_TO = "151"


def looks_like_sms_xml(head: bytes) -> bool:
    """True when the first bytes hold an SMS Backup & Restore root element (`<smses`)."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if not sample.lstrip().startswith(b"<"):
        return False
    return re.search(rb"<smses[\s>/]", sample) is not None


def _ref_value(token: bytes) -> int:
    if token[:1] in (b"x", b"X"):
        return int(token[1:], 16)
    return int(token)


class SurrogateRepairReader:
    """A read-only byte stream that rewrites surrogate-pair character references on the fly.

    Some Android backup apps write an emoji as two UTF-16 halves (`&#55357;&#56396;`), which XML
    forbids; expat would stop there. We join each high/low pair into one reference
    (`&#128076;`) and turn a lone half into U+FFFD (`&#65533;`), counting both. The filter works
    on ASCII-compatible encodings (UTF-8, the only one these apps write); a reference cut across
    two reads is handled by holding back the tail of each chunk. It also rewrites such references
    inside CDATA or comments, which the backup apps never write.
    """

    def __init__(self, raw: BinaryIO, chunk: int = READ_CHUNK) -> None:
        self._raw = raw
        self._chunk = chunk
        self._carry = b""
        self._eof = False
        self.pairs_repaired = 0
        self.lone_replaced = 0
        self.bytes_read = 0

    def _fix(self, buf: bytes, final: bool) -> tuple[bytes, bytes]:
        """Return (bytes safe to hand on, bytes to keep for the next round)."""
        boundary = len(buf) if final else max(0, len(buf) - _HOLD)
        out: list[bytes] = []
        pos = 0
        matches = list(_CHARREF.finditer(buf))
        i = 0
        while i < len(matches):
            m = matches[i]
            if m.start() >= boundary:
                break
            value = _ref_value(m.group(1))
            if 0xD800 <= value <= 0xDBFF:
                nxt = matches[i + 1] if i + 1 < len(matches) else None
                if nxt is not None and nxt.start() == m.end():
                    low = _ref_value(nxt.group(1))
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        out.append(buf[pos : m.start()])
                        out.append(b"&#%d;" % code)
                        pos = nxt.end()
                        boundary = max(boundary, pos)
                        self.pairs_repaired += 1
                        i += 2
                        continue
                if nxt is None and not final and m.end() >= len(buf) - _MAX_PAIR:
                    # The low half may still be on its way: keep this reference for next round.
                    boundary = m.start()
                    break
            if 0xD800 <= value <= 0xDFFF:
                out.append(buf[pos : m.start()])
                out.append(b"&#65533;")
                pos = m.end()
                boundary = max(boundary, pos)
                self.lone_replaced += 1
            elif m.end() > boundary:
                boundary = m.end()
            i += 1
        out.append(buf[pos:boundary])
        return b"".join(out), buf[boundary:]

    def read(self, size: int = -1) -> bytes:
        want = self._chunk if size is None or size < 0 else max(size, 1)
        while True:
            if self._eof:
                data, self._carry = self._carry, b""
                return data
            raw = self._raw.read(max(want, _HOLD * 2))
            if not raw:
                self._eof = True
                data, self._carry = self._fix(self._carry, final=True)
                return data
            self.bytes_read += len(raw)
            data, self._carry = self._fix(self._carry + raw, final=False)
            if data:
                return data


def _attr(elem: Element, name: str) -> str:
    """An attribute's value, with the app's literal "null" read as empty."""
    value = elem.get(name, "")
    return "" if value == "null" else value


def _epoch_ms_time(literal: str) -> ParsedTime | None:
    if not literal:
        return None
    try:
        instant: datetime | None = EPOCH + timedelta(milliseconds=int(literal))
        rule = EPOCH_RULE
    except (ValueError, OverflowError):
        instant, rule = None, "unreadable: not an epoch in milliseconds"
    return ParsedTime(literal=literal, instant=instant, rule=rule)


def _media_hint(content_type: str) -> str:
    major = content_type.split("/", 1)[0].lower()
    return {"image": "photo", "video": "video", "audio": "audio"}.get(major, "file")


_EXT = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/3gpp": ".3gp",
    "audio/amr": ".amr",
    "audio/mpeg": ".mp3",
    "text/x-vcard": ".vcf",
}


def _raw_text(elem: Element) -> str:
    """A record we could not understand, rebuilt as XML text (its attributes, in source order)."""
    try:
        return str(DET.tostring(elem, encoding="unicode"))
    except Exception:  # noqa: BLE001 - a record's text must never abort the import
        return f"<{elem.tag} {dict(elem.attrib)!r}>"


class _SmsParser:
    def __init__(self, stream: BinaryIO, source_name: str) -> None:
        self.source_name = source_name
        self.reader = SurrogateRepairReader(stream)
        self.report = ParseReport(format=FORMAT, title=source_name)
        self.counts = {"sms": 0, "mms": 0, "unparsed": 0, "attachments": 0, "total": 0}
        self.report.counts = self.counts
        self.bad_base64 = 0
        self.declared_count: str | None = None
        self.participants: dict[str, None] = {}
        self.root_seen = False

    def _fail(self, sentence: str, **fields: object) -> UnsupportedInput:
        """`sentence` is translated and starts with `{name}:`, the file's name."""
        return UnsupportedInput(sentence.format(name=self.source_name, **fields))

    def events(self) -> Iterator[ParsedMessage]:
        try:
            yield from self._events()
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise self._fail(_(
                "{name}: the XML declares a DTD or entities, which SMS backups never contain and "
                "which can be used to attack the reader; it was refused.")) from None
        except ParseError as exc:
            line, col = getattr(exc, "position", (0, 0))
            done = self.counts["total"]
            if not self.root_seen:
                raise self._fail(_(
                    "{name}: the XML is broken at line {line}, column {column} before any "
                    "record; this is not a readable SMS Backup & Restore file."),
                    line=line, column=col) from None
            # A phone that died or ran out of space mid-backup leaves a file cut short. Every
            # record before the cut is whole and is kept; the original file is stored as it is.
            self.report.notes.append(deferred(N_(
                "The backup is cut short or damaged at line {line}, column {column}: the {n} "
                "complete records before that point were imported; anything after it is not in "
                "the file as kept (the phone may have stopped during the backup)."),
                line=line, column=col, n=done))
        except LookupError:
            raise self._fail(_(
                "{name}: the XML declares a character encoding this reader does not know."
            )) from None
        except (ValueError, RecursionError, MemoryError, UnicodeError) as exc:
            raise self._fail(_("{name}: the XML could not be read ({reason})."),
                             reason=type(exc).__name__) from None
        self._finish()

    def _events(self) -> Iterator[ParsedMessage]:
        depth = 0
        root: Element | None = None
        index = 0
        it = DET.iterparse(self.reader, events=("start", "end"), forbid_dtd=True)
        for event, elem in it:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = elem
                    if elem.tag != "smses":
                        raise self._fail(_(
                            "{name}: the XML root is <{tag}>, not <smses>: this is not an SMS "
                            "Backup & Restore message file."), tag=elem.tag)
                    self.declared_count = elem.get("count")
                    self.root_seen = True
                continue
            depth -= 1
            if depth != 1:
                continue  # parts and addrs are read when their <mms> ends
            if elem.tag == "sms":
                msg = self._sms(elem, index)
            elif elem.tag == "mms":
                msg = self._mms(elem, index)
            else:
                msg = self._unparsed(elem, index, "an unknown element in <smses>")
            # Drop the record from the tree at once so memory stays flat however large the file.
            elem.clear()
            if root is not None:
                root.clear()
            index += 1
            self.counts["total"] += 1
            yield msg
        if root is None:
            raise self._fail(_("{name}: the file holds no XML root element."))

    def _finish(self) -> None:
        r = self.reader
        if r.pairs_repaired:
            self.report.notes.append(deferred(N_(
                "{n} emoji written as invalid surrogate-pair character references (e.g. "
                "&#55357;&#56396;) were read as the single character they stand for; the "
                "original file is kept unchanged."), n=r.pairs_repaired))
        if r.lone_replaced:
            self.report.notes.append(deferred(N_(
                "{n} unpaired surrogate character references were shown as U+FFFD (replacement "
                "character); the original file is kept unchanged."), n=r.lone_replaced))
        if self.bad_base64:
            self.report.notes.append(deferred(N_(
                "{n} MMS attachments had damaged base64 data and were kept without their "
                "bytes."), n=self.bad_base64))
        if self.declared_count is not None:
            try:
                declared = int(self.declared_count)
            except ValueError:
                declared = -1
            found = self.counts["sms"] + self.counts["mms"]
            if declared >= 0 and declared != found:
                self.report.notes.append(deferred(N_(
                    "The backup says it holds {declared} messages; {found} were found in it."),
                    declared=declared, found=found))
        self.report.participants = list(self.participants)

    def _common_extra(self, elem: Element) -> dict[str, object]:
        extra: dict[str, object] = {}
        for key in ("readable_date", "contact_name", "date_sent", "read", "service_center",
                    "sub_id", "locked", "status", "protocol", "subject", "sub"):
            value = _attr(elem, key)
            if value:
                extra[key] = value
        return extra

    def _sms(self, elem: Element, index: int) -> ParsedMessage:
        self.counts["sms"] += 1
        address = _attr(elem, "address")
        kind_code = _attr(elem, "type")
        direction = _SMS_TYPES.get(kind_code, "")
        extra = self._common_extra(elem)
        extra["record"] = "sms"
        if kind_code and direction == "":
            extra["type"] = kind_code  # 3 draft, 4 outbox, 5 failed, 6 queued
        if address:
            self.participants[address] = None
        return ParsedMessage(
            index=index,
            span=SourceSpan(SpanKind.RECORD, index, index),
            sender=address if direction == "received" else None,
            time=_epoch_ms_time(_attr(elem, "date")),
            text=_attr(elem, "body"),
            direction=direction,
            conversation=address,
            extra=extra,
        )

    def _mms(self, elem: Element, index: int) -> ParsedMessage:
        self.counts["mms"] += 1
        extra = self._common_extra(elem)
        extra["record"] = "mms"
        box = _attr(elem, "msg_box")
        direction = _MMS_BOX.get(box) or _MMS_MTYPE.get(_attr(elem, "m_type"), "")
        if box and box not in _MMS_BOX:
            extra["msg_box"] = box
        senders: list[str] = []
        recipients: list[str] = []
        for addr in elem.iter("addr"):
            value = _attr(addr, "address")
            kind = _attr(addr, "type")
            if kind == _ADDR_FROM:
                senders.append(value)
            elif kind == _ADDR_TO:
                recipients.append(value)
        if senders:
            extra["from"] = senders
        if recipients:
            extra["to"] = recipients
        texts: list[str] = []
        attachments: list[AttachmentRef] = []
        for n, part in enumerate(elem.iter("part")):
            ct = _attr(part, "ct").lower()
            if ct == "application/smil":
                continue  # layout only; the original file keeps it
            data = _attr(part, "data")
            if ct == "text/plain" and not data:
                texts.append(_attr(part, "text"))
                continue
            name = _attr(part, "name") or _attr(part, "cl") or _attr(part, "fn")
            if not name:
                name = f"mms-{index}-part-{n}{_EXT.get(ct, '.bin')}"
            inline: bytes | None
            if data:
                try:
                    inline = base64.b64decode(data, validate=False)
                except (binascii.Error, ValueError):
                    inline = None
                    self.bad_base64 += 1
            elif _attr(part, "text"):
                inline = _attr(part, "text").encode("utf-8")
            else:
                inline = None
            attachments.append(AttachmentRef(name=name, media_hint=_media_hint(ct),
                                             inline_data=inline))
            self.counts["attachments"] += 1
        address = _attr(elem, "address")
        if address:
            self.participants[address] = None
        sender: str | None = None
        if direction == "received":
            sender = senders[0] if senders else address
        return ParsedMessage(
            index=index,
            span=SourceSpan(SpanKind.RECORD, index, index),
            sender=sender or None,
            time=_epoch_ms_time(_attr(elem, "date")),
            text="\n".join(texts),
            attachments=attachments,
            direction=direction,
            conversation=address,
            extra=extra,
        )

    def _unparsed(self, elem: Element, index: int, why: str) -> ParsedMessage:
        self.counts["unparsed"] += 1
        return ParsedMessage(
            index=index,
            span=SourceSpan(SpanKind.RECORD, index, index),
            sender=None,
            time=None,
            text=_raw_text(elem),
            kind=MessageKind.UNPARSED,
            extra={"reason": why, "verbatim": "rebuilt from the parsed XML element"},
        )


def parse_sms_xml(
    stream: BinaryIO, *, source_name: str, timezone: zoneinfo.ZoneInfo
) -> ParseResult:
    """Stream an SMS Backup & Restore file; the root is checked before this returns.

    The messages iterator parses as it goes. A file cut short or damaged after its root (a
    phone that died during the backup) yields every complete record before the damage and says
    where it stopped, in the report; a file that is not a backup at all raises
    `UnsupportedInput`.
    `timezone` is unused: every time in these files is an epoch.
    """
    del timezone
    parser = _SmsParser(stream, source_name)
    gen = parser.events()
    first: list[ParsedMessage] = []
    # Pull the first record now so a file that is not an SMS backup is refused up front.
    for msg in gen:
        first.append(msg)
        break

    def chained() -> Iterator[ParsedMessage]:
        yield from first
        yield from gen

    return ParseResult(report=parser.report, messages=chained())
