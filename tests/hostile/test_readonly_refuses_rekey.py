"""On a full disk the vault opens read-only; a passphrase or recovery-key change must then be
refused in one sentence before anything is written (keyslots.json included), not fail inside
SQLCipher's rekey with "unexpected problem"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.test_disk_full_unlock import wal_cannot_grow
from tests.faults.test_fault_points import build, run_cli


@pytest.mark.parametrize("args", [["passwd"], ["recovery-key"], ["recovery-key", "--remove"]])
def test_a_key_change_on_a_read_only_vault_is_refused_in_one_sentence(
        tmp_path: Path, args: list[str]) -> None:
    folder, secret, _inputs, _exports = build(tmp_path, "evidence")
    slots = (folder / "keyslots.json").read_bytes()
    result = run_cli(folder, secret, args, preexec=wal_cannot_grow())
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0], result.stderr
    assert "unexpected problem" not in result.stderr and "Traceback" not in result.stderr
    assert (folder / "keyslots.json").read_bytes() == slots
