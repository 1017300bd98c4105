"""The corpus's compressible inputs through the real `import` (issue 14 item 3): the genuine
burst is imported, the bomb cut into pieces is refused in one sentence naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.hostile.corpus import BUILDERS


def test_burst_imports_and_bomb_in_pieces_is_refused(vault_dir: Path, cli: Any,
                                                     tmp_path: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    burst, bomb = tmp_path / "burst-chat.zip", tmp_path / "bomb-in-pieces.zip"
    BUILDERS[burst.name](burst)
    BUILDERS[bomb.name](bomb)
    imported = cli("import", "--no-ocr", str(burst))
    assert imported.code == 0, imported.err
    assert "100000 messages" in imported.out.replace(",", "").replace("\u202f", "") \
        or "imported as item" in imported.out
    refused = cli("import", "--no-ocr", str(bomb))
    assert refused.code == 3
    errors = [line for line in refused.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and bomb.name in errors[0] and "zip bomb" in errors[0]
