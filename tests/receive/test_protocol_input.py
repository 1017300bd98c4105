"""What a sender on the network may send is untrusted: bad bodies are refused in one sentence,
any JSON is either accepted as bounded values or refused (fuzz), and only local addresses work."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.errors import UsageError
from evidencekit.receive.address import check_listen_address, is_local
from evidencekit.receive.protocol import (
    MAX_LABEL,
    ProtocolError,
    file_label,
    prepare_request,
)
from evidencekit.receive.server import Receiver
from tests.receive.sender import PHONE, Sender, offer


def _body(files: object, info: object = PHONE) -> bytes:
    return json.dumps({"info": info, "files": files}).encode()


@pytest.mark.parametrize(("body", "says"), [
    (b"not json", "not valid JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b"\xff\xfe", "not valid JSON"),
    (_body({}), "names no files"),
    (_body({"a": offer("a", "x", b"1")}, info=None), "device information"),
    (_body({"a": offer("a", "x", b"1")}, info={"alias": ""}), "alias"),
    (_body({"a": offer("b", "x", b"1")}), "does not match its key"),
    (_body({"a": offer("a", "x", b"1") | {"size": -1}}), "not a valid number"),
    (_body({"a": offer("a", "x", b"1") | {"size": "12"}}), "not a valid number"),
    (_body({"a": offer("a", "x", b"1") | {"size": True}}), "not a valid number"),
    (_body({"a": offer("a", "x", b"1") | {"size": 1 << 50}}), "not a valid number"),
    (_body({"a": offer("a", "x", b"1") | {"sha256": "abc"}}), "64 hexadecimal"),
    (_body({"a": offer("a", "../..", b"1")}), "no usable name"),
    (_body({"a": offer("a", None, b"1")}), "fileName"),  # type: ignore[arg-type]
    (_body({str(n): offer(str(n), "x", b"1") for n in range(1001)}), "more than 1000"),
    (b"[" * 100_000, "not valid JSON"),
])
def test_bad_prepare_bodies_are_refused_in_one_sentence(body: bytes, says: str) -> None:
    with pytest.raises(ProtocolError, match=says):
        prepare_request(body)


def test_names_are_labels_never_paths_and_cannot_disguise_themselves() -> None:
    assert file_label("DCIM/Camera/IMG_0001.jpg") == "IMG_0001.jpg"
    assert file_label("..\\..\\evil.txt") == "evil.txt"
    assert file_label("photo\u202egnp.exe") == "photognp.exe"
    assert file_label("a\nb\x00c") == "abc"
    assert len(file_label("x" * 10_000)) == MAX_LABEL
    # Line and paragraph separators break the line in the app's labels (Qt) like a newline.
    assert file_label("Maman\u2028error: PIN accepted\u2029.jpg") == "Mamanerror: PIN accepted.jpg"


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda kids: st.lists(kids, max_size=4)
                    | st.dictionaries(st.text(max_size=8), kids, max_size=4), max_leaves=30))
def test_any_json_is_accepted_within_bounds_or_refused(value: object) -> None:
    for body in (json.dumps(value).encode(), _body(value), _body({"a": value}),
                 _body({"a": offer("a", "x", b"1")}, info=value)):
        try:
            info, files = prepare_request(body)
        except ProtocolError as exc:
            refusal: str | None = str(exc)
        else:
            refusal = None
        if refusal is not None:
            assert len(refusal) > 10 and refusal.endswith(".")  # refused in a sentence
            continue
        assert info.alias and len(info.alias) <= MAX_LABEL
        for f in files:
            assert 0 <= f.size <= 1 << 40 and "/" not in f.name and f.name not in ("", "..")


@pytest.mark.parametrize(("address", "local"), [
    ("127.0.0.1", True), ("192.168.1.20", True), ("10.2.3.4", True), ("172.20.0.5", True),
    ("169.254.3.3", True), ("::1", True), ("fe80::1%eth0", True), ("::ffff:192.168.0.2", True),
    ("0.0.0.0", False), ("8.8.8.8", False), ("172.32.0.1", False), ("::", False),
    ("2001:db8::1", False), ("not an address", False), ("224.0.0.167", False),
])
def test_only_loopback_and_local_network_addresses(address: str, local: bool) -> None:
    assert is_local(address) is local


def test_the_receiver_refuses_to_listen_on_every_or_a_public_address(vault) -> None:  # type: ignore[no-untyped-def]
    from evidencekit.receive.session import ReceiveSession

    for address in ("0.0.0.0", "8.8.8.8", "::"):
        with pytest.raises(UsageError, match="is refused"):
            Receiver(vault, ReceiveSession("x"), address=address, port=0)
    assert check_listen_address("127.0.0.1") == "127.0.0.1"


def test_unknown_routes_and_oversized_json_are_refused(sender: Sender,
                                                       receiver: Receiver) -> None:
    assert sender.request("GET", "../../etc/passwd").status == 404
    conn = sender._connect()  # announces 3 MB of JSON: refused before a byte is read
    conn.putrequest("POST", "/api/localsend/v2/prepare-upload?pin=1")
    conn.putheader("Content-Length", str(3 * 1024 * 1024))
    conn.endheaders()
    assert conn.getresponse().status == 400
    conn.close()
    assert sender.request("POST", "register", b"{}").status == 400
    assert sender.request("POST", "prepare-upload?pin=" + receiver.session.pin,
                          b"nonsense").status == 400
    # A malformed request is refused before its PIN is looked at: it neither counts as a try
    # nor tells anything about the PIN.
    assert receiver.session.wrong_pins == 0 and receiver.session.is_open
