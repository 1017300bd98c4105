"""The rules of what a capture withholds, on exchanges made here (no browser needed)."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.capture.exchange import Exchange
from evidencekit.capture.withhold import (
    MARKER_PREFIX,
    carries_credential,
    content_phase_start,
    withhold,
)

FORM = [("Content-Type", "application/x-www-form-urlencoded")]


def post(url: str, body: bytes, received: float, headers: list[tuple[str, str]] | None = None,
         answer: bytes = b"") -> Exchange:
    return Exchange("POST", url, list(headers if headers is not None else FORM), body,
                    "2026-01-01T00:00:00.000Z", status=200, response_body=answer,
                    response_headers=[("Content-Type", "application/json")], received=received)


def test_credential_fields_are_found_by_name() -> None:
    assert carries_credential("application/x-www-form-urlencoded", b"email=a%40b&pass=hunter2")
    assert carries_credential("application/json", b'{"user":{"loginPassword":"x"}}')
    assert carries_credential("application/json; charset=utf-8", b'[{"otp_code":"123456"}]')
    assert carries_credential("multipart/form-data; boundary=x",
                              b'--x\r\nContent-Disposition: form-data; name="user[pin]"\r\n\r\n1')
    # Unknown types: the word itself is enough (a GraphQL login inside a form value, say).
    assert carries_credential("text/plain", b'variables={"newPassword":"s"}')
    # Content API bodies are kept: replay matches POSTs by them.
    assert not carries_credential("application/json", b'{"page":1,"cursor":"abc"}')
    assert not carries_credential("application/x-www-form-urlencoded", b"q=passenger+trains")
    assert not carries_credential("application/json", b"{not json")
    assert not carries_credential("", b"")
    # Hostile bodies: nesting deeper than Python's parser goes, a body that is not UTF-8.
    assert not carries_credential("application/json", b"[" * 200000)
    assert carries_credential("application/json", b'{"a":' * 5000 + b'"password"')
    assert not carries_credential("application/x-www-form-urlencoded", b"\xff\xfe=\x00")


def test_a_login_sent_by_a_script_without_a_json_type_is_still_found() -> None:
    """`fetch(url, {method: "POST", body: JSON.stringify(...)})` sends its body as
    "text/plain;charset=UTF-8", and a Blob or a bare XHR string body sends no type at all: a
    script's login in the content phase must still be recognised by its fields."""
    assert carries_credential("text/plain;charset=UTF-8", b'{"user":"a","pass":"hunter2"}')
    assert carries_credential("", b' {"login":"a","pin":"1234"}')
    assert carries_credential("text/plain", b"user=a&pwd=hunter2")
    assert carries_credential("application/octet-stream", b'[{"otp":"123456"}]')
    # Content bodies of the same shapes stay (replay needs them).
    assert not carries_credential("text/plain;charset=UTF-8", b'{"page":2,"cursor":"abc"}')
    assert not carries_credential("", b"q=passenger+trains&page=2")
    login = post("https://s/api/session", b'{"user":"a","pass":"hunter2"}', 9.0,
                 [("Content-Type", "text/plain;charset=UTF-8")], answer=b'{"token":"t0k3n"}')
    kept, withheld = withhold([login], window=True, navigations=[{"at": 1.0, "kind": "typed"}])
    assert b"hunter2" not in kept[0].request_body and b"t0k3n" not in kept[0].response_body
    assert withheld.count("request body") == 1

def test_the_content_phase_starts_at_the_last_navigation_that_sent_no_form() -> None:
    steps = [{"at": 10.0, "kind": "typed"}, {"at": 20.0, "kind": "formsubmitted"},
             {"at": 21.0, "kind": "redirect"}, {"at": 40.0, "kind": "linkclicked"}]
    assert content_phase_start(steps, None) == 40.0
    assert content_phase_start(steps, 30.0) == 21.0  # later ones came after “Capture now”
    assert content_phase_start([{"at": "junk"}, {"kind": "typed"}], None) == 0.0
    assert content_phase_start([], None) is None


def test_login_phase_bodies_and_their_answers_go_content_bodies_stay() -> None:
    login = post("https://s/login", b"user=me&field=s3cret", 1.0, answer=b'{"token":"T0K3N"}')
    api = post("https://s/api", b'{"page":2}', 5.0, [("Content-Type", "application/json")],
               answer=b'{"items":[]}')
    kept, withheld = withhold([login, api], window=True,
                              navigations=[{"at": 0.5, "kind": "typed"},
                                           {"at": 2.0, "kind": "redirect"}])
    assert kept[0].request_body.startswith(MARKER_PREFIX.encode())
    assert b"login-phase" in kept[0].request_body and b"20 bytes" in kept[0].request_body
    assert b"T0K3N" not in kept[0].response_body
    assert ("Content-Type", "text/plain; charset=utf-8") in kept[0].response_headers
    assert kept[1].request_body == b'{"page":2}' and kept[1].response_body == b'{"items":[]}'
    assert withheld.summary()["request_bodies"] == 1
    assert withheld.content_from.startswith("1970-01-01T00:00:02")
    # Headless: there is no login phase, only the credential rules.
    kept, _ = withhold([login], window=False)
    assert kept[0].request_body == login.request_body


