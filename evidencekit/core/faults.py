"""Named fault points, so crash-safety tests can SIGKILL a child process at an exact step.

A test sets EVIDENCEKIT_FAULT=<name> in a child's environment; when the child reaches that point
it kills itself with SIGKILL, as a power cut or an OOM kill would. Outside tests the variable is
unset and each point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "EVIDENCEKIT_FAULT"


def point(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
