"""SIGKILL at every named fault point, through the real command line, then reopen and check.

Each case builds a small vault in-process (cheap key derivation), runs one `python -m evidencekit`
command in a child with EVIDENCEKIT_FAULT set, and checks what a power cut there must leave: an
intact database, a valid custody chain, every original whole or absent, the operation applied
all-or-nothing, no half export under the final name, and one passphrase that still opens the vault.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evidencekit.core import sealed
from evidencekit.core.blobreader import iter_chunks
from evidencekit.core.db import integrity_problems
from evidencekit.core.errors import WrongPassphrase
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_one
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "violet tractor harbour sixteen lanterns"
# Custody actions every unlock (and our own verify) adds; not part of the operation under test.
BOOKKEEPING_ACTIONS = frozenset({"unlocked", "unlock-failed", "schema-migrated", "verified"})
# Committed on purpose before an export is written, and kept for the next one.
EXPORT_PREP_ACTIONS = frozenset({"exhibit-numbered", "signing-key-created"})
# Content tables compared before and after: a killed operation must leave them exactly as they
# were (or, past its commit, changed).
CONTENT_TABLES = ("cases", "items", "originals", "imports", "annotations", "derived", "removals",
                  "messages", "message_attachments", "exhibits", "dossier_info",
                  "sealed_originals")

WHATSAPP = (
    "[12/11/2026 21:05:01] Karim: Je sais où tu habites\n"
    "[12/11/2026 21:05:40] Karim: Tu vas voir\n"
    "\u200e[12/11/2026 21:06:02] Karim: \u200e<pièce jointe : 00000012-PHOTO-2026-11-12.jpg>\n"
    "[13/11/2026 08:00:00] Lina: Arrête, je vais porter plainte\n"
)


# -- inputs ------------------------------------------------------------------------------------

def whatsapp_zip(folder: Path) -> Path:
    path = folder / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", WHATSAPP.encode("utf-8"))
        zf.writestr("00000012-PHOTO-2026-11-12.jpg", b"\xff\xd8\xff\xe0" + os.urandom(3000))
    return path


def sms_xml(folder: Path) -> Path:
    import base64

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + os.urandom(200)).decode()
    path = folder / "sms-20241112.xml"
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"2\">\n"
        '<sms address="+33612345678" date="1731441900000" type="1" body="Réponds" />\n'
        '<mms date="1731442000000" msg_box="1" address="+33612345678"><parts>'
        f'<part ct="image/png" name="photo.png" data="{png}" />'
        '<part ct="text/plain" text="regarde" /></parts>'
        '<addrs><addr address="+33612345678" type="137" /></addrs></mms>\n</smses>\n',
        encoding="utf-8")
    return path


def text_png(path: Path, text: str = "HARASSMENT EVIDENCE") -> Path:
    """A screenshot-like PNG with large black text, so Tesseract reads something."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (900, 120), "white")
    ImageDraw.Draw(image).text((20, 30), text, fill="black",
                               font=ImageFont.load_default(size=48))
    image.save(path, format="PNG")
    return path


# -- vault state -------------------------------------------------------------------------------

def snapshot(vault: Vault) -> dict[str, Any]:
    """Everything an operation can change, minus what every unlock appends to the log."""
    conn = vault.conn
    state: dict[str, Any] = {}
    for table in CONTENT_TABLES:
        digest = hashlib.sha256()
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(row).encode())
        state[table] = digest.hexdigest()
    state["chunks"] = conn.execute("SELECT count(*), coalesce(sum(length(data)), 0)"
                                   " FROM chunks").fetchone()
    state["search"] = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    state["custody"] = [(e.action, e.item_id) for e in vault.custody.entries()
                        if e.action not in BOOKKEEPING_ACTIONS]
    return state


