"""Failed unlock attempts, kept beside the vault because a wrong key cannot write inside it.

The file holds only the times of failed attempts (no passphrase material). At the next
successful unlock they are summarised in the custody log, shown to the user, and the file is
started afresh. Someone close to the victim may be trying passphrases: the victim should know.

The file sits in a folder that person can write to, so it is untrusted input: read with a size
cap, only well-formed times kept (re-written in our own format, never copied as text into the
permanent log), anything else counted and dropped, and no content of it can stop an unlock.
Each successful unlock writes a fresh random *epoch* into the file and keeps the same epoch
inside the encrypted database: a file that is later deleted or replaced by another is noticed at
the next unlock. What cannot be noticed: someone who keeps the file's epoch and removes only the
failure times (a process with the wrong passphrase has no secret to authenticate what it
writes). docs/SECURITY.md says so.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.core.atomicfile import write_atomic
from evidencekit.core.timeutil import now_iso
from evidencekit.i18n import _

FILE_NAME = "attempts.json"
FREE_ATTEMPTS = 2  # no delay for the first two mistakes: typos happen
MAX_DELAY_SECONDS = 30.0
MAX_KEPT = 1000  # failures remembered between two unlocks
MAX_FILE_BYTES = 64 * 1024  # 1,000 ISO times and the epoch fit in ~40 KiB
_EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)  # before this program existed


@dataclass
class AttemptsRecord:
    """What the file says, after checking: the failure times and what was wrong with it."""

    failures: list[str] = field(default_factory=list)  # ISO UTC, our own format
    epoch: str | None = None
    dropped: int = 0  # entries that were not a plausible time
    problem: str | None = None  # "missing", "unreadable", None


def _normalised(value: object, now: datetime) -> str | None:
    """A time we wrote (ISO 8601 UTC, in the past), re-formatted; anything else is None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    when = when.astimezone(UTC)
    if not _EARLIEST <= when <= now:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read(folder: Path) -> AttemptsRecord:
    """The record in `folder`, never raising: a damaged or planted file is reported, not used."""
    path = folder / FILE_NAME
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        return AttemptsRecord(problem="missing")
    except OSError:
        return AttemptsRecord(problem="unreadable")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return AttemptsRecord(problem="unreadable")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError:
        return AttemptsRecord(problem="unreadable")
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        return AttemptsRecord(problem="unreadable")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return AttemptsRecord(problem="unreadable")
    if isinstance(data, list):  # the first format: a bare list of times, no epoch
        entries, epoch = data, None
    elif isinstance(data, dict) and isinstance(data.get("failures"), list):
        entries = data["failures"]
        epoch = data.get("epoch") if isinstance(data.get("epoch"), str) else None
    else:
        return AttemptsRecord(problem="unreadable")
    now = datetime.now(UTC)
    kept = [t for t in (_normalised(e, now) for e in entries) if t is not None]
    record = AttemptsRecord(kept[-MAX_KEPT:], epoch, dropped=len(entries) - len(kept))
    return record


def load(folder: Path) -> list[str]:
    return read(folder).failures


def _write(folder: Path, record: AttemptsRecord) -> None:
    body = {"epoch": record.epoch, "failures": record.failures[-MAX_KEPT:]}
    write_atomic(folder / FILE_NAME, json.dumps(body).encode())


def put_back(folder: Path, record: AttemptsRecord) -> None:
    """Write back the record an unlock found, when that unlock could not log it (a full disk:
    the vault then opens read-only and the attempts are told at the next full unlock)."""
    try:
        _write(folder, record)
    except OSError:
        pass  # the fresh record stays: the next unlock reports it as replaced, never hides it


def record_failure(folder: Path) -> list[str]:
    record = read(folder)
    record.failures.append(now_iso())
    try:
        _write(folder, record)
    except OSError:
        pass  # a read-only vault (on a locked USB stick) still refuses the wrong passphrase
    return record.failures


def start_afresh(folder: Path) -> str | None:
    """A new, empty record with a new epoch; the epoch to keep in the database, or None.

    None when the file cannot be written (a read-only medium, or a folder planted in its
    place): the unlock goes on, and the next one reports the record as missing.
    """
    epoch = secrets.token_hex(16)
    try:
        _write(folder, AttemptsRecord(epoch=epoch))
    except OSError:
        return None
    return epoch


def delay_for(failures: int) -> float:
    """Seconds to wait after the n-th consecutive failure: 0, 0, 1, 2, 4 … capped at 30."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS - 1)))


def penalise(failures: int) -> None:
    delay = delay_for(failures)
    if delay:
        time.sleep(delay)


def problem_sentence(problem: str | None) -> str | None:
    """What to tell the user at unlock when the record of failed attempts was tampered with."""
    if problem == "missing":
        return _("The record of failed unlock attempts was deleted since your last visit. If "
                 "you did not delete it or restore a backup, someone may have tried to open "
                 "your vault and hidden it.")
    if problem == "replaced":
        return _("The record of failed unlock attempts was replaced by another file since your "
                 "last visit. If you did not restore a backup, someone may have tried to open "
                 "your vault and hidden it.")
    if problem == "unreadable":
        return _("The record of failed unlock attempts was damaged or replaced by something "
                 "that is not one; it was ignored. Someone may have tried to open your vault "
                 "and hidden it.")
    return None
