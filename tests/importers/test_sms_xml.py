"""Android SMS Backup & Restore XML: records, MMS parts, surrogate repair, refusals, streaming."""

from __future__ import annotations

import base64
import io
import tracemalloc
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.records import MessageKind, SpanKind
from evidencekit.importers.sms_xml import (
    SurrogateRepairReader,
    looks_like_sms_xml,
    parse_sms_xml,
)

TZ = zoneinfo.ZoneInfo("Europe/Paris")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

FIXTURE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n'
    b'<smses count="5" backup_set="x">\n'
    b'  <sms protocol="0" address="+33612345678" date="1731441900000" type="1" subject="null" '
    b'body="Tu vas voir &#55357;&#56396; ce soir" toa="null" sc_toa="null" '
    b'service_center="+33609001390" read="1" status="-1" locked="0" date_sent="1731441899000" '
    b'readable_date="12 nov. 2024 21:05:00" contact_name="Karim" />\n'
    b'  <sms address="+33612345678" date="1731441960000" type="2" body="null" '
    b'contact_name="null" readable_date="null" />\n'
    b'  <sms address="+212600000000" date="1731442000000" type="3" body="brouillon \xd8\xb3" />\n'
    b'  <mms date="1731442100000" msg_box="1" address="+33612345678" m_type="132" '
    b'contact_name="Karim" readable_date="12 nov. 2024 21:08:20" sub="null">\n'
    b"    <parts>\n"
    b'      <part seq="-1" ct="application/smil" name="null" cl="null" '
    b'text="&lt;smil&gt;&lt;body/&gt;&lt;/smil&gt;" />\n'
    b'      <part seq="0" ct="image/png" name="null" cl="photo01.png" text="null" data="'
    + base64.b64encode(PNG)
    + b'" />\n'
    b'      <part seq="1" ct="text/plain" name="null" cl="txt" text="regarde &#55357;&#56833;" />\n'
    b'      <part seq="2" ct="audio/amr" name="null" cl="null" text="null" data="AAEC" />\n'
    b"    </parts>\n"
    b"    <addrs>\n"
    b'      <addr address="+33612345678" type="137" charset="106" />\n'
    b'      <addr address="+33700000001" type="151" charset="106" />\n'
    b"    </addrs>\n"
    b"  </mms>\n"
    b'  <call number="1" />\n'
    b"</smses>\n"
)


def parse(data: bytes):  # type: ignore[no-untyped-def]
    result = parse_sms_xml(io.BytesIO(data), source_name="sms.xml", timezone=TZ)
    return result, list(result.messages)


def test_recognises_by_content() -> None:
    assert looks_like_sms_xml(FIXTURE[:200])
    assert looks_like_sms_xml(b"\xef\xbb\xbf<smses count='0'/>")
    assert not looks_like_sms_xml(b"<calls count='1'>")
    assert not looks_like_sms_xml(b"From x Sat Jan  3 01:05:34 1996")


def test_sms_records_fields_and_counts() -> None:
    result, msgs = parse(FIXTURE)
    assert len(msgs) == 5
    assert [m.index for m in msgs] == [0, 1, 2, 3, 4]
    first = msgs[0]
    assert first.text == "Tu vas voir \U0001f44c ce soir"
    assert first.direction == "received"
    assert first.sender == "+33612345678"
    assert first.conversation == "+33612345678"
    assert first.extra["contact_name"] == "Karim"
    assert first.extra["readable_date"] == "12 nov. 2024 21:05:00"
    assert first.time is not None
    assert first.time.literal == "1731441900000"
    assert first.time.instant == datetime(2024, 11, 12, 20, 5, tzinfo=UTC)
    assert first.time.rule == "epoch milliseconds (UTC)"
    assert first.span.kind is SpanKind.RECORD
    assert first.span.start == 0
    sent = msgs[1]
    assert sent.direction == "sent"
    assert sent.text == ""
    assert sent.sender is None
    assert "contact_name" not in sent.extra
    assert "readable_date" not in sent.extra
    draft = msgs[2]
    assert draft.direction == ""
    assert draft.extra["type"] == "3"
    assert draft.text == "brouillon \u0633"
    assert result.report.counts == {
        "sms": 3, "mms": 1, "unparsed": 1, "attachments": 2, "total": 5,
    }
    assert any("2 emoji" in note for note in result.report.notes)


def test_mms_parts_addresses_and_media() -> None:
    _, msgs = parse(FIXTURE)
    mms = msgs[3]
    assert mms.text == "regarde \U0001f601"
    assert mms.direction == "received"
    assert mms.sender == "+33612345678"
    assert mms.extra["from"] == ["+33612345678"]
    assert mms.extra["to"] == ["+33700000001"]
    assert [a.name for a in mms.attachments] == ["photo01.png", "mms-3-part-3.amr"]
    assert mms.attachments[0].media_hint == "photo"
    assert mms.attachments[0].inline_data == PNG
    assert mms.attachments[1].media_hint == "audio"
    assert mms.attachments[1].inline_data == b"\x00\x01\x02"


def test_unknown_element_kept_verbatim() -> None:
    _, msgs = parse(FIXTURE)
    assert msgs[4].kind is MessageKind.UNPARSED
    assert "call" in msgs[4].text
    assert 'number="1"' in msgs[4].text


