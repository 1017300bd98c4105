"""Random bytes, text and mutated exports: the WhatsApp parser refuses cleanly or loses no line."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.whatsapp import looks_like_whatsapp, parse_whatsapp

PARIS = ZoneInfo("Europe/Paris")

VALID = (
    "Exported\n"
    "12/11/2026, 21:05 - Karim: salut\n"
    "suite\n"
    "\u200e[12/11/2026, 9:06:02\u202fPM] Lina: \u200e<attached: 00000012-PHOTO-2026-11-12.jpg>\n"
    "13/11/2026، ٩:٠٥ م - كريم: تم حذف هذه الرسالة.\n"
    "29/03/2026, 02:30 - +212 6 12 34 56 78: IMG-20261112-WA0003.jpg (file attached)\n"
    "25/10/2026, 2:30 a. m. - ~ Sami: <Media omitted>\n"
    "12.11.26, 21:07 - Jonas hat die Gruppe erstellt\n"
).encode()

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, date_order: str | None = None) -> None:
    try:
        result = parse_whatsapp(
            io.BytesIO(data), source_name="fuzz.txt", timezone=PARIS, date_order=date_order
        )
        messages = list(result.messages)
    except UnsupportedInput:
        return
    lines = result.report.counts["lines"]
    assert result.report.counts["messages"] == len(messages)
    assert sum(m.span.end - m.span.start + 1 for m in messages) == lines
    position = 1
    for m in messages:
        assert m.span.start == position
        position = m.span.end + 1
    assert position == lines + 1


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=2000), st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_random_text(text: str, order: str | None) -> None:
    check(text.encode("utf-8", errors="surrogatepass"), order)
    looks_like_whatsapp(text)


HEADERISH = st.from_regex(
    r"\u200e?\[?[0-9٠-٩]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}[,،]? [0-9]{1,2}[:.][0-9]{2}"
    r"([:.][0-9]{2})?( ?(AM|PM|a\. m\.|ص|م))?(\] | - |: )[^\n]{0,30}",
    fullmatch=True,
)


@FUZZ
@given(st.lists(st.one_of(HEADERISH, st.text(max_size=40)), max_size=30))
def test_header_like_lines(lines: list[str]) -> None:
    check("\n".join(lines).encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID)),
            st.integers(0, 40),
            st.binary(max_size=12),
        ),
        max_size=8,
    )
)
def test_mutated_valid_export(edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(VALID)
    for pos, cut, insert in edits:
        pos = min(pos, len(data))
        data[pos : pos + cut] = insert
    check(bytes(data))


def test_the_unmutated_export_parses() -> None:
    result = parse_whatsapp(io.BytesIO(VALID), source_name="v.txt", timezone=PARIS)
    assert len(list(result.messages)) == 7


# The rarer layouts (issue 12): calendars, time first, spaced dots, months as words, old iOS.
OTHER_LAYOUTS = st.from_regex(
    r"\[?\ufeff?(([0-9]{1,2}/[0-9]{1,2}/([0-9]{4}( BE)?|R[0-9]|H[0-9]{2}), [0-9]{1,2}:[0-9]{2}:[0-9]{2})"
    r"|([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?, [0-9]{1,2}/[0-9]{1,2}/[0-9]{2})"
    r"|([0-9]{1,2}\. [0-9]{1,2}\. [0-9]{4}\. [0-9]{1,2}:[0-9]{2}:[0-9]{2})"
    r"|((Mar|Aug|Dec|juil\.) [0-9]{1,2}(, 20[0-9]{2})?, [0-9]{1,2}:[0-9]{2}( PM| in the morning)?)"
    r"|([0-9]{1,2} (Mar|Aug) ([0-9]{4} )?[0-9]{1,2}:[0-9]{2})"
    r"|([0-9]{1,2}:[0-9]{2}, [0-9]{1,2} (Aug|Jan) [0-9]{4}))"
    r"(\] | - |: | )[^\n]{0,30}",
    fullmatch=True,
)


@FUZZ
@given(st.lists(st.one_of(OTHER_LAYOUTS, HEADERISH, st.text(max_size=40)), max_size=30),
       st.sampled_from([None, "dmy", "mdy"]))
def test_other_layouts_lose_no_line(lines: list[str], order: str | None) -> None:
    text = "\n".join(lines)
    check(text.encode("utf-8", errors="surrogatepass"), order)
    looks_like_whatsapp(text)
