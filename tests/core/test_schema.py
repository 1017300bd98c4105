"""Schema migrations: a vault made by the first schema opens after every later migration."""

from __future__ import annotations

import secrets
from pathlib import Path

from evidencekit.core import schema
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import DB_NAME, configure, connect
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.keyslots import ACTIVE, KeySlots
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE


def _vault_at_version_1(folder: Path) -> None:
    """Build a vault exactly as the first release did: schema 1 only, with some content."""
    folder.mkdir(mode=0o700)
    master = secrets.token_bytes(32)
    slots = KeySlots(vault_id="v1-vault")
    slots.add_passphrase_slot(master, PASSPHRASE.encode(), TEST_PARAMS, ACTIVE)
    slots.save(folder)
    conn = connect(folder / DB_NAME, master)
    configure(conn)
    schema.migrate(conn, target=1)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO meta VALUES ('vault_id', 'v1-vault'), ('timezone', 'Europe/Paris')")
    conn.execute("INSERT INTO cases (name, created_at) VALUES ('Ancien dossier', '2026-01-01')")
    conn.execute("INSERT INTO items (case_id, kind, created_at) VALUES (1, 'file', '2026-01-01')")
    conn.execute("INSERT INTO chunks (item_id, seq, data) VALUES (1, 0, x'616263')")
    conn.execute(
        "INSERT INTO originals VALUES (1, "
        "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 3, 'text/plain',"
        " 'abc.txt', '/old/abc.txt', NULL, '2026-01-01T00:00:00Z', 'Europe/Paris', 1048576, 1,"
        " '{}')")
    # As the first release logged them: the vault's id, and the import's full hash and size.
    CustodyLog(conn).append("vault-created", vault_id="v1-vault")
    CustodyLog(conn).append(
        "import", 1, sha256="ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        size=3)
    conn.execute("COMMIT")
    assert schema.version(conn) == 1
    conn.close()


def test_first_schema_vault_opens_after_every_migration(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    _vault_at_version_1(folder)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert schema.version(vault.conn) == schema.CURRENT_VERSION
        assert vault.unlock_report.migrated_to == tuple(range(2, schema.CURRENT_VERSION + 1))
        assert [e.action for e in vault.custody.entries()][-2:] == ["schema-migrated", "unlocked"]
        report = verify_vault(vault)
        assert report.ok, report.problems
        assert report.originals_intact == 1


def test_migration_steps_are_append_only() -> None:
    """Released steps never change: their SQL is pinned by a hash here."""
    import hashlib

    pinned = {"V1": "41aa1b277f17", "V2": "4ec9c5fd15d9"}
    for name, digest in pinned.items():
        assert hashlib.sha256(getattr(schema, name).encode()).hexdigest()[:12] == digest, name
