"""The header layouts WhatsApp has written over the years and across locales, one pattern each.

Every pattern names the same groups, so the two passes read any layout the same way: `stamp`
(the date and time as written, kept as the message's time literal), `date` and `time`, `h`,
`mi`, `s`, `ampm`, `tsep` (the clock's separator), `term` (what ends an unbracketed header) and
`ob` (an opening bracket). Numeric layouts add `d1`, `d2`, `d3` and `sep`; layouts with a month
written as a word add `day`, `mon` and `year` (absent when the export leaves it out).

One export uses one layout, so a file is read with a single pattern, chosen by `sniff` from its
first lines: the common layouts pay nothing for the rare ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

D = "[0-9\u0660-\u0669\u06f0-\u06f9]"  # ASCII, Arabic-Indic and Persian digits; int() reads all
# Arabic locales put RLM/ALM marks between date parts; a byte-order mark can sit inside the
# first bracket of an export that was concatenated or re-saved.
M = "[\u200e\u200f\u061c\ufeff]*"
S = "[ \u00a0\u202f\u2009]"  # newer phones use U+202F before AM/PM
LEAD = "(?P<lead>[\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]*)"

# Day periods some English locales write instead of AM/PM ("9:15 in the morning").
DAY_PERIODS = {
    "in the morning": "am",
    "in the afternoon": "pm",
    "in the evening": "pm",
    "at night": "night",
    "noon": "pm",
    "midnight": "am",
}
_AMPM = (
    f"(?:{S}*{M}(?P<ampm>[aApP]\\.?{S}?[mM]\\.?|\u0635|\u0645"
    "|in the (?:morning|afternoon|evening)|at night|noon|midnight))?"
)
TIME = f"(?P<time>(?P<h>{D}{{1,2}})(?P<tsep>[:.])(?P<mi>{D}{{2}})(?:[:.](?P<s>{D}{{2}}))?{_AMPM})"

# Years: four digits, two digits, a Japanese era year (R4 = Reiwa 4 = 2022, H30 = Heisei 30 =
# 2018); a Buddhist-era year (2565 = 2022) may be followed by "BE".
_YEAR3 = f"(?P<d3>{D}{{4}}(?:{S}BE)?|{D}{{2}}|[RH]{D}{{1,2}})"

# The layout almost every export uses: Android `DATE, TIME - Author: text` and iOS
# `[DATE, TIME] Author: text`, plus old iOS `DATE, TIME: Author: text` (checked by `is_header`).
STANDARD = re.compile(
    LEAD + "(?P<ob>\\[)?" + M + "(?P<stamp>(?P<date>"
    f"(?P<d1>{D}{{4}}|{D}{{1,2}}){M}(?P<sep>[./-]){M}(?P<d2>{D}{{1,2}}){M}(?P=sep){M}{_YEAR3})"
    f"{M}(?:[,\u060c]{M}{S}*|{S}+(?:klo{S}+)?){M}{TIME})"
    f"{M}(?(ob)\\]{S}?|{S}*(?P<term>[-\u2013](?:{S}|$)|:{S}))"
)

# Central European dates with a space after each dot: `13. 6. 2018. 21:25:15 a: m`, bracketed or
# not; unbracketed, only a space ends the header, so seconds are required there.
SPACED = re.compile(
    LEAD + "(?P<ob>\\[)?" + M + "(?P<stamp>(?P<date>"
    f"(?P<d1>{D}{{1,2}})(?P<sep>\\.){S}(?P<d2>{D}{{1,2}})\\.{S}(?P<d3>{D}{{4}}|{D}{{2}})\\.?)"
    f",?{S}+{TIME})"
    f"(?(ob)\\]{S}?|(?P<term>{S}*[-\u2013](?:{S}|$)|(?(s){S}|(?!))))"
)

# Vietnamese and some Asian locales write the time first: `[14:56:01, 3/18/22] Name: text`.
TIME_FIRST = re.compile(
    LEAD + "(?P<ob>\\[)?" + M + f"(?P<stamp>{TIME}{M}(?:,{S}*|{S}+)(?P<date>"
    f"(?P<d1>{D}{{4}}|{D}{{1,2}}){M}(?P<sep>[./-]){M}(?P<d2>{D}{{1,2}}){M}(?P=sep){M}{_YEAR3}))"
    f"{M}(?(ob)\\]{S}?|{S}*(?P<term>[-\u2013](?:{S}|$)))"
)

# Months written as words (old Android, 2012-2014), in English and French.
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "janv": 1, "févr": 2, "fevr": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "août": 8, "aout": 8, "sept": 9, "déc": 12,
}
_MON = (
    "(?P<mon>(?i:jan(?:uary|v\\.?)?|feb(?:ruary)?|f[ée]vr\\.?|mar(?:ch|s)?|apr(?:il)?|avr\\.?"
    "|may|mai|june?|juin|july?|juil\\.?|aug(?:ust)?|ao[uû]t|sept?(?:ember|\\.)?|oct(?:ober|\\.)?"
    "|nov(?:ember|\\.)?|d[ée]c(?:ember|\\.)?))(?![^\\W\\d_])\\.?"
)
_TERM = f"{S}*(?P<term>[-\u2013](?:{S}|$))"
_YEAR = f"(?P<year>{D}{{4}})"

# `Mar 5, 8:11 PM - Name: text`, `Mar 5, 2013, 8:11 PM - Name: text`
NAMED_MONTH_FIRST = re.compile(
    LEAD + "(?P<ob>)(?P<stamp>(?P<date>" + _MON + f"{S}(?P<day>{D}{{1,2}})(?:,{S}{_YEAR})?)"
    f",{S}{TIME})" + _TERM
)
# `18 Mar 12:14 - Name changed the subject…`, `18 Mar 2013 12:14 - Name: text`
NAMED_DAY_FIRST = re.compile(
    LEAD + f"(?P<ob>)(?P<stamp>(?P<date>(?P<day>{D}{{1,2}}){S}" + _MON + f"(?:{S}{_YEAR})?)"
    f",?{S}{TIME})" + _TERM
)
# `19:23, 28 Aug 2013 - Name: text`
NAMED_TIME_FIRST = re.compile(
    LEAD + f"(?P<ob>)(?P<stamp>{TIME},?{S}(?P<date>(?P<day>{D}{{1,2}}){S}" + _MON
    + f"(?:{S}{_YEAR})?))" + _TERM
)


@dataclass(frozen=True)
class Layout:
    name: str  # stable, English: named in the report
    pattern: re.Pattern[str]
    named_month: bool  # the month is a word (groups day, mon, year)
    example: str

    @property
    def stamp(self) -> int:
        return self.pattern.groupindex["stamp"]

    @property
    def date(self) -> int:
        return self.pattern.groupindex["date"]

    @property
    def term(self) -> int:
        return self.pattern.groupindex["term"]

    @property
    def tsep(self) -> int:
        return self.pattern.groupindex["tsep"]

    @property
    def seconds(self) -> int:
        return self.pattern.groupindex["s"]


LAYOUTS = (
    Layout("standard", STANDARD, False, "12/11/2026, 21:05 - Name: text"),
    Layout("spaced dotted date", SPACED, False, "13. 6. 2018. 21:25:15 Name: text"),
    Layout("time first", TIME_FIRST, False, "[14:56:01, 3/18/22] Name: text"),
    Layout("month name first", NAMED_MONTH_FIRST, True, "Mar 5, 8:11 PM - Name: text"),
    Layout("day and month name", NAMED_DAY_FIRST, True, "18 Mar 12:14 - Name: text"),
    Layout("time, then day and month name", NAMED_TIME_FIRST, True,
           "19:23, 28 Aug 2013 - Name: text"),
)
STANDARD_LAYOUT = LAYOUTS[0]

# Lines looked at to choose a layout (once one header is among them), enough for a preface and a
# few dozen messages; and a bound on their characters, as the lines are held until the layout is
# known.
SNIFF_LINES = 400
SNIFF_CHARS = 256 * 1024


def is_header(m: re.Match[str] | None) -> bool:
    """A pattern match that is a header: "21:25: x" typed in a message is not one.

    A time followed by ": " is an old iOS header only with seconds (`7/1/16, 4:56:55 PM: …`), or
    in dot-time locales ("21.25.15: Name:").
    """
    return m is not None and not (
        m.group("term") == ": " and m.group("tsep") == ":" and m.group("s") is None
    )


class Sniffer:
    """Chooses the layout whose pattern reads the most header lines among the first lines; ties
    go to the standard layout, then to the order of `LAYOUTS`. Fed lines in order, whatever
    blocks they come in: the choice depends on the text only."""

    def __init__(self) -> None:
        self.counts = [0] * len(LAYOUTS)
        self.lines = 0
        self.chars = 0

    def feed(self, lines: Iterable[str]) -> bool:
        """Look at more lines; True once enough have been seen."""
        if self.done:
            return True
        counts = self.counts
        for line in lines:
            self.chars += len(line)
            if line.strip():
                for i, layout in enumerate(LAYOUTS):
                    if is_header(layout.pattern.match(line)):
                        counts[i] += 1
                self.lines += 1
            if self.done:
                return True
        return False

    @property
    def done(self) -> bool:
        # A long preface with no header yet: read on, up to the bound on characters.
        return (self.lines >= SNIFF_LINES and any(self.counts)) or self.chars >= SNIFF_CHARS

    @property
    def layout(self) -> Layout:
        counts = self.counts
        return LAYOUTS[max(range(len(LAYOUTS)), key=lambda i: (counts[i], -i))]


def sniff(lines: Iterable[str]) -> Layout:
    """The layout of an export whose first lines these are (see `Sniffer`)."""
    sniffer = Sniffer()
    sniffer.feed(lines)
    return sniffer.layout


def month_number(mon: str) -> int:
    word = mon.casefold().rstrip(".")
    return MONTHS.get(word[:4], 0) or MONTHS.get(word[:3], 0)


_LEADING_DIGITS = re.compile(f"{D}+")


def year_of(d3: str) -> tuple[int, str]:
    """The Gregorian year a header's year field gives, and how it was converted ("" if as is)."""
    if d3[0] in "RH":
        era = int(d3[1:])
        if d3[0] == "R":
            return 2018 + era, f"Japanese era year {d3} (Reiwa) read as {2018 + era}"
        return 1988 + era, f"Japanese era year {d3} (Heisei) read as {1988 + era}"
    digits = _LEADING_DIGITS.match(d3).group(0)  # type: ignore[union-attr]  # d3 opens with one
    year = int(digits)
    if len(digits) == 2:
        return year + 2000, ""  # WhatsApp dates from 2009 on
    if year >= 2400:  # no WhatsApp message is from before 1857: a Buddhist-era year
        return year - 543, f"Buddhist-era year {digits} read as {year - 543}"
    return year, ""
