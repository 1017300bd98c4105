"""The WhatsApp parser reads its export in blocks, twice: same result whatever the block size,
memory bounded however long the chat, and the report complete once the messages are read."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers import whatsapp
from evidencekit.importers.records import MessageKind, ParsedMessage, ParseReport
from evidencekit.importers.textdecode import decode_export
from evidencekit.importers.whatsapp import parse_whatsapp
from tests.importers.test_whatsapp import (
    ANDROID_EN,
    ARABIC,
    GERMAN,
    IOS_FR,
    PORTUGUESE,
    SPANISH,
    assert_nothing_lost,
)

PARIS = ZoneInfo("Europe/Paris")


def run(data: bytes, date_order: str | None = None) -> tuple[ParseReport, list[ParsedMessage]]:
    result = parse_whatsapp(io.BytesIO(data), source_name="c.txt", timezone=PARIS,
                            date_order=date_order)
    return result.report, list(result.messages)


def outcome(data: bytes, date_order: str | None = None) -> object:
    """Everything the parse gives, comparable with ==, or the refusal's sentence."""
    try:
        report, messages = run(data, date_order)
    except UnsupportedInput as exc:
        return str(exc)
    return report, messages


def in_small_blocks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(whatsapp, "READ_SIZE", size)


SAMPLES = [
    ANDROID_EN.encode(),
    IOS_FR.encode(),
    ARABIC.encode(),
    SPANISH.encode(),
    GERMAN.encode(),
    PORTUGUESE.encode(),
    ANDROID_EN.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + IOS_FR.encode(),
    ("\ufeff" + ARABIC).encode("utf-16-le"),
    ("\ufeff" + GERMAN).encode("utf-16-be"),
    b"25/01/2026, 10:00 - A: caf\xe9 bad byte\n25/01/2026, 10:01 - B: ok\n",
    IOS_FR.encode()[:-3] + b"\xe2\x80",  # cut inside a character at the very end
    b"\xff\xfe\x00\x00garbage 25/01/2026, 10:00 - A: x\n",
    ("preface\nmore\n" + SPANISH + "no newline at the end").encode(),
    # The rarer layouts (issue 12): the layout is chosen the same whatever the block size.
    "[14:56:01, 3/18/22] Minh: xin chào\nhai\n[14:57:01, 3/18/22] Lan: chào\n".encode(),
    b"13. 6. 2018. 21:25:15 a: m\n[13. 6. 2018. 21:25:16] b: n\n",
    (b"Dec 30, 2013, 8:11 PM - Name: x\nMar 5, 8:11 PM - Name: y\nz\n"
     b"Jan 2, 10:00 AM - Other: w\n"),
    "7/1/16, 4:56:55 PM: \u200eSophia H. created this group\n[3/18/2565 BE, 14:56:01] A: b\n".encode(),
]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
@pytest.mark.parametrize("data", SAMPLES)
def test_block_size_does_not_change_the_result(
    monkeypatch: pytest.MonkeyPatch, data: bytes, size: int
) -> None:
    expected = outcome(data)
    in_small_blocks(monkeypatch, size)
    assert outcome(data) == expected
    if not isinstance(expected, str):
        report, messages = expected  # type: ignore[misc]
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            assert_nothing_lost(report, messages, data.removeprefix(b"\xef\xbb\xbf"))


def test_invalid_utf8_names_the_first_bad_byte_whatever_the_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = ("25/01/2026, 10:00 - A: café ✓\n" * 50).encode() + b"\xe2\x28\xa1 x\n"
    in_small_blocks(monkeypatch, 5)
    report, messages = run(data)
    assert f"not valid UTF-8 from byte {len(data) - 6};" in report.notes[0]
    assert report.notes[0] == decode_export(data, "c.txt").note  # the whole-file decoder's
    assert messages[-1].text.endswith("\n\ufffd(\ufffd x")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8", "replace")),
       st.integers(1, 9))
def test_fuzz_block_size_does_not_change_the_result(
    monkeypatch: pytest.MonkeyPatch, data: bytes, size: int
) -> None:
    prefix = IOS_FR.encode()[:120]  # some headers, so that more inputs get past the first check
    for sample in (data, prefix + data):
        monkeypatch.setattr(whatsapp, "READ_SIZE", 256 * 1024)
        expected = outcome(sample)
        monkeypatch.setattr(whatsapp, "READ_SIZE", size)
        assert outcome(sample) == expected


def test_the_date_order_cue_is_found_beyond_the_first_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = "01/02/2026, 10:00 - A: hello there\n" * 40
    data = (plain + "01/02/2026, 10:01 - A: merci\n").encode()
    in_small_blocks(monkeypatch, 16)
    report, _ = run(data)
    assert report.date_order == "dmy"
    assert "French" in report.date_order_reason
    assert "“merci”" in report.date_order_reason


