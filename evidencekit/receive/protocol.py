"""What LocalSend v2 senders send, read defensively: every field checked, every size bounded.

The sender is a device on the same network, not necessarily the user's phone: its JSON is
untrusted input. Names are labels only (never paths), sizes are bounded, a hash must be 64 hex
digits. A body that is not what the protocol describes is refused with one sentence.
"""

from __future__ import annotations

import json
import platform
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from evidencekit.i18n import _

API = "/api/localsend/v2/"
# The official app looks a typed-in address up (and scans the subnet) with GET API_V1 + "info",
# expecting a v1 peer until the answer's version says otherwise (docs/design.md, "Checked against
# the official app's sources").
API_V1 = "/api/localsend/v1/"
PROTOCOL_VERSION = "2.1"
DEFAULT_PORT = 53317
MAX_JSON_BODY = 2 * 1024 * 1024  # a text message travels as a preview inside the JSON
MAX_FILES = 1000
MAX_FILE_SIZE = 1 << 40
MAX_LABEL = 255
DEVICE_TYPES = frozenset({"mobile", "desktop", "web", "headless", "server"})
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


class ProtocolError(ValueError):
    """The request is not what LocalSend v2 describes; `str()` says what is wrong."""


@dataclass(frozen=True)
class DeviceInfo:
    alias: str
    version: str
    device_model: str
    device_type: str
    fingerprint: str

    def as_log(self) -> dict[str, str]:
        return {"sender_alias": self.alias, "sender_device_model": self.device_model,
                "sender_device_type": self.device_type,
                "sender_fingerprint": self.fingerprint, "sender_protocol": self.version}


@dataclass(frozen=True)
class FileOffer:
    id: str
    name: str  # a label for the user; never used as a path
    size: int
    file_type: str
    sha256: str | None  # lower-case hex, or None when the sender announced none
    modified: str | None
    preview: str | None


def label(value: object, field: str, *, required: bool = True) -> str:
    """A short printable string: control and bidi-override characters removed, length bounded."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProtocolError(_("the field “{field}” is missing or not text.").format(field=field))
    # Control characters and format characters (RTL overrides) could disguise a name in the
    # list of arrivals or in the custody log; line and paragraph separators (Zl, Zp) break a
    # line in the app's labels as a newline does.
    cleaned = "".join(c for c in value
                      if unicodedata.category(c)[0] != "C" and unicodedata.category(c)
                      not in ("Zl", "Zp"))
    return cleaned.strip()[:MAX_LABEL]


def file_label(value: object) -> str:
    name = label(value, "fileName")
    # A LocalSend folder transfer names files "folder/file": keep the last part as the name.
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        raise ProtocolError(_("a file has no usable name."))
    return name


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ProtocolError(_("the request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ProtocolError(_("the request is not a JSON object."))
    return data


def device_info(data: object) -> DeviceInfo:
    if not isinstance(data, dict):
        raise ProtocolError(_("the sender's device information is missing."))
    device_type = label(data.get("deviceType"), "deviceType", required=False) or "mobile"
    return DeviceInfo(
        alias=label(data.get("alias"), "alias"),
        version=label(data.get("version"), "version", required=False) or "2.0",
        device_model=label(data.get("deviceModel"), "deviceModel", required=False),
        # Unknown types are shown as a phone; the type is only ever a label.
        device_type=device_type if device_type in DEVICE_TYPES else "mobile",
        fingerprint=label(data.get("fingerprint"), "fingerprint", required=False),
    )


def file_offer(key: str, data: object) -> FileOffer:
    if not isinstance(data, dict):
        raise ProtocolError(_("a file's description is not a JSON object."))
    file_id = label(data.get("id", key), "id")
    if file_id != key:
        raise ProtocolError(_("a file's id does not match its key."))
    size = data.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_SIZE:
        raise ProtocolError(_("the size of “{name}” is not a valid number of bytes.").format(
            name=label(data.get("fileName"), "fileName", required=False)))
    meta = data.get("metadata")
    modified = meta.get("modified") if isinstance(meta, dict) else None
    preview = data.get("preview")
    return FileOffer(
        id=file_id, name=file_label(data.get("fileName")), size=size,
        file_type=label(data.get("fileType"), "fileType", required=False),
        sha256=_announced_sha256(data),
        # Optional, and only ever a label: a date the sender wrote some other way is left out
        # rather than refusing the file.
        modified=(label(modified, "modified", required=False) or None)
        if isinstance(modified, str) else None,
        preview=preview if isinstance(preview, str) else None,
    )


def _announced_sha256(data: dict[str, Any]) -> str | None:
    """The digest under either key: `sha256` (the protocol, LocalSend's Rust core) or `hash`
    (the Dart app's FileDto). Two different digests for one file are refused."""
    name = label(data.get("fileName"), "fileName", required=False)
    found: set[str] = set()
    for key in ("sha256", "hash"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not _HEX64.fullmatch(value):
            raise ProtocolError(_("the SHA-256 announced for “{name}” is not 64 hexadecimal "
                                  "digits.").format(name=name))
        found.add(value.lower())
    if len(found) > 1:
        raise ProtocolError(_("two different SHA-256 digests were announced for “{name}”.")
                            .format(name=name))
    return found.pop() if found else None


def prepare_request(body: bytes) -> tuple[DeviceInfo, list[FileOffer]]:
    data = parse_json(body)
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise ProtocolError(_("the request names no files."))
    if len(files) > MAX_FILES:
        raise ProtocolError(_("the request names more than {n} files.").format(n=MAX_FILES))
    return device_info(data.get("info")), [file_offer(str(k), v) for k, v in files.items()]


# The name the phone shows for us. Anyone on the network can ask it while a session runs, so
# it must not say "evidence": like LocalSend's own names, two neutral words, new each session.
_ADJECTIVES = ("Blue", "Calm", "Quiet", "Green", "Bright", "Gentle", "Silver", "Warm", "Clear",
               "Golden", "Little", "Swift")
_NOUNS = ("Lake", "Fox", "River", "Maple", "Harbor", "Meadow", "Falcon", "Pebble", "Cedar",
          "Otter", "Comet", "Willow")


def neutral_alias() -> str:
    return f"{secrets.choice(_ADJECTIVES)} {secrets.choice(_NOUNS)}"


# The names LocalSend's desktop app gives the three systems; Python says "Darwin" for macOS.
_OS_NAMES = {"Darwin": "macOS"}


@dataclass(frozen=True)
class ReceiverInfo:
    alias: str
    fingerprint: str
    port: int

    def to_json(self) -> dict[str, Any]:
        # deviceModel is the operating system, as LocalSend's desktop app sends it. The
        # fingerprint is written in capitals, as every LocalSend peer writes its own
        # (app/lib/util/security_helper.dart): whatever the app compares it with, it then
        # compares as it does for another LocalSend device.
        return {"alias": self.alias, "version": PROTOCOL_VERSION,
                "deviceModel": _OS_NAMES.get(platform.system(), platform.system()) or None,
                "deviceType": "desktop",
                "fingerprint": self.fingerprint.upper(), "port": self.port,
                "protocol": "https", "download": False}
