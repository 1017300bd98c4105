"""Sealed originals: a failure of our own write or cleanup must not pass for something else.

A rescue whose target disk fills up while it copies a sealed original: that copy is the
rescue's own write, and says nothing about the original. It used to be caught with the source's
errors and the original named LOST ("its sealed file is missing or was altered"), in the report
and in the new vault's custody log, while the file was whole. A full disk now stops the rescue
as any full disk does: nothing is made. And a rollback that cannot remove its sealed file
reports the rollback's own cause, not the cleanup's error.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
from pathlib import Path

import pytest

from evidencekit.core import sealed
from evidencekit.core.intake import import_file
from evidencekit.core.rescue import rescue_vault
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE

# Large enough for several sealed blocks whatever the sealing threshold.
BIG = max(sealed.THRESHOLD, 8 * 1024 * 1024)


def test_a_full_disk_while_rescuing_a_sealed_original_does_not_call_it_lost(
        vault: Vault, tmp_path: Path) -> None:
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(BIG + 5))
    assert import_file(vault, video, case="c").status == "imported"
    folder = vault.folder
    vault.close()
    target = tmp_path / "rescued"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # The new database fits; the 8 MiB sealed copy does not, as on a disk that fills up.
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 1024 * 1024, hard))
    try:
        with pytest.raises(OSError, match="too large|No space left") as caught:
            rescue_vault(folder, PASSPHRASE, target)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert caught.value.errno in (errno.EFBIG, errno.ENOSPC)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if ".rescue-" in p.name] == []
    # The damaged vault's original is untouched and a later rescue gets it whole.
    report = rescue_vault(folder, PASSPHRASE, target)
    assert report.lost == [] and report.items_kept == 1


def _import_then_fail(vault: Vault, video: Path, planted: list[Path]) -> None:
    from evidencekit.core.evidence import ensure_case
    from evidencekit.core.intake import SourceFacts, store_stream

    with vault.transaction() as tx, open(video, "rb") as stream:
        store_stream(tx, stream, SourceFacts(video.name, str(video), None),
                     case_id=ensure_case(tx, "c"), expected_size=video.stat().st_size)
        (path,) = (vault.folder / "originals").iterdir()
        path.unlink()
        path.mkdir()
        planted.append(path)
        raise RuntimeError("the import's own failure")


def test_a_rollback_keeps_its_own_cause_when_its_sealed_file_cannot_be_removed(
        vault: Vault, tmp_path: Path) -> None:
    """A folder put at the new sealed file's name before the rollback: the error the user sees
    is the one that rolled the import back, not the cleanup's."""
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(BIG + 5))
    planted: list[Path] = []
    with pytest.raises(RuntimeError, match="the import's own failure"):
        _import_then_fail(vault, video, planted)
    assert vault.conn.execute("SELECT count(*) FROM sealed_originals").fetchone()[0] == 0
    # The next transaction carries out nothing of the one rolled back.
    vault.set_meta("probe", "1")
    assert planted[0].is_dir()
