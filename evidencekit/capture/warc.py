"""The capture's network record as a WARC (ISO 28500) file, and its CDXJ index.

Every exchange becomes a request record and a response record (linked by
WARC-Concurrent-To), each gzipped on its own so a replay tool can seek to it by the offsets in
the index. Bodies are kept as the server sent them (still compressed when they were), without the
chunked transfer coding, which the proxy removed: the response headers written here say so
(Content-Length is the body's, Transfer-Encoding is dropped), so the record replays as is.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from evidencekit.capture.exchange import Exchange

WARC_NAME = "data.warc.gz"


@dataclass(frozen=True)
class WarcOutput:
    data: bytes
    cdxj: bytes
    records: int


def _warc_date(iso: str) -> str:
    return iso[:19] + "Z" if len(iso) >= 19 else iso


def _timestamp14(iso: str) -> str:
    return "".join(ch for ch in iso[:19] if ch.isdigit())


def surt(url: str) -> str:
    """Sort-friendly URI Reordering Transform: com,example)/path?query (lower-cased host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    if not all(label.isdigit() for label in labels):
        labels.reverse()
    key = ",".join(labels)
    if parts.port and parts.port not in (80, 443):
        key += f":{parts.port}"
    path = parts.path or "/"
    return f"{key}){path.lower()}" + (f"?{parts.query.lower()}" if parts.query else "")


def _replay_headers(exchange: Exchange) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in exchange.response_headers
            if k.lower() not in ("transfer-encoding", "content-length")]
    kept.append(("Content-Length", str(len(exchange.response_body))))
    return kept


def write_warc(exchanges: Sequence[Exchange], *, software: str, started_at: str) -> WarcOutput:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = writer.create_warcinfo_record(WARC_NAME, {
        "software": software, "format": "WARC File Format 1.1",
        "description": "evidencekit web capture", "isPartOf": "evidencekit"})
    info.rec_headers.replace_header("WARC-Date", _warc_date(started_at))
    writer.write_record(info)
    index: list[str] = []
    records = 1
    for exchange in exchanges:
        if exchange.status == 0:
            continue  # no response: the capture log lists it with its error
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        date = _warc_date(exchange.started_at)
        common = {"WARC-Date": date}
        if exchange.ip:
            common["WARC-IP-Address"] = exchange.ip
        response = writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.response_body),
            length=len(exchange.response_body),
            http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                          _replay_headers(exchange),
                                          protocol=exchange.http_version),
            warc_headers_dict=dict(common))
        request = writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=StatusAndHeaders(f"{exchange.method} {target} HTTP/1.1",
                                          exchange.request_headers, is_http_request=True),
            warc_headers_dict=dict(common))
        request.rec_headers.add_header("WARC-Concurrent-To",
                                       response.rec_headers.get_header("WARC-Record-ID"))
        offset = out.tell()
        writer.write_record(response)
        length = out.tell() - offset
        writer.write_record(request)
        records += 2
        mime = exchange.header("Content-Type").split(";")[0].strip()
        fields = {"url": exchange.url, "mime": mime or "unk", "status": str(exchange.status),
                  "digest": response.rec_headers.get_header("WARC-Payload-Digest") or "",
                  "length": str(length), "offset": str(offset), "filename": WARC_NAME}
        if exchange.method != "GET":
            fields["method"] = exchange.method
        index.append(f"{surt(exchange.url)} {_timestamp14(exchange.started_at)} "
                     f"{json.dumps(fields, separators=(',', ':'))}")
    index.sort()
    cdxj = ("\n".join(index) + "\n").encode() if index else b""
    return WarcOutput(out.getvalue(), cdxj, records)
