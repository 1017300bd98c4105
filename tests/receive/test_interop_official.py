"""Replays what the official LocalSend app (1.x) sends, request by request, as its code builds it.

The app could not be run here (no phone, no network), so each request below is written out
literally from the official sources in github.com/localsend/localsend and
github.com/localsend/protocol, and each answer is checked the way the app's DTO parsing reads
it. The file each shape comes from is named beside it; docs/design.md ("Checked against the
official app's sources") says what was found.

The app's HTTP client does not verify the receiver's certificate (app/lib/util/rhttp.dart:
`TlsSettings(verifyCertificates: false)`; common/lib/util/dio.dart: `badCertificateCallback`
returns true), so neither do these requests: unlike tests/receive/sender.py, nothing is pinned.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import platform
import ssl
import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.blobreader import open_reader
from evidencekit.core.vault import Vault
from evidencekit.receive.protocol import ProtocolError, ReceiverInfo, file_offer
from evidencekit.receive.server import Receiver

# What the phone calls itself: the InfoRegisterDto of common/lib/model/dto/info_register_dto.dart,
# filled as app/lib/provider/network/send_provider.dart does (`originDevice`). On Android its
# model is the brand (app/lib/util/native/device_info_helper.dart). In HTTPS mode its
# fingerprint is the SHA-256 of the phone's own certificate, in capitals
# (app/lib/util/security_helper.dart: basic_utils' CryptoUtils.getHash upper-cases its hex).
PHONE_FINGERPRINT = hashlib.sha256(b"the phone's certificate").hexdigest().upper()
PHONE_INFO = {"alias": "Smart Pineapple", "version": "2.1", "deviceModel": "Samsung",
              "deviceType": "mobile", "fingerprint": PHONE_FINGERPRINT, "port": 53317,
              "protocol": "https", "download": False}

# Headers the app's clients add to a JSON body (rhttp `HttpBody.json`) and to an upload
# (common/lib/src/task/upload/http_upload.dart: Content-Length = the file's size, Content-Type =
# the MIME type looked up from the name by FileDto.lookupMime in common/lib/model/dto/file_dto.dart).
JSON_HEADERS = {"Content-Type": "application/json"}
DEVICE_TYPES = {"mobile", "desktop", "web", "headless", "server"}


class Answer:
    def __init__(self, status: int, body: bytes, headers: http.client.HTTPMessage) -> None:
        self.status, self.body, self.headers = status, body, headers

    def json(self) -> Any:
        return json.loads(self.body)


def ask(receiver: Receiver, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> Answer:
    """One request as the app makes it: TLS without certificate checks, HTTP/1.1."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", receiver.port, context=context, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Answer(response.status, response.read(), response.headers)
    finally:
        conn.close()


def assert_parses_as_info_dto(info: object) -> None:
    """common/lib/model/dto/info_dto.dart (InfoDto, dart_mappable): `alias` is a required String;
    `version`, `deviceModel`, `fingerprint` nullable Strings; `deviceType` a DeviceType name or
    null (common/lib/model/device.dart); `download` a nullable bool. A wrong type throws, and the
    app drops the device."""
    assert isinstance(info, dict)
    assert isinstance(info["alias"], str) and info["alias"]
    for key in ("version", "deviceModel", "fingerprint"):
        assert info.get(key) is None or isinstance(info[key], str), key
    assert info.get("deviceType") is None or info["deviceType"] in DEVICE_TYPES
    assert info.get("download") is None or isinstance(info["download"], bool)
    # ApiRoute.target (common/lib/api_route_builder.dart) uses the v1 routes for a device whose
    # version is "1.0" (or absent: fallbackProtocolVersion in common/lib/constants.dart).
    assert info.get("version") not in (None, "1.0")


