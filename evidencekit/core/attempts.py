"""Failed unlock attempts, kept beside the vault because a wrong key cannot write inside it.

The file holds only the times of failed attempts (no passphrase material). At the next successful
unlock they are copied into the custody log, shown to the user, and the file is cleared. Someone
close to the victim may be trying passphrases: the victim should know.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from evidencekit.core.atomicfile import write_atomic
from evidencekit.core.timeutil import now_iso

FILE_NAME = "attempts.json"
FREE_ATTEMPTS = 2  # no delay for the first two mistakes: typos happen
MAX_DELAY_SECONDS = 30.0


def load(folder: Path) -> list[str]:
    try:
        data = json.loads((folder / FILE_NAME).read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [str(x) for x in data][-1000:]


def record_failure(folder: Path) -> list[str]:
    attempts = load(folder)
    attempts.append(now_iso())
    try:
        write_atomic(folder / FILE_NAME, json.dumps(attempts[-1000:]).encode())
    except OSError:
        pass  # a read-only vault (on a locked USB stick) still refuses the wrong passphrase
    return attempts


def clear(folder: Path) -> None:
    (folder / FILE_NAME).unlink(missing_ok=True)


def delay_for(failures: int) -> float:
    """Seconds to wait after the n-th consecutive failure: 0, 0, 1, 2, 4 … capped at 30."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS - 1)))


def penalise(failures: int) -> None:
    delay = delay_for(failures)
    if delay:
        time.sleep(delay)
