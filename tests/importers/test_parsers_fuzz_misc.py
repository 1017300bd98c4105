"""Fuzz the SMS, e-mail, X, TikTok, Discord and signal-export parsers: only UnsupportedInput
escapes, always worded as one sentence naming the source."""

from __future__ import annotations

import io
import json
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers import (
    calls_xml,
    discord,
    email_msg,
    signal_md,
    sms_xml,
    tiktok,
    x_dms,
)
from evidencekit.importers.records import ParsedMessage

TZ = zoneinfo.ZoneInfo("Europe/Paris")

SEEDS: dict[str, bytes] = {
    "sms": (
        b'<?xml version="1.0" encoding="UTF-8"?><smses count="2">'
        b'<sms address="+33600000000" date="1731441900000" type="1" body="a &#55357;&#56396;"'
        b' contact_name="null"/>'
        b'<mms date="1" msg_box="2" address="x"><parts><part ct="application/smil" text="s"/>'
        b'<part ct="image/png" name="i.png" data="iVBORw0KGgo="/><part ct="text/plain" text="t"/>'
        b'</parts><addrs><addr address="x" type="151"/></addrs></mms></smses>'
    ),
    "calls": (
        b'<?xml version="1.0" encoding="UTF-8"?><calls count="2">'
        b'<call number="+33600000000" duration="42" date="1731441900000" type="1"'
        b' contact_name="(Unknown)"/><call number="+33600000000" duration="0"'
        b' date="1731441960000" type="3"/></calls>'
    ),
    "email": (
        b"From jo@example.org Tue Nov 12 21:05:00 2024\n"
        b"From: =?utf-8?q?Jos=C3=A9?= <jo@example.org>\nSubject: =?iso-8859-1?q?caf=E9?=\n"
        b"Date: Tue, 12 Nov 2024 21:05:00 +0100\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\n'
        b"Content-Type: text/plain; charset=utf-8\n\nCaf\xe9\n>From x\n--B\n"
        b'Content-Type: image/png\nContent-Transfer-Encoding: base64\n'
        b'Content-Disposition: attachment; filename="a.png"\n\niVBORw0KGgo=\n--B--\n\n'
        b"From jo@example.org Wed Nov 13 09:00:00 2024\nFrom: b@x\n\nbody\n"
    ),
    "x": b"window.YTD.direct_messages.part0 = " + json.dumps([{"dmConversation": {
        "conversationId": "1-2", "messages": [{"messageCreate": {
            "senderId": "1", "recipientId": "2", "text": "hi", "mediaUrls": ["https://a/b.jpg"],
            "createdAt": "2024-11-12T20:05:00.000Z", "id": "5"}}]}}]).encode(),
    "tiktok": json.dumps({"Direct Messages": {"Chat History": {
        "Chat History with bob:": [{"Date": "2024-11-12 21:05:00", "From": "bob",
                                    "Content": "x"}]}}}).encode(),
    "discord": json.dumps({"guild": {"name": "g"}, "channel": {"name": "c"}, "messages": [
        {"id": "1", "type": "Default", "timestamp": "2024-11-12T21:05:00+01:00",
         "content": "x", "author": {"name": "a"}, "attachments": [{"url": "u.png"}]}]}).encode(),
    "discord_csv": b"ID,Timestamp,Contents,Attachments\n1,2024-11-12 20:05:00+00:00,\"a\nb\",u\n",
    "signal": b"[2024-11-12 21:05] K: hi\nmore ![p](media/p.jpg)\n",
}

Parser = Callable[..., Any]
PARSERS: dict[str, tuple[Parser, Callable[[bytes], bool]]] = {
    "sms": (sms_xml.parse_sms_xml, sms_xml.looks_like_sms_xml),
    "calls": (calls_xml.parse_call_log, calls_xml.looks_like_call_log),
    "email": (email_msg.parse_email, email_msg.looks_like_email),
    "eml": (email_msg.parse_eml, email_msg.looks_like_eml),
    "mbox": (email_msg.parse_mbox, email_msg.looks_like_mbox),
    "x": (x_dms.parse_x_dms, x_dms.looks_like_x_dms),
    "tiktok": (tiktok.parse_tiktok, tiktok.looks_like_tiktok),
    "discord": (discord.parse_discord, discord.looks_like_discord),
    "discord_csv": (discord.parse_discord_package_csv, discord.looks_like_discord),
    "signal": (signal_md.parse_signal_md, signal_md.looks_like_signal_md),
}
SEED_FOR = {"eml": "email", "mbox": "email"}


def consume(name: str, data: bytes) -> None:
    parser, looks = PARSERS[name]
    assert isinstance(looks(data), bool)
    try:
        result = parser(io.BytesIO(data), source_name="fuzz.bin", timezone=TZ)
        msgs = list(result.messages)
    except UnsupportedInput as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert message.startswith("fuzz.bin: ")
        return
    for msg in msgs:
        assert isinstance(msg, ParsedMessage)
        assert isinstance(msg.text, str)
    assert isinstance(result.report.counts, dict)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(
                [b"&#55357;", b"&#56396;", b"\x00", b"\xff", b"<", b"\n\nFrom ", b"[", b'"',
                 b"\r\n", b"&", b"<!DOCTYPE x>", b"=?utf-8?b?", b"{", b"]", b"From a Mon Jan 1 "
                 b"00:00 2024\n"]))
        elif op == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 16))]
        elif op == "truncate":
            del data[pos:]
        elif op == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 64))]
    return bytes(data)


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(data=st.binary(max_size=2048))
def test_random_bytes(name: str, data: bytes) -> None:
    consume(name, data)


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(data=st.data())
def test_mutated_fixtures(name: str, data: st.DataObject) -> None:
    seed = SEEDS[SEED_FOR.get(name, name)]
    consume(name, data.draw(mutated(seed)))


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_seeds_parse(name: str) -> None:
    parser, looks = PARSERS[name]
    seed = SEEDS[SEED_FOR.get(name, name)]
    assert looks(seed) or name == "eml"  # the e-mail seed is an mbox; eml hands it over
    result = parser(io.BytesIO(seed), source_name="seed", timezone=TZ)
    assert list(result.messages)
