"""The zone a dossier's dates are shown in: the vault's when it names a place, Europe/Paris for a
French recipient when the vault was made on a UTC machine, or the one asked for."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

CHAT = "[12/11/2026 21:05:01] Karim: Je sais où tu habites\n[13/11/2026 08:00:00] Lina: Arrête\n"


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def test_export_dossier_time_zone(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", CHAT.encode())
    assert cli("init", "--no-recovery-key", env={"TZ": "Etc/UTC"}).code == 0
    assert cli("import", str(export), "--case", "Karim", "--timezone", "Europe/Paris").code == 0
    paris = tmp_path / "paris.pdf"
    assert cli("export", "dossier", "--recipient", "police", "--case", "Karim", "--out",
               str(paris)).code == 0
    text = _text(paris)
    assert "Etc/UTC" not in text and "(Europe/Paris)" in text
    assert "Karim · 2026-11-12 21:05 (UTC+01:00)" in text
    montreal = tmp_path / "montreal.pdf"
    result = cli("export", "dossier", "--recipient", "police", "--case", "Karim", "--timezone",
                 "America/Montreal", "--out", str(montreal))
    assert result.code == 0, result.err
    text = _text(montreal)
    assert "(America/Montreal)" in text and "Karim · 2026-11-12 15:05 (UTC-05:00)" in text
    bad = cli("export", "dossier", "--recipient", "police", "--case", "Karim", "--timezone",
              "Mars/Olympus_Mons", "--out", str(tmp_path / "x.pdf"))
    assert bad.code == 2
    assert bad.err.strip().splitlines() == [
        "error: Unknown time zone “Mars/Olympus_Mons”; give an IANA name such as Europe/Paris "
        "or Africa/Casablanca."]
    assert not (tmp_path / "x.pdf").exists()