def assert_parses_as_rust_register_response(info: object) -> None:
    """The app's Rust core is stricter (core/src/model/discovery.rs, RegisterResponseDto, serde):
    `alias`, `version`, `fingerprint` required strings, `download` a required bool,
    `deviceType` one of the camelCase enum names when present."""
    assert isinstance(info, dict)
    for key in ("alias", "version", "fingerprint"):
        assert isinstance(info.get(key), str), key
    assert isinstance(info.get("download"), bool)
    assert "deviceType" not in info or info["deviceType"] in DEVICE_TYPES
    assert "deviceModel" not in info or isinstance(info["deviceModel"], str | None)


def file_dto(file_id: str, name: str, data: bytes, mime: str, **extra: Any) -> dict[str, Any]:
    """FileDtoMapper.encode (common/lib/model/dto/file_dto.dart): id, fileName, size, fileType
    (a MIME type for a v2 receiver); `hash`, `preview`, `metadata` only when not null. The app
    sets `hash: null` (send_provider.dart), so by default there is none."""
    return {"id": file_id, "fileName": name, "size": len(data), "fileType": mime, **extra}


def prepare(receiver: Receiver, files: dict[str, dict[str, Any]], pin: str | None) -> Answer:
    # send_provider.dart: `query: {if (pin != null) 'pin': pin}`, body = PrepareUploadRequestDto.
    query = f"?pin={pin}" if pin is not None else ""
    body = json.dumps({"info": PHONE_INFO, "files": files}).encode()
    return ask(receiver, "POST", "/api/localsend/v2/prepare-upload" + query, body, JSON_HEADERS)


def upload(receiver: Receiver, session: str, file_id: str, token: str, data: bytes,
           mime: str) -> Answer:
    return ask(receiver, "POST", f"/api/localsend/v2/upload?sessionId={session}"
                                 f"&fileId={file_id}&token={token}", data,
               {"Content-Length": str(len(data)), "Content-Type": mime})


def custody(vault: Vault, action: str) -> list[dict[str, Any]]:
    return [e.detail for e in vault.custody.entries() if e.action == action]


# -- discovery ---------------------------------------------------------------------------------

def test_the_apps_address_lookup_and_subnet_scan_find_the_receiver(receiver: Receiver) -> None:
    # common/lib/src/task/discovery/http_target_discovery.dart (and the app's own
    # app/lib/provider/network/targeted_discovery_provider.dart): "Send to address", favourites
    # and the subnet scan (http_scan_discovery.dart) all ask the *v1* info route, because the peer
    # is assumed to speak peerProtocolVersion "1.0" (common/lib/constants.dart) until it answers.
    reply = ask(receiver, "GET", f"/api/localsend/v1/info?fingerprint={PHONE_FINGERPRINT}")
    assert reply.status == 200, reply.body
    assert_parses_as_info_dto(reply.json())
    # The SHA-256 of our certificate, written in capitals as LocalSend peers write theirs.
    assert reply.json()["fingerprint"] == receiver.fingerprint.upper()


def test_the_v2_info_and_register_answers_parse_as_the_apps_dtos(receiver: Receiver) -> None:
    # GET info: protocol README §6.1; POST register: README §3.2, its body a RegisterDto
    # (common/lib/model/dto/register_dto.dart), the answer read as an InfoDto
    # (app/lib/provider/network/server/controller/receive_controller.dart answers the same way).
    assert_parses_as_info_dto(ask(receiver, "GET", "/api/localsend/v2/info").json())
    reply = ask(receiver, "POST", "/api/localsend/v2/register",
                json.dumps(PHONE_INFO).encode(), JSON_HEADERS)
    assert reply.status == 200
    assert_parses_as_info_dto(reply.json())
    assert_parses_as_rust_register_response(reply.json())
    assert_parses_as_rust_register_response(
        ask(receiver, "GET", "/api/localsend/v1/info").json())