class Trickle(io.RawIOBase):
    """Returns at most `step` bytes per read, to cut references at every position."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._pos = 0
        self._step = step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        n = self._step if size < 0 else min(size, self._step)
        chunk = self._data[self._pos : self._pos + n]
        self._pos += len(chunk)
        return chunk


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 11, 16, 17, 64, 129])
def test_surrogate_pairs_split_across_reads(chunk: int) -> None:
    body = b"a" * 100 + b"&#55357;&#56396;" + b"b&#xD83D;&#xDE00;" + b"&#55357;x&#56396;"
    reader = SurrogateRepairReader(Trickle(body, chunk), chunk=chunk)  # type: ignore[arg-type]
    out = bytearray()
    while True:
        piece = reader.read(chunk)
        if not piece:
            break
        out += piece
    assert bytes(out) == b"a" * 100 + b"&#128076;b&#128512;&#65533;x&#65533;"
    assert reader.pairs_repaired == 2
    assert reader.lone_replaced == 2


def test_surrogate_pair_on_exact_chunk_boundary_in_parse() -> None:
    # Put the pair right across the parser's 64 KiB read boundary.
    pad = 65536 - len(b'<smses><sms date="1" type="1" body="') - 8
    data = (b'<smses><sms date="1" type="1" body="' + b"x" * pad + b'&#55357;&#56396;"/></smses>')
    result, msgs = parse(data)
    assert msgs[0].text.endswith("x\U0001f44c")
    assert any("1 emoji" in n for n in result.report.notes)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<smses><sms date="1" type="1" body="&lol3;"/></smses>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE smses [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<smses><sms date="1" type="1" body="&xxe;"/></smses>"""

DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE smses SYSTEM "http://example.invalid/x.dtd">
<smses><sms date="1" type="1" body="x"/></smses>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, DTD_ONLY])
def test_dtd_and_entities_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^sms\.xml: .*DTD or entities"):
        parse(data)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "no XML root|broken"),
        (b"not xml at all", "broken"),
        (b"<calls><call/></calls>", "not <smses>"),
        (b"\xff\xfe\x00<", "broken"),
        (b'<?xml version="1.0" encoding="TF-8"?><smses/>', "encoding"),
    ],
)
def test_bad_input_refused_with_a_sentence(data: bytes, why: str) -> None:
    with pytest.raises(UnsupportedInput, match=why):
        parse(data)


def test_a_backup_cut_short_keeps_every_complete_record_and_says_where() -> None:
    # The phone died during the backup: 20,000 whole records, then half of one.
    data = b"<smses>" + b'<sms date="1" type="1" body="x"/>' * 20000 + b"<sms da"
    result = parse_sms_xml(io.BytesIO(data), source_name="sms.xml", timezone=TZ)
    msgs = list(result.messages)
    assert len(msgs) == 20000
    assert all(m.text == "x" for m in msgs)
    (note,) = [str(n) for n in result.report.notes if "cut short" in str(n)]
    assert "line 1, column" in note and "20000 complete records" in note


def test_a_backup_cut_inside_the_first_record_keeps_nothing_but_says_so() -> None:
    result = parse_sms_xml(io.BytesIO(b'<smses count="3"><sms date="1" ty'),
                           source_name="sms.xml", timezone=TZ)
    assert list(result.messages) == []
    assert any("cut short" in str(n) and "the 0 complete" in str(n)
               for n in result.report.notes)


def test_garbage_before_any_record_is_still_refused() -> None:
    with pytest.raises(UnsupportedInput, match="before any record"):
        parse(b"<<<< not a backup")


def test_bad_date_and_bad_base64_kept() -> None:
    data = (
        b'<smses count="9"><sms date="soon" type="1" body="x"/>'
        b'<mms date="1" msg_box="2"><parts><part ct="image/jpeg" data="@@@" /></parts></mms>'
        b"</smses>"
    )
    result, msgs = parse(data)
    assert msgs[0].time is not None
    assert msgs[0].time.instant is None
    assert msgs[0].time.literal == "soon"
    assert msgs[1].direction == "sent"
    assert len(msgs[1].attachments) == 1
    assert any("holds 9 messages; 2 were found" in n for n in result.report.notes)


def _write_big(path: Path, target: int) -> int:
    record = (
        b'  <sms protocol="0" address="+33612345678" date="1731441900000" type="1" '
        b'subject="null" body="Message de harc\xc3\xa8lement num\xc3\xa9ro %d &#55357;&#56396; '
        + b"x" * 120
        + b'" read="1" readable_date="12 nov. 2024 21:05:00" contact_name="Karim" />\n'
    )
    count = 0
    with path.open("wb") as fh:
        fh.write(b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses>\n")
        size = 0
        while size < target:
            chunk = b"".join(record % (count + i) for i in range(1000))
            fh.write(chunk)
            size += len(chunk)
            count += 1000
        fh.write(b"</smses>\n")
    return count


@pytest.mark.slow
def test_streaming_large_file_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    expected = _write_big(path, 60 * 1024 * 1024)
    file_size = path.stat().st_size
    tracemalloc.start()
    try:
        with path.open("rb") as fh:
            result = parse_sms_xml(fh, source_name="big.xml", timezone=TZ)
            n = 0
            for msg in result.messages:
                n += 1
                assert msg.text
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == expected
    assert result.report.counts["total"] == expected
    assert any(f"{expected} emoji" in note for note in result.report.notes)
    print(f"file {file_size / 2**20:.1f} MiB, peak traced {peak / 2**20:.2f} MiB")
    assert peak < file_size / 20
