"""Read a WhatsApp export's bytes as blocks of whole decoded lines, afresh for each pass."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred

# Both passes read through one `Source`, so that the second decodes the bytes exactly as the
# first did (same encoding, same lossy fallback); the refusals of an export that cannot be read
# are here too, as both passes raise them.


def unreadable(source_name: str, exc: Exception) -> UnsupportedInput:
    return UnsupportedInput(
        _("{name}: the WhatsApp export could not be read ({reason}).").format(
            name=source_name, reason=exc
        )
    )


class Undecodable(Exception):  # noqa: N818 - a signal inside the parser, never shown
    """The bytes are not valid in the encoding tried; `offset` is the first bad byte."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class Source:
    """The export's lines, decoded afresh from the byte stream at each reading.

    Decoding follows `textdecode.decode_export` exactly (a UTF-8 BOM skipped, UTF-16 by its BOM,
    else strict UTF-8, and lossy UTF-8 with a note when the bytes are not valid), but a block at a
    time: incremental decoders give the same text as decoding the whole file at once.
    """

    def __init__(self, stream: BinaryIO, source_name: str, read_size: int) -> None:
        self.name = source_name
        # Bytes read at a time, given by the entry point (`whatsapp.READ_SIZE`), where it is set.
        self.read_size = read_size
        self.stream = self._rereadable(stream)
        self.origin = self.stream.tell()
        lead = self._read(3)
        self.skip = 3 if lead == b"\xef\xbb\xbf" else 0
        self.encoding = "utf-16" if lead[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
        self.errors = "strict"
        self.note = ""
        self.crlf = 0  # lines that ended with CR LF, counted by the last reading

    def _rereadable(self, stream: BinaryIO) -> BinaryIO:
        seekable = getattr(stream, "seekable", None)
        if seekable is not None and seekable():
            return stream
        # A stream that cannot go back is kept in memory: the bytes of the export, no more.
        return io.BytesIO(self._read_from(stream, -1))

    def _read(self, size: int) -> bytes:
        return self._read_from(self.stream, size)

    def _read_from(self, stream: BinaryIO, size: int) -> bytes:
        try:
            return stream.read(size) or b""
        except OSError as exc:
            raise UnsupportedInput(
                _("{name}: the file could not be read ({reason}).").format(
                    name=self.name, reason=exc
                )
            ) from exc

    def read_lossy(self, offset: int) -> None:
        """Read as UTF-8 with replacement characters from now on, and say so in the report."""
        self.encoding = "utf-8"
        self.errors = "replace"
        # The sentence of `textdecode.decode_export`, which this reading follows.
        self.note = deferred(N_(
            "{name}: the text is not valid UTF-8 from byte {byte}; it was read with replacement "
            "characters (\ufffd) for display and search, and the original bytes are kept "
            "unchanged in the vault."), name=self.name, byte=offset)

    def blocks(self) -> Iterator[tuple[str, list[str]]]:
        """Each block of whole lines as text and as lines, CR ending a line dropped from the lines.

        Lines are split on LF only; the LF ending the last line does not open another line.
        """
        self.stream.seek(self.origin + self.skip)
        decoder = codecs.getincrementaldecoder(self.encoding)(self.errors)
        pending: list[str] = []  # text after the last LF, over as many reads as a line takes
        fed = 0
        self.crlf = 0
        while True:
            chunk = self._read(self.read_size)
            final = not chunk
            text = self._decode(decoder, chunk, final, fed)
            fed += len(chunk)
            cut = text.rfind("\n")
            if cut >= 0:
                pending.append(text[:cut])
                rest = text[cut + 1 :]
                text = ""  # not kept while the block is read: one copy of the text at a time
                block = "".join(pending)
                pending = [rest]
                yield block, self._split(block)
            else:
                pending.append(text)
            if final:
                block = "".join(pending)
                if block:
                    yield block, self._split(block)
                return

    def _decode(self, decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool,
                fed: int) -> str:
        try:
            return decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            if self.encoding == "utf-16":
                # decode_export then reads the bytes as UTF-8, where a UTF-16 BOM (FF FE or
                # FE FF) is invalid from the first byte.
                raise Undecodable(0) from exc
            # A failed call leaves the decoder's buffer (the bytes of a character cut by the
            # previous read) as it was: the error's position counts from the start of it.
            buffered = len(decoder.getstate()[0])
            raise Undecodable(fed - buffered + exc.start) from exc

    def _split(self, block: str) -> list[str]:
        lines = block.split("\n")
        if "\r" in block:
            crlf = 0
            for i, line in enumerate(lines):
                if line.endswith("\r"):
                    lines[i] = line[:-1]
                    crlf += 1
            self.crlf += crlf
        return lines
