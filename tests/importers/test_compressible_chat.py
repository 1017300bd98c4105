"""A genuine burst of identical messages is not a zip bomb (issue 14 item 3), a real bomb is."""

from __future__ import annotations

import zipfile
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one

LINE = "[12/11/2026 21:05:01] Karim: Tu vas voir ce qui va t'arriver\n"


def _state(vault: Vault) -> tuple[int, int]:
    conn = vault.conn
    return (conn.execute("SELECT count(*) FROM items").fetchone()[0],
            conn.execute("SELECT count(*) FROM chunks").fetchone()[0])


def test_a_zipped_burst_of_100000_identical_messages_imports(vault: Vault,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", LINE * 100_000)
    info = zipfile.ZipFile(path).getinfo("_chat.txt")
    assert info.file_size > 250 * info.compress_size  # what the ratio test alone refused
    outcome = import_one(vault, path, ImportOptions(case="burst", timezone="Europe/Paris"))
    assert outcome.status == "imported", outcome.message
    count = vault.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert count == 100_000


def test_many_compressible_entries_adding_up_to_a_bomb_are_refused(vault: Vault,
                                                                    tmp_path: Path) -> None:
    """Each entry alone under the cap, together 160 MB of zeros from about 160 KB."""
    path = tmp_path / "bombs.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", LINE)
        for n in range(4):
            with zf.open(f"0000000{n}-VIDEO.bin", "w") as member:
                for _ in range(40):
                    member.write(b"\0" * (1 << 20))
    before = _state(vault)
    outcome = import_one(vault, path, ImportOptions(case="burst"))
    assert outcome.status == "refused", outcome.message
    assert "bombs.zip" in outcome.message and "zip bomb" in outcome.message
    assert _state(vault) == before
