"""`evidencekit capture` from the command line: JSON contract, refusals, exit codes."""

from __future__ import annotations

import json

from tests.capture.site import LocalSite


def test_cli_capture_then_verify(cli, site: LocalSite) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("capture", site.url, "--case", "Web", "--site-ca", str(site.ca_file),
                 "--timeout", "30", "--no-tsa", "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["final_url"].endswith("/page") and document["ip"] == "127.0.0.1"
    assert document["certificate_verified"] is True and document["timestamp"]["status"] == "off"
    assert {p["role"] for p in document["parts"]} >= {"screenshot", "warc", "wacz", "dom"}
    assert "uses the network" in result.err
    assert document["withheld"]["headers"] == 0 and document["withheld"]["request_bodies"] == 0
    listed = json.loads(cli("list", "--case", "Web", "--json").out)
    assert document["item_id"] in [i["id"] for i in listed["items"]] if isinstance(listed, dict) \
        else any(i["id"] == document["item_id"] for i in listed)
    assert cli("verify").code == 0


def test_cli_refuses_what_is_not_a_web_address(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("capture", "file:///etc/passwd", "--no-tsa")
    assert result.code == 2 and result.err.startswith("error:") and "http" in result.err
    assert "Traceback" not in result.err


def test_cli_unreachable_page_is_refused_cleanly(cli) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("capture", f"https://127.0.0.1:{port}/", "--no-tsa", "--timeout", "20")
    assert result.code == 3, result.err
    last = result.err.strip().splitlines()[-1]
    assert last.startswith("error:") and "nothing was kept" in last
    assert "Traceback" not in result.err
    assert json.loads(cli("list", "--json").out) in ([], {"items": []})


def test_cli_flags_a_bad_certificate(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    with LocalSite(tmp_path, trusted=False) as rogue:
        result = cli("capture", rogue.url, "--site-ca", str(rogue.ca_file), "--no-tsa",
                     "--timeout", "30")
    assert result.code == 0, result.err
    assert "certificate did not verify" in result.err
    shown = cli("log", "--json")
    entry = next(e for e in json.loads(shown.out)["entries"] if e["action"] == "web-capture")
    assert entry["detail"]["certificate_verified"] is False
    assert entry["detail"]["certificate_error"]
