"""Web capture time of the local HTTPS test site, beside the same browser loading it directly.

Ours: `capture.session.capture` (recording proxy, certificate probe, browser child, screenshot,
DOM, WARC, WACZ) then `store_capture` into a fresh vault. Baseline, side by side in the same
run: the same browser child loading the same page with no proxy (it accepts the site's own CA by
fingerprint), which gives the screenshot and the DOM but no record of the network — what a
bare "headless screenshot" costs. The ratio is the price of the witness.
Usage: python bench/capture_bench.py [RUNS]   (default 3; the median is reported)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from common import Row, emit, peak_rss_mb, scratch, timed
from cryptography.hazmat.primitives import hashes

from evidencekit.capture.browser_run import child_command
from evidencekit.capture.exchange import Exchange
from evidencekit.capture.session import capture
from evidencekit.capture.store import store_capture
from evidencekit.capture.warc import write_warc
from evidencekit.capture.withhold import withhold
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from tests.capture.site import LocalSite


def direct_load(site: LocalSite) -> None:
    """The browser child alone, no proxy: screenshot and DOM only."""
    home = tempfile.mkdtemp(prefix="bench-browser-")
    try:
        flags = "--no-sandbox" if os.geteuid() == 0 else ""
        env = dict(os.environ, HOME=home, QT_QPA_PLATFORM="offscreen",
                   QTWEBENGINE_CHROMIUM_FLAGS=flags)
        orders = {"url": site.url, "proxy_port": 0, "window": False, "timeout": 60,
                  "ca_sha256": site.ca_certificate.fingerprint(hashes.SHA256()).hex()}
        done = subprocess.run(child_command(), input=(json.dumps(orders) + "\n").encode(),
                              capture_output=True, env=env, timeout=120, check=False)
        assert b"screenshot_png" in done.stdout, done.stderr[-500:]
    finally:
        shutil.rmtree(home, ignore_errors=True)


def busy_feed(count: int = 2000) -> list[Exchange]:
    """A logged-in feed's traffic: a cookie on every request, a JSON API POST in four, 50 KiB
    answers (random bytes: nothing compresses them away)."""
    exchanges = []
    for n in range(count):
        post = n % 4 == 0
        body = json.dumps({"cursor": n, "variables": {"feed": "x" * 20000}}).encode() \
            if post else b""
        exchanges.append(Exchange(
            "POST" if post else "GET", f"https://social.example/api/{n}",
            [("Cookie", f"sid={n:032x}; lang=fr"), ("Content-Type", "application/json")],
            body, "2026-12-06T10:00:00.000Z", status=200, reason="OK",
            response_headers=[("Content-Type", "application/json")],
            response_body=os.urandom(50 * 1024), received=float(n)))
    return exchanges


def withholding_rows() -> list[Row]:
    exchanges = busy_feed()
    navigations = [{"at": 100.0, "kind": "typed"}]
    plain_t, _w = timed(lambda: write_warc(exchanges, software="bench", started_at="2026"))

    def marked() -> None:
        kept, _withheld = withhold(exchanges, window=True, navigations=navigations)
        write_warc(kept, software="bench", started_at="2026")

    marked_t, _none = timed(marked)
    return [Row("capture", f"withhold a login's secrets then write the WARC ({len(exchanges)} "
                "exchanges, 100 MB; baseline: the WARC alone)", marked_t, "s", plain_t,
                "a small part of the WARC's own time", None)]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ours: list[float] = []
    stores: list[float] = []
    base: list[float] = []
    with scratch("capture") as work, LocalSite(work) as site:
        vault, _ = Vault.create(work / "vault", "bench passphrase capture", kdf=TEST_PARAMS)
        for _ in range(runs):
            base_t, _none = timed(lambda: direct_load(site))
            base.append(base_t)
            ours_t, result = timed(lambda: capture(site.url, timeout=60,
                                                   site_ca=str(site.ca_file)))
            ours.append(ours_t)
            store_t, _stored = timed(lambda done=result: store_capture(vault, done, "bench"))
            stores.append(store_t)
        size = sum(len(p.data) for p in result.parts)
        vault.close()
    rows = [
        Row("capture", f"capture the local HTTPS site (redirect, 2 image hosts), median of "
            f"{runs}", statistics.median(ours), "s", statistics.median(base),
            "a few seconds; about the bare browser load (baseline)", None),
        Row("capture", "store the capture in the vault (7 parts, "
            f"{size >> 10} KiB)", statistics.median(stores), "s"),
        Row("capture", "peak RSS of the bench process (the browser is a child)", peak_rss_mb(),
            "MB", None, "< 500 MB"),
    ]
    emit(rows + withholding_rows())


if __name__ == "__main__":
    main()
