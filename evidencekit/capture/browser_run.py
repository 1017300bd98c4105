"""Starting the browser child and waiting for it, with a watchdog that always ends it.

The child gets its own temporary HOME and XDG folders (Chromium writes ~/.pki/nssdb and caches
there even for an off-the-record profile), removed when it ends, so nothing of the page outlives
the capture outside the vault. The proxy is the only way out: `<-loopback>` removes Chromium's
implicit rule that sends localhost directly, so even loopback pages go through the recorder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any

from evidencekit.core.errors import Cancelled, UnsupportedInput
from evidencekit.i18n import _, current_language

CHILD_ENTRY = "_capture-browser"
WATCHDOG_MARGIN = 60.0
# In window mode the user logs in and finds the content: the page's timeout does not apply.
WINDOW_LIMIT = 30 * 60.0


class CaptureFailed(UnsupportedInput):
    """The page could not be captured (the text says why, for the user); nothing was kept."""


@dataclass(frozen=True)
class BrowserOrders:
    url: str
    proxy_port: int
    ca_sha256: str
    window: bool = False
    timeout: float = 60.0
    # Window mode only: steps run in the page before capturing, in place of the user's hands
    # ({"js": code, "wait_load": bool, "note": text} or {"capture": true}); each is logged.
    script: tuple[dict[str, Any], ...] = ()


def child_command() -> list[str]:
    if getattr(sys, "frozen", False):  # the packaged app: the executable takes the entry
        return [sys.executable, CHILD_ENTRY]
    return [sys.executable, "-m", "evidencekit", CHILD_ENTRY]


def chromium_flags(proxy_port: int) -> str:
    flags = [f"--proxy-server=http://127.0.0.1:{proxy_port}",
             "--proxy-bypass-list=<-loopback>",
             "--disable-background-networking", "--no-first-run", "--disable-sync",
             "--disable-component-update", "--disable-domain-reliability"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start its sandbox as root; see SECURITY.md for what that costs.
        flags.append("--no-sandbox")
    return " ".join(flags)


def run_browser(orders: BrowserOrders, cancel: threading.Event | None = None) -> dict[str, Any]:
    """Run the child to completion; its JSON result, or CaptureFailed (or Cancelled)."""
    home = tempfile.mkdtemp(prefix="evidencekit-browser-")
    try:
        env = dict(os.environ)
        env.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, "config"),
                    "XDG_CACHE_HOME": os.path.join(home, "cache"),
                    "XDG_DATA_HOME": os.path.join(home, "data"),
                    "QTWEBENGINE_CHROMIUM_FLAGS": chromium_flags(orders.proxy_port),
                    "QTWEBENGINE_DISABLE_SANDBOX": "1" if "--no-sandbox" in
                    chromium_flags(orders.proxy_port) else "0"})
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                    "ALL_PROXY", "no_proxy", "NO_PROXY"):
            env.pop(var, None)
        if not orders.window:
            env["QT_QPA_PLATFORM"] = "offscreen"
        line = json.dumps({"url": orders.url, "proxy_port": orders.proxy_port,
                           "ca_sha256": orders.ca_sha256, "window": orders.window,
                           "timeout": orders.timeout, "language": current_language(),
                           "script": list(orders.script)})
        child = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env, cwd=home)
        limit = (max(orders.timeout, WINDOW_LIMIT) if orders.window else orders.timeout) \
            + WATCHDOG_MARGIN
        out, err = _wait(child, (line + "\n").encode(), limit, cancel)
        return _parse_result(out, err, child.returncode)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _wait(child: subprocess.Popen[bytes], orders: bytes, limit: float,
          cancel: threading.Event | None) -> tuple[bytes, bytes]:
    """The child's output; killed at `limit` seconds (watchdog) or when `cancel` is set."""
    deadline = time.monotonic() + limit
    first: bytes | None = orders
    while True:
        try:
            # Retrying communicate() after a timeout loses no output; the input goes once.
            return child.communicate(first, timeout=0.5)
        except subprocess.TimeoutExpired:
            first = None
        if cancel is not None and cancel.is_set():
            child.kill()
            child.communicate()
            raise Cancelled(_("Capture stopped; nothing was kept."))
        if time.monotonic() > deadline:
            child.kill()
            child.communicate()
            raise CaptureFailed(_("The page did not finish loading within {s} seconds; "
                                  "nothing was kept.").format(s=int(limit)))


def _seconds(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _parse_result(out: bytes, err: bytes, code: int) -> dict[str, Any]:
    for raw in reversed(out.splitlines()):
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            if value.get("unavailable"):
                raise CaptureFailed(_("Web capture needs the QtWebEngine browser engine, which "
                                      "this installation does not include ({reason}); install "
                                      "evidencekit with pip, where PySide6 brings it.").format(
                    reason=str(value["unavailable"])[:200]))
            if value.get("nothing_loaded"):
                raise CaptureFailed(_("No page loaded in the capture window within {s} seconds "
                                      "and the window was not used; nothing was kept.").format(
                    s=_seconds(value.get("timeout"))))
            if value.get("cancelled"):
                raise CaptureFailed(_("The capture window was closed before “Capture now”; "
                                      "nothing was kept."))
            if isinstance(value.get("screenshot_png"), str) and isinstance(value.get("dom"), str):
                return value
    tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
    raise CaptureFailed(_("The browser stopped without a capture (exit code {code}): "
                          "{detail}").format(code=code, detail=" ".join(tail)[:300]))
