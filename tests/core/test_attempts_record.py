"""The failed-attempts file is untrusted: someone at the same computer can edit, delete or
replace it. None of its text reaches the custody log or a bundle, nothing in it stops an unlock,
and deleting or swapping it is told to the owner at the next unlock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidencekit.core import attempts
from evidencekit.core.errors import WrongPassphrase
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE

PLANTED = "NOTE BY THE VAULT OWNER: I made these screenshots myself"


def _fail_once(folder: Path) -> None:
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "a guess")


def _log_text(v: Vault) -> str:
    return json.dumps([e.detail for e in v.custody.entries()], ensure_ascii=False)


def test_planted_text_never_reaches_the_custody_log(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    _fail_once(folder)
    record = json.loads((folder / attempts.FILE_NAME).read_text())
    record["failures"] += [PLANTED, "2025-02-30T99:00:00Z", {"x": 1}, "x" * 5_000_000]
    (folder / attempts.FILE_NAME).write_text(json.dumps(record))
    with Vault.open(folder, PASSPHRASE) as v:
        text = _log_text(v)
        assert PLANTED not in text and "xxxxxxxxxx" not in text
        # The oversize file is ignored as a whole and said to be damaged.
        assert v.unlock_report.attempts_record_problem == "unreadable"
        assert "attempts-record-altered" in [e.action for e in v.custody.entries()]


def test_only_plausible_times_are_kept_and_the_rest_counted(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    _fail_once(folder)
    record = json.loads((folder / attempts.FILE_NAME).read_text())
    record["failures"] += [PLANTED, "1999-01-01T00:00:00Z", "2999-01-01T00:00:00Z"]
    (folder / attempts.FILE_NAME).write_text(json.dumps(record))
    with Vault.open(folder, PASSPHRASE) as v:
        assert len(v.unlock_report.failed_attempts) == 1
        (summary,) = [e for e in v.custody.entries() if e.action == "unlock-failed"]
        assert summary.detail["count"] == 1 and summary.detail["entries_dropped"] == 3
        assert PLANTED not in _log_text(v)
        assert v.unlock_report.attempts_record_problem is None


def test_a_deleted_record_is_told_at_the_next_unlock(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    _fail_once(folder)
    (folder / attempts.FILE_NAME).unlink()  # hiding the attempt
    with Vault.open(folder, PASSPHRASE) as v:
        assert v.unlock_report.attempts_record_problem == "missing"
        sentence = attempts.problem_sentence("missing")
        assert sentence and "deleted" in sentence
    with Vault.open(folder, PASSPHRASE) as v:  # and only once
        assert v.unlock_report.attempts_record_problem is None


def test_a_record_swapped_for_an_older_copy_is_told(vault: Vault, tmp_path: Path) -> None:
    folder = vault.folder
    vault.close()
    old = tmp_path / "old-attempts.json"
    shutil.copy(folder / attempts.FILE_NAME, old)
    with Vault.open(folder, PASSPHRASE):
        pass  # a new epoch is written
    _fail_once(folder)
    shutil.copy(old, folder / attempts.FILE_NAME)  # the old, empty record hides the attempt
    with Vault.open(folder, PASSPHRASE) as v:
        assert v.unlock_report.failed_attempts == ()
        assert v.unlock_report.attempts_record_problem == "replaced"


def test_a_folder_in_its_place_never_stops_the_right_passphrase(vault: Vault) -> None:
    folder = vault.folder
    vault.close()
    (folder / attempts.FILE_NAME).unlink()
    (folder / attempts.FILE_NAME).mkdir()
    _fail_once(folder)  # the wrong passphrase is still refused, without a crash
    with Vault.open(folder, PASSPHRASE) as v:
        assert v.unlock_report.attempts_record_problem == "unreadable"


def test_the_cli_warns_when_the_record_was_deleted(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    folder = vault.folder
    vault.close()
    (folder / attempts.FILE_NAME).unlink()
    result = cli("list")
    assert result.code == 0
    assert "record of failed unlock attempts was deleted" in result.err
