"""Window mode's bound: a window where nothing ever loads ends with one sentence, not a hang;
a page that is there (still loading, or being logged into) is never cut off."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from evidencekit.capture.browser_run import CaptureFailed
from evidencekit.capture.session import capture
from tests.capture.conftest import parts
from tests.capture.site import LocalSite


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that takes connections and never answers (its backlog accepts them)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield int(server.getsockname()[1])


def test_a_window_where_nothing_loads_gives_up(silent_port: int) -> None:
    began = time.monotonic()
    with pytest.raises(CaptureFailed, match="No page loaded in the capture window within 3 "
                                            "seconds"):
        capture(f"http://127.0.0.1:{silent_port}/", window=True, timeout=3)
    # Well before the upstream's 30 s and the window watchdog's 30 minutes.
    assert time.monotonic() - began < 25


def test_an_error_page_is_not_a_page_to_log_in_on() -> None:
    """Nobody listens: the proxy answers 502, which the window shows; that is no page."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    with pytest.raises(CaptureFailed, match="No page loaded"):
        capture(f"https://127.0.0.1:{port}/", window=True, timeout=3)


def test_cli_window_where_nothing_loads(cli, silent_port: int) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("capture", f"http://127.0.0.1:{silent_port}/", "--window", "--no-tsa",
                 "--timeout", "3")
    assert result.code == 3, result.err
    last = result.err.strip().splitlines()[-1]
    assert last.startswith("error: No page loaded") and "nothing was kept" in last
    assert "Traceback" not in result.err
    assert json.loads(cli("list", "--json").out) in ([], {"items": []})


def test_a_page_still_loading_is_left_to_the_user(site: LocalSite) -> None:
    """/hang shows its text at once but an image takes 20 s: the user could be typing a login
    meanwhile, so the 3-second bound does not end the window."""
    result = capture(site.url + "hang", window=True, timeout=3, site_ca=str(site.ca_file),
                     script=({"capture": True},))
    assert b"Still loading" in parts(result)["dom"]
    steps = [s["step"] for s in json.loads(parts(result)["log"])["steps"]]
    assert not any("gave up" in s for s in steps)


def test_a_bot_check_page_from_the_site_is_left_to_the_user(site: LocalSite) -> None:
    """A 403 page the site itself sends (a captcha or "checking your browser") is a page the
    user acts on: the bound meant for a site that never answers must not close it."""
    result = capture(site.url + "challenge", window=True, timeout=3,
                     site_ca=str(site.ca_file), script=({"capture": True, "after_ms": 6000},))
    assert b"Checking your browser" in parts(result)["dom"]
    steps = [s["step"] for s in json.loads(parts(result)["log"])["steps"]]
    assert not any("gave up" in s for s in steps)
