"""Process hardening at start-up: private file modes, no core dumps, no ptrace by other users."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

PR_SET_DUMPABLE = 4


def harden_process() -> None:
    """Called once by every entry point before a vault is touched.

    A core dump or a swap-readable dump of the process would hold decrypted evidence and the
    vault key, so dumps are disabled; umask 077 makes every file we create private by default.
    """
    os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed
        pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except OSError:
            pass
