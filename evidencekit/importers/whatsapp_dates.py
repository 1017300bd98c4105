"""Pass 1: recognise header lines and survey their dates to settle the date order (dmy/mdy/ymd)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from evidencekit.i18n import N_, deferred
from evidencekit.importers import whatsapp_markers as mk
from evidencekit.importers.whatsapp_source import Source, Undecodable

# The order can only be told once every header date has been seen, so this pass reads the whole
# export before any message is built, keeping no line or header: a tally of what each date says,
# the line and header counts, and the first locale cue. The header pattern lives here, with the
# pass that first needs it; pass 2 and `looks_like_whatsapp` import it.

_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"  # ASCII, Arabic-Indic and Persian digits; int() reads all
_M = "[\u200e\u200f\u061c]*"  # Arabic locales put RLM/ALM marks between date parts
_S = "[ \u00a0\u202f\u2009]"  # newer phones use U+202F before AM/PM

HEADER = re.compile(
    "(?P<lead>[\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]*)"
    "(?P<ob>\\[)?" + _M + "(?P<date>"
    f"(?P<d1>{_D}{{4}}|{_D}{{1,2}}){_M}(?P<sep>[./-]){_M}(?P<d2>{_D}{{1,2}}){_M}(?P=sep){_M}"
    f"(?P<d3>{_D}{{4}}|{_D}{{2}}))"
    f"{_M}(?:[,\u060c]{_M}{_S}*|{_S}+(?:klo{_S}+)?){_M}"
    f"(?P<time>(?P<h>{_D}{{1,2}})(?P<tsep>[:.])(?P<mi>{_D}{{2}})(?:[:.](?P<s>{_D}{{2}}))?"
    f"(?:{_S}*{_M}(?P<ampm>[aApP]\\.?{_S}?[mM]\\.?|\u0635|\u0645))?)"
    f"{_M}(?(ob)\\]{_S}?|{_S}*(?P<term>[-\u2013](?:{_S}|$)|:{_S}))"
)

# Group numbers for the lines read once per line: a number skips the look-up of a group's name.
DATE, TIME, TERM, TSEP = (HEADER.groupindex[g] for g in ("date", "time", "term", "tsep"))

# The orders a caller may give, and the ones the survey may settle on.
ORDERS = ("dmy", "mdy", "ymd")

# Caches of values that repeat (dates, times of day): bounded, so a long chat cannot grow them.
CACHE_LIMIT = 4096

_YMD, _DMY, _MDY, _UNSETTLED = range(4)  # what one header date says about the order


def is_header(m: re.Match[str] | None) -> bool:
    # "21.25.15: Name:" exists (dot-time locales); "21:25: x" typed in a message does not.
    return m is not None and not (m.group("term") == ": " and m.group("tsep") == ":")


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
    headers: int = 0
    dmy_example: str = ""
    mdy_example: str = ""
    dotted: bool = False  # some header date is written with dots
    cue: tuple[str, str] | None = None  # language and text of the first day-first cue
    crlf: int = 0


def survey_export(source: Source, *, want_cue: bool) -> Survey:
    """The first reading, again in lossy UTF-8 when the bytes turn out not to be valid."""
    while True:
        try:
            return _survey_once(source, want_cue)
        except Undecodable as bad:
            source.read_lossy(bad.offset)


def _survey_once(source: Source, want_cue: bool) -> Survey:
    survey = Survey()
    match = HEADER.match
    classes: dict[str, int] = {}  # header date text -> what it says about the order
    tally = [0, 0, 0, 0]
    base = 0
    for block, lines in source.blocks():
        for line in lines:
            m = match(line)
            if m is None:
                continue
            date, term, tsep = m.group(DATE, TERM, TSEP)
            if term == ": " and tsep == ":":
                continue  # not a header (see is_header)
            kind = classes.get(date)
            if kind is None:
                kind = remember(classes, date, _date_class(m, survey))
            tally[kind] += 1
        if survey.first_head < 0 and tally != [0, 0, 0, 0]:
            survey.first_head = base + _first_header(lines)
        base += len(lines)
        if want_cue and survey.cue is None:
            survey.cue = _first_cue(block, tally)
    survey.lines = base
    survey.ymd, survey.dmy, survey.mdy = tally[_YMD], tally[_DMY], tally[_MDY]
    survey.headers = sum(tally)
    survey.crlf = source.crlf
    return survey


def _first_header(lines: list[str]) -> int:
    """Where the first header is in a block that holds one (found again, once per export)."""
    return next(i for i, line in enumerate(lines) if is_header(HEADER.match(line)))


def _date_class(m: re.Match[str], survey: Survey) -> int:
    """What a header date says about the order; the first example of each order is kept."""
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
    """Settle d/m vs m/d from every header date, then locale cues, then the caller's choice.

    The reason and notes are `deferred`: English in the custody log, translated when shown.
    """
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
    return _order_from_cues(survey)


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
            "the order has to be given (--date-order mdy) the first time the export is "
            "imported: a second import of the same file is recorded, not read again."))]
