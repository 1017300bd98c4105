"""Pass 2: read the export again and build each message as soon as the next header closes it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers import whatsapp_markers as mk
from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    SourceSpan,
    SpanKind,
)
from evidencekit.importers.textcap import CUT_KEY, DISPLAY_CHARS, LineBudget, capped
from evidencekit.importers.whatsapp_dates import Survey, remember, settle_order
from evidencekit.importers.whatsapp_source import Source, Undecodable, unreadable
from evidencekit.importers.whatsapp_times import TimeReader

# "Author:" ends at the first colon; "Name:." is how some exports show a view-once message.
_AUTHOR = re.compile("(?P<author>[^:]{1,120}):(?:[ \u00a0]|$|(?=\\.$))")

# The report's kind counts, zero in the report built before the first message, summed by pass 2.
_KIND_COUNTS = ("system", "deleted", "edited", "media_omitted", "calls")


class Scan:
    """The date order and the report, from the survey; `messages` is the second reading."""

    def __init__(
        self,
        survey: Survey,
        source: Source,
        tz: ZoneInfo,
        date_order: str | None,
        time_cache_limit: int,
    ) -> None:
        self.source = source
        # Given by the entry point (`whatsapp.TIME_CACHE_LIMIT`), where the bound is set.
        self.time_cache_limit = time_cache_limit
        self.source_name = source.name
        self.tz = tz
        self.tz_name = str(tz.key or tz)
        if survey.first_head < 0:
            raise UnsupportedInput(
                _(
                    "{name}: no WhatsApp message line was recognised; expected lines such as "
                    "“12/11/2026, 21:05 - Name: text” (Android) or “[12/11/2026, 21:05:00] Name: "
                    "text” (iOS)."
                ).format(name=source.name)
            )
        notes: list[str] = [source.note] if source.note else []
        if survey.crlf:
            notes.append(deferred(N_(
                "{count} line(s) ended with CR LF; line breaks are stored as LF, the original "
                "bytes are kept unchanged."), count=survey.crlf))
        self.order, reason, order_notes = settle_order(survey, date_order)
        notes.extend(order_notes)
        self.lines = survey.lines
        unparsed = int(survey.first_head > 0)
        self.messages_expected = survey.headers + unparsed
        self.report = ParseReport(
            format="whatsapp",
            title=_title(source.name),
            date_order=self.order,
            date_order_reason=reason,
            notes=notes,
            # Lines and messages are final now; `messages` completes the other counts.
            counts={
                "lines": survey.lines,
                "messages": self.messages_expected,
                **dict.fromkeys(_KIND_COUNTS, 0),
                "attachments": 0,
                "unparsed": unparsed,
            },
        )
        self.layout = survey.layout
        self.times = TimeReader(survey, self.order, tz, source.name)

    def messages(self) -> Iterator[ParsedMessage]:
        """Read the text again and build each message, in source order.

        The report's kind counts, participants and date notes are completed when the iterator
        is exhausted.
        """
        try:
            yield from self._messages()
        except Undecodable as exc:
            raise self._changed() from exc
        except (ValueError, IndexError, OverflowError) as exc:
            raise unreadable(self.source_name, exc) from exc

    def _changed(self) -> UnsupportedInput:
        # The second reading must see the bytes the first one counted: a stream that gives
        # other bytes (a damaged store, a file rewritten meanwhile) is refused, not half-read.
        return UnsupportedInput(
            _(
                "{name}: the export read differently the second time (its bytes changed while it "
                "was imported); nothing of it was kept."
            ).format(name=self.source_name)
        )

    def _groups(self) -> Iterator[tuple[re.Match[str] | None, str, list[str], int, int, int]]:
        """Each message's lines: its header (None for the lines before the first header), its
        first line, the lines after it (at most textcap.DISPLAY_CHARS of them: the rest is only
        counted), its span as 0-based first line and end line, and the characters left out."""
        match = self.layout.pattern.match
        term_i, tsep_i, sec_i = self.layout.term, self.layout.tsep, self.layout.seconds
        head: re.Match[str] | None = None
        first = ""
        more: list[str] = []
        budget = LineBudget(0)
        start = lineno = 0
        for _block, lines in self.source.blocks():
            for line in lines:
                m = match(line)
                if m is not None and (m.group(term_i) != ": " or m.group(tsep_i) != ":"
                                      or m.group(sec_i) is not None):
                    if lineno:
                        yield head, first, more, start, lineno, budget.cut
                    head, first, more, start = m, line, [], lineno
                    budget = LineBudget(len(line))
                elif lineno:
                    if budget.used + len(line) < DISPLAY_CHARS:
                        more.append(line)  # the usual case, without a call
                        budget.used += len(line) + 1
                    else:
                        budget.take(line, more)
                else:
                    first = line  # the first line of the text before the first header
                    budget = LineBudget(len(line))
                lineno += 1
        if lineno:
            yield head, first, more, start, lineno, budget.cut
        if lineno != self.lines:
            raise self._changed()

    def _messages(self) -> Iterator[ParsedMessage]:
        # Local names: this loop runs once per message and dominates the parse time.
        author_match = _AUTHOR.match
        system_author = mk.SYSTEM_IN_AUTHOR.search
        kind_of = _kind
        read_time = self.times.read
        cache_key = self.times.cache_key
        stamp = self.layout.stamp
        system = MessageKind.SYSTEM
        time_cache_limit = self.time_cache_limit
        plain = MessageKind.MESSAGE
        edited = MessageKind.EDITED
        call = MessageKind.CALL
        lines_kind = SpanKind.LINES
        counts = dict.fromkeys(_KIND_COUNTS, 0)
        participants: dict[str, None] = {}
        attachment_count = 0
        bad_dates = gaps = folds = backwards = 0
        previous: datetime | None = None
        # Equal time literals share one ParsedTime (the store formats each once); bounded, as
        # a chat's distinct minutes grow with its length.
        time_cache: dict[str, tuple[ParsedTime, datetime | None, int]] = {}
        index = 0
        for head, first, more, start, end, cut in self._groups():
            if head is None:
                yield _preface(first, more, end, cut)
                index += 1
                continue
            literal = first[head.start(stamp) : head.end(stamp)]
            key = cache_key(head, literal)
            cached = time_cache.get(key)
            if cached is None:
                cached = remember(time_cache, key, read_time(head, literal), time_cache_limit)
            ptime, naive, status = cached
            if naive is None:
                bad_dates += 1
            else:
                if previous is not None and naive < previous:
                    backwards += 1
                previous = naive
                gaps += status == 1
                folds += status == 2
            off = head.end()
            am = author_match(first, off)
            sender: str | None = None
            if am is not None:
                author = am.group(1)
                if system_author(author) is None:
                    sender = author
                    off = am.end()
            text = "\n".join([first[off:], *more]) if more else first[off:]
            extra: dict[str, Any] = {"prefix": first[:off]} if off else {}
            if cut or len(text) > DISPLAY_CHARS:
                text, extra[CUT_KEY] = capped(text, cut)
            kind, attachments = kind_of(sender, text)
            if kind is system:
                # WhatsApp's own line (the encryption notice, "X added Y"): iOS writes the chat's
                # name before it as if someone said it; nobody did. The name stays in the prefix.
                sender = None
            if kind is plain:
                participants[sender] = None  # type: ignore[index]  # plain messages have one
            else:
                if kind is edited:
                    participants[sender] = None  # type: ignore[index]
                counts["calls" if kind is call else kind.value] += 1
            if attachments:
                attachment_count += len(attachments)
            # Positional arguments: half the cost of keywords, once per message.
            yield ParsedMessage(
                index,
                SourceSpan(lines_kind, start + 1, end),
                sender,
                ptime,
                text,
                kind,
                attachments,
                "",
                "",
                extra,
            )
            index += 1
        if index != self.messages_expected:
            raise self._changed()
        self._complete_report(counts, participants, attachment_count)
        self._date_notes(bad_dates, gaps, folds, backwards)

    def _complete_report(
        self, counts: dict[str, int], participants: dict[str, None], attachments: int
    ) -> None:
        report = self.report
        report.participants = list(participants)
        report.counts.update(counts)
        report.counts["attachments"] = attachments

    def _date_notes(self, bad_dates: int, gaps: int, folds: int, backwards: int) -> None:
        notes = self.report.notes
        year_note = self.times.year_note()
        if year_note is not None:
            notes.append(year_note)
        if bad_dates:
            notes.append(deferred(N_(
                "{count} message(s) have a date that does not exist in {order} order; they are "
                "kept with their date text and no instant."), count=bad_dates, order=self.order))
        if gaps:
            notes.append(deferred(N_(
                "{count} message time(s) fall in the hour skipped when clocks went forward in "
                "{timezone}; they were read with the offset in force before the change."),
                count=gaps, timezone=self.tz_name))
        if folds:
            notes.append(deferred(N_(
                "{count} message time(s) fall in the hour repeated when clocks went back in "
                "{timezone}; the first occurrence was assumed."),
                count=folds, timezone=self.tz_name))
        if backwards:
            notes.append(deferred(N_(
                "{count} message(s) have an earlier time than the message before them; they are "
                "kept in source order (WhatsApp exports are not always in time order)."),
                count=backwards))


def _preface(first: str, more: list[str], end: int, cut: int) -> ParsedMessage:
    """The lines before the first header, kept verbatim as one message (up to the cap)."""
    text, cut = capped("\n".join([first, *more]) if more else first, cut)
    return ParsedMessage(
        index=0,
        span=SourceSpan(SpanKind.LINES, 1, end),
        sender=None,
        time=None,
        text=text,
        kind=MessageKind.UNPARSED,
        attachments=[],
        extra={CUT_KEY: cut} if cut else {},
    )


def _kind(sender: str | None, body: str) -> tuple[MessageKind, list[AttachmentRef]]:
    """What a message is, from its author part and body, and which files it names."""
    if sender is None:
        return MessageKind.SYSTEM, []
    attachments: list[AttachmentRef] = []
    if len(body) <= 120:
        key = mk.marker_key(body)
        if key in mk.DELETED:
            return MessageKind.DELETED, []
        hint = mk.MEDIA_OMITTED.get(key)
        if hint is not None:
            return MessageKind.MEDIA_OMITTED, []
        if key in mk.CALLS:
            return MessageKind.CALL, []
        if key[-4:] in mk.DOCUMENT_TAILS and key.endswith(mk.DOCUMENT_OMITTED):
            return MessageKind.MEDIA_OMITTED, []
    lead = body[:1]
    if (
        (lead in mk.SYSTEM_LEADS and mk.SYSTEM_BODY.match(body))
        or (
            lead in "\u200e\u200f"
            and body
            and body.lstrip("\u200e\u200f")[:1] not in "<‹"
            and mk.SYSTEM_MARKED_VERBS.search(body, 0, 100)
        )
        or (
            ("grou" in body or "grup" in body or "Grup" in body or "مجموعة" in body)
            and mk.SYSTEM_CREATED.match(body)
        )
    ):
        return MessageKind.SYSTEM, []
    if "<" in body or "‹" in body:
        attachments = [
            AttachmentRef(name, mk.media_hint(name)) for name in mk.ATTACHED_TAG.findall(body)
        ]
        if not attachments:
            after = mk.ATTACHED_AFTER.match(body)
            if after is not None:
                name = after.group("name")
                attachments = [AttachmentRef(name, mk.media_hint(name))]
    if not attachments and "(" in body:
        fa = mk.FILE_ATTACHED.match(body)
        if fa is not None:
            name = fa.group("name")
            attachments = [AttachmentRef(name, mk.media_hint(name))]
    if (">" in body or "›" in body) and mk.EDITED.search(body):
        return MessageKind.EDITED, attachments
    return MessageKind.MESSAGE, attachments



def _title(source_name: str) -> str:
    base = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    m = mk.TITLE_FROM_NAME.search(base)
    return m.group("title") if m else ""
