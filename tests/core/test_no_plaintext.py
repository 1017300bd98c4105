"""No plaintext evidence outside the vault: a marker imported never appears in clear on disk."""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path

from evidencekit.core import sealed
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault

MARKER = b"MARKER-7f3a9c-je-vais-te-retrouver"


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if needle in data or needle.hex().encode() in data:
                found.append(path)
    return found


def test_marker_never_in_clear_in_vault_wal_shm_or_temp(vault: Vault, tmp_path: Path) -> None:
    source_dir = tmp_path / "source"
    source_dir.mkdir()
    evidence = source_dir / "note.txt"
    evidence.write_bytes(b"Message: " + MARKER + b"\n" * 10)
    # A compressible payload too, in case compression of pages were ever added.
    (source_dir / "blob.bin").write_bytes(zlib.compress(MARKER * 50) + MARKER)
    # A large original, sealed into its own file beside the database (core/sealed.py).
    (source_dir / "video.mp4").write_bytes(MARKER * (sealed.THRESHOLD // len(MARKER) + 10))
    temp_before = set(Path(tempfile.gettempdir()).iterdir())
    for path in source_dir.iterdir():
        assert import_file(vault, path, case="c").status == "imported"
    # While the vault is open (WAL and SHM present) and after closing.
    assert _files_containing(vault.folder, MARKER) == []
    verify_vault(vault)
    vault.close()
    assert _files_containing(vault.folder, MARKER) == []
    new_temp = set(Path(tempfile.gettempdir()).iterdir()) - temp_before
    leaked = [p for p in new_temp if p.is_file() and MARKER in p.read_bytes()]
    assert leaked == []
    assert _files_containing(Path(os.environ["HOME"]), MARKER) == []
