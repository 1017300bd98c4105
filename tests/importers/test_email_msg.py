"""E-mail: .eml and .mbox, headers, charsets, attachments, mbox splitting and byte ranges."""

from __future__ import annotations

import io
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.email_msg import (
    looks_like_email,
    looks_like_eml,
    looks_like_mbox,
    parse_email,
    parse_eml,
    parse_mbox,
)
from evidencekit.importers.records import MessageKind, SpanKind

TZ = zoneinfo.ZoneInfo("Europe/Paris")

SIMPLE = (
    b"Received: from mx.example.org (mx.example.org [192.0.2.1]) by mail.example.net\n"
    b"DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=sel; b=AAAA\n"
    b"From: =?utf-8?q?Jos=C3=A9_Harceleur?= <jose@example.org>\n"
    b"To: Victime <v@example.net>\n"
    b"Cc: autre@example.net\n"
    b"Subject: =?utf-8?b?VHUgdmFzIHZvaXIg8J+RjA==?=\n"
    b"Date: Tue, 12 Nov 2024 21:05:00 +0100\n"
    b"Message-ID: <abc@example.org>\n"
    b"Content-Type: text/plain; charset=utf-8\n"
    b"\n"
    b"Je sais o\xc3\xb9 tu habites.\n"
)


def eml(data: bytes):  # type: ignore[no-untyped-def]
    result = parse_eml(io.BytesIO(data), source_name="m.eml", timezone=TZ)
    return result, list(result.messages)


def mbox(data: bytes):  # type: ignore[no-untyped-def]
    result = parse_mbox(io.BytesIO(data), source_name="box.mbox", timezone=TZ)
    return result, list(result.messages)


def test_recognition() -> None:
    assert looks_like_eml(SIMPLE)
    assert not looks_like_mbox(SIMPLE)
    assert looks_like_mbox(b"From jose@example.org Tue Nov 12 21:05:00 2024\nFrom: x\n")
    assert looks_like_email(b"From - Tue Nov 12 21:05:00 2024\r\n")
    assert not looks_like_email(b"From the start I knew\n")
    assert not looks_like_email(b'{"messages": []}')


def test_eml_headers_rfc2047_date_and_body() -> None:
    result, (msg,) = eml(SIMPLE)
    assert msg.sender == "José Harceleur <jose@example.org>"
    assert msg.extra["subject"] == "Tu vas voir \U0001f44c"
    assert msg.extra["to"] == "Victime <v@example.net>"
    assert msg.extra["cc"] == "autre@example.net"
    assert msg.extra["message_id"] == "<abc@example.org>"
    assert msg.extra["raw_headers"].startswith("Received: from mx.example.org")
    assert "DKIM-Signature" in msg.extra["raw_headers"]
    assert msg.extra["byte_range"] == (0, len(SIMPLE))
    assert msg.span.kind is SpanKind.RECORD
    assert msg.span.start == 0
    assert msg.text == "Je sais où tu habites.\n"
    assert msg.time is not None
    assert msg.time.literal == "Tue, 12 Nov 2024 21:05:00 +0100"
    assert msg.time.instant == datetime(2024, 11, 12, 20, 5, tzinfo=UTC)
    assert msg.time.instant.utcoffset() == timedelta(hours=1)
    assert result.report.counts["total"] == 1


def test_crlf_and_lf_give_same_fields() -> None:
    _, (lf,) = eml(SIMPLE)
    _, (crlf,) = eml(SIMPLE.replace(b"\n", b"\r\n"))
    assert crlf.sender == lf.sender
    assert crlf.extra["subject"] == lf.extra["subject"]
    assert crlf.text.replace("\r\n", "\n") == lf.text
    assert crlf.extra["byte_range"] == (0, len(SIMPLE.replace(b"\n", b"\r\n")))


def test_latin1_body_labelled_utf8_does_not_crash() -> None:
    data = (
        b"From: a@example.org\nDate: Tue, 12 Nov 2024 21:05:00 +0100\nSubject: x\n"
        b"Content-Type: text/plain; charset=utf-8\n\nCaf\xe9 cr\xe8me\n"
    )
    result, (msg,) = eml(data)
    assert msg.text == "Caf\ufffd cr\ufffdme\n"
    assert msg.extra["text_lossy"] is True
    assert any("replacement characters" in n for n in result.report.notes)


def test_unknown_charset_and_broken_encoded_word() -> None:
    data = (
        b"From: =?x-nonsense?q?abc?= <a@example.org>\nSubject: =?utf-8?b?!!!?=\n"
        b"Date: yesterday\nContent-Type: text/plain; charset=x-nonsense\n\nhello\n"
    )
    _, (msg,) = eml(data)
    assert msg.text == "hello\n"
    assert "a@example.org" in (msg.sender or "")
    assert msg.time is not None
    assert msg.time.instant is None
    assert msg.time.literal == "yesterday"


