"""Reading untrusted zip exports without trusting them (security.md item 20).

Never `extractall`: entries are streamed from the zip (itself read from the encrypted vault) into
the vault, with caps on the number of entries, the total size and the compression ratio. Entry
names are labels, never paths, so `../`, absolute names and backslashes cannot write anywhere.
Symlink entries are skipped. Overlapping entries (the "zip bomb" trick that CPython 3.11.7 does
not detect) are refused by checking that no two entries share compressed bytes.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, cast

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import _

MAX_ENTRIES = 200_000
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_RATIO = 250  # uncompressed/compressed; real exports (JPEG, MP4, text) stay far below
RATIO_FLOOR = 1024 * 1024  # small entries may legitimately compress very well
# A genuine chat of one message sent 100,000 times deflates ~350-fold (issue 14), so a high
# ratio alone does not make a bomb: what a bomb does is fill the vault. Entries beyond the
# ratio are accepted while they expand, together, to no more than this.
MAX_COMPRESSIBLE_BYTES = 128 * 1024**2


@dataclass(frozen=True)
class ZipEntry:
    name: str  # as written in the zip: a label for the user, never a file-system path
    size: int
    info: zipfile.ZipInfo

    @property
    def base_name(self) -> str:
        return self.name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]

    @property
    def normalised(self) -> str:
        """The name with `\\` turned to `/` and leading `./` or `/` removed, for matching."""
        name = self.name.replace("\\", "/")
        while name.startswith(("./", "/")):
            name = name[2:] if name.startswith("./") else name[1:]
        return name


class SafeZip:
    def __init__(self, stream: IO[bytes], source_name: str) -> None:
        self.source_name = source_name
        try:
            self._zip = zipfile.ZipFile(stream)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise UnsupportedInput(
                _("{name}: the zip archive is damaged or truncated ({reason}).")
                .format(name=source_name, reason=exc)
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise UnsupportedInput(
                _("{name}: the zip holds {n} entries, more than the {max} an export can have; "
                  "it was not opened.").format(name=source_name, n=len(infos), max=MAX_ENTRIES)
            )
        self.skipped: list[str] = []
        self.entries: list[ZipEntry] = []
        total = 0
        compressible = 0
        for info in infos:
            mode = info.external_attr >> 16
            if info.is_dir():
                continue
            if stat.S_ISLNK(mode):
                self.skipped.append(_("{entry} (a symbolic link)").format(entry=info.filename))
                continue
            if info.flag_bits & 0x1:
                raise UnsupportedInput(_("{name}: the zip is encrypted; export it again "
                                         "without a password.").format(name=source_name))
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                compressible += info.file_size
            if compressible > MAX_COMPRESSIBLE_BYTES:
                raise UnsupportedInput(
                    _("{name}: the entry {entry} expands {ratio}-fold, like a zip bomb; the "
                      "archive was not opened.").format(name=source_name,
                                                        entry=repr(info.filename),
                                                        ratio=int(ratio))
                )
            self.entries.append(ZipEntry(info.filename, info.file_size, info))
        if total > MAX_TOTAL_BYTES:
            raise UnsupportedInput(_("{name}: the zip would expand to more than {gb} GB; it "
                                     "was not opened.").format(name=source_name,
                                                               gb=MAX_TOTAL_BYTES // 1024**3))
        self._check_overlaps(infos)

    def _check_overlaps(self, infos: list[zipfile.ZipInfo]) -> None:
        spans = sorted((i.header_offset, i.header_offset + 30 + len(i.filename.encode())
                        + i.compress_size) for i in infos)
        for (_start_a, end_a), (start_b, _end_b) in zip(spans, spans[1:], strict=False):
            if start_b < end_a:
                raise UnsupportedInput(
                    _("{name}: entries of the zip overlap each other (a zip-bomb "
                      "construction); the archive was not opened.").format(name=self.source_name)
                )

    def open(self, entry: ZipEntry) -> IO[bytes]:
        """A stream of the entry's bytes that stops with an error past the declared size."""
        try:
            raw = self._zip.open(entry.info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as e:
            raise UnsupportedInput(
                _("{name}: the entry {entry} cannot be read ({reason}).")
                .format(name=self.source_name, entry=repr(entry.name), reason=e)
            ) from None
        return cast(IO[bytes], _Capped(raw, entry, self.source_name))

    def read(self, entry: ZipEntry, limit: int) -> bytes:
        if entry.size > limit:
            raise UnsupportedInput(_("{name}: {entry} is too large ({mb} MB) to read as a chat "
                                     "file.").format(name=self.source_name,
                                                     entry=repr(entry.name),
                                                     mb=entry.size // 2**20))
        with self.open(entry) as stream:
            return stream.read()

    def __iter__(self) -> Iterator[ZipEntry]:
        return iter(self.entries)


class _Capped:
    """Wraps a zip entry stream: decompression and CRC errors become UnsupportedInput, and
    nothing beyond the declared size is returned (zipfile already enforces the size, this
    turns its error into our sentence)."""

    def __init__(self, raw: IO[bytes], entry: ZipEntry, source_name: str) -> None:
        self._raw = raw
        self._entry = entry
        self._source = source_name
        self._read = 0

    def read(self, n: int = -1) -> bytes:
        try:
            data = self._raw.read(n)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UnsupportedInput(
                _("{name}: the entry {entry} is damaged ({reason}).")
                .format(name=self._source, entry=repr(self._entry.name), reason=exc)
            ) from None
        self._read += len(data)
        if self._read > self._entry.size:
            raise UnsupportedInput(_("{name}: the entry {entry} is larger than the zip "
                                     "declares.").format(name=self._source,
                                                         entry=repr(self._entry.name)))
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _Capped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