def test_a_form_sent_by_navigation_in_the_window_is_withheld() -> None:
    """A login whose answer is the page itself (no redirect) falls in the content phase."""
    form = post("https://s/login", b"u=me&c=9911", 5.0, FORM + [("Sec-Fetch-Mode", "navigate")])
    kept, _ = withhold([form], window=True, navigations=[{"at": 1.0, "kind": "typed"}])
    assert b"form-submitted" in kept[0].request_body
    assert kept[0].response_body == form.response_body  # the page shown is kept


def test_headers_keep_names_and_schemes_not_values() -> None:
    exchange = Exchange("GET", "https://s/", [("Cookie", "a=1111; b=2222"),
                                             ("Authorization", "Basic dXNlcjpwYXNz"),
                                             ("Proxy-Authorization", "opaque"),
                                             ("Accept", "*/*")], b"", "t", status=200,
                        response_headers=[("Set-Cookie", "a=1111; HttpOnly"),
                                          ("Set-Cookie", "c=3333")])
    kept, withheld = withhold([exchange], window=False)
    headers = dict(kept[0].request_headers)
    assert re.fullmatch(r"a=\[withheld[^;]+\]; b=\[withheld[^;]+\]", headers["Cookie"])
    assert headers["Authorization"].startswith("Basic " + MARKER_PREFIX)
    assert headers["Proxy-Authorization"].startswith(MARKER_PREFIX)
    assert headers["Accept"] == "*/*"
    set_cookies = [v for k, v in kept[0].response_headers if k == "Set-Cookie"]
    assert set_cookies[0].endswith("; HttpOnly")
    text = repr(kept[0])
    for secret in ("1111", "2222", "3333", "dXNlcjpwYXNz", "opaque"):
        assert secret not in text
    # Equal values, equal fingerprints; never a bare SHA-256 of the value.
    tags = re.findall(r"hmac-sha256 ([0-9a-f]{16})", headers["Cookie"] + set_cookies[0])
    assert tags[0] == tags[2] != tags[1]
    assert hashlib.sha256(b"1111").hexdigest()[:16] not in text
    assert withheld.summary()["headers"] == 6


def test_an_api_key_with_a_space_keeps_no_word_of_it() -> None:
    """Only Authorization headers start with a scheme worth keeping; an API key's first word is
    part of the secret."""
    exchange = Exchange("GET", "https://s/", [("X-Api-Key", "livekey second-half"),
                                             ("Authorization", "Bearer abc.def")], b"", "t",
                        status=200)
    kept, _withheld = withhold([exchange], window=False)
    headers = dict(kept[0].request_headers)
    assert headers["X-Api-Key"].startswith(MARKER_PREFIX)
    assert "livekey" not in repr(kept[0]) and "second-half" not in repr(kept[0])
    assert headers["Authorization"].startswith("Bearer " + MARKER_PREFIX)


def test_each_capture_has_its_own_key() -> None:
    exchange = Exchange("GET", "https://s/", [("Cookie", "a=1111")], b"", "t", status=200)
    first = withhold([exchange], window=False)[0][0].request_headers
    second = withhold([exchange], window=False)[0][0].request_headers
    assert first != second


# Without ";=,[]:-" no value of 12 characters or more can be one of the marker's own words.
COOKIE_VALUE = st.text(st.characters(min_codepoint=33, max_codepoint=126,
                                      blacklist_characters=";=,[]:-"), min_size=12, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.binary(max_size=3000),
       st.lists(st.tuples(st.from_regex(r"[a-z]{1,5}", fullmatch=True), COOKIE_VALUE),
                max_size=5))
def test_withhold_never_crashes_and_never_leaks_a_cookie(
        media: str, body: bytes, cookies: list[tuple[str, str]]) -> None:
    header = "; ".join(f"{name}={value}" for name, value in cookies)
    exchange = Exchange("POST", "https://s/x", [("Content-Type", media), ("Cookie", header)],
                        body, "t", status=200, received=5.0)
    kept, _ = withhold([exchange], window=True, navigations=[{"at": 1.0, "kind": "typed"}])
    assert kept[0].request_body == body or kept[0].request_body.startswith(
        MARKER_PREFIX.encode())
    shown = dict(kept[0].request_headers)["Cookie"]
    for _name, value in cookies:
        assert value not in shown
