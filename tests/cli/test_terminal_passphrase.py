"""The passphrase typed at the terminal: read without echo, straight into a wipeable buffer
(cliio.read_terminal_secret replaces getpass, which returns a str that cannot be wiped)."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE


def _read_until(fd: int, marker: bytes, seconds: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _wait_or_kill(pid: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)  # stuck waiting for input: fail, do not hang the suite
    return os.waitpid(pid, 0)[1]


def test_passphrase_typed_at_the_terminal_opens_the_vault_without_echo(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command line, with the pty as its terminal
        os.execv(sys.executable, [sys.executable, "-m", "evidencekit", "--vault", str(folder),
                                  "cases"])
    try:
        prompt = _read_until(fd, b": ")
        assert b"Passphrase for" in prompt, prompt
        os.write(fd, PASSPHRASE.encode() + b"\r")
        rest = _read_until(fd, b"\x00", seconds=60)  # everything until the child ends
    finally:
        status = _wait_or_kill(pid, seconds=60)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, rest
    assert PASSPHRASE.encode() not in rest  # no echo
    assert b"wrong passphrase" not in rest
