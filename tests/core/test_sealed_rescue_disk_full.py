"""A rescue whose target disk fills up while it copies a sealed original.

The copy of a sealed file is the rescue's own write: a full disk there says nothing about the
original. It used to be caught with the source's errors and the original named LOST ("its
sealed file is missing or was altered"), in the report and in the new vault's custody log, while
the file was whole. A full disk now stops the rescue as any full disk does: nothing is made.
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


def test_a_full_disk_while_rescuing_a_sealed_original_does_not_call_it_lost(
        vault: Vault, tmp_path: Path) -> None:
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(sealed.THRESHOLD + 5))
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