def test_dates_without_zone_and_minus_zero() -> None:
    base = b"From: a@example.org\nSubject: s\n"
    _, (naive,) = eml(base + b"Date: Tue, 12 Nov 2024 21:05:00\n\nx\n")
    assert naive.time is not None
    assert naive.time.instant is not None
    assert naive.time.instant.tzinfo == TZ
    assert "Europe/Paris" in naive.time.rule
    _, (minus,) = eml(base + b"Date: Tue, 12 Nov 2024 21:05:00 -0000\n\nx\n")
    assert minus.time is not None
    assert minus.time.instant == datetime(2024, 11, 12, 21, 5,
                                                                     tzinfo=UTC)
    _, (none,) = eml(base + b"\nx\n")
    assert none.time is None


MULTIPART = (
    b"From: a@example.org\nTo: b@example.org\nSubject: photos\n"
    b"Date: Wed, 13 Nov 2024 08:00:00 +0000\nMIME-Version: 1.0\n"
    b'Content-Type: multipart/mixed; boundary="XX"\n\n'
    b"--XX\nContent-Type: multipart/alternative; boundary=\"YY\"\n\n"
    b"--YY\nContent-Type: text/html; charset=iso-8859-1\n\n"
    b"<html><head><style>p{}</style></head><body><p>Bonjour\xe9</p><p>ligne&nbsp;2</p>"
    b"<script>alert(1)</script></body></html>\n"
    b"--YY--\n"
    b"--XX\nContent-Type: image/jpeg\nContent-Transfer-Encoding: base64\n"
    b'Content-Disposition: attachment; filename="preuve.jpg"\n\n/9j/4AAQ\n'
    b"--XX\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
    b"AAECAw==\n"
    b"--XX\nContent-Type: message/rfc822\n\nFrom: c@example.org\nSubject: inner\n\ninner body\n"
    b"--XX--\n"
)


def test_html_only_body_and_attachments() -> None:
    result, (msg,) = eml(MULTIPART)
    assert msg.text == "Bonjour\u00e9\n\nligne\u00a02"
    assert "Bonjour\u00e9" in msg.text
    assert "ligne\u00a02" in msg.text
    assert "alert" not in msg.text
    assert "p{}" not in msg.text
    assert msg.extra["text_from_html"] is True
    names = [a.name for a in msg.attachments]
    assert names == ["preuve.jpg", "message-0-attachment-2.bin", "message-0-attachment-3.eml"]
    assert all(a.media_hint == "file" for a in msg.attachments)
    assert msg.attachments[0].inline_data == b"\xff\xd8\xff\xe0\x00\x10"
    assert msg.attachments[1].inline_data == b"\x00\x01\x02\x03"
    inner = msg.attachments[2].inline_data or b""
    assert b"Subject: inner" in inner
    assert b"inner body" in inner
    assert result.report.counts["attachments"] == 3


MBOX = (
    b"From jose@example.org Tue Nov 12 21:05:00 2024\n"
    b"From: jose@example.org\nSubject: one\nDate: Tue, 12 Nov 2024 21:05:00 +0100\n\n"
    b"Premier message.\n"
    b"\n"
    b"From the start I knew you would read this.\n"
    b">From here on, quoted.\n"
    b">>From deeper.\n"
    b"\n"
    b"From jose@example.org Wed Nov 13 09:00:00 2024\n"
    b"From: jose@example.org\nSubject: two\nDate: Wed, 13 Nov 2024 09:00:00 +0100\n\n"
    b"Deuxi\xc3\xa8me.\n"
    b"From jose@example.org Wed Nov 13 09:30:00 2024 (not after a blank line)\n"
    b"\n"
    b"From - Thu Nov 14 10:00:00 2024\r\n"
    b"From: other@example.org\r\nSubject: three\r\n\r\nTroisi\xc3\xa8me.\r\n"
)


def test_mbox_split_rule_and_from_quoting() -> None:
    result, msgs = mbox(MBOX)
    assert [m.extra["subject"] for m in msgs] == ["one", "two", "three"]
    one = msgs[0]
    assert "From the start I knew you would read this.\n" in one.text
    assert "From here on, quoted.\n" in one.text
    assert ">From deeper.\n" in one.text
    assert "not after a blank line" in msgs[1].text
    assert msgs[2].text == "Troisième.\r\n"
    assert msgs[0].extra["envelope"] == "From jose@example.org Tue Nov 12 21:05:00 2024"
    assert [m.index for m in msgs] == [0, 1, 2]
    assert [m.span.start for m in msgs] == [0, 1, 2]
    # The byte ranges tile the file and point at the untouched raw bytes.
    ranges = [m.extra["byte_range"] for m in msgs]
    assert ranges[0][0] == 0
    assert ranges[-1][1] == len(MBOX)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    raw_one = MBOX[ranges[0][0] : ranges[0][1]]
    assert b">From here on" in raw_one
    assert raw_one.startswith(b"From jose@")
    assert result.report.counts["total"] == 3
    assert any("2 body lines" in n for n in result.report.notes)


