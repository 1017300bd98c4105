"""vault.lock keeps a passphrase change or a restore from rewriting the database under another
process. Someone at the same computer who plants a folder, a link or a pipe in its place must
not switch that protection off silently: the vault refuses to open and says why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencekit.core.db import LOCK_NAME
from evidencekit.core.errors import VaultDamaged
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE


def _plant(folder: Path, kind: str, tmp_path: Path) -> None:
    lock = folder / LOCK_NAME
    lock.unlink(missing_ok=True)
    if kind == "folder":
        lock.mkdir()
    elif kind == "symlink":
        target = tmp_path / "elsewhere.lock"
        target.write_text("")
        lock.symlink_to(target)
    else:
        os.mkfifo(lock)


@pytest.mark.parametrize("kind", ["folder", "symlink", "fifo"])
def test_something_else_in_place_of_the_lock_is_refused(vault: Vault, tmp_path: Path,
                                                         kind: str) -> None:
    folder = vault.folder
    vault.close()
    _plant(folder, kind, tmp_path)
    with pytest.raises(VaultDamaged, match="vault.lock should be an empty file"):
        Vault.open(folder, PASSPHRASE)


def test_the_cli_says_it_in_one_sentence(cli, vault: Vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = vault.folder
    vault.close()
    _plant(folder, "folder", tmp_path)
    result = cli("list")
    assert result.code != 0
    assert result.err.startswith("error:") and "vault.lock" in result.err
    assert "Traceback" not in result.err and "IsADirectoryError" not in result.err

