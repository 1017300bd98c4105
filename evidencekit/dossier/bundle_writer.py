"""Writing the bundle's zip: members streamed from the vault or memory, hashed as they go.

A plain bundle is written to a hidden file beside the output; an encrypted one is built and
verified in memory and only its age encryption reaches the disk (see bundle_crypt).
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from evidencekit.core import faults
from evidencekit.core.blobreader import open_reader
from evidencekit.core.errors import Cancelled, TamperDetected
from evidencekit.core.vault import Vault
from evidencekit.dossier import bundle_crypt
from evidencekit.dossier.bundle_screen import MAX_RATIO
from evidencekit.dossier.verify_bundle import SUMS, SUMS_SIG, BundleReport, verify_bundle
from evidencekit.i18n import _

Progress = Callable[[int, int, str], None]
BLOCK = 1024 * 1024
# Half the ratio verify_bundle (bundle_screen) treats as a bomb: a margin, as the rest of a
# member may compress better than its first megabyte.
BOMB_RATIO = MAX_RATIO // 2
_STORED_TYPES = ("image/", "video/", "audio/", "application/zip", "application/pdf")


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(_("Export cancelled; no bundle was written."))


@dataclass
class Member:
    name: str
    sha256: str
    size: int
    item_id: int | None = None  # streamed from the vault when set
    data: bytes | None = None  # small generated files
    path: Path | None = None  # rendered dossier files
    media_type: str = "application/octet-stream"


def _zip_info(name: str, created_at: str, media_type: str,
              stored: bool = False) -> zipfile.ZipInfo:
    y, mo, d = int(created_at[0:4]), int(created_at[5:7]), int(created_at[8:10])
    h, mi, s = int(created_at[11:13]), int(created_at[14:16]), int(created_at[17:19])
    info = zipfile.ZipInfo(name, date_time=(y, mo, d, h, mi, s))
    info.external_attr = 0o600 << 16
    stored = stored or media_type.startswith(_STORED_TYPES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _compresses_like_a_bomb(vault: Vault, member: Member) -> bool:
    """Whether the member's first megabyte deflates so well that a ratio test would take it
    for a zip bomb (a chat of one message repeated; issue 14). Such members are stored as
    they are, so that every zip tool, and an older evidencekit, reads the bundle without
    alarm; verify_bundle also accepts them deflated when the signed manifest pins their size."""
    if member.size <= BLOCK or member.media_type.startswith(_STORED_TYPES):
        return False
    if member.item_id is not None:
        with vault.lock, open_reader(vault.conn, member.item_id, verify=False) as source:
            sample = source.read(BLOCK)
    elif member.path is not None:
        with member.path.open("rb") as source:
            sample = source.read(BLOCK)
    else:
        sample = (member.data or b"")[:BLOCK]
    return len(sample) > BOMB_RATIO * len(zlib.compress(sample, 1))


def _copy(source: IO[bytes], target: IO[bytes], member: Member,
          cancel: threading.Event | None) -> None:
    digest = hashlib.sha256()
    size = 0
    while block := source.read(BLOCK):
        _check_cancel(cancel)
        digest.update(block)
        size += len(block)
        target.write(block)
    if digest.hexdigest() != member.sha256 or size != member.size:
        raise TamperDetected(_("{name}: the bytes read from the vault no longer match the SHA-256 "
                               "recorded at import; run `evidencekit verify`. No bundle was "
                               "written.").format(name=member.name))


def write_zip(vault: Vault, tmp: Path, members: list[Member], sign: Callable[[bytes], bytes],
               created_at: str, progress: Progress, cancel: threading.Event | None) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w+b") as raw:
        _zip_into(raw, vault, members, sign, created_at, progress, cancel)
        raw.flush()
        os.fsync(raw.fileno())


def write_encrypted(vault: Vault, tmp: Path, members: list[Member],
                     sign: Callable[[bytes], bytes], created_at: str, passphrase: str,
                     progress: Progress, cancel: threading.Event | None,
                     tsa_ca: Iterable[Path]) -> BundleReport:
    """The zip built and verified in memory, then only its encryption written to `tmp`."""
    buffer = io.BytesIO()
    _zip_into(buffer, vault, members, sign, created_at, progress, cancel)
    progress(3, 4, _("verifying the bundle"))
    report = verify_bundle(tmp, cancel=cancel, tsa_ca=tuple(tsa_ca), data=buffer)
    plain = buffer.getvalue()
    buffer.close()
    del buffer  # each copy of the bundle is dropped as soon as the next one exists
    digest = hashlib.sha256(plain).digest()
    ciphertext = bundle_crypt.encrypt(plain, passphrase)
    del plain
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as raw:
        raw.write(ciphertext)
        raw.flush()
        os.fsync(raw.fileno())
    del ciphertext
    faults.point("bundle.after_zip_written")
    # Read back: the file on disk must open with the passphrase to exactly the zip verified.
    if hashlib.sha256(bundle_crypt.decrypt_file(tmp, passphrase)).digest() != digest:
        raise TamperDetected(_("The encrypted bundle read back differs from what was written; "
                               "it was not kept."))
    return report


def _zip_into(raw: IO[bytes], vault: Vault, members: list[Member],
              sign: Callable[[bytes], bytes], created_at: str, progress: Progress,
              cancel: threading.Event | None) -> None:
    with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
        for n, member in enumerate(members):
            _check_cancel(cancel)
            progress(n, len(members), member.name)
            info = _zip_info(member.name, created_at, member.media_type,
                             _compresses_like_a_bomb(vault, member))
            with archive.open(info, "w", force_zip64=member.size > 2**31) as target:
                if member.item_id is not None:
                    # verify=False: _copy hashes every byte it copies and stops on a
                    # mismatch, so a second pass over the original would be waste.
                    with vault.lock, open_reader(vault.conn, member.item_id,
                                                 verify=False) as source:
                        _copy(source, target, member, cancel)
                elif member.path is not None:
                    with member.path.open("rb") as source:
                        _copy(source, target, member, cancel)
                else:
                    _copy(io.BytesIO(member.data or b""), target, member, cancel)
        sums = "".join(f"{m.sha256}  {m.name}\n" for m in members).encode("ascii")
        archive.writestr(_zip_info(SUMS, created_at, "text/plain"), sums)
        archive.writestr(_zip_info(SUMS_SIG, created_at, "application/octet-stream"),
                         sign(sums))
