"""Pass 2's reading of a header's date and time into an instant, in every layout and calendar."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from evidencekit.i18n import N_, deferred
from evidencekit.importers import whatsapp_layouts as lay
from evidencekit.importers.records import ParsedTime
from evidencekit.importers.whatsapp_dates import ORDERS, Survey, remember

_PM = frozenset({"p", "P", "\u0645"})

# A four-digit year in the export's file name ("WhatsApp Chat with X 2014.txt").
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20[0-9]{2})(?!\d)")


class TimeReader:
    """Reads header dates and times in the settled order; a chat's few distinct dates and clock
    times are each read once (bounded caches)."""

    def __init__(self, survey: Survey, order: str, tz: ZoneInfo, source_name: str) -> None:
        self.order = order
        self.tz = tz
        self.tz_name = str(tz.key or tz)
        self.named = survey.layout.named_month
        self._dates: dict[str, tuple[int, int, int, str, bool, str]] = {}
        self._clocks: dict[str, tuple[int, int, int]] = {}
        # Time rules are stored with each message, like the custody log: English, untranslated.
        self._rules = {o: f"naive local time read in {self.tz_name} ({o})" for o in ORDERS}
        self.yearless = 0
        self._year = 0
        self._year_month = 0
        self.year_source = ""
        self.year_from_name = 0
        if self.named and survey.yearless:
            self._year, self.year_source, self.year_from_name = _first_yearless_year(
                survey, source_name)

    def cache_key(self, m: re.Match[str], literal: str) -> str:
        """The key a time literal is cached under: with the inferred year when it has none.

        Called for every header in turn: it follows the year through the export.
        """
        if not self.named:
            return literal
        month = lay.month_number(m.group("mon"))
        written = m.group("year")
        if written is not None:
            # Later year-less dates follow on from the last year written.
            self._year, self._year_month = int(written), month
            return literal
        # Year-less dates run forward: a month before the previous one means a new year.
        if month < self._year_month:
            self._year += 1
        self._year_month = month
        self.yearless += 1
        return f"{self._year}|{literal}"

    def read(self, m: re.Match[str], literal: str) -> tuple[ParsedTime, datetime | None, int]:
        """A header's naive time; status 0 plain, 1 in a DST gap, 2 in a DST fold."""
        date, clock = m.group("date", "time")
        if self.named:
            known = self._named_date(m)
        else:
            cached = self._dates.get(date)
            known = cached if cached is not None else remember(self._dates, date, self._date(m))
        year, month, day, order, clean, calendar = known
        hms = self._clocks.get(clock)
        if hms is None:
            hms = remember(self._clocks, clock, _clock(m))
        hour, minute, second = hms
        rule = self._rules[order] + calendar
        try:
            instant = datetime(year, month, day, hour, minute, second, 0, self.tz)
        except ValueError:
            return ParsedTime(literal, None, f"not a valid date or time in {order} order"), None, 0
        status = 0
        if not clean:
            before = instant.utcoffset()
            after = instant.replace(fold=1).utcoffset()
            if before != after and before is not None and after is not None:
                # zoneinfo: fold=0 takes the offset before a transition; a smaller offset before
                # than after means the clocks went forward, so this wall time never existed.
                if before < after:
                    status = 1
                    rule += (
                        "; this time does not exist (clocks went forward), read before the change"
                    )
                else:
                    status = 2
                    rule += "; ambiguous (clocks went back), the first occurrence was assumed"
        return ParsedTime(literal, instant, rule), instant, status

    def _date(self, m: re.Match[str]) -> tuple[int, int, int, str, bool, str]:
        """Year, month, day, order of a numeric header date, whether that day has no DST change,
        and how its year was converted from another calendar."""
        d1, d2, d3 = m.group("d1", "d2", "d3")
        calendar = ""
        if len(d1) == 4:
            order = "ymd"
            # An era or Buddhist year cannot end a year-first date: no such day, no instant.
            year, month, day = int(d1), int(d2), int(d3) if d3.isdigit() else 0
        else:
            order = self.order
            year, calendar = lay.year_of(d3)
            first, second = int(d1), int(d2)
            month, day = (first, second) if order == "mdy" else (second, first)
        return year, month, day, order, self._clean(year, month, day), (
            f"; {calendar}" if calendar else "")

    def _named_date(self, m: re.Match[str]) -> tuple[int, int, int, str, bool, str]:
        """A date whose month is a word; a missing year is the one `cache_key` followed."""
        month = lay.month_number(m.group("mon"))
        day = int(m.group("day"))
        written = m.group("year")
        if written is not None:
            year, note = int(written), ""
        else:
            year = self._year
            note = f"; the year is not written, {year} was assumed ({self.year_source})"
        return year, month, day, self.order, self._clean(year, month, day), note

    def _clean(self, year: int, month: int, day: int) -> bool:
        try:
            tz = self.tz
            offsets = {
                datetime(year, month, day, 0, 0, 0, 0, tz, fold=f).utcoffset() for f in (0, 1)
            } | {datetime(year, month, day, 23, 59, 59, 0, tz, fold=f).utcoffset() for f in (0, 1)}
            # One offset for the whole day, either fold: no time of that day is skipped or doubled.
            return len(offsets) == 1
        except (ValueError, OverflowError):
            return False  # an impossible date; `read` reports it

    def year_note(self) -> str | None:
        """The report's sentence on year-less dates, or None when every date has its year."""
        if not self.yearless:
            return None
        if self.year_from_name:
            return deferred(N_(
                "{count} message date(s) are written without a year (old Android exports leave "
                "out the year the export was made); each took the last year written before it, "
                "else the year {year} in the file name, counting a new year each time the months "
                "start again. Check the years against the phone."),
                count=self.yearless, year=self.year_from_name)
        return deferred(N_(
            "{count} message date(s) are written without a year (old Android exports leave out "
            "the year the export was made); each took the last year written before it, else the "
            "year of this import, {year}, counting a new year each time the months start again. "
            "Check the years against the phone."),
            count=self.yearless, year=datetime.now().year)


def _first_yearless_year(survey: Survey, source_name: str) -> tuple[int, str, int]:
    """The year of the first year-less date, how it was found (English, for the time rules),
    and the year the file name gives (0 if none).

    A year written earlier in the export is followed on as the dates are read; otherwise the
    year-less dates are taken to end in the year named in the file name, else in the current
    year (WhatsApp left out the year of the messages of the year the export was made).
    """
    found = _YEAR_IN_NAME.findall(source_name.replace("\\", "/").rsplit("/", 1)[-1])
    named = int(found[-1]) if found else 0
    if named:
        end, how = named, f"the file name gives {named}"
    else:
        end = datetime.now().year
        how = f"taken as the year of the import, {end}"
    how += (", counting back one year each time the months start again"
            if survey.year_turns else "")
    how = "a year written earlier in the export is followed on; else " + how
    return end - survey.year_turns, how, named


def _clock(m: re.Match[str]) -> tuple[int, int, int]:
    """Hour (0-23), minute and second of a header's time."""
    h, mi, sec, ampm = m.group("h", "mi", "s", "ampm")
    hour, minute = int(h), int(mi)
    second = int(sec) if sec else 0
    if ampm:
        period = lay.DAY_PERIODS.get(ampm)
        if period == "night":
            # "at night" runs from the evening to the small hours: 9-11 are PM, 12-5 are AM.
            if hour == 12:
                hour = 0
            elif hour >= 6:
                hour += 12
        elif (period or "") == "pm" or (period is None and ampm[0] in _PM):
            if hour < 12:
                hour += 12
        elif hour == 12:
            hour = 0
    return hour, minute, second