def assert_sound(vault: Vault) -> None:
    """The invariants a crash must never break, whatever the fault point."""
    conn = vault.conn
    assert integrity_problems(conn) == []
    report = verify_vault(vault)
    assert report.ok, report.problems
    removed = {int(r[0]) for r in conn.execute("SELECT item_id FROM removals")}
    # Every original is whole: its chunks, in order, hash to the recorded SHA-256.
    for item_id, sha, size in conn.execute("SELECT item_id, sha256, size FROM originals"):
        digest = hashlib.sha256()
        total = 0
        for _seq, data in iter_chunks(conn, int(item_id)):  # chunk rows or a sealed file
            digest.update(data)
            total += len(data)
        if item_id in removed:
            assert total == 0
        else:
            assert (digest.hexdigest(), total) == (sha, size), f"item {item_id} is not whole"
    # A sealed file that no row names (its import was killed) is gone after the unlock.
    named = {str(r[0]) for r in conn.execute("SELECT name FROM sealed_originals")}
    folder = vault.folder / "originals"
    on_disk = {p.name for p in folder.iterdir()} if folder.exists() else set()
    assert on_disk == named, f"sealed files without their row: {on_disk - named}"
    # ... or absent: no item row, chunk, message or derived text without its original.
    orphans = {
        "items without original": "SELECT count(*) FROM items i WHERE i.kind != 'url' AND NOT"
                                  " EXISTS (SELECT 1 FROM originals o WHERE o.item_id = i.id)",
        "chunks without original": "SELECT count(*) FROM chunks c WHERE NOT EXISTS"
                                   " (SELECT 1 FROM originals o WHERE o.item_id = c.item_id)",
        "messages without original": "SELECT count(*) FROM messages m WHERE NOT EXISTS"
                                     " (SELECT 1 FROM originals o WHERE o.item_id = m.item_id)",
    }
    for what, sql in orphans.items():
        assert conn.execute(sql).fetchone()[0] == 0, what
    for data, sha in conn.execute("SELECT data, sha256 FROM derived"):
        assert hashlib.sha256(data).hexdigest() == sha


def open_with_either(folder: Path) -> tuple[Vault, str]:
    """Open with the old passphrase or the new one; exactly one of them must work."""
    works = []
    for name, secret in (("old", PASSPHRASE), ("new", NEW_PASSPHRASE)):
        try:
            Vault.open(folder, secret).close()
            works.append(name)
        except WrongPassphrase:
            pass
    assert len(works) == 1, f"passphrases that open the vault: {works}"
    return Vault.open(folder, PASSPHRASE if works == ["old"] else NEW_PASSPHRASE), works[0]


# -- running the command line ------------------------------------------------------------------

def run_cli(vault_dir: Path, secret_file: Path, args: list[str], *, fault: str = "",
            preexec: Callable[[], None] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, EVIDENCEKIT_FAULT=fault)
    cmd = [sys.executable, "-m", "evidencekit", "--vault", str(vault_dir),
           "--passphrase-file", str(secret_file), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120,
                          check=False, preexec_fn=preexec, cwd=cwd)


@dataclass(frozen=True)
class FaultCase:
    fault: str
    setup: str  # "empty", "screenshot" (one unread PNG), "evidence" (PNG + chat), "v1"
    args: tuple[str, ...]  # CLI arguments; {in}, {out} are filled in
    applied: bool  # whether the operation's effect is in the vault after the kill
    export: str = ""  # "absent" or "whole": what may sit under the export's final name


IMPORT_BIG = ("import", "--no-ocr", "--case", "crash", "{in}/big.bin")
IMPORT_SEALED = ("import", "--no-ocr", "--case", "crash", "{in}/video.mp4")
IMPORT_ZIP = ("import", "--no-ocr", "--case", "crash", "{in}/WhatsApp Chat - Karim.zip")
IMPORT_SMS = ("import", "--no-ocr", "--case", "crash", "{in}/sms-20241112.xml")
DOSSIER = ("export", "dossier", "--recipient", "police", "--out", "{out}/dossier.pdf")
BUNDLE = ("export", "bundle", "--out", "{out}/bundle.zip")
PASSWD = ("passwd",)

