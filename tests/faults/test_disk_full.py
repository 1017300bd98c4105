"""Disk full at each write path: a child whose file-size limit (RLIMIT_FSIZE) is hit mid-write.

With SIGXFSZ ignored, a write past the limit fails with EFBIG, as a full disk fails with ENOSPC.
Each operation must roll back cleanly (the vault reopens, verifies, holds nothing half-stored,
and no export file is left) and the command must say so in one `error:` sentence, no traceback.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one
from tests.faults.test_fault_points import (
    BUNDLE,
    DOSSIER,
    assert_sound,
    build,
    open_with_either,
    run_cli,
    snapshot,
)

KB = 1024
# The sentence must tell the user what happened: the disk (or the space on it) ran out.
CLEAR = re.compile(r"disk[^.]*full|full[^.]*disk|no space|not enough space|space left", re.I)


def file_size_limit(limit: int) -> Callable[[], None]:
    """Run in the child before exec: the limit and the ignored signal survive exec."""

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return preexec


def noise_png(path: Path, side: int) -> Path:
    """An incompressible image, so the dossier and the bundle that embed it are large."""
    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, format="PNG")
    return path


def media_zip(path: Path, media_bytes: int) -> Path:
    """A WhatsApp export whose original fits under the limit but whose members do not."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", "[12/11/2026 21:05:01] Karim: regarde\n"
                                 "[12/11/2026 21:06:02] Karim: <attached: 00000012-PHOTO.jpg>\n")
        zf.writestr("00000012-PHOTO.jpg", b"\xff\xd8\xff\xe0" + os.urandom(media_bytes))
    return path


# (name, setup, CLI arguments, limit in bytes). Limits sit above what an unlock writes to the
# WAL (about 130 KiB) and below what the operation needs.
# SQLite turns EFBIG (and any failed write but ENOSPC) into SQLITE_IOERR; core/damage.py's
# sentence for it names a full disk and a file-system size limit (FAT32 stops at 4 GB).
CASES = [
    ("import-big-file", "empty", ("import", "--no-ocr", "--case", "full", "{in}/big3.bin"),
     1024 * KB),
    ("import-chat-zip", "empty", ("import", "--no-ocr", "--case", "full", "{in}/media.zip"),
     1024 * KB),
    # An export's own transactions (unlock, exhibit numbers) need about 520 KiB of WAL; the
    # dossier of four incompressible images is over 1 MiB, so the limit stops its file.
    ("export-dossier", "large", DOSSIER, 800 * KB),
    ("export-bundle", "large", BUNDLE, 800 * KB),
    # Re-encryption rewrites every page of a 3.6 MB database through the WAL.
    ("passwd", "evidence", ("passwd",), 1024 * KB),
]


@pytest.mark.parametrize(("name", "setup", "args", "limit"), CASES,
                         ids=["import-big-file", "import-chat-zip", "export-dossier",
                              "export-bundle", "passwd"])
def test_disk_full_rolls_back_with_one_clear_sentence(
    tmp_path: Path, name: str, setup: str, args: tuple[str, ...], limit: int
) -> None:
    folder, secret, inputs, exports = build(tmp_path, "empty" if setup == "empty" else "evidence")
    (inputs / "big3.bin").write_bytes(os.urandom(3 * 1024 * KB))
    media_zip(inputs / "media.zip", 700 * KB)
    with Vault.open(folder, secret.read_text().splitlines()[0]) as vault:
        for n in range(4 if setup == "large" else 0):
            noisy = import_one(vault, noise_png(inputs / f"noise{n}.png", 900),
                               ImportOptions(case="crash"))
            assert noisy.status == "imported", noisy.message
        before = snapshot(vault)
    vault_files = {p.name for p in folder.iterdir()}

    argv = [a.replace("{in}", str(inputs)).replace("{out}", str(exports)) for a in args]
    proc = run_cli(folder, secret, argv, preexec=file_size_limit(limit))

    assert proc.returncode > 0, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    assert CLEAR.search(errors[0]), f"not a clear disk-full sentence: {errors[0]}"

    # Clean rollback: the old passphrase still opens it, nothing half-stored, nothing changed.
    vault, works = open_with_either(folder)
    assert works == "old"
    with vault:
        assert_sound(vault)
        after = snapshot(vault)
        for state in (before, after):
            state.pop("exhibits")
            # Exhibit numbers and the vault's signing key are created once, in their own
            # committed steps before any export is written, and kept for the next export.
            state["custody"] = [e for e in state["custody"]
                                if e[0] not in ("exhibit-numbered", "signing-key-created")]
            if name == "passwd":
                # Checked on its own below: the log records the change before re-keying.
                state["custody"] = [e for e in state["custody"] if e[0] != "passphrase-changed"]
        assert after == before
    assert list(exports.iterdir()) == [], "an export (or its temporary file) was left behind"
    # No stray file beside the vault (a temporary key file, a half-written copy). The folder
    # of sealed originals may have been made for the file that did not fit: it must be empty.
    sealed_folder = folder / "originals"
    if "originals" not in vault_files and sealed_folder.exists():
        assert list(sealed_folder.iterdir()) == []
        vault_files.add("originals")
    assert {p.name for p in folder.iterdir()} - {"vault.db-wal", "vault.db-shm"} <= vault_files


def test_failed_passphrase_change_is_not_logged_as_done(tmp_path: Path) -> None:
    folder, secret, _inputs, _exports = build(tmp_path, "evidence")
    proc = run_cli(folder, secret, ["passwd"], preexec=file_size_limit(1024 * KB))
    assert proc.returncode > 0
    vault, works = open_with_either(folder)
    with vault:
        assert works == "old"
        actions = [e.action for e in vault.custody.entries()]
    assert "passphrase-changed" not in actions, "the log says the passphrase changed; it did not"
