"""The browser child of a web capture: QtWebEngine, in its own process, through our proxy.

It runs as `evidencekit _capture-browser` (so the frozen app can start it too), reads its orders
as one JSON document on standard input and writes one JSON document on standard output: the
full-page screenshot (PNG, base64), the rendered DOM, the title, the browser's version and user
agent, and the steps it took with their times. Everything else about the capture (the network
record, the server's certificate) is the parent's, which runs the recording proxy.

Why a separate process: Chromium's flags (proxy, no sandbox) are read once per process, a page
that crashes the renderer must not take the vault's process with it, and the child is killed by a
watchdog if the page never settles.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCryptographicHash,
    QIODevice,
    Qt,
    QTimer,
    QUrl,
    qVersion,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.i18n import _, is_rtl, set_language

# A full page taller than this is cut: a bitmap of an endless feed would fill the memory.
MAX_PAGE_HEIGHT = 20000
MAX_PAGE_WIDTH = 4000
VIEW_WIDTH = 1280
VIEW_HEIGHT = 900
SETTLE_MS = 1500
# Gateway errors: the proxy's answer when the site cannot be reached or does not answer.
NO_ANSWER_STATUSES = frozenset({502, 504})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CaptureBrowser(QWidget):
    """One page, one off-the-record profile, one capture."""

    def __init__(self, orders: dict[str, Any]) -> None:
        super().__init__()
        from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.orders = orders
        self.steps: list[dict[str, str]] = []
        self.result: dict[str, Any] = {}
        self.ca_sha256 = str(orders["ca_sha256"]).lower()
        # No storage name: an off-the-record profile, cookies and cache in memory only.
        self.profile = QWebEngineProfile(self)
        # Main-frame navigations, with their times: the parent draws from them the line between
        # the login and the content (what it withholds from the record, capture/withhold.py).
        self.navigations: list[dict[str, Any]] = []
        self.page = _recording_page(QWebEnginePage, self.profile, self, self.navigations)
        self.page.loadingChanged.connect(self._loading_changed)
        self.page.certificateError.connect(self._certificate_error)
        self.view = QWebEngineView(self)
        self.view.setPage(self.page)
        self.view.loadFinished.connect(self._loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QWidget(self)
        bar = QHBoxLayout(self.bar)
        self.note = QLabel(_("Log in if the page needs it, go to the content, then press "
                             "“Capture now”. Everything shown here is being recorded, except "
                             "your password and login cookies, which are left out of the "
                             "record."), self)
        self.note.setWordWrap(True)
        self.capture_button = QPushButton(_("Capture now"), self)
        self.capture_button.clicked.connect(self._user_capture)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.capture_button)
        layout.addWidget(self.bar)
        # In the login window the user may need to reach the content by its address once
        # logged in (a site's home page after login is rarely the post in question).
        self.address = QLineEdit(self)
        self.address.setAccessibleName(_("Address of the page"))
        self.address.setPlaceholderText("https://…")
        self.address.returnPressed.connect(self._go_to_address)
        self.view.urlChanged.connect(lambda url: self.address.setText(url.toString()))
        layout.addWidget(self.address)
        layout.addWidget(self.view, 1)
        self.bar.setVisible(bool(orders.get("window")))
        self.address.setVisible(bool(orders.get("window")))
        self.resize(VIEW_WIDTH, VIEW_HEIGHT)
        self._done = False
        self._first_load = True
        # Window mode: is a page there to use, has the user typed an address (window_gave_up)?
        self.page_loaded = False
        self.user_touched = False
        self.http_error = False

    def step(self, text: str) -> None:
        self.steps.append({"at": _now(), "step": text})

    def start(self) -> None:
        self.step(f"browser started: QtWebEngine {self._engine_version()}, Qt {qVersion()}")
        self.step(f"load {self.orders['url']}")
        self.view.load(QUrl(str(self.orders["url"])))

    def _engine_version(self) -> str:
        try:
            from PySide6.QtWebEngineCore import qWebEngineChromiumVersion, qWebEngineVersion

            return f"{qWebEngineVersion()!s} (Chromium {qWebEngineChromiumVersion()!s})"
        except ImportError:  # older PySide6
            return qVersion()

    def _certificate_error(self, error: Any) -> None:
        # The proxy presents certificates signed by the capture's own authority; accept those
        # and only those (the chain must end at that authority's fingerprint). The real
        # server's certificate was checked by the proxy against the system's trust store.
        chain = error.certificateChain()
        root = chain[-1] if chain else None
        digest = root.digest(QCryptographicHash.Algorithm.Sha256).toHex().data().decode() \
            if root is not None else ""
        if digest.lower() == self.ca_sha256:
            error.acceptCertificate()
        else:
            self.step(f"certificate refused for {error.url().toString()}: "
                      f"{error.description()}")
            error.rejectCertificate()

    def _loaded(self, ok: bool) -> None:
        self.step(f"page loaded ({'ok' if ok else 'failed'}): {self.view.url().toString()}")
        if self.orders.get("window"):
            if self._first_load:
                self._first_load = False
            self._next_script_step()
            return  # the user (or the parent's script, standing in for the user) says when
        if self._first_load:
            self._first_load = False
            QTimer.singleShot(SETTLE_MS, self._measure)

    def _loading_changed(self, info: Any) -> None:
        from PySide6.QtWebEngineCore import QWebEngineLoadingInfo as Info

        # No answer from the site (the browser's own error page, or a gateway error such as
        # the proxy's 502 when nobody listens) is not a page the user can act on: only a real
        # answer disarms the window's bound. A 403 or 503 the site itself sends is one: bot
        # checks and captchas (Cloudflare's among them) answer so, and the user must solve them.
        if info.status() == Info.LoadStatus.LoadStartedStatus:
            self.http_error = False
        elif info.errorDomain() == Info.ErrorDomain.HttpStatusCodeDomain and \
                info.errorCode() in NO_ANSWER_STATUSES:
            self.http_error = True
        elif info.status() == Info.LoadStatus.LoadSucceededStatus and not info.isErrorPage():
            self.page_loaded = True

    def watch_for_a_page(self) -> None:
        """Window mode: look each second whether a page is there to use, even one that is
        still loading (a login form shows before a slow image has come)."""
        self.poll = QTimer(self)
        self.poll.timeout.connect(self._poll_usable)
        self.poll.start(1000)
        self.address.textEdited.connect(self._touched)

    def _touched(self) -> None:
        self.user_touched = True

    def _poll_usable(self) -> None:
        if self._done or self.page_loaded:
            self.poll.stop()
            return
        self.page.runJavaScript("location.protocol + ' ' + document.readyState", 0,
                               self._usable)

    def _usable(self, value: Any) -> None:
        protocol, _, state = str(value or "").partition(" ")
        if protocol in ("http:", "https:") and state in ("interactive", "complete") and \
                not self.http_error:
            self.page_loaded = True

    def window_gave_up(self) -> None:
        """Window mode: no page to use within the timeout, and no address typed by the user.

        A user who has a page in front of them (typing a login, say) is never cut off here
        (only the parent's 30-minute watchdog applies then); a window left blank because the
        site never answers ends with one sentence instead of waiting for ever."""
        if self._done or self.page_loaded or self.user_touched:
            return
        self._done = True
        self.step(f"no page had loaded after {self.orders.get('timeout')} s and the window was "
                  "not used; the capture gave up")
        sys.stdout.write(json.dumps({"nothing_loaded": True, "timeout": self.orders.get(
            "timeout"), "steps": self.steps}) + "\n")
        sys.stdout.flush()
        QApplication.quit()

    def _next_script_step(self) -> None:
        # Steps the parent asked for (tests, or a recorded login), each logged as taken.
        script = self.orders.setdefault("script", [])
        if not script:
            return
        if script[0].get("after_ms"):  # a user who acts only after a while (tests)
            QTimer.singleShot(int(script[0].pop("after_ms")), self._next_script_step)
            return
        self.user_touched = True  # the script stands in for the user's hands
        step = script.pop(0)
        if step.get("capture"):
            self._user_capture()
            return
        if step.get("address"):  # typed in the address line, then Enter
            self.address.setText(str(step["address"]))
            self._go_to_address()
            if not step.get("wait_load"):
                QTimer.singleShot(200, self._next_script_step)
            return
        self.step(f"scripted step inside the capture window: {str(step.get('note', ''))[:200]}")
        self.page.runJavaScript(str(step.get("js", "")), 0, lambda _value: None)
        if not step.get("wait_load"):
            QTimer.singleShot(200, self._next_script_step)

    def _go_to_address(self) -> None:
        text = self.address.text().strip()
        url = QUrl.fromUserInput(text)
        if url.scheme() not in ("http", "https"):
            self.step(f"address refused (only http and https are captured): {text[:200]}")
            return
        self.step(f"the user went to {url.toString()[:2000]} from the address line")
        self.view.load(url)

    def timed_out(self) -> None:
        if self._first_load and not self._done:
            self._first_load = False
            self.step(f"the page was still loading after {self.orders.get('timeout')} s; "
                      "captured as it stood")
            self._measure()

    def _user_capture(self) -> None:
        self.capture_button.setEnabled(False)
        self.result["user_logged_in"] = True
        self.result["capture_pressed_at"] = time.time()
        self.step("the user pressed “Capture now” after browsing (and possibly logging in) "
                  "inside the capture window")
        self._measure()

    def _measure(self) -> None:
        script = ("JSON.stringify([Math.max(document.documentElement.scrollWidth,"
                  " document.body ? document.body.scrollWidth : 0),"
                  " Math.max(document.documentElement.scrollHeight,"
                  " document.body ? document.body.scrollHeight : 0)])")
        self.page.runJavaScript(script, 0, self._resize_to)

    def _resize_to(self, size: Any) -> None:
        try:
            width, height = (int(v) for v in json.loads(str(size)))
        except (ValueError, TypeError):
            width, height = VIEW_WIDTH, VIEW_HEIGHT
        width = min(max(width, VIEW_WIDTH), MAX_PAGE_WIDTH)
        height = min(max(height, 200), MAX_PAGE_HEIGHT)
        self.result["page_size"] = [width, height]
        self.bar.setVisible(False)
        self.view.resize(width, height)
        self.resize(width, height)
        self.step(f"view resized to the page: {width}×{height}")
        QTimer.singleShot(SETTLE_MS, self._grab)

    def _grab(self) -> None:
        image = self.view.grab().toImage()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs want bytes; runtime str
        self.result["screenshot_png"] = base64.b64encode(bytes(data.data())).decode("ascii")
        self.step("full-page screenshot taken")
        self.page.runJavaScript("document.documentElement.outerHTML", 0, self._dom)

    def _dom(self, html: Any) -> None:
        self.result["dom"] = str(html or "")
        self.step("rendered DOM read")
        self.result["title"] = self.page.title()
        self.result["final_url"] = self.view.url().toString()
        self.result["browser"] = f"QtWebEngine {self._engine_version()}"
        self.result["user_agent"] = self.profile.httpUserAgent()
        self.result["steps"] = self.steps
        self.result["navigations"] = self.navigations
        self._done = True
        sys.stdout.write(json.dumps(self.result) + "\n")
        sys.stdout.flush()
        QApplication.quit()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self._done:
            self.step("the user closed the capture window without capturing")
            sys.stdout.write(json.dumps({"cancelled": True, "steps": self.steps}) + "\n")
            sys.stdout.flush()
        super().closeEvent(event)


def run_child() -> int:
    """Entry point of `evidencekit _capture-browser` (orders on stdin)."""
    orders = json.loads(sys.stdin.readline())
    set_language(str(orders.get("language", "en")))
    try:
        from PySide6.QtWebEngineCore import QWebEngineProfile  # noqa: F401 - loads it first
    except ImportError as exc:  # a build without QtWebEngine (the frozen app leaves it out)
        sys.stdout.write(json.dumps({"unavailable": str(exc)}) + "\n")
        return 2

    app = QApplication(sys.argv[:1])
    if is_rtl():
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)

    def crashed(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        # An error in a slot would otherwise leave the child waiting for the watchdog.
        sys.__excepthook__(kind, value, tb)
        app.exit(3)

    sys.excepthook = crashed
    browser = CaptureBrowser(orders)
    browser.setWindowTitle(_("Web capture — {url}").format(url=orders["url"]))
    browser.show()
    browser.start()
    wait_ms = int(float(orders.get("timeout", 60)) * 1000)
    if not orders.get("window"):
        # A page that never settles (endless loading, long polling) is captured as it stands
        # after the timeout, and the log says so; the parent's watchdog is the last resort.
        QTimer.singleShot(wait_ms, browser.timed_out)
    else:
        browser.watch_for_a_page()
        QTimer.singleShot(wait_ms, browser.window_gave_up)
    return app.exec()


def _recording_page(base: Any, profile: Any, parent: QWidget,
                    navigations: list[dict[str, Any]]) -> Any:
    """A page that notes each main-frame navigation (kind, address, time) and allows it."""

    class RecordingPage(base):  # type: ignore[misc, valid-type]  # QWebEnginePage, loaded late
        def acceptNavigationRequest(self, url: QUrl, kind: Any,  # noqa: N802 - Qt's name
                                    is_main_frame: bool) -> bool:
            if is_main_frame:
                navigations.append({"at": time.time(), "kind": kind.name.removeprefix(
                    "NavigationType").lower(), "url": url.toString()[:2000]})
            return True

    return RecordingPage(profile, parent)
