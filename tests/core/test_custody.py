"""Tamper evidence: append-only tables, the hash chain, and `verify` naming what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from evidencekit.core import evidence
from evidencekit.core.db import DB_NAME, connect
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE, write_png


def _raw(vault: Vault) -> object:
    """A raw SQLCipher connection with the vault's key, as an attacker with the key would use."""
    return connect(vault.folder / DB_NAME, bytes(vault._key))


def test_database_refuses_update_and_delete_of_originals_and_log(vault: Vault, tmp_path: Path) -> None:
    item = import_file(vault, write_png(tmp_path / "a.png"), case="c").item_id
    conn = vault.conn
    for sql in (
        "UPDATE originals SET sha256 = 'x'",
        "DELETE FROM originals",
        "UPDATE chunks SET data = x'00'",
        f"DELETE FROM chunks WHERE item_id = {item}",
        "UPDATE custody SET action = 'nothing'",
        "DELETE FROM custody",
        "DELETE FROM imports",
    ):
        with pytest.raises(sqlcipher3.IntegrityError):
            conn.execute(sql)


def test_verify_reports_intact_vault(vault: Vault, tmp_path: Path) -> None:
    import_file(vault, write_png(tmp_path / "a.png"), case="c")
    report = verify_vault(vault)
    assert report.ok and report.originals_intact == 1 and report.custody_entries == 3  # created, case, import
    assert len(report.merkle_root) == 64


def test_changed_original_bytes_are_named(vault: Vault, tmp_path: Path) -> None:
    item = import_file(vault, write_png(tmp_path / "evidence.png"), case="c").item_id
    raw = _raw(vault)
    raw.execute("DROP TRIGGER chunks_no_update")  # type: ignore[attr-defined]
    raw.execute("UPDATE chunks SET data = x'89504e47' WHERE item_id = ?", (item,))  # type: ignore[attr-defined]
    raw.commit()  # type: ignore[attr-defined]
    raw.close()  # type: ignore[attr-defined]
    report = verify_vault(vault)
    assert not report.ok
    assert any(f"item {item} (evidence.png)" in p for p in report.problems)


def test_changed_log_entry_is_named(vault: Vault, tmp_path: Path) -> None:
    import_file(vault, write_png(tmp_path / "a.png"), case="c")
    raw = _raw(vault)
    raw.execute("DROP TRIGGER custody_no_update")  # type: ignore[attr-defined]
    raw.execute("UPDATE custody SET detail = '{\"source_name\":\"other.png\"}' "  # type: ignore[attr-defined]
                "WHERE action = 'import'")
    raw.commit()  # type: ignore[attr-defined]
    raw.close()  # type: ignore[attr-defined]
    report = verify_vault(vault)
    seq = vault.conn.execute("SELECT seq FROM custody WHERE action = 'import'").fetchone()[0]
    assert any(f"entry {seq} (import" in p and "altered" in p for p in report.problems)


def test_deleted_log_entry_is_named(vault: Vault, tmp_path: Path) -> None:
    import_file(vault, write_png(tmp_path / "a.png"), case="c")
    raw = _raw(vault)
    raw.execute("DROP TRIGGER custody_no_delete")  # type: ignore[attr-defined]
    raw.execute("DELETE FROM custody WHERE seq = 2")  # type: ignore[attr-defined]
    raw.commit()  # type: ignore[attr-defined]
    raw.close()  # type: ignore[attr-defined]
    report = verify_vault(vault)
    assert any("entry 2 is missing" in p for p in report.problems)


def test_cli_verify_names_tampered_item_and_exits_1(cli, vault_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    assert cli("import", str(write_png(tmp_path / "proof.png"))).code == 0
    with Vault.open(vault_dir, PASSPHRASE) as v:
        raw = _raw(v)
        raw.execute("DROP TRIGGER chunks_no_update")  # type: ignore[attr-defined]
        raw.execute("UPDATE chunks SET data = x'00'")  # type: ignore[attr-defined]
        raw.commit()  # type: ignore[attr-defined]
        raw.close()  # type: ignore[attr-defined]
    result = cli("verify")
    assert result.code == 1
    assert "item 1 (proof.png)" in result.err and result.err.startswith("error:")


def test_removal_erases_bytes_and_keeps_hash(vault: Vault, tmp_path: Path) -> None:
    outcome = import_file(vault, write_png(tmp_path / "a.png"), case="c")
    assert outcome.item_id is not None
    with vault.transaction() as conn:
        sha = evidence.remove_item(conn, outcome.item_id, "imported by mistake")
    conn = vault.conn
    assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    item = evidence.get_item(conn, outcome.item_id)
    assert item.removal is not None and item.removal.sha256 == sha == outcome.sha256
    last = list(vault.custody.entries(outcome.item_id))[-1]
    assert last.action == "removed" and last.detail["sha256"] == sha
    assert verify_vault(vault).ok


def test_annotation_edits_are_logged_and_original_untouched(vault: Vault, tmp_path: Path) -> None:
    outcome = import_file(vault, write_png(tmp_path / "a.png"), case="c")
    item_id = outcome.item_id or 0
    with vault.transaction() as conn:
        evidence.annotate(conn, item_id, url="https://x.com/a/status/1", sensitive=True,
                          category="threats")
    item = evidence.get_item(vault.conn, item_id)
    assert item.annotations.sensitive and item.annotations.category == "threats"
    assert item.original is not None and item.original.sha256 == outcome.sha256
    last = list(vault.custody.entries(item_id))[-1]
    assert last.action == "annotated" and last.detail["changes"]["url"] == "https://x.com/a/status/1"
