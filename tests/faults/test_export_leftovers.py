"""A killed export's partial files are removed at the next unlock, and the user told once.

The export's hidden files sit beside the chosen output (a USB stick, Downloads): a zip of
decrypted originals and a folder holding the dossier PDF. Issue 14 item 6: they stayed there
for good unless the same file was exported again.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from evidencekit.core import pending_exports
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_fault_points import BUNDLE, DOSSIER, build, run_cli

NOTE = "unfinished files were removed"


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(("fault", "args"), [
    ("bundle.after_zip_written", BUNDLE),
    ("bundle.before_rename", BUNDLE),
    ("dossier.after_write", DOSSIER)])
def test_the_next_unlock_removes_a_killed_exports_files(tmp_path: Path, fault: str,
                                                        args: tuple[str, ...]) -> None:
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    argv = [a.replace("{out}", str(exports)) for a in args]
    assert run_cli(folder, secret, argv, fault=fault).returncode == -signal.SIGKILL
    left = hidden(exports)
    assert left, "the kill left nothing to clean: the test proves nothing"
    if "bundle" in fault:
        parts = next(p for p in exports.iterdir() if p.name.endswith(".parts"))
        assert (parts / "dossier.pdf").exists()

    # Any later command cleans up (not only a new export to the same name), and says so once.
    first = run_cli(folder, secret, ["list"])
    assert first.returncode == 0, first.stderr
    assert hidden(exports) == [], "the killed export's files are still beside the output"
    notes = [line for line in first.stderr.splitlines() if NOTE in line]
    assert len(notes) == 1 and str(exports) in notes[0], first.stderr
    second = run_cli(folder, secret, ["list"])
    assert NOTE not in second.stderr


def test_leftovers_are_kept_while_another_process_has_the_vault_open(tmp_path: Path) -> None:
    """Another window's export may be running: its files are not touched."""
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    argv = [a.replace("{out}", str(exports)) for a in BUNDLE]
    with Vault.open(folder, PASSPHRASE):  # the other window, open throughout
        assert run_cli(folder, secret, argv, fault="bundle.before_rename").returncode \
            == -signal.SIGKILL
        left = hidden(exports)
        assert left
        proc = run_cli(folder, secret, ["list"])
        assert proc.returncode == 0, proc.stderr
        assert hidden(exports) == left
        assert NOTE not in proc.stderr
    proc = run_cli(folder, secret, ["list"])  # alone now: it cleans
    assert NOTE in proc.stderr
    assert hidden(exports) == []


def test_a_link_planted_at_a_listed_name_is_removed_not_followed(tmp_path: Path) -> None:
    folder, _secret, _inputs, exports = build(tmp_path, "evidence")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine", encoding="utf-8")
    planted = exports / ".bundle.zip.0123456789ab.parts"
    with Vault.open(folder, PASSPHRASE) as vault:
        pending_exports.record(vault, [planted])
    planted.symlink_to(precious, target_is_directory=True)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.unlock_report.leftovers_removed == (str(planted),)
    assert not planted.is_symlink()
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_the_sentence_names_the_folder() -> None:
    sentence = pending_exports.leftovers_sentence(["/media/usb/.b.zip.1.tmp",
                                                   "/media/usb/.b.zip.1.parts"])
    assert sentence is not None and sentence.count("/media/usb") == 1
    assert pending_exports.leftovers_sentence([]) is None
