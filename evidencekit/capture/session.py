"""Running one capture: the proxy, the browser child, and the parts gathered from both.

Nothing touches the vault here and nothing is written to disk: the parts are bytes in memory,
handed to store.py, which keeps them in the vault in one transaction.
"""

from __future__ import annotations

import base64
import json
import platform
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from evidencekit import __version__
from evidencekit.capture.authority import CaptureAuthority
from evidencekit.capture.browser_run import BrowserOrders, CaptureFailed, run_browser
from evidencekit.capture.pagefacts import published_date
from evidencekit.capture.proxy import RecordingProxy
from evidencekit.capture.upstream import ServerFacts, Upstream
from evidencekit.capture.wacz import write_wacz
from evidencekit.capture.warc import write_warc
from evidencekit.capture.withhold import Withheld, withhold
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

__all__ = ["CaptureFailed", "Part", "WebCapture", "capture", "check_url"]
SOFTWARE = f"evidencekit {__version__}"
MAX_URL = 4000


@dataclass(frozen=True)
class Part:
    name: str
    role: str
    media_type: str
    data: bytes


@dataclass
class WebCapture:
    url: str
    final_url: str
    title: str
    published: str
    started_at: str
    ended_at: str
    server: dict[str, Any]
    user_logged_in: bool
    parts: list[Part] = field(default_factory=list)
    log: dict[str, Any] = field(default_factory=dict)
    withheld: dict[str, Any] = field(default_factory=dict)  # counts, for the manifest

    @property
    def certificate_ok(self) -> bool:
        return bool(self.server.get("verified"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL:
        raise UsageError(_("“{url}” is not a web address to capture: it must start with "
                           "http:// or https://.").format(url=url[:200]))
    return url


def capture(url: str, *, window: bool = False, timeout: float = 60.0,
            site_ca: str | None = None, script: tuple[dict[str, Any], ...] = (),
            cancel: threading.Event | None = None) -> WebCapture:
    """Load `url` in the browser child through the recording proxy; every part, in memory."""
    url = check_url(url)
    started = _now()
    authority = CaptureAuthority()
    upstream = Upstream(cafile=site_ca)
    proxy = RecordingProxy(authority, upstream)
    proxy.start()
    proxy_steps = [{"at": started, "step": f"recording proxy listening on 127.0.0.1:{proxy.port}"
                    f"; capture authority {authority.sha256}"}]
    try:
        result = run_browser(BrowserOrders(url, proxy.port, authority.sha256, window=window,
                                           timeout=timeout, script=script), cancel)
    finally:
        proxy.stop()
    ended = _now()
    # The secrets of a login never reach the record (withhold.py): from here on only the
    # marked copies exist outside the proxy's memory, which ends with this function.
    exchanges, withheld = withhold(proxy.snapshot(), window=window,
                                   navigations=_list(result.get("navigations")),
                                   pressed_at=_float(result.get("capture_pressed_at")))
    if not any(e.status for e in exchanges):
        reasons = "; ".join(sorted({e.error for e in exchanges if e.error}))[:300]
        raise CaptureFailed(_("The page {url} could not be loaded ({reason}); nothing was "
                              "kept.").format(url=url, reason=reasons or _("no answer")))
    final_url = str(result.get("final_url") or url)
    server = _main_server(upstream, final_url)
    title = str(result.get("title") or "")
    dom = str(result["dom"])
    steps = proxy_steps + list(result.get("steps") or [])
    steps.append({"at": ended, "step": f"recording proxy stopped after {len(exchanges)} "
                                       "exchanges"})
    steps.append({"at": ended, "step": withheld_sentence(withheld)})
    warc = write_warc(exchanges, software=SOFTWARE, started_at=started)
    log = {
        "format": "evidencekit-web-capture-log/1", "software": SOFTWARE,
        "system": platform.platform(terse=True), "requested_url": url, "final_url": final_url,
        "title": title, "started_at": started, "ended_at": ended,
        "browser": result.get("browser", ""), "user_agent": result.get("user_agent", ""),
        "window": window, "user_logged_in": bool(result.get("user_logged_in")),
        "proxy": f"evidencekit recording proxy, 127.0.0.1:{proxy.port}, HTTP/1.1 and CONNECT; "
                 f"the browser trusted only the capture authority {authority.sha256}",
        "trust_store": "given CA file" if site_ca else "certifi (Mozilla roots)",
        "servers": [s.to_json() for s in upstream.servers.values()],
        "page_size": result.get("page_size"), "exchanges": len(exchanges),
        "failed_requests": [{"url": e.url, "error": e.error} for e in exchanges if e.error],
        "steps": steps,
        "withheld": dict(withheld.summary(), why=WITHHELD_WHY, items=withheld.items),
    }
    parts = [
        Part("screenshot.png", "screenshot", "image/png",
             base64.b64decode(str(result["screenshot_png"]))),
        Part("page.warc.gz", "warc", "application/warc", warc.data),
        Part("page.wacz", "wacz", "application/wacz",
             write_wacz(warc, url=final_url, title=title, started_at=started,
                        software=SOFTWARE)),
        Part("dom.html", "dom", "text/html", dom.encode("utf-8")),
        Part("headers.json", "headers", "application/json",
             _json([e.summary() for e in exchanges])),
    ]
    chain = upstream.servers.get(_key(final_url))
    if chain is not None and chain.chain_der:
        parts.append(Part("certificates.pem", "certificates", "application/x-pem-file",
                          chain.pem()))
    parts.append(Part("capture-log.json", "log", "application/json", _json(log)))
    return WebCapture(url, final_url, title, published_date(dom), started, ended, server,
                      bool(result.get("user_logged_in")), parts, log, withheld.summary())


WITHHELD_WHY = ("Passwords, session cookies and authorization tokens would let anyone holding "
                "this record sign in as the user, so each was replaced by a marker giving what "
                "it was, its size and a fingerprint under a key that was not kept.")


def withheld_sentence(withheld: Withheld) -> str:
    counts = withheld.summary()
    phase = f"; the content phase began at {withheld.content_from}" \
        if withheld.content_from else ""
    return (f"withheld from the record: {counts['headers']} cookie or authorization values, "
            f"{counts['request_bodies']} request bodies (logins, forms sent before the content, "
            f"fields named like a password) and {counts['response_bodies']} answers to them"
            f"{phase}")


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _key(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))


def _main_server(upstream: Upstream, url: str) -> dict[str, Any]:
    facts = upstream.servers.get(_key(url))
    if facts is None:
        host, port = _key(url)
        facts = ServerFacts(host, port)
    value = facts.to_json()
    value["scheme"] = urlsplit(url).scheme
    return value
