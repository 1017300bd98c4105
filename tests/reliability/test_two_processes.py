"""The app and the command line on one vault at once: both work, or one is told it is busy;
never corruption, and never a passphrase change under another process's feet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from evidencekit.core.db import integrity_problems
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from tests.conftest import PASSPHRASE
from tests.reliability import one_error_line, run_cli, run_many

# The "app": holds the vault open, says "ready", then follows orders read from stdin.
APP = """
import sys, time
from pathlib import Path
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
print("ready", flush=True)
for line in sys.stdin:
    order = line.split()
    if order[0] == "import":
        for path in sorted(Path(order[1]).iterdir()):
            print("import", import_file(vault, path, case="app").status, flush=True)
    elif order[0] == "hold":  # a long write transaction, as a slow import would be
        with vault.transaction() as tx:
            tx.execute("INSERT INTO cases (name, created_at) VALUES ('held', 'now')")
            print("holding", flush=True)
            time.sleep(float(order[1]))
            raise SystemExit(0)
    elif order[0] == "quit":
        break
    print("done", flush=True)
vault.close()
"""


def _start_app(folder: Path) -> subprocess.Popen[str]:
    app = subprocess.Popen([sys.executable, "-c", APP, str(folder), PASSPHRASE],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                           env=dict(os.environ))
    assert app.stdout is not None and app.stdout.readline().strip() == "ready"
    return app


def _order(app: subprocess.Popen[str], line: str) -> None:
    assert app.stdin is not None
    app.stdin.write(line + "\n")
    app.stdin.flush()


def _files(folder: Path, n: int, tag: str) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{tag}-{i:02d}.bin").write_bytes(os.urandom(300_000) + tag.encode())
    return folder


def _assert_sound(folder: Path) -> int:
    with Vault.open(folder, PASSPHRASE) as vault:
        assert integrity_problems(vault.conn) == []
        report = verify_vault(vault)
        assert report.ok, report.problems
        return int(vault.conn.execute("SELECT count(*) FROM items").fetchone()[0])


def test_app_and_cli_import_and_back_up_at_the_same_time(
    vault: Vault, tmp_path: Path, passphrase_file: Path
) -> None:
    folder = vault.folder
    vault.close()
    app_files = _files(tmp_path / "app", 30, "app")
    cli_files = _files(tmp_path / "cli", 8, "cli")
    app = _start_app(folder)
    _order(app, f"import {app_files}")
    backup = tmp_path / "during.zip"
    imported, backed_up = run_many([
        (folder, passphrase_file, ("import", "--no-ocr", "--json", str(cli_files))),
        (folder, passphrase_file, ("backup", "--out", str(backup))),
    ])
    _order(app, "quit")
    out, _err = app.communicate(timeout=120)
    assert app.returncode == 0
    app_ok = out.count("import imported")
    assert "Traceback" not in imported.stderr + backed_up.stderr
    if imported.returncode == 0:
        cli_ok = len(json.loads(imported.stdout)["imported"])
    else:  # told clearly, nothing half-done
        assert imported.returncode == 4 and one_error_line(imported.stderr)
        assert "busy" in imported.stderr
        cli_ok = 0
    assert _assert_sound(folder) == app_ok + cli_ok
    assert app_ok == 30  # the app, waiting up to its busy timeout, was never refused here
    # The backup taken in the middle is a consistent vault of its own.
    assert backed_up.returncode == 0, backed_up.stderr
    restored = tmp_path / "restored"
    assert run_cli(None, passphrase_file, "restore", str(backup), "--to",
                   str(restored)).returncode == 0
    assert 0 <= _assert_sound(restored) <= app_ok + cli_ok


def test_cli_is_told_the_vault_is_busy_while_the_app_holds_a_long_write(
    vault: Vault, tmp_path: Path, passphrase_file: Path
) -> None:
    folder = vault.folder
    vault.close()
    one = _files(tmp_path / "one", 1, "one")
    app = _start_app(folder)
    _order(app, "hold 8")
    assert app.stdout is not None and app.stdout.readline().strip() == "holding"
    r = run_cli(folder, passphrase_file, "import", "--no-ocr", str(one))
    app.communicate(timeout=60)
    assert r.returncode == 4, r.stderr
    assert one_error_line(r.stderr) and "busy with another evidencekit window" in r.stderr
    assert _assert_sound(folder) == 0  # the app's held write was rolled back, nothing else


def test_passphrase_change_and_restore_refused_while_the_app_has_the_vault_open(
    vault: Vault, tmp_path: Path, passphrase_file: Path
) -> None:
    """Rekeying under an open connection would strand it on pages it can no longer decrypt, and
    moving the folder aside would let it keep writing into the moved copy: both are refused."""
    backup = vault.backup(tmp_path / "b.zip").path
    folder = vault.folder
    vault.close()
    new_pass = tmp_path / "new.txt"
    new_pass.write_text(PASSPHRASE + "\nan entirely new passphrase for the vault 77\n")
    app = _start_app(folder)
    passwd, restore = run_many([
        (folder, new_pass, ("passwd",)),
        (folder, passphrase_file, ("restore", str(backup), "--replace")),
    ])
    for r in (passwd, restore):
        assert r.returncode == 4 and one_error_line(r.stderr), r.stderr
    assert "cannot be changed while the vault is open" in passwd.stderr
    assert "busy with another evidencekit window" in restore.stderr
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    _order(app, f"import {_files(tmp_path / 'later', 2, 'later')}")  # the app carries on
    _order(app, "quit")
    out, _err = app.communicate(timeout=60)
    assert out.count("import imported") == 2
    # Once the app has closed the vault, the same change goes through.
    assert run_cli(folder, new_pass, "passwd").returncode == 0
    with Vault.open(folder, "an entirely new passphrase for the vault 77") as reopened:
        assert verify_vault(reopened).ok