def test_the_model_shown_on_the_phone_is_the_system_as_localsend_names_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The phone shows deviceModel under the name; LocalSend's desktop app sends "Windows",
    # "macOS" or "Linux" there (app/lib/util/native/device_info_helper.dart).
    for system, shown in (("Darwin", "macOS"), ("Linux", "Linux"), ("Windows", "Windows"),
                          ("", None)):
        monkeypatch.setattr(platform, "system", lambda system=system: system)
        info = ReceiverInfo("Calm Otter", "ab" * 32, 53317).to_json()
        assert info["deviceModel"] == shown
        assert_parses_as_info_dto(info)


def test_only_the_v1_lookup_is_answered_not_the_v1_transfer(receiver: Receiver) -> None:
    # Our info says version "2.1", so the app sends through the v2 routes; the v1 transfer
    # routes (send-request, send: api_route_builder.dart's legacy names) stay unserved.
    body = json.dumps({"info": PHONE_INFO, "files": {}}).encode()
    assert ask(receiver, "POST", "/api/localsend/v1/send-request", body,
               JSON_HEADERS).status == 404
    assert ask(receiver, "POST", "/api/localsend/v1/info").status == 404


# -- a transfer as the app makes it --------------------------------------------------------------

def test_a_transfer_exactly_as_the_app_sends_it(receiver: Receiver, vault: Vault) -> None:
    photo, video = b"\xff\xd8\xff\xe0 a screenshot" * 4000, b"\x00\x00\x00\x18ftypmp42" * 9000
    # Two files, uuid v4 ids, MIME types, no hash, metadata in UTC ISO 8601 with microseconds:
    # FileMetadata's `modified`/`accessed` keys (file_dto.dart), DateTime encoded by
    # dart_mappable's default (utcIso8601String: toUtc().toIso8601String()).
    files = {
        "0b6b1a9e-4a8e-4d83-9f5d-1f3c2a7d9e10": file_dto(
            "0b6b1a9e-4a8e-4d83-9f5d-1f3c2a7d9e10", "Screenshot_20261128-190241.jpg", photo,
            "image/jpeg", metadata={"modified": "2026-11-28T18:02:41.512837Z",
                                    "accessed": "2026-12-01T08:00:00.000Z"}),
        "5d2f8c41-7e1b-4c5a-8d6e-0a9b3c4d5e6f": file_dto(
            "5d2f8c41-7e1b-4c5a-8d6e-0a9b3c4d5e6f", "VID_20261130_221500.mp4", video,
            "video/mp4"),
    }
    # send_provider.dart: the first request has no PIN; a 401 makes the app ask for one.
    first = prepare(receiver, files, None)
    assert first.status == 401
    assert isinstance(first.json()["message"], str)  # humanErrorMessage reads `message`
    reply = prepare(receiver, files, receiver.session.pin)
    assert reply.status == 200
    # PrepareUploadResponseDto (common/lib/src/model/dto/prepare_upload_response_dto.mapper.dart):
    # sessionId String, files Map<String, String>; a file missing from it is skipped.
    answer = reply.json()
    assert isinstance(answer["sessionId"], str)
    assert set(answer["files"]) == set(files)
    assert all(isinstance(t, str) for t in answer["files"].values())
    # _sendLoop: uploadIsolateCount (2, common/lib/src/isolate/parent/parent_isolate_provider.dart)
    # uploads at the same time, each on its own connection.
    results: dict[str, int] = {}
    payloads = {"0b6b1a9e-4a8e-4d83-9f5d-1f3c2a7d9e10": (photo, "image/jpeg"),
                "5d2f8c41-7e1b-4c5a-8d6e-0a9b3c4d5e6f": (video, "video/mp4")}

    def send(file_id: str) -> None:
        data, mime = payloads[file_id]
        results[file_id] = upload(receiver, answer["sessionId"], file_id,
                                  answer["files"][file_id], data, mime).status

    threads = [threading.Thread(target=send, args=(fid,)) for fid in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # The app counts anything but a 2xx as a failed file (rhttp raises RhttpStatusCodeException).
    assert results == dict.fromkeys(payloads, 200)
    arrived = {a.name: a for a in receiver.session.arrivals}
    assert {n: a.status for n, a in arrived.items()} == {
        "Screenshot_20261128-190241.jpg": "imported", "VID_20261130_221500.mp4": "imported"}
    with open_reader(vault.conn, arrived["VID_20261130_221500.mp4"].item_id) as reader:
        assert reader.read() == video
    logged = custody(vault, "received-from-device")
    assert {e["announced_sha256"] for e in logged} == {None}  # the app announces no hash
    assert {e["sender_fingerprint"] for e in logged} == {PHONE_FINGERPRINT}


def test_a_hash_under_the_apps_own_key_is_checked(receiver: Receiver, vault: Vault) -> None:
    # FileDto's digest field is `hash` (file_dto.dart, encode/decode); the protocol README and the
    # Rust core (core/src/model/transfer.rs) call it `sha256`. Either one is checked.
    good, bad = b"a voice note" * 500, b"not what was announced" * 300
    files = {"a": file_dto("a", "note.m4a", good, "audio/mp4",
                           hash=hashlib.sha256(good).hexdigest()),
             "b": file_dto("b", "photo.jpg", bad, "image/jpeg",
                           hash=hashlib.sha256(b"another photo").hexdigest())}
    answer = prepare(receiver, files, receiver.session.pin).json()
    ok = upload(receiver, answer["sessionId"], "a", answer["files"]["a"], good, "audio/mp4")
    refused = upload(receiver, answer["sessionId"], "b", answer["files"]["b"], bad, "image/jpeg")
    assert ok.status == 200
    assert refused.status == 400 and "SHA-256" in refused.json()["message"]
    kept = custody(vault, "received-from-device")
    assert [e["announced_sha256"] for e in kept] == [hashlib.sha256(good).hexdigest()]
    assert [e["source_name"] for e in custody(vault, "receive-refused")] == ["photo.jpg"]


def test_a_text_message_travels_as_a_preview_and_is_kept(receiver: Receiver,
                                                         vault: Vault) -> None:
    # send_provider.dart: a single text is sent as a file whose `preview` is the text itself; the
    # official receiver shows it and answers 204, but a vault keeps it: we hand out a token and
    # the app uploads the same bytes (its `bytes`), which become an item like any file.
    text = "Si tu parles à quelqu'un je publie les photos. ce soir 21h".encode()
    files = {"t": file_dto("t", "2f1e0c9a.txt", text, "text/plain",
                           preview=text.decode())}
    answer = prepare(receiver, files, receiver.session.pin).json()
    assert upload(receiver, answer["sessionId"], "t", answer["files"]["t"], text,
                  "text/plain").status == 200
    with open_reader(vault.conn, receiver.session.arrivals[0].item_id) as reader:
        assert reader.read() == text


def test_the_rust_core_client_streams_chunked_without_a_content_type(
        receiver: Receiver, vault: Vault) -> None:
    # core/src/http/client/v2.rs (the app's newer Rust client): `sha256` key, the body wrapped as a
    # stream (reqwest: Transfer-Encoding: chunked, no Content-Length) and no Content-Type.
    data = bytes(range(256)) * 3000
    files = {"r": {"id": "r", "fileName": "IMG_0042.HEIC", "size": len(data),
                   "fileType": "image/heic", "sha256": hashlib.sha256(data).hexdigest()}}
    answer = prepare(receiver, files, receiver.session.pin).json()
    path = (f"/api/localsend/v2/upload?sessionId={answer['sessionId']}&fileId=r"
            f"&token={answer['files']['r']}")
    reply = ask(receiver, "POST", path, iter([data[:70_000], data[70_000:]]))  # type: ignore[arg-type]
    assert reply.status == 200
    assert receiver.session.arrivals[0].status == "imported"


def test_the_pin_typed_as_shown_with_its_space_is_accepted(receiver: Receiver) -> None:
    # We show the PIN as "039 864". The app's PIN dialog is a plain, obscured text field whose
    # text is sent as typed (app/lib/widget/dialogs/pin_dialog.dart, `?pin=` in
    # send_provider.dart): a space the user cannot see must not count as a wrong PIN.
    files = {"x": file_dto("x", "x.txt", b"x", "text/plain")}
    pin = receiver.session.pin
    assert prepare(receiver, files, f"{pin[:3]}%20{pin[3:]}%20").status == 200
    assert receiver.session.wrong_pins == 0


def test_the_statuses_the_app_reads_for_each_outcome(receiver: Receiver) -> None:
    # send_provider.dart's switch on the prepare-upload status: 401 → PIN dialog (again, marked
    # invalid), 403 → "declined", 409 → "recipient busy", 429 → "too many attempts".
    files = {"x": file_dto("x", "x.txt", b"x", "text/plain")}
    wrong = "000000" if receiver.session.pin != "000000" else "111111"
    assert prepare(receiver, files, wrong).status == 401
    answer = prepare(receiver, files, receiver.session.pin).json()
    # Another phone while the first has a file still owed: busy, not a refusal.
    assert prepare(receiver, files, receiver.session.pin).status == 409
    # The app's cancel: POST cancel?sessionId with no body (cancelSession, send_provider.dart).
    cancelled = ask(receiver, "POST", f"/api/localsend/v2/cancel?sessionId={answer['sessionId']}",
                    b"", {"Content-Length": "0"})
    assert cancelled.status == 200
    assert prepare(receiver, files, receiver.session.pin).status == 200
    statuses = [prepare(receiver, files, receiver.session.pin).status for _ in range(20)]
    assert 429 in statuses
    assert set(statuses) <= {200, 409, 429}


# -- the parser, on what the app may put in the optional fields ---------------------------------

def test_optional_metadata_never_refuses_a_file() -> None:
    # FileMetadata is optional and its dates nullable (file_dto.dart); a date in another encoding
    # (dart_mappable can also write milliseconds) must not refuse the whole transfer.
    for meta in ({"modified": 1764352961512}, {"modified": None, "accessed": "x"},
                 {"accessed": "2026-12-01T08:00:00.000Z"}, ["2026"], "yesterday"):
        offered = file_offer("a", file_dto("a", "a.jpg", b"1", "image/jpeg", metadata=meta))
        assert offered.modified is None
    offered = file_offer("a", file_dto("a", "a.jpg", b"1", "image/jpeg",
                                       metadata={"modified": "2026-11-28T18:02:41.512837Z"}))
    assert offered.modified == "2026-11-28T18:02:41.512837Z"


def test_two_different_digests_for_one_file_are_refused() -> None:
    data = b"1"
    both = file_dto("a", "a.jpg", data, "image/jpeg", hash=hashlib.sha256(data).hexdigest(),
                    sha256=hashlib.sha256(b"2").hexdigest())
    with pytest.raises(ProtocolError, match="two different"):
        file_offer("a", both)
    assert file_offer("a", both | {"sha256": both["hash"].upper()}).sha256 == both["hash"]


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                            max_leaves=10)


@settings(max_examples=200, deadline=None)
@given(hash_value=_json_values, metadata=_json_values, preview=_json_values)
def test_any_optional_field_is_read_or_refused_in_one_sentence(
        hash_value: object, metadata: object, preview: object) -> None:
    data = file_dto("a", "a.jpg", b"1", "image/jpeg", hash=hash_value, metadata=metadata,
                    preview=preview)
    try:
        offered = file_offer("a", data)
    except ProtocolError as exc:
        refusal = str(exc)
    else:
        assert offered.sha256 is None or len(offered.sha256) == 64
        assert offered.modified is None or isinstance(offered.modified, str)
        return
    assert refusal and "\n" not in refusal