def test_mbox_messages_without_headers_are_unparsed_verbatim() -> None:
    data = (b"From a@b Sat Jan  3 01:05:34 1996\nMessage 1\n\n"
            b"From c@d Sat Jan  3 01:05:35 1996\nM2\n")
    result, msgs = mbox(data)
    assert [m.kind for m in msgs] == [MessageKind.UNPARSED, MessageKind.UNPARSED]
    assert msgs[0].text == "Message 1\n\n"
    assert msgs[1].text == "M2\n"
    assert result.report.counts["total"] == 2


def test_parse_email_dispatches_by_content() -> None:
    r1 = parse_email(io.BytesIO(MBOX), source_name="x", timezone=TZ)
    assert r1.report.format == "mbox"
    assert len(list(r1.messages)) == 3
    r2 = parse_email(io.BytesIO(SIMPLE), source_name="x", timezone=TZ)
    assert r2.report.format == "eml"
    assert len(list(r2.messages)) == 1
    # An .eml that is really a one-message mbox.
    r3 = parse_eml(io.BytesIO(MBOX), source_name="x", timezone=TZ)
    assert r3.report.format == "mbox"


def test_mbox_streams_one_message_at_a_time() -> None:
    body = b"x" * 1000 + b"\n"
    one = (b"From a@example.org Tue Nov 12 21:05:00 2024\nFrom: a@example.org\nSubject: s\n\n"
           + body * 50 + b"\n")
    data = one * 300
    stream = io.BytesIO(data)
    result = parse_mbox(stream, source_name="big.mbox", timezone=TZ)
    it = iter(result.messages)
    first = next(it)
    assert first.extra["subject"] == "s"
    assert stream.tell() < len(data) // 10  # only a little was read so far
    assert sum(1 for _ in it) == 299


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n", b"just some words\nwithout headers\n", b"\x00\x01\x02binary", b"{}"],
)
def test_bad_eml_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^m\.eml: "):
        eml(data)


@pytest.mark.parametrize("data", [b"", b"From the start\n", SIMPLE])
def test_bad_mbox_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedInput, match=r"^box\.mbox: "):
        mbox(data)


def test_broken_mime_kept() -> None:
    data = (b"From: a@example.org\nSubject: s\nContent-Type: multipart/mixed; boundary=\n\n"
            b"--\n--\nno boundary at all\n")
    _, (msg,) = eml(data)
    assert msg.kind in (MessageKind.MESSAGE, MessageKind.UNPARSED)
    assert msg.extra["byte_range"] == (0, len(data))


def test_offset_is_kept() -> None:
    _, (msg,) = eml(b"From: a@x.org\nDate: Tue, 12 Nov 2024 21:05:00 -0330\n\nx\n")
    assert msg.time is not None
    assert msg.time.instant is not None
    assert msg.time.instant.tzinfo == timezone(timedelta(hours=-3, minutes=-30))


def _alternative(plain: bytes) -> bytes:
    return (
        b"From: jose@example.org\nTo: v@example.net\nSubject: lettre\n"
        b"Date: Tue, 12 Nov 2024 21:05:00 +0100\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/alternative; boundary=ALT\n\n"
        b"--ALT\nContent-Type: text/plain; charset=utf-8\n\n" + plain + b"\n"
        b"--ALT\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><body><p>Tu vas le regretter,</p><p>je publierai <b>tout</b>.</p>"
        b"<script>steal()</script></body></html>\n"
        b"--ALT--\n"
    )


@pytest.mark.parametrize("plain", [b"", b"   \n\t\n", b"\n\n"])
def test_a_blank_plain_alternative_does_not_hide_the_html_letter(plain: bytes) -> None:
    _result, (msg,) = eml(_alternative(plain))
    assert msg.text == "Tu vas le regretter,\n\nje publierai tout."
    assert msg.extra["text_from_html"] is True
    assert "steal" not in msg.text


def test_a_real_plain_alternative_still_wins() -> None:
    _result, (msg,) = eml(_alternative(b"Tu vas le regretter (texte)."))
    assert msg.text == "Tu vas le regretter (texte)."
    assert "text_from_html" not in msg.extra


def test_an_attachment_with_damaged_base64_is_kept_as_written_not_missing() -> None:
    data = (
        b"From: jose@example.org\nSubject: photo\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=BB\n\n"
        b"--BB\nContent-Type: text/plain\n\nregarde\n"
        b"--BB\nContent-Type: image/png; name=p.png\n"
        b"Content-Disposition: attachment; filename=p.png\n"
        b"Content-Transfer-Encoding: base64\n\n!!!!***\n--BB--\n")
    result, (msg,) = eml(data)
    (att,) = msg.attachments
    assert att.name == "p.png.undecoded.txt"
    assert att.inline_data and b"!!!!***" in att.inline_data
    notes = " ".join(str(n) for n in result.report.notes)
    assert "damaged transfer encoding" in notes
