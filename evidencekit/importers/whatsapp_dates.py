"""Pass 1: recognise header lines and survey their dates to settle the date order (dmy/mdy/ymd)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from evidencekit.i18n import N_, deferred
from evidencekit.importers import whatsapp_layouts as lay
from evidencekit.importers import whatsapp_markers as mk
from evidencekit.importers.whatsapp_source import Source, Undecodable

# The order can only be told once every header date has been seen, so this pass reads the whole
# export before any message is built, keeping no line or header: a tally of what each date says,
# how often the dates would run backwards in each order, the line and header counts, and the
# first locale cue. The header patterns live in `whatsapp_layouts`; the layout of an export is
# chosen from its first lines before this pass counts anything.

# The standard layout's pattern, under the name it had before the other layouts were read.
HEADER = lay.STANDARD

# The orders a caller may give, and the ones the survey may settle on.
ORDERS = ("dmy", "mdy", "ymd")

# Caches of values that repeat (dates, times of day): bounded, so a long chat cannot grow them.
CACHE_LIMIT = 4096

# What one header date says about the order (_NAMED: its month is a word, no order to settle).
_YMD, _DMY, _MDY, _UNSETTLED, _NAMED = range(5)


is_header = lay.is_header


_V = TypeVar("_V")


def remember(cache: dict[str, _V], key: str, value: _V, limit: int = CACHE_LIMIT) -> _V:
    """Store a value in a bounded cache: a long chat must not grow it without end."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


@dataclass
class Survey:
    """What the first reading found, with no line or header kept."""

    lines: int = 0
    first_head: int = -1  # 0-based index of the first header line; -1 when there is none
    ymd: int = 0  # header dates that start with a four-digit year
    dmy: int = 0  # header dates whose first number is above 12
    mdy: int = 0  # header dates whose second number is above 12
    named: int = 0  # header dates whose month is a word
    headers: int = 0
    dmy_example: str = ""
    mdy_example: str = ""
    named_example: str = ""
    dotted: bool = False  # some header date is written with dots
    cue: tuple[str, str] | None = None  # language and text of the first day-first cue
    crlf: int = 0
    layout: lay.Layout = lay.STANDARD_LAYOUT
    # Times the header dates, read in turn, would go back to an earlier day in each order.
    back_dmy: int = 0
    back_mdy: int = 0
    yearless: int = 0  # header dates written without a year (old Android, current year)
    year_turns: int = 0  # times a year-less date's month is before the previous one's


def survey_export(source: Source, *, want_cue: bool) -> Survey:
    """The first reading, again in lossy UTF-8 when the bytes turn out not to be valid."""
    while True:
        try:
            return _survey_once(source, want_cue)
        except Undecodable as bad:
            source.read_lossy(bad.offset)


def _survey_once(source: Source, want_cue: bool) -> Survey:
    survey = Survey()
    # The layout is chosen from the first lines, held meanwhile (a bounded number of them).
    blocks = source.blocks()
    held: deque[tuple[str, list[str]]] = deque()
    sniffer = lay.Sniffer()
    for block, lines in blocks:
        held.append((block, lines))
        if sniffer.feed(lines):
            break
    survey.layout = layout = sniffer.layout
    match = layout.pattern.match
    date_i, term_i, tsep_i, sec_i = layout.date, layout.term, layout.tsep, layout.seconds
    classes: dict[str, int] = {}  # header date text -> what it says about the order
    tally = [0, 0, 0, 0, 0]
    chronology = _Chronology(survey)
    last_date = ""
    base = 0
    for block, lines in _drain(held, blocks):
        for line in lines:
            m = match(line)
            if m is None:
                continue
            date, term = m.group(date_i, term_i)
            if term == ": " and m.group(tsep_i) == ":" and m.group(sec_i) is None:
                continue  # not a header (see is_header)
            kind = classes.get(date)
            if kind is None:
                kind = remember(classes, date, _date_class(m, survey))
            tally[kind] += 1
            if date != last_date:  # a chat's date changes once a day at most, mostly
                last_date = date
                chronology.step(m, kind)
        if survey.first_head < 0 and any(tally):
            survey.first_head = base + _first_header(lines, layout)
        base += len(lines)
        if want_cue and survey.cue is None:
            survey.cue = _first_cue(block, tally)
    survey.lines = base
    survey.ymd, survey.dmy, survey.mdy = tally[_YMD], tally[_DMY], tally[_MDY]
    survey.named = tally[_NAMED]
    survey.headers = sum(tally)
    survey.crlf = source.crlf
    return survey


def _drain(held: deque[tuple[str, list[str]]],
           rest: Iterator[tuple[str, list[str]]]) -> Iterator[tuple[str, list[str]]]:
    """The held blocks, each let go as it is read, then the rest of the reading."""
    while held:
        yield held.popleft()
    yield from rest