CASES = [
    # file import: one file, one transaction
    FaultCase("import.after_first_chunk", "empty", IMPORT_BIG, False),
    FaultCase("import.before_commit", "empty", IMPORT_BIG, False),
    FaultCase("import.after_store", "empty", IMPORT_BIG, False),
    FaultCase("import.before_tx_commit", "empty", IMPORT_BIG, False),
    # a large original, sealed into its own file before the transaction commits
    FaultCase("import.after_first_chunk", "empty", IMPORT_SEALED, False),
    FaultCase("import.before_commit", "empty", IMPORT_SEALED, False),
    FaultCase("import.before_tx_commit", "empty", IMPORT_SEALED, False),
    FaultCase("remove.after_chunks_deleted", "sealed", ("remove", "1", "--reason", "test"),
              False),
    # zip and chat import: export, media and messages kept together or not at all
    FaultCase("chat.after_member_stored", "empty", IMPORT_ZIP, False),
    FaultCase("chat.after_media_stored", "empty", IMPORT_ZIP, False),
    FaultCase("chat.before_messages", "empty", IMPORT_ZIP, False),
    FaultCase("messages.mid_flush", "empty", IMPORT_ZIP, False),
    FaultCase("chat.before_commit", "empty", IMPORT_ZIP, False),
    FaultCase("chat.before_messages", "empty", IMPORT_SMS, False),
    FaultCase("messages.mid_flush", "empty", IMPORT_SMS, False),
    FaultCase("import.before_tx_commit", "empty", IMPORT_SMS, False),
    # OCR: each image in its own transaction
    FaultCase("ocr.before_derived", "screenshot", ("ocr",), False),
    FaultCase("ocr.after_derived", "screenshot", ("ocr",), False),
    FaultCase("ocr.after_commit", "screenshot", ("ocr",), True),
    # dossier export: temp file beside the output, renamed into place, then logged
    FaultCase("dossier.after_write", "evidence", DOSSIER, False, "absent"),
    FaultCase("dossier.before_rename", "evidence", DOSSIER, False, "absent"),
    FaultCase("dossier.after_rename", "evidence", DOSSIER, False, "whole"),
    # bundle export: built and verified in a hidden file, renamed inside the log's transaction
    FaultCase("bundle.after_zip_written", "evidence", BUNDLE, False, "absent"),
    FaultCase("bundle.before_rename", "evidence", BUNDLE, False, "absent"),
    FaultCase("bundle.after_rename", "evidence", BUNDLE, False, "whole"),
    # passphrase change: pending slots, log, rekey, promotion
    FaultCase("passwd.after_pending_slots", "evidence", PASSWD, False),
    FaultCase("passwd.after_log", "evidence", PASSWD, True),
    FaultCase("passwd.after_rekey", "evidence", PASSWD, True),
    FaultCase("passwd.after_promote", "evidence", PASSWD, True),
    # schema migration: each step its own transaction
    FaultCase("migrate.2.before_commit", "v1", ("list",), False),
    FaultCase("migrate.3.before_commit", "v1", ("list",), False),
    # edits: annotation, removal, journal
    FaultCase("annotate.before_log", "evidence", ("annotate", "1", "--url", "https://x.example/1"),
              False),
    FaultCase("remove.after_chunks_deleted", "evidence", ("remove", "1", "--reason", "test"),
              False),
    FaultCase("journal.after_store", "evidence", ("journal", "--text-file", "{in}/journal.txt"),
              False),
]


def build(tmp_path: Path, setup: str) -> tuple[Path, Path, Path, Path]:
    """The vault folder, the passphrase file, the inputs folder and the export folder."""
    folder = tmp_path / "vault"
    inputs = tmp_path / "in"
    exports = tmp_path / "out"
    inputs.mkdir()
    exports.mkdir()
    secret = tmp_path / "secret.txt"
    # passwd reads the old passphrase, then the new one; other commands read the first line.
    secret.write_text(f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n", encoding="utf-8")
    # 2 MiB + 5 bytes: three chunks, so a kill after the first leaves a partial write to undo.
    (inputs / "big.bin").write_bytes(os.urandom(2 * 1024 * 1024 + 5))
    (inputs / "video.mp4").write_bytes(os.urandom(sealed.THRESHOLD + 5))
    whatsapp_zip(inputs)
    sms_xml(inputs)
    (inputs / "journal.txt").write_text("Il m'a suivie jusqu'à la gare.\n", encoding="utf-8")
    if setup == "v1":
        from tests.core.test_schema import _vault_at_version_1

        _vault_at_version_1(folder)
        return folder, secret, inputs, exports
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)
    with vault:
        options = ImportOptions(case="crash", timezone="Europe/Paris")
        if setup in ("screenshot", "evidence"):
            shot = import_one(vault, text_png(inputs / "shot.png"), options)
            assert shot.item_id == 1, shot.message
        if setup == "sealed":
            video = import_one(vault, inputs / "video.mp4", options)
            assert video.item_id == 1, video.message
        if setup == "evidence":
            chat = import_one(vault, inputs / "WhatsApp Chat - Karim.zip", options)
            assert chat.status == "imported", chat.message
    return folder, secret, inputs, exports