def test_counts_are_complete_once_the_messages_are_read() -> None:
    result = parse_whatsapp(io.BytesIO(ANDROID_EN.encode()), source_name="x", timezone=PARIS)
    # Lines and messages are known before the first message; the rest when the last is read.
    assert result.report.counts["lines"] == 18
    assert result.report.counts["messages"] == 13
    messages = list(result.messages)
    counts = result.report.counts
    assert counts["deleted"] == 1
    assert counts["media_omitted"] == 1
    assert counts["system"] == 3
    assert counts["edited"] == 1
    assert counts["attachments"] == 1
    assert len(messages) == 13
    assert result.report.participants == ["~\u202fKarim", "+212 6 12 34 56 78", "Lina"]
    assert any("earlier time" in n for n in result.report.notes)


class _OneWay(io.RawIOBase):
    """A stream that cannot seek (a pipe): the parser keeps its bytes to read them twice."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._inner.readinto(buffer)


def test_a_stream_that_cannot_seek_is_still_read() -> None:
    data = ANDROID_EN.encode()
    result = parse_whatsapp(_OneWay(data), source_name="x", timezone=PARIS)  # type: ignore[arg-type]
    assert [m.text for m in result.messages] == [m.text for m in run(data)[1]]


class _Changing(io.BytesIO):
    """Gives other bytes at its second reading, as a file rewritten meanwhile would."""

    def __init__(self, first: bytes, second: bytes) -> None:
        super().__init__(first)
        self._second = second
        self._seeks = 0

    def seek(self, pos: int, whence: int = 0) -> int:
        self._seeks += 1
        if self._seeks == 2:  # the first reading, then the second
            self.__init__(self._second, b"")  # type: ignore[misc]
        return super().seek(pos, whence)


@pytest.mark.parametrize("second", [
    ANDROID_EN.encode() + b"12/14/26, 9:00 AM - Lina: one more\n",
    ANDROID_EN.encode().replace(b"second line\n", b""),
    ANDROID_EN.encode().replace(b"Lina:", b"Lin\xff:"),
])
def test_a_stream_that_changes_between_readings_is_refused(second: bytes) -> None:
    stream = _Changing(ANDROID_EN.encode(), second)
    result = parse_whatsapp(stream, source_name="x.txt", timezone=PARIS)
    with pytest.raises(UnsupportedInput, match="^x.txt: the export read differently"):
        list(result.messages)


def chat_lines(n: int) -> Iterator[str]:
    for i in range(n):
        stamp = f"{1 + (i // 1440) % 28:02d}/11/2026 {i % 1440 // 60:02d}:{i % 60:02d}"
        if i % 10 == 0:
            yield f"[{stamp}:00] Karim: je vais te retrouver 🔪 {i}\nsuite du message {i}\n"
        else:
            yield f"[{stamp}:00] Lina: arrête سأنشر صورك {i}\n"


def peak_of_parse(data: bytes) -> int:
    stream = io.BytesIO(data)
    tracemalloc.start()
    try:
        result = parse_whatsapp(stream, source_name="big.txt", timezone=PARIS)
        count = sum(1 for _m in result.messages)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == result.report.counts["messages"]
    return peak


def test_memory_stays_bounded_as_the_export_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory of the parse does not follow the export's size (it once kept every line)."""
    # The time cache is bounded too, but at ~20 MB; a small bound keeps this test's figures
    # about the reading itself.
    monkeypatch.setattr(whatsapp, "TIME_CACHE_LIMIT", 4096)
    small = "".join(chat_lines(20_000)).encode()
    large = "".join(chat_lines(80_000)).encode()
    small_peak, large_peak = peak_of_parse(small), peak_of_parse(large)
    # Generous bounds: a block of text and its lines, the caches, the last message. A parser
    # that kept the lines would need several times the size of the large export (~4 MB).
    assert large_peak < 8 * 2**20
    assert large_peak < small_peak + 2 * 2**20
    assert large_peak < len(large)


def test_messages_are_built_while_the_stream_is_read() -> None:
    """The first message comes after one block of the second reading, not the whole file."""
    data = "".join(chat_lines(30_000)).encode()

    class Counting(io.BytesIO):
        read_after_survey = 0
        surveyed = False

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            if self.surveyed:
                Counting.read_after_survey += len(chunk)
            return chunk

    stream = Counting(data)
    result = parse_whatsapp(stream, source_name="big.txt", timezone=PARIS)
    stream.surveyed = True
    first = next(result.messages)
    assert first.kind is MessageKind.MESSAGE
    assert 0 < Counting.read_after_survey <= whatsapp.READ_SIZE + 3
    assert len(data) > 4 * whatsapp.READ_SIZE
