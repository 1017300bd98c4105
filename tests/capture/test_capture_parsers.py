"""The capture's readers of untrusted text: publication dates, SURT keys, proxy requests."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.capture.authority import CaptureAuthority
from evidencekit.capture.browser_run import CaptureFailed, _parse_result
from evidencekit.capture.pagefacts import published_date
from evidencekit.capture.proxy import RecordingProxy
from evidencekit.capture.upstream import Upstream
from evidencekit.capture.warc import surt


def test_publication_date_sources() -> None:
    assert published_date('<meta property="article:published_time" '
                          'content="2026-01-02T03:04:05Z">') == "2026-01-02T03:04:05Z"
    assert published_date("<meta itemprop=datePublished content=2025-12-31>") == "2025-12-31"
    assert published_date('<time datetime="2024-05-06">6 May</time>') == "2024-05-06"
    assert published_date('{"@type":"NewsArticle","datePublished":"2023-03-03T10:00:00+01:00"}') \
        == "2023-03-03T10:00:00+01:00"
    assert published_date("<p>no date</p>") == ""
    # Not a date: ignored rather than repeated as if it were one.
    assert published_date('<meta name="date" content="yesterday; drop table">') == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_publication_date_never_crashes(text: str) -> None:
    found = published_date(text)
    assert found == "" or (len(found) <= 64 and found[:4].isdigit())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_surt_never_crashes(text: str) -> None:
    try:
        key = surt("https://" + text)
    except ValueError:  # urlsplit refuses some hosts (bad IPv6 brackets, ports)
        return
    assert ")" in key


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_child_output_is_refused_unless_it_is_a_capture(raw: bytes) -> None:
    with pytest.raises(CaptureFailed, match="."):
        _parse_result(raw, b"", 1)


def test_proxy_answers_garbage_without_dying() -> None:
    proxy = RecordingProxy(CaptureAuthority(), Upstream())
    assert proxy.server_address[0] == "127.0.0.1"  # loopback only, never all interfaces
    proxy.start()
    try:
        for junk in (b"\x00\xff garbage\r\n\r\n", b"GET ftp://x/ HTTP/1.1\r\n\r\n",
                     b"CONNECT nohostport HTTP/1.1\r\n\r\n",
                     b"GET http://127.0.0.1:1/ HTTP/1.1\r\nContent-Length: -5\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
                sock.sendall(junk)
                answer = sock.recv(200)
            # An unreadable request line gets the bare error page (HTTP/0.9 style) of http.server.
            assert (answer.startswith(b"HTTP/1.") and b" 200 " not in answer[:15]) \
                or b"Error code: 400" in answer
        # Still serving after the garbage.
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
            sock.sendall(b"GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(20).startswith(b"HTTP/1.1 502")
    finally:
        proxy.stop()


def test_a_build_without_the_browser_engine_says_so() -> None:
    with pytest.raises(CaptureFailed, match="QtWebEngine"):
        _parse_result(b'{"unavailable": "No module named PySide6.QtWebEngineCore"}\n', b"", 2)
