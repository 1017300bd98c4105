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
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from evidencekit.capture.exchange import Exchange
from evidencekit.capture.postkey import post_query

WARC_NAME = "data.warc.gz"
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7f))


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
    """Sort-friendly URI Reordering Transform, as replay tools key their indexes: lower case,
    host labels reversed (an IP address too), `www.` dropped, default port dropped, query
    arguments sorted, fragment dropped: `com,example)/path?a=1&b=2`."""
    parts = urlsplit(url.strip().lower())
    host = re.sub(r"^www\d*\.", "", parts.hostname or "")
    key = ",".join(reversed(host.split(".")))
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        key += f":{parts.port}"
    arguments = sorted((a for a in parts.query.split("&") if a),
                       key=lambda a: tuple(a.split("=", 1)))  # "a" before "a=" before "a0"
    rest = (parts.path or "/") + (f"?{'&'.join(arguments)}" if arguments else "")
    # Spaces, controls and non-ASCII are escaped: a key is one word of its CDXJ line.
    return f"{key}){quote(rest, safe=_PRINTABLE)}"


def _replay_headers(exchange: Exchange) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in exchange.response_headers
            if k.lower() not in ("transfer-encoding", "content-length")]
    kept.append(("Content-Length", str(len(exchange.response_body))))
    return kept


def _request_type(exchange: Exchange) -> str:
    return next((v for k, v in exchange.request_headers if k.lower() == "content-type"), "")


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
        key = surt(exchange.url)
        if exchange.method != "GET":
            fields["method"] = exchange.method.upper()
        if exchange.method.upper() in ("POST", "PUT"):
            # Replay looks a POST up by its body: the key carries it as query arguments.
            query = post_query(_request_type(exchange), exchange.request_body)
            fields["requestBody"] = query
            join = "&" if "?" in exchange.url else "?"
            key = surt(f"{exchange.url}{join}__wb_method={exchange.method.upper()}"
                       + (f"&{query}" if query else ""))
        index.append(f"{key} {_timestamp14(exchange.started_at)} "
                     f"{json.dumps(fields, separators=(',', ':'))}")
    index.sort()
    cdxj = ("\n".join(index) + "\n").encode() if index else b""
    return WarcOutput(out.getvalue(), cdxj, records)
