"""One request and its response as the proxy saw them: the unit of the capture's network record."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

Headers = list[tuple[str, str]]


@dataclass
class Exchange:
    method: str
    url: str
    request_headers: Headers
    request_body: bytes
    started_at: str  # ISO UTC, milliseconds
    http_version: str = "HTTP/1.1"
    status: int = 0  # 0: no response (the error says why)
    reason: str = ""
    response_headers: Headers = field(default_factory=list)
    response_body: bytes = b""
    ip: str = ""
    error: str = ""
    # When the proxy had the request (epoch seconds): compared with the browser's navigation
    # times to tell the login phase from the content phase (withhold.py).
    received: float = field(default_factory=time.time)

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.url).hostname or ""

    def header(self, name: str) -> str:
        lower = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == lower), "")

    def summary(self) -> dict[str, Any]:
        """The headers part of the capture: everything but the bodies."""
        return {
            "method": self.method, "url": self.url, "started_at": self.started_at,
            "request_headers": [list(h) for h in self.request_headers],
            "request_body_bytes": len(self.request_body),
            "status": self.status, "reason": self.reason, "http_version": self.http_version,
            "response_headers": [list(h) for h in self.response_headers],
            "response_body_bytes": len(self.response_body), "ip": self.ip,
            "error": self.error,
        }
