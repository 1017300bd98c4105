"""Leaks: after a whole session through the command line, the evidence is nowhere but the vault.

A marker string goes into every kind of evidence (screenshot pixels read by OCR, chat exports,
SMS, e-mail, Telegram, Instagram). After init, import, OCR, listing, verification and both
exports, the marker (as UTF-8, UTF-16 and hex) must not appear in any file under HOME, TMPDIR,
the working folder or the vault folder (encrypted), nor in new files under /tmp or /dev/shm,
nor in what the commands print, except `messages` and `search`, whose job is to print it; the
only plaintext copies are the exports the user asked for.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

# Random per run, so nothing else on the machine can hold it by chance; upper-case letters only,
# which Tesseract reads reliably from a large plain font.
MARKER = "QUOKKAZEBRA" + "".join(random.choice("BCDFGHJKLMNPRSTVWXZ") for _ in range(4))
PRINTS_EVIDENCE = frozenset({"messages", "search"})


def forms(marker: str) -> dict[str, bytes]:
    raw = marker.encode()
    return {"utf-8": raw, "utf-16-le": marker.encode("utf-16-le"),
            "utf-16-be": marker.encode("utf-16-be"), "hex": raw.hex().encode(),
            "HEX": raw.hex().upper().encode(), "base64": base64.b64encode(raw)[:12]}


def screenshot(path: Path, text: str) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1000, 140), "white")
    ImageDraw.Draw(image).text((20, 40), text, fill="black", font=ImageFont.load_default(size=56))
    image.save(path, format="PNG")
    return path


def write_inputs(folder: Path) -> list[Path]:
    """One small export of each format, every one holding the marker."""
    folder.mkdir()
    shot = screenshot(folder / "capture.png", MARKER)
    wa = folder / "WhatsApp Chat - K.zip"
    with zipfile.ZipFile(wa, "w") as zf:
        zf.writestr("_chat.txt", f"[12/11/2026 21:05:01] Karim: tu vas voir {MARKER}\n"
                                 "[12/11/2026 21:06:00] Karim: <attached: 00000001-PHOTO.png>\n")
        zf.write(shot, "00000001-PHOTO.png")
    mms_png = base64.b64encode(shot.read_bytes()).decode()
    sms = folder / "sms-backup.xml"
    sms.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"2\">\n"
        f'<sms address="+33600000000" date="1731441900000" type="1" body="sms {MARKER}" />\n'
        '<mms date="1731442000000" msg_box="1" address="+33600000000"><parts>'
        f'<part ct="image/png" name="mms.png" data="{mms_png}" />'
        f'<part ct="text/plain" text="mms {MARKER}" /></parts>'
        '<addrs><addr address="+33600000000" type="137" /></addrs></mms>\n</smses>\n',
        encoding="utf-8")
    attachment = base64.b64encode(f"pièce jointe {MARKER}\n".encode()).decode()
    eml = folder / "message.eml"
    eml.write_bytes(
        b"From: Harceleur <h@example.org>\nTo: v@example.net\nSubject: menace\n"
        b"Date: Tue, 12 Nov 2024 21:05:00 +0100\nMessage-ID: <leak@example.org>\n"
        b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=BB\n\n--BB\n"
        b"Content-Type: text/plain; charset=utf-8\n\ncorps " + MARKER.encode() + b"\n--BB\n"
        b"Content-Type: text/plain; name=note.txt\nContent-Disposition: attachment; "
        b"filename=note.txt\nContent-Transfer-Encoding: base64\n\n" + attachment.encode()
        + b"\n--BB--\n")
    telegram = folder / "result.json"
    telegram.write_text(json.dumps({
        "name": "Y", "type": "personal_chat", "id": 42, "messages": [
            {"id": 1, "type": "message", "date": "2026-11-12T21:05:00",
             "date_unixtime": "1794513900", "from": "Y", "from_id": "user42",
             "text": f"telegram {MARKER}"}]}), encoding="utf-8")
    instagram = folder / "message_1.json"
    instagram.write_text(json.dumps({
        "participants": [{"name": "Zoe"}, {"name": "Karim"}],
        "messages": [{"sender_name": "Karim", "timestamp_ms": 1731441900123,
                      "content": f"instagram {MARKER}", "is_geoblocked_for_viewer": False}],
        "title": "Zoe", "is_still_participant": True, "thread_path": "inbox/zoe_1"}),
        encoding="utf-8")
    return [shot, wa, sms, eml, telegram, instagram]


def scan(root: Path, since: float | None = None, skip: tuple[Path, ...] = ()) -> list[str]:
    """Files under `root` (modified after `since`, when given) that hold the marker."""
    found = []
    needles = forms(MARKER)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in filenames:
            path = here / name
            try:
                st = path.lstat()
                if not path.is_file() or path.is_symlink() or st.st_size > 64 * 2**20:
                    continue
                if since is not None and st.st_mtime < since:
                    continue
                data = path.read_bytes()
            except OSError:
                continue  # another user's file, or gone: not ours
            found += [f"{path} ({form})" for form, needle in needles.items() if needle in data]
    return found


@pytest.mark.slow
def test_full_session_leaves_no_plaintext_outside_the_vault_and_exports(tmp_path: Path) -> None:
    from evidencekit.importers import ocr

    if not ocr.available():
        pytest.skip("Tesseract is not installed")
    started = time.time() - 1
    home, tmpdir, work, exports = (tmp_path / n for n in ("home", "tmp", "work", "exports"))
    for folder in (home, tmpdir, work, exports):
        folder.mkdir()
    inputs = write_inputs(tmp_path / "inputs")
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TMP", "TEMP"))}
    env.update(HOME=str(home), TMPDIR=str(tmpdir), TMP=str(tmpdir), TEMP=str(tmpdir),
               EVIDENCEKIT_INSECURE_TEST_KDF="1", LANGUAGE="en")
    env.pop("EVIDENCEKIT_FAULT", None)

    printed: list[tuple[str, str]] = []

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        # No --vault: the default location under HOME, as a real user would have it.
        proc = subprocess.run([sys.executable, "-m", "evidencekit", "--passphrase-file",
                               str(secret), *args], env=env, cwd=work, capture_output=True,
                              text=True, timeout=300, check=False)
        if args[0] not in PRINTS_EVIDENCE:
            printed.append((" ".join(args[:2]), proc.stdout + proc.stderr))
        return proc

    steps = [
        ("init", "--no-recovery-key"),
        ("import", "--case", "Karim", *map(str, inputs)),
        ("ocr",),
        ("list",), ("cases",), ("show", "1"), ("log",), ("messages",), ("search", MARKER),
        ("annotate", "1", "--title", "capture"),
        ("export", "dossier", "--recipient", "police", "--out", str(exports / "dossier.pdf")),
        ("export", "bundle", "--out", str(exports / "bundle.zip")),
        ("verify-bundle", str(exports / "bundle.zip")),
        ("verify",),
    ]
    for step in steps:
        proc = cli(*step)
        assert proc.returncode == 0, (step, proc.stdout, proc.stderr)

    # The session really carried the marker everywhere: OCR read it, every format gave messages.
    found = cli("search", MARKER).stdout
    assert found.count(MARKER) >= 6, found
    assert "search" in PRINTS_EVIDENCE  # and its output is, rightly, not checked below

    # The scanner itself finds the marker where it is in plain sight (the inputs).
    assert scan(tmp_path / "inputs")
    leaks = [f"output of `{what}`" for what, text in printed
             if any(n.decode("latin-1") in text for n in forms(MARKER).values())]
    for root in (home, tmpdir, work):  # HOME holds the vault itself: encrypted, so no marker
        leaks += scan(root)
    leaks += scan(Path("/dev/shm"), since=started)
    # New files anywhere else in /tmp (tesseract, reportlab, zipfile…), minus this test's inputs
    # and exports and other test runs' folders.
    pytest_root = tmp_path.parents[1]  # /tmp/pytest-of-USER: this and other runs' tmp_paths
    leaks += scan(Path("/tmp"), since=started, skip=(tmp_path, pytest_root))
    assert leaks == [], f"the marker leaked: {leaks}"
    # The exports are the user's explicit choice: the only plaintext copies.
    assert (exports / "dossier.pdf").exists() and (exports / "bundle.zip").exists()
    assert {p.name for p in exports.iterdir()} == {"dossier.pdf", "bundle.zip"}


def test_core_dumps_are_off_after_hardening() -> None:
    code = ("import ctypes, resource\n"
            "from evidencekit.core.hardening import harden_process\n"
            "harden_process()\n"
            "libc = ctypes.CDLL(None)\n"
            "print(resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    # (0, 0): no core file at all; PR_GET_DUMPABLE 0: no dump and no ptrace by other users.
    assert proc.stdout.split() == ["(0,", "0)", "0"]
