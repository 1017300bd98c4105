"""The body of an upload as a bounded stream: never more than announced, chunked or not."""

from __future__ import annotations

import io

from evidencekit.receive.protocol import ProtocolError

MAX_CHUNK_LINE = 1024


class LengthBody(io.RawIOBase):
    """Exactly `length` bytes from the connection (Content-Length)."""

    def __init__(self, source: io.BufferedIOBase, length: int) -> None:
        self._source = source
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        got = self._source.readinto(view)
        if not got:
            return 0  # the sender hung up: the caller sees a short file
        self._left -= got
        return int(got)


class ChunkedBody(io.RawIOBase):
    """Transfer-Encoding: chunked, refusing more than `limit` bytes in all."""

    def __init__(self, source: io.BufferedIOBase, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._total = 0
        self._left = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._ended:
            return 0
        if self._left == 0:
            self._left = self._next_size()
            if self._left == 0:
                self._ended = True
                return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        got = self._source.readinto(view)
        if not got:
            self._ended = True
            return 0
        self._left -= got
        if self._left == 0:
            self._source.readline(MAX_CHUNK_LINE)  # the CRLF after each chunk
        return int(got)

    def _next_size(self) -> int:
        line = self._source.readline(MAX_CHUNK_LINE).split(b";", 1)[0].strip()
        try:
            size = int(line, 16)
        except ValueError:
            raise ProtocolError("bad chunk size") from None
        if size < 0 or self._total + size > self._limit:
            raise ProtocolError("the body is longer than the file announced")
        self._total += size
        return size
