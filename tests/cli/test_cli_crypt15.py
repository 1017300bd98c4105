"""The command line asks a WhatsApp backup's key like a passphrase and never shows it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.importers.crypt15_fixture import KEY_TEXT, encrypt, sample_database


def test_import_with_the_key_on_stdin(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    backup = tmp_path / "msgstore.db.crypt15"
    backup.write_bytes(encrypt(sample_database()))
    other = tmp_path / "note.txt"
    other.write_text("a plain note\n", encoding="utf-8")
    wrong = cli("--passphrase-stdin", "import", str(backup), str(other), passphrase=None,
                stdin=PASSPHRASE + "\n" + "ab" * 32 + "\n")
    assert wrong.code == 3
    errors = [line for line in wrong.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "this key does not open the backup" in errors[0]
    assert "Traceback" not in wrong.err
    assert "1 imported, 0 already in the vault, 1 refused." in wrong.out  # the rest still imports
    result = cli("--passphrase-stdin", "import", str(backup), passphrase=None,
                 stdin=PASSPHRASE + "\n" + KEY_TEXT + "\n")
    assert result.code == 0, result.err
    assert "9 messages" in result.out
    assert KEY_TEXT not in result.out + result.err
    shown = cli("list")
    assert "msgstore.db.crypt15" in shown.out
    listed = cli("messages").out
    # Dates in the vault's zone, never the phone's milliseconds; replies and edits in words.
    assert "1731441" not in listed
    assert "↪ reply to +33612345678: Tu vas voir ce soir" in listed
    assert "edited at 2024-11-12 " in listed and "deleted for everyone at 2024-11-12 " in listed


def test_no_key_line_is_a_refusal_not_a_crash(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    backup = tmp_path / "msgstore.db.crypt15"
    backup.write_bytes(encrypt(sample_database()))
    result = cli("import", str(backup))  # --passphrase-file holds one line only
    assert result.code == 3
    assert "needs the 64-digit key" in result.err and "Traceback" not in result.err