def check_export(exports: Path, expected: str) -> None:
    finals = [p for p in exports.iterdir() if not p.name.startswith(".")]
    if expected != "whole":
        assert finals == [], f"export under its final name after a kill: {finals}"
        return
    assert len(finals) == 1
    final = finals[0]
    if final.suffix == ".pdf":
        from pypdf import PdfReader

        data = final.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        assert len(PdfReader(final).pages) >= 1
    else:
        from evidencekit.dossier.verify_bundle import verify_bundle

        assert verify_bundle(final).ok


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.fault}-{c.args[-1].rsplit('/')[-1]}")
def test_killed_at_fault_point(tmp_path: Path, case: FaultCase) -> None:
    folder, secret, inputs, exports = build(tmp_path, case.setup)
    before: dict[str, Any] | None = None
    if case.setup != "v1":
        with Vault.open(folder, PASSPHRASE) as vault:
            before = snapshot(vault)
    args = [a.replace("{in}", str(inputs)).replace("{out}", str(exports)) for a in case.args]
    proc = run_cli(folder, secret, args, fault=case.fault)
    # The child reached the point and died there, like a power cut: no chance to clean up.
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr)

    if case.export:
        check_export(exports, case.export)
    vault, works = open_with_either(folder)
    with vault:
        assert_sound(vault)
        if case.args == PASSWD:
            assert works == ("new" if case.applied else "old")
        else:
            assert works == "old"
        if before is not None:
            after = snapshot(vault)
            if case.args == PASSWD:
                # Contents never change with the key; only the log may say a change was begun.
                assert {k: v for k, v in after.items() if k != "custody"} == \
                    {k: v for k, v in before.items() if k != "custody"}
            elif case.applied:
                assert after != before
            else:
                if case.export:
                    # Exhibit numbers and the signing key are made once, in their own committed
                    # steps before the drawing (a re-export keeps them): they may exist.
                    # The bundle's inner dossier is logged as an export of its own: checked in
                    # test_killed_bundle_logs_no_dossier_export.
                    prep = EXPORT_PREP_ACTIONS | ({"exported"} if "bundle" in case.args else set())
                    for state in (before, after):
                        state.pop("exhibits")
                        state["custody"] = [e for e in state["custody"] if e[0] not in prep]
                assert after == before, "a killed operation left part of its work"


def test_killed_bundle_logs_no_dossier_export(tmp_path: Path) -> None:
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    args = [a.replace("{out}", str(exports)) for a in BUNDLE]
    assert run_cli(folder, secret, args, fault="bundle.before_rename").returncode \
        == -signal.SIGKILL
    with Vault.open(folder, PASSPHRASE) as vault:
        actions = [e.action for e in vault.custody.entries()]
    assert "exported" not in actions, "the log records a dossier nobody received"


def test_fault_points_are_at_least_twenty() -> None:
    # The brief: at least 20 distinct named points across every write path.
    assert len({c.fault for c in CASES}) >= 20


@pytest.mark.parametrize("fault", [
    "dossier.before_rename",
    "bundle.before_rename"])
def test_export_after_a_kill_succeeds_and_cleans_up(tmp_path: Path, fault: str) -> None:
    """A second export after a killed one works, and no hidden temporary file is left behind
    (it would hold a decrypted copy of the evidence next to the user's chosen file)."""
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    args = list(DOSSIER if fault.startswith("dossier") else BUNDLE)
    args = [a.replace("{out}", str(exports)) for a in args]
    assert run_cli(folder, secret, args, fault=fault).returncode == -signal.SIGKILL
    proc = run_cli(folder, secret, args)
    assert proc.returncode == 0, proc.stderr
    leftovers = sorted(p.name for p in exports.iterdir() if p.name.startswith("."))
    assert leftovers == [], f"temporary files left beside the export: {leftovers}"
