"""Atomicity under SIGKILL: a child killed at each fault point leaves the item whole or absent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.core.db import integrity_problems
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE

CHILD_IMPORT = """
import sys
from pathlib import Path
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
with Vault.open(Path(sys.argv[1]), sys.argv[2]) as v:
    print(import_file(v, Path(sys.argv[3]), case="crash").status)
"""

CHILD_PASSWD = """
import sys
from pathlib import Path
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
with Vault.open(Path(sys.argv[1]), sys.argv[2]) as v:
    v.change_passphrase(sys.argv[3], kdf=TEST_PARAMS)
"""


def _run_child(code: str, *args: str, fault: str) -> int:
    env = dict(os.environ, EVIDENCEKIT_FAULT=fault)
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          timeout=120, check=False)
    return proc.returncode


@pytest.mark.parametrize("fault", ["import.after_first_chunk", "import.before_commit"])
def test_import_killed_leaves_item_whole_or_absent(tmp_path: Path, fault: str) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    evidence_file = tmp_path / "video.bin"
    evidence_file.write_bytes(os.urandom(2 * 1024 * 1024 + 5))
    code = _run_child(CHILD_IMPORT, str(folder), PASSPHRASE, str(evidence_file), fault=fault)
    assert code == -signal.SIGKILL
    with Vault.open(folder, PASSPHRASE) as vault:
        assert integrity_problems(vault.conn) == []
        c = vault.conn
        assert c.execute("SELECT count(*) FROM items").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
        assert verify_vault(vault).ok
    # And the same import, not killed, then succeeds.
    assert _run_child(CHILD_IMPORT, str(folder), PASSPHRASE, str(evidence_file), fault="") == 0


@pytest.mark.parametrize(
    ("fault", "works"),
    [("passwd.after_pending_slots", "old"), ("passwd.after_rekey", "new"),
     ("passwd.after_promote", "new")],
)
def test_passphrase_change_killed_leaves_one_passphrase_working(
    tmp_path: Path, fault: str, works: str
) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    new = "the brand new passphrase"
    assert _run_child(CHILD_PASSWD, str(folder), PASSPHRASE, new, fault=fault) == -signal.SIGKILL
    good, bad = (PASSPHRASE, new) if works == "old" else (new, PASSPHRASE)
    from evidencekit.core.errors import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        Vault.open(folder, bad)
    with Vault.open(folder, good) as vault:
        assert integrity_problems(vault.conn) == []
        assert verify_vault(vault).ok
    # After the recovery, the key file holds no leftover pending slot and still opens.
    with Vault.open(folder, good) as vault:
        assert not vault._slots.has_pending


def test_migration_killed_reopens_at_old_version_then_migrates(tmp_path: Path) -> None:
    from tests.core.test_schema import _vault_at_version_1

    folder = tmp_path / "old"
    _vault_at_version_1(folder)
    child = """
import sys
from pathlib import Path
from evidencekit.core.vault import Vault
Vault.open(Path(sys.argv[1]), sys.argv[2])
"""
    assert _run_child(child, str(folder), PASSPHRASE, fault="migrate.2.before_commit") \
        == -signal.SIGKILL
    with Vault.open(folder, PASSPHRASE) as vault:
        assert integrity_problems(vault.conn) == []
        assert verify_vault(vault).ok
