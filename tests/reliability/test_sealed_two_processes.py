"""A second process opening the vault while the first is sealing a large original.

The unlock's sweep removes sealed files no row names; in the middle of another process's import
the file being written is exactly such a file. The sweep runs only when no other process has the
vault open (an exclusive upgrade of the folder lock), so the import must finish whole.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from evidencekit.core import sealed
from evidencekit.core.blobreader import open_reader
from evidencekit.core.errors import VaultInUse
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE

# Imports one file and stops after its fifth block until told to go on (the progress callback
# is the import's own hook; the pause stands for a slow disk or a slow phone).
IMPORTER = """
import sys
from pathlib import Path
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
def progress(done, total, name):
    if done == 5 * 1024 * 1024:
        print("sealing", flush=True)
        sys.stdin.readline()
outcome = import_file(vault, Path(sys.argv[3]), case="c", progress=progress)
print(outcome.status, outcome.item_id, flush=True)
vault.close()
"""


def test_an_unlock_during_another_process_import_leaves_its_sealed_file_alone(
        tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    video = tmp_path / "video.mp4"
    data = os.urandom(sealed.THRESHOLD + 4 * sealed.BLOCK)
    video.write_bytes(data)
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(folder), PASSPHRASE,
                              str(video)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env=dict(os.environ))
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "sealing"
        (part,) = (folder / "originals").iterdir()
        assert part.name.endswith(".part")
        # The importer holds the write lock: this unlock may be told the vault is busy; only
        # its effect on the file being written matters here.
        with contextlib.suppress(VaultInUse):
            Vault.open(folder, PASSPHRASE).close()
        assert part.exists(), "the unlock's sweep removed a file another process is writing"
        child.stdin.write("go\n")
        child.stdin.flush()
        status, item_id = child.stdout.readline().split()
    finally:
        child.stdin.close()
        child.wait(60)
    assert status == "imported"
    with Vault.open(folder, PASSPHRASE) as vault:
        assert verify_vault(vault).ok
        with open_reader(vault.conn, int(item_id)) as reader:
            assert reader.read() == data
