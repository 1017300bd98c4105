"""Parse an Android "SMS Backup & Restore" call log (calls-*.xml) into call events, streaming.

Repeated calls are often the heart of a harassment case (art. 222-16 CP, appels téléphoniques
malveillants réitérés), so each call is kept as a message of kind "call": the number, the
direction (incoming, outgoing, missed, voicemail, rejected, blocked), the duration and the time.
A call has no text in the backup: the stored text is empty, the record's attributes are kept as
written in `extra`, and the viewer and the dossier describe the call in the reader's language
(`describe_call`). The same defences as the SMS reader apply: defusedxml with DTDs refused,
iterparse with each record dropped once read, and a file cut short keeps every whole record.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred, translate
from evidencekit.importers.records import (
    MessageKind,
    ParsedMessage,
    ParseReport,
    ParseResult,
    SourceSpan,
    SpanKind,
)
from evidencekit.importers.sms_xml import SurrogateRepairReader, _attr, _epoch_ms_time

FORMAT = "android-call-log-xml"

# SMS Backup & Restore's call types (Android's CallLog.Calls.TYPE).
CALL_TYPES = {"1": "incoming", "2": "outgoing", "3": "missed", "4": "voicemail",
              "5": "rejected", "6": "blocked"}
_DIRECTION = {"incoming": "received", "missed": "received", "voicemail": "received",
              "rejected": "received", "blocked": "received", "outgoing": "sent"}
_KEPT = ("readable_date", "contact_name", "presentation", "subscription_id", "post_dial_digits",
         "subscription_component_name")


def looks_like_call_log(head: bytes) -> bool:
    """True when the first bytes hold a call-log root element (`<calls`)."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if not sample.lstrip().startswith(b"<"):
        return False
    return re.search(rb"<calls[\s>/]", sample) is not None


_LABELS = {
    "incoming": N_("Incoming call"), "outgoing": N_("Outgoing call"),
    "missed": N_("Missed call"), "voicemail": N_("Voicemail"),
    "rejected": N_("Rejected call"), "blocked": N_("Blocked call"),
}


def describe_call(extra: dict[str, Any], lang: str | None = None) -> str:
    """The call in words, in `lang` (default: the UI's): "Incoming call, 2 min 05 s"."""
    label = translate(_LABELS.get(str(extra.get("call_type", "")), N_("Call")), lang)
    seconds = extra.get("duration_seconds")
    if not isinstance(seconds, int) or seconds <= 0:
        return label
    minutes, rest = divmod(seconds, 60)
    length = (translate(N_("{m} min {s:02d} s"), lang).format(m=minutes, s=rest) if minutes
              else translate(N_("{s} s"), lang).format(s=rest))
    return f"{label}, {length}"


