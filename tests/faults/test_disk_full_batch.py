"""A full disk in the middle of a batch import (issue 14 item 6).

Before: "unexpected problem (OperationalError: cannot rollback - no transaction is active)" and
the rest of the batch was dropped without a word. Decided behaviour: the file that did not fit
is named in one sentence that says how many files were imported; the batch stops there (the
next files would meet the same full disk), each remaining file is listed as not added, and the
vault keeps every file imported before, whole.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_disk_full import KB, file_size_limit
from tests.faults.test_fault_points import assert_sound, build, run_cli


def test_a_full_disk_mid_batch_names_the_file_and_stops_cleanly(tmp_path: Path) -> None:
    folder, secret, inputs, _exports = build(tmp_path, "empty")
    first = inputs / "a-first.bin"
    first.write_bytes(os.urandom(10 * KB))
    big = inputs / "b-big.bin"
    big.write_bytes(os.urandom(3 * 1024 * KB))
    last = inputs / "c-last.bin"
    last.write_bytes(os.urandom(10 * KB))
    proc = run_cli(folder, secret, ["import", "--no-ocr", "--case", "batch",
                                    str(first), str(big), str(last)],
                   preexec=file_size_limit(1536 * KB))
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text and "unexpected problem" not in text, text
    assert "cannot rollback" not in text, text
    assert proc.returncode == 3, text
    full = [line for line in proc.stderr.splitlines() if "b-big.bin" in line]
    assert len(full) == 1, proc.stderr
    assert re.search(r"space|disk is full", full[0]) and "1 file" in full[0], full[0]
    skipped = [line for line in text.splitlines() if "c-last.bin" in line]
    assert len(skipped) == 1 and "not added" in skipped[0], proc.stderr
    with Vault.open(folder, PASSPHRASE) as vault:
        assert_sound(vault)
        names = [r[0] for r in vault.conn.execute(
            "SELECT original_name FROM originals ORDER BY item_id")]
        assert names == ["a-first.bin"]
