"""After lock, neither the passphrase nor the master key is left in the process's memory
(issue 14 item 5).

A child process creates a vault, imports a file, locks, unlocks again, locks, runs
gc.collect() and then waits; this process reads the child's whole writable memory through
/proc/PID/mem and looks for the passphrase (UTF-8 and UTF-16) and the master key (raw bytes and
hex). The child gets the passphrase on standard input, the way `--passphrase-stdin` does, so it
never exists there as a Python `str`. Before the fix, `PRAGMA key = "x'<hex>'"` strings and
argon2-cffi's private copies kept both in memory.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evidencekit.core.keyslots import KeySlots

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")

CHILD = textwrap.dedent("""
    import gc, sys, time
    from pathlib import Path
    from evidencekit.cliio import SecretSource
    from evidencekit.core.intake import import_file
    from evidencekit.core.kdf import TEST_PARAMS
    from evidencekit.core.vault import Vault

    folder, sample = Path(sys.argv[1]), Path(sys.argv[2])
    canary = sys.argv[3].encode() * 2  # a control: something the scan must find
    source = SecretSource(None, use_stdin=True)
    secret = source.next_secret("")
    vault, _ = Vault.create(folder, secret, kdf=TEST_PARAMS)
    secret[:] = bytes(len(secret))
    import_file(vault, sample, case="memory")
    vault.close()
    secret = source.next_secret("")
    vault = Vault.open(folder, secret)
    secret[:] = bytes(len(secret))
    assert vault.conn.execute("SELECT count(*) FROM items").fetchone()[0] >= 1
    vault.close()
    del vault, secret, source
    gc.collect()
    print("locked", flush=True)
    time.sleep(120)
""")


def _writable_memory(pid: int) -> bytes:
    """Every readable, writable mapping of the process (heap, stacks, anonymous arenas)."""
    chunks = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw"):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(start)
                chunks.append(mem.read(end - start))
            except (OSError, OverflowError, ValueError):
                continue  # guard pages and [vvar] cannot be read
    return b"\0".join(chunks)


def _master_key(folder: Path, passphrase: bytes) -> bytes:
    for _state, key in KeySlots.load(folder).passphrase_candidates(passphrase):
        return bytes(key)
    raise AssertionError("the passphrase does not open the vault it created")


def test_lock_leaves_neither_passphrase_nor_master_key_in_memory(tmp_path: Path) -> None:
    from tests.conftest import write_png

    # Random, so that no copy of it can come from this test's source or a library.
    passphrase = ("memory-scan " + secrets.token_hex(12)).encode("utf-8")
    sample = write_png(tmp_path / "shot.png")
    folder = tmp_path / "vault"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    canary = secrets.token_hex(16)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(sample), canary],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(passphrase + b"\n" + passphrase + b"\n")
        child.stdin.close()
        assert child.stdout.readline().strip() == b"locked", "the child did not get to lock"
        memory = _writable_memory(child.pid)
    finally:
        child.kill()
        child.wait()
    assert (canary * 2).encode() in memory  # the scan really reads the child's heap
    master = _master_key(folder, passphrase)
    needles = {
        "passphrase (UTF-8)": passphrase,
        "passphrase (UTF-16)": passphrase.decode().encode("utf-16-le"),
        "master key (raw)": master,
        "master key (hex)": master.hex().encode(),
        "master key (HEX)": master.hex().upper().encode(),
    }
    found = {name: len(re.findall(re.escape(needle), memory)) for name, needle in needles.items()}
    assert found == dict.fromkeys(needles, 0), found