class _CallLogParser:
    def __init__(self, stream: BinaryIO, source_name: str) -> None:
        self.source_name = source_name
        self.reader = SurrogateRepairReader(stream)
        self.report = ParseReport(format=FORMAT, title=source_name)
        self.counts: dict[str, int] = {"calls": 0, "unparsed": 0, "total": 0}
        self.report.counts = self.counts
        self.by_type: dict[str, int] = {}
        self.declared: str | None = None
        self.root_seen = False
        self.numbers: dict[str, None] = {}

    def _fail(self, sentence: str, **fields: object) -> UnsupportedInput:
        return UnsupportedInput(sentence.format(name=self.source_name, **fields))

    def events(self) -> Iterator[ParsedMessage]:
        try:
            yield from self._events()
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise self._fail(_(
                "{name}: the XML declares a DTD or entities, which call-log backups never "
                "contain and which can be used to attack the reader; it was refused.")) from None
        except ParseError as exc:
            line, col = getattr(exc, "position", (0, 0))
            if not self.root_seen:
                raise self._fail(_(
                    "{name}: the XML is broken at line {line}, column {column} before any "
                    "record; this is not a readable call-log backup."),
                    line=line, column=col) from None
            self.report.notes.append(deferred(N_(
                "The backup is cut short or damaged at line {line}, column {column}: the {n} "
                "complete records before that point were imported; anything after it is not in "
                "the file as kept (the phone may have stopped during the backup)."),
                line=line, column=col, n=self.counts["total"]))
        except (LookupError, ValueError, RecursionError, MemoryError, UnicodeError) as exc:
            raise self._fail(_("{name}: the XML could not be read ({reason})."),
                             reason=type(exc).__name__) from None
        self._finish()

    def _events(self) -> Iterator[ParsedMessage]:
        depth = 0
        root: Element | None = None
        index = 0
        for event, elem in DET.iterparse(self.reader, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1:
                    if elem.tag != "calls":
                        raise self._fail(_(
                            "{name}: the XML root is <{tag}>, not <calls>: this is not an SMS "
                            "Backup & Restore call log."), tag=elem.tag)
                    root, self.root_seen = elem, True
                    self.declared = elem.get("count")
                continue
            depth -= 1
            if depth != 1:
                continue
            message = self._call(elem, index)
            elem.clear()  # keep memory flat whatever the file's size
            if root is not None:
                root.clear()
            index += 1
            self.counts["total"] += 1
            yield message
        if root is None:
            raise self._fail(_("{name}: the file holds no XML root element."))

    def _call(self, elem: Element, index: int) -> ParsedMessage:
        span = SourceSpan(SpanKind.RECORD, index, index)
        if elem.tag != "call":
            self.counts["unparsed"] += 1
            return ParsedMessage(index=index, span=span, sender=None, time=None,
                                 text=str(DET.tostring(elem, encoding="unicode")),
                                 kind=MessageKind.UNPARSED,
                                 extra={"reason": "an unknown element in <calls>"})
        self.counts["calls"] += 1
        number = _attr(elem, "number")
        code = _attr(elem, "type")
        call_type = CALL_TYPES.get(code, "")
        self.by_type[call_type or "other"] = self.by_type.get(call_type or "other", 0) + 1
        extra: dict[str, Any] = {"record": "call", "call_type": call_type or "unknown",
                                 "type": code, "number": number}
        duration = _attr(elem, "duration")
        if duration.isdigit() and len(duration) < 9:
            extra["duration_seconds"] = int(duration)
        elif duration:
            extra["duration"] = duration  # kept as written
        for key in _KEPT:
            value = _attr(elem, key)
            if value:
                extra[key] = value
        if number:
            self.numbers[number] = None
        direction = _DIRECTION.get(call_type, "")
        return ParsedMessage(
            index=index, span=span,
            sender=(number or None) if direction == "received" else None,
            time=_epoch_ms_time(_attr(elem, "date")), text="", kind=MessageKind.CALL,
            direction=direction, conversation=number, extra=extra,
        )

    def _finish(self) -> None:
        if self.declared is not None and self.declared.isdigit():
            if int(self.declared) != self.counts["calls"]:
                self.report.notes.append(deferred(N_(
                    "The backup says it holds {declared} calls; {found} were found in it."),
                    declared=int(self.declared), found=self.counts["calls"]))
        missed = self.by_type.get("missed", 0) + self.by_type.get("rejected", 0)
        if missed:
            self.report.notes.append(deferred(N_(
                "{n} missed or rejected call(s) are in this log."), n=missed))
        self.report.participants = list(self.numbers)


def parse_call_log(stream: BinaryIO, *, source_name: str,
                   timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Stream a calls-*.xml file; the root is checked before this returns. Times are epochs,
    so `timezone` is unused."""
    del timezone
    parser = _CallLogParser(stream, source_name)
    events = parser.events()
    first = [m for _, m in zip(range(1), events, strict=False)]

    def chained() -> Iterator[ParsedMessage]:
        yield from first
        yield from events

    return ParseResult(report=parser.report, messages=chained())
