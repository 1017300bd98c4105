"""An Arabic dossier separates the items of a list with the Arabic comma, as a reader there
writes them; a Latin comma between Arabic words reads as a foreign mark (read back with
pdftotext, its direction controls removed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_paths

CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\\s]")


def test_the_missing_fields_are_listed_with_the_arabic_comma(vault: Vault,
                                                              tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + b"\x00" * 64)
    (done,) = import_paths(vault, [video], ImportOptions(case="Salma"))
    assert done.item_id is not None
    out = tmp_path / "emc.pdf"
    render_dossier(vault, DossierRequest("emc", "ar", case="Salma"), out)
    text = CONTROLS.sub("", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                           text=True, check=True).stdout)
    assert "الرابط،الناشر" in text  # "URL، author": no URL and no author were given
    assert not re.search("[\u0600-\u06ff)],[\u0600-\u06ff(]", text)
