"""Reliability tests: backups, corruption, rescue and two processes on one vault."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evidencekit.core.blobreader import open_reader
from evidencekit.core.vault import Vault

CHILD_ENV_KEEP = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run_cli(vault: Path | None, passphrase_file: Path | None, *args: str,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "evidencekit"]
    if vault is not None:
        cmd += ["--vault", str(vault)]
    if passphrase_file is not None:
        cmd += ["--passphrase-file", str(passphrase_file)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout,
                          check=False, env=dict(os.environ))


def run_many(jobs: Sequence[tuple[Path | None, Path | None, tuple[str, ...]]],
             workers: int = 4) -> list[subprocess.CompletedProcess[str]]:
    """Several real CLI runs at once (each on its own vault copy): the suite stays fast."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: run_cli(job[0], job[1], *job[2]), jobs))


def one_error_line(stderr: str) -> bool:
    """The command-line contract: no traceback, and the failure said in `error:` lines."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    return "Traceback" not in stderr and bool(lines) and lines[-1].startswith("error: ")


def stored_bytes(vault: Vault, item_id: int) -> bytes:
    with open_reader(vault.conn, item_id) as fh:
        return fh.read()