class _Chronology:
    """Counts, date after date, how often each reading of the dates would go back in time."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.dmy: tuple[int, int, int] | None = None
        self.mdy: tuple[int, int, int] | None = None
        self.yearless_month = 0

    def step(self, m: re.Match[str], kind: int) -> None:
        survey = self.survey
        if kind == _NAMED:
            if m.group("year") is None:
                survey.yearless += 1
                month = lay.month_number(m.group("mon"))
                survey.year_turns += month < self.yearless_month
                self.yearless_month = month
            return
        if kind == _YMD:
            return
        d1, d2, d3 = m.group("d1", "d2", "d3")
        year = lay.year_of(d3)[0]
        first, second = int(d1), int(d2)
        if second <= 12:
            day_first = (year, second, first)
            survey.back_dmy += self.dmy is not None and day_first < self.dmy
            self.dmy = day_first
        if first <= 12:
            month_first = (year, first, second)
            survey.back_mdy += self.mdy is not None and month_first < self.mdy
            self.mdy = month_first


def _first_header(lines: list[str], layout: lay.Layout) -> int:
    """Where the first header is in a block that holds one (found again, once per export)."""
    return next(i for i, line in enumerate(lines) if is_header(layout.pattern.match(line)))


def _date_class(m: re.Match[str], survey: Survey) -> int:
    """What a header date says about the order; the first example of each order is kept."""
    if survey.layout.named_month:
        survey.named_example = survey.named_example or m.group("date")
        return _NAMED
    d1, d2, sep = m.group("d1", "d2", "sep")
    if sep == ".":
        survey.dotted = True
    if len(d1) == 4:
        return _YMD
    if int(d1) > 12:
        survey.dmy_example = survey.dmy_example or m.group("date")
        return _DMY
    if int(d2) > 12:
        survey.mdy_example = survey.mdy_example or m.group("date")
        return _MDY
    return _UNSETTLED


def _first_cue(block: str, tally: list[int]) -> tuple[str, str] | None:
    """The first day-first cue in a block of whole lines (no cue spans a line break).

    Searched only while no header date has settled the order: a chat whose dates settle it never
    pays for the search beyond its first block or two.
    """
    if tally[_DMY] or tally[_MDY]:
        return None
    cue = mk.DAY_FIRST_CUES.search(block)
    if cue is None or cue.lastgroup is None:
        return None
    return cue.lastgroup, cue.group(0)


def settle_order(survey: Survey, given: str | None) -> tuple[str, str, list[str]]:
    """Settle d/m vs m/d from every header date, then the caller's choice, then the file's own
    chronology, then locale cues.

    The reason and notes are `deferred`: English in the custody log, translated when shown.
    """
    if survey.layout.named_month:
        # The month is a word: nothing to settle. The name says which comes first in the text.
        order = "mdy" if survey.layout is lay.LAYOUTS[3] else "dmy"
        return order, deferred(N_(
            "The months are written as words (such as “{example}”), so no date order had to be "
            "guessed."), example=survey.named_example), []
    settled = _order_from_dates(survey)
    if settled is not None:
        order, reason, notes = settled
        if given is not None and given != order:
            notes.append(deferred(N_(
                "The date order {given} that was asked for contradicts the dates in the file; "
                "they were read as {order}."), given=given, order=order))
            reason = deferred(N_(
                "{reason} The requested order {given} was not followed: the dates rule it out."),
                reason=reason, given=given)
        return order, reason, notes
    if given is not None:
        return given, deferred(N_(
            "No date in the file settles the order; read as requested ({order})."),
            order=given), []
    return _order_from_chronology(survey) or _order_from_cues(survey)


def _order_from_chronology(survey: Survey) -> tuple[str, str, list[str]] | None:
    """The order in which the dates, read in turn, go back in time less often; None on a tie.

    An export runs forward in time (a few lines out of order at most), so a reading that makes
    its dates jump back again and again is the wrong one; this is the file's own evidence, worth
    more than the language its markers are in.
    """
    dmy, mdy = survey.back_dmy, survey.back_mdy
    if dmy == mdy:
        return None
    order = "dmy" if dmy < mdy else "mdy"
    return order, deferred(N_(
        "No date in the file settles the order by itself, but read day first the dates would go "
        "back in time {dmy} time(s) and read month first {mdy} time(s); the file runs forward in "
        "time, so dates were read {order}."), dmy=dmy, mdy=mdy, order=order), []


def _order_from_dates(survey: Survey) -> tuple[str, str, list[str]] | None:
    """The order the header dates show, its reason and notes; None when they do not settle it."""
    dmy, mdy = survey.dmy, survey.mdy
    if survey.ymd == survey.headers:
        return "ymd", deferred(N_(
            "Every header date starts with a four-digit year, so dates were read year first.")), []
    if not (dmy or mdy):
        return None
    order = "dmy" if dmy >= mdy else "mdy"
    if order == "dmy":
        reason = deferred(N_(
            "{count} header date(s) start with a number above 12 (such as “{example}”), so dates "
            "were read day first (dmy)."), count=dmy, example=survey.dmy_example)
    else:
        reason = deferred(N_(
            "{count} header date(s) have a second number above 12 (such as “{example}”), so dates "
            "were read month first (mdy)."), count=mdy, example=survey.mdy_example)
    notes: list[str] = []
    if dmy and mdy:
        notes.append(deferred(N_(
            "The dates disagree: {dmy} read only as day first and {mdy} only as month first; the "
            "majority ({order}) was used, and dates that cannot exist in it have no instant."),
            dmy=dmy, mdy=mdy, order=order))
    return order, reason, notes


def _order_from_cues(survey: Survey) -> tuple[str, str, list[str]]:
    """Day first, with the locale cue or the dotted dates that suggest it, or by default."""
    if survey.cue is not None:
        group, found = survey.cue
        return "dmy", deferred(N_(
            "No date in the file settles the order; it contains {language} text or markers "
            "(“{cue}”), a day-first locale, so dates were read day first (dmy)."),
            language=deferred(mk.CUE_LANGUAGE[group]), cue=found), []
    if survey.dotted:
        return "dmy", deferred(N_(
            "No date in the file settles the order; the dates are written with dots, which "
            "day-first locales use, so dates were read day first (dmy).")), []
    return "dmy", deferred(N_(
        "No date in the file settles the order and none was given; dates were read day first "
        "(dmy), the usual order in France and Morocco.")), [deferred(N_(
            "The date order could not be told from the file and none was given; dates were read "
            "day first (dmy), and each date as written is kept beside it. If they look wrong, "
            "read the export again month first (evidencekit reparse ID --date-order mdy, or "
            "“Read again…” in Conversations); the first reading stays in the custody log."))]
