"""A LocalSend v2 sender written for the tests: what a phone's app does, over real HTTPS.

It pins the receiver's certificate by its SHA-256 fingerprint (what the QR code carries) rather
than trusting any CA, as LocalSend does. Bodies are iterables of bytes, so a 2 GB file can be
generated on the fly and never held in memory.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

API = "/api/localsend/v2/"
PHONE = {"alias": "Phone of Lina", "version": "2.1", "deviceModel": "Pixel 7",
         "deviceType": "mobile", "fingerprint": "phone-fingerprint-123", "port": 53317,
         "protocol": "https", "download": False}


class FingerprintMismatch(Exception):
    pass


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Sender:
    def __init__(self, host: str, port: int, fingerprint: str, *,
                 info: dict[str, Any] | None = None) -> None:
        self.host, self.port, self.fingerprint = host, port, fingerprint
        self.info = dict(info or PHONE)

    def _connect(self) -> http.client.HTTPSConnection:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # trust comes from the pinned fingerprint below
        conn = http.client.HTTPSConnection(self.host, self.port, context=context, timeout=120)
        conn.connect()
        der = conn.sock.getpeercert(binary_form=True)  # type: ignore[union-attr]
        if der is None or hashlib.sha256(der).hexdigest() != self.fingerprint:
            conn.close()
            raise FingerprintMismatch("the receiver's certificate is not the one shown")
        return conn

    def request(self, method: str, path: str, body: bytes | Iterable[bytes] | None = None,
                *, length: int | None = None) -> Reply:
        conn = self._connect()
        try:
            headers = {}
            if isinstance(body, bytes):
                headers["Content-Type"] = "application/json"
            elif body is not None and length is not None:
                headers["Content-Length"] = str(length)
            conn.request(method, API + path, body=body, headers=headers)
            response = conn.getresponse()
            return Reply(response.status, response.read())
        finally:
            conn.close()

    def register(self) -> Reply:
        return self.request("POST", "register", json.dumps(self.info).encode())

    def prepare(self, files: dict[str, dict[str, Any]], pin: str | None) -> Reply:
        query = f"?pin={pin}" if pin is not None else ""
        body = json.dumps({"info": self.info, "files": files}).encode()
        return self.request("POST", "prepare-upload" + query, body)

    def upload(self, session: str, file_id: str, token: str, data: Iterable[bytes],
               length: int) -> Reply:
        return self.request("POST", f"upload?sessionId={session}&fileId={file_id}"
                                    f"&token={token}", data, length=length)

    def cancel(self, session: str) -> Reply:
        return self.request("POST", f"cancel?sessionId={session}")

    def send(self, pin: str, files: dict[str, bytes]) -> list[Reply]:
        """The whole exchange for small files: prepare, then one upload per file."""
        offers = {f"f{n}": offer(f"f{n}", name, data) for n, (name, data) in
                  enumerate(files.items())}
        prepared = self.prepare(offers, pin)
        assert prepared.status == 200, prepared
        answer = prepared.json()
        return [self.upload(answer["sessionId"], fid, answer["files"][fid],
                            [files[o["fileName"]]], o["size"]) for fid, o in offers.items()]


def offer(file_id: str, name: str, data: bytes, *, sha256: str | None = "auto",
          file_type: str = "application/octet-stream") -> dict[str, Any]:
    return {"id": file_id, "fileName": name, "size": len(data), "fileType": file_type,
            "sha256": hashlib.sha256(data).hexdigest() if sha256 == "auto" else sha256,
            "preview": None}


def generated(size: int, block: int = 1024 * 1024, *, seed: int = 0) -> Iterator[bytes]:
    """`size` bytes made on the fly, different in every block (so no two chunks dedupe); a
    different `seed` gives a different file."""
    pattern = hashlib.sha256(b"evidencekit receive test %d" % seed).digest() * (block // 32)
    n = 0
    sent = 0
    while sent < size:
        piece = n.to_bytes(8, "big") + pattern[8:block]
        piece = piece[: size - sent]
        sent += len(piece)
        n += 1
        yield piece


def generated_sha256(size: int) -> str:
    digest = hashlib.sha256()
    for piece in generated(size):
        digest.update(piece)
    return digest.hexdigest()
