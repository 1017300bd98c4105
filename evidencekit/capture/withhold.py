"""What a capture keeps out of its record: the secrets that let a reader sign in as the user.

A capture made after logging in carries the user's session: the password typed in the login form
(the body of the login request), the session cookies, and the tokens of Authorization headers.
Whoever holds a bundle with these can take over the account, so they are replaced in every
exchange before anything is written (WARC, WACZ, headers.json), by a marker that says what was
removed, its size and a keyed fingerprint (HMAC-SHA256 under a key made for this capture and
never stored: equal values carry equal fingerprints within one capture, and nobody, us included,
can test a guessed password against it).

Request bodies are what replay needs for the page's own API calls (ReplayWeb.page matches a POST
by its body), so they are not all dropped. A body is withheld when
- it was sent before the content phase of a window capture: the phase begins at the last
  main-frame navigation before “Capture now” that was not a form submission (the browser child
  reports them with their times), so a login form, and the redirect after it, fall before it;
- in window mode, it is a form the user submitted by navigating (Sec-Fetch-Mode: navigate);
- it carries a field named like a password (password, pass, pwd, pin, otp, secret…), or the
  word password anywhere, in any mode; JSON is read whatever type the script declared.
The answer to a request withheld for the first or the last reason is withheld too (a login's
answer may hold a session token).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from evidencekit.capture.exchange import Exchange, Headers

MARKER_PREFIX = "[withheld by evidencekit: "
# Request headers whose whole value is a credential, and the response headers that set one.
SECRET_REQUEST_HEADERS = frozenset({"authorization", "proxy-authorization", "x-auth-token",
                                    "x-api-key", "x-access-token"})
AUTHORIZATION_HEADERS = frozenset({"authorization", "proxy-authorization"})
SECRET_RESPONSE_HEADERS = frozenset({"set-cookie", "set-cookie2"})
MAX_SCAN = 1024 * 1024
MAX_NODES = 10000
_CREDENTIAL_WORDS = frozenset({"password", "passwd", "pass", "pwd", "passphrase", "passcode",
                               "pin", "otp", "totp", "secret", "credential", "credentials"})
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_RAW_HINT = re.compile(rb"pass(?:word|wd|phrase)", re.IGNORECASE)
_MULTIPART_NAME = re.compile(rb'name="([^"\r\n]{1,200})"')

LOGIN_PHASE = "login-phase"
FORM_SUBMITTED = "form-submitted"
CREDENTIAL_FIELD = "credential-field"
ANSWER_TO_WITHHELD = "answer-to-withheld-request"
SECRET_HEADER = "credential-header"  # noqa: S105 - a reason code, not a secret


@dataclass
class Withheld:
    """What was replaced, for the capture log and the manifest (no value, only facts)."""

    content_from: str = ""  # ISO UTC start of the content phase ("" outside window mode)
    items: list[dict[str, Any]] = field(default_factory=list)

    def count(self, what: str) -> int:
        return sum(1 for item in self.items if item["what"] == what)

    def summary(self) -> dict[str, Any]:
        return {"headers": self.count("header"), "request_bodies": self.count("request body"),
                "response_bodies": self.count("response body"),
                "content_phase_from": self.content_from}


class Redactor:
    """Marks values with a key made here and never kept (see the module's docstring)."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self.withheld = Withheld()

    def marker(self, what: str, value: bytes, reason: str) -> str:
        tag = hmac.new(self._key, value, hashlib.sha256).hexdigest()[:16]
        return f"{MARKER_PREFIX}{what}, {len(value)} bytes, hmac-sha256 {tag}, {reason}]"

    def _note(self, exchange: Exchange, what: str, name: str, size: int, reason: str) -> None:
        self.withheld.items.append({"url": exchange.url[:2000], "method": exchange.method,
                                    "what": what, "name": name, "bytes": size,
                                    "reason": reason})

    def headers(self, exchange: Exchange, headers: Headers, secret: frozenset[str]) -> Headers:
        kept: Headers = []
        for name, value in headers:
            lower = name.lower()
            if lower == "cookie":
                value = "; ".join(self._cookie(exchange, name, part)
                                  for part in value.split(";") if part.strip())
            elif lower in ("set-cookie", "set-cookie2") and lower in secret:
                value = self._set_cookie(exchange, name, value)
            elif lower in secret:
                scheme, _, token = value.partition(" ")
                # Keep "Bearer" / "Basic" of an Authorization header: it says what it was. Any
                # other header's first word (an API key written in two parts) is secret too.
                if token and scheme.isalpha() and lower in AUTHORIZATION_HEADERS:
                    value = f"{scheme} {self._value(exchange, name, token, 'credential')}"
                else:
                    value = self._value(exchange, name, value, "credential")
            kept.append((name, value))
        return kept

    def _value(self, exchange: Exchange, name: str, value: str, what: str) -> str:
        raw = value.encode("utf-8", "surrogateescape")
        self._note(exchange, "header", name, len(raw), SECRET_HEADER)
        return self.marker(f"{what} of {name}", raw, SECRET_HEADER)

    def _cookie(self, exchange: Exchange, header: str, part: str) -> str:
        cookie, sep, value = part.strip().partition("=")
        if not sep:
            return self._value(exchange, header, part.strip(), "cookie")
        return f"{cookie}={self._value(exchange, header, value, 'cookie ' + cookie[:100])}"

    def _set_cookie(self, exchange: Exchange, header: str, value: str) -> str:
        # The cookie's value goes; its name and attributes (Path, Secure, Expires) stay.
        first, sep, attributes = value.partition(";")
        return self._cookie(exchange, header, first) + (sep + attributes if sep else "")

    def body(self, exchange: Exchange, what: str, data: bytes, media: str, reason: str) -> bytes:
        self._note(exchange, what, media, len(data), reason)
        return self.marker(f"{what} ({media or 'no type'})", data, reason).encode()


def _words(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name)} | {name.lower()}


