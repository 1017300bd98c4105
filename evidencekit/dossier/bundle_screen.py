"""Screening a bundle's zip structure before a byte of content is decompressed.

Refused outright: too many entries, names that are paths, links, encrypted entries, overlapping
entries, more than 64 GB in all. Compression ratio is a weaker signal: a genuine chat holding one
message sent 100,000 times deflates a thousand-fold, like a zip bomb (issue 14). So a member
compressed beyond MAX_RATIO is accepted only when the bundle's signed manifest pins its size and
the zip declares exactly that size; zipfile then stops decompressing at the declared size, so the
work is bounded by the manifest, not by the ratio. A member the manifest does not pin (the
control files themselves, SHA256SUMS, anything extra) keeps the ratio guard.

The signature is checked with the bundle's own key: this bounds work, it does not say who made
the bundle (key_trust does). A hostile bundle signed by its own key can pin sizes up to the 64 GB
cap; verifying it then costs the time to hash that many bytes, never memory or disk.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import _

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_RATIO = 200  # deflate of real files stays far below; bombs reach 1000:1
BLOCK = 1024 * 1024


class BundleRefused(UnsupportedInput):
    """The file is not a bundle we will read (exit 3); the text is one sentence."""


def looks_like_bomb(info: zipfile.ZipInfo) -> bool:
    return info.file_size > BLOCK and info.file_size > MAX_RATIO * max(info.compress_size, 1)


# Control characters (a line break could print a made-up second line) and the bidi controls
# that make a name read as another, shown as escapes in the one sentence a refusal is.
_ESCAPED = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {
    c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0xFEFF)}


def _shown(name: str) -> str:
    """An entry's name as a refusal quotes it: at most 200 characters, on one line."""
    return name[:200].translate(_ESCAPED)


def screen(archive: zipfile.ZipFile, path: Path,
           pinned_sizes: Callable[[], dict[str, int]]) -> list[zipfile.ZipInfo]:
    """The entries, or BundleRefused. `pinned_sizes` is called only if some entry compresses
    like a bomb: it reads the signed manifest's sizes (empty when the signature fails)."""
    infos = archive.infolist()

    def refuse(why: str) -> BundleRefused:
        return BundleRefused(_("{path}: refused, {why}.").format(path=path, why=why))

    if len(infos) > MAX_ENTRIES:
        raise refuse(_("it holds {n} entries, far more than a bundle has").format(n=len(infos)))
    total = 0
    suspects: list[zipfile.ZipInfo] = []
    for info in infos:
        name = info.filename
        if (name.startswith("/") or "\\" in name or "\x00" in name or ":" in name
                or any(part in ("", ".", "..") for part in name.rstrip("/").split("/"))):
            raise refuse(_("the entry name “{name}” is a path outside the bundle")
                         .format(name=_shown(name)))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse(_("the entry “{name}” is a symbolic link").format(name=_shown(name)))
        if info.flag_bits & 0x1:
            raise refuse(_("the entry “{name}” is encrypted").format(name=_shown(name)))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise refuse(_("its content would unpack to more than 64 GB"))
        if looks_like_bomb(info):
            suspects.append(info)
    # Overlapping entries (several names sharing one compressed stream) are a zip-bomb trick
    # Python 3.11.7's zipfile does not detect.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.header_offset < before.header_offset + 30 + before.compress_size:
            raise refuse(_("its entries overlap, a zip-bomb trick"))
    if suspects:
        _check_pinned(suspects, pinned_sizes(), refuse)
    return infos


def _check_pinned(suspects: list[zipfile.ZipInfo], pins: dict[str, int],
                  refuse: Callable[[str], BundleRefused]) -> None:
    for info in suspects:
        name = info.filename
        if name not in pins:
            raise refuse(_("the entry “{name}” is compressed like a zip bomb")
                         .format(name=_shown(name)))
        if info.file_size != pins[name]:
            raise refuse(_("the entry “{name}” would unpack to {n} bytes, but the signed "
                           "manifest gives it {m}").format(name=_shown(name), n=info.file_size,
                                                           m=pins[name]))