def _field_names(media: str, data: bytes) -> Iterable[str]:
    if media.startswith("multipart/"):
        return [m.decode("utf-8", "replace") for m in _MULTIPART_NAME.findall(data[:MAX_SCAN])]
    # A script's login often carries no type of its own: fetch() sends a JSON string as
    # "text/plain;charset=UTF-8", a Blob or a bare XHR body may send none. So a body of another
    # type that reads as JSON (or, plain text or untyped, as a form) is read for its names too.
    if media.endswith("json") or data[:MAX_SCAN].lstrip()[:1] in (b"{", b"["):
        try:
            return _json_keys(json.loads(data[:MAX_SCAN]))
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            pass
    if media in ("application/x-www-form-urlencoded", "text/plain", ""):
        return [k for k, _v in parse_qsl(data[:MAX_SCAN].decode("utf-8", "replace"),
                                          keep_blank_values=True)]
    return []


def _json_keys(value: Any) -> list[str]:
    keys: list[str] = []
    pending = [value]
    while pending and len(keys) < MAX_NODES:
        node = pending.pop()
        if isinstance(node, dict):
            keys.extend(str(k) for k in node)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node[:MAX_NODES])
    return keys


def carries_credential(content_type: str, data: bytes) -> bool:
    """True if a request body holds a field named like a password, or the word itself."""
    if not data:
        return False
    media = content_type.split(";")[0].strip().lower()
    if any(_words(name) & _CREDENTIAL_WORDS for name in _field_names(media, data)):
        return True
    return bool(_RAW_HINT.search(data[:MAX_SCAN]))


def content_phase_start(navigations: Sequence[dict[str, Any]],
                        pressed_at: float | None) -> float | None:
    """When the content phase of a window capture began (epoch seconds), or None."""
    marks = []
    for step in navigations:
        try:
            at = float(step.get("at", 0))
        except (TypeError, ValueError):
            continue
        if step.get("kind") != "formsubmitted" and (pressed_at is None or at <= pressed_at):
            marks.append(at)
    return max(marks) if marks else None


def _header(headers: Headers, name: str) -> str:
    return next((v for k, v in headers if k.lower() == name), "")


def withhold(exchanges: Sequence[Exchange], *, window: bool,
             navigations: Sequence[dict[str, Any]] = (),
             pressed_at: float | None = None) -> tuple[list[Exchange], Withheld]:
    """Copies of `exchanges` with the secrets replaced, and the list of what was replaced."""
    redactor = Redactor()
    start = content_phase_start(navigations, pressed_at) if window else None
    if start is not None:
        redactor.withheld.content_from = datetime.fromtimestamp(start, UTC).isoformat(
            timespec="milliseconds").replace("+00:00", "Z")
    kept = []
    for exchange in exchanges:
        request_type = _header(exchange.request_headers, "content-type")
        reason = ""
        if exchange.request_body:
            if carries_credential(request_type, exchange.request_body):
                reason = CREDENTIAL_FIELD
            elif window and start is not None and exchange.received < start:
                reason = LOGIN_PHASE
            elif window and _header(exchange.request_headers, "sec-fetch-mode") == "navigate":
                reason = FORM_SUBMITTED
        request_headers = redactor.headers(exchange, exchange.request_headers,
                                           SECRET_REQUEST_HEADERS)
        response_headers = redactor.headers(exchange, exchange.response_headers,
                                            SECRET_RESPONSE_HEADERS)
        request_body, response_body = exchange.request_body, exchange.response_body
        if reason:
            request_body = redactor.body(exchange, "request body", request_body,
                                         request_type.split(";")[0].strip(), reason)
            request_headers = [(k, str(len(request_body)) if k.lower() == "content-length"
                                else v) for k, v in request_headers]
        if reason in (LOGIN_PHASE, CREDENTIAL_FIELD) and response_body:
            media = exchange.header("Content-Type").split(";")[0].strip()
            response_body = redactor.body(exchange, "response body", response_body, media,
                                          ANSWER_TO_WITHHELD)
            # The marker is plain text: the original type and coding are in it and the log.
            response_headers = [(k, v) for k, v in response_headers
                                if k.lower() not in ("content-type", "content-encoding")]
            response_headers.append(("Content-Type", "text/plain; charset=utf-8"))
        kept.append(replace(exchange, request_headers=request_headers,
                            request_body=request_body, response_headers=response_headers,
                            response_body=response_body))
    return kept, redactor.withheld
