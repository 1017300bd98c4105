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


def test_the_size_of_a_large_video_reads_in_the_readers_word_for_bytes(vault: Vault,
                                                                      tmp_path: Path) -> None:
    """A French officer read "9 437 216 B"; the exact count stays, with the word she uses."""
    video = tmp_path / "clip.mp4"
    with video.open("wb") as out:
        out.write(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41")
        out.truncate(9 * 1024 * 1024 + 32)
    import_paths(vault, [video], ImportOptions(case="Salma"))
    # Poppler reads the number of an Arabic cell apart from its word: each is looked for.
    for lang, word in (("fr", "9437216octets—video/mp4"), ("ar", "بايت—video/mp4")):
        pdf = tmp_path / f"police-{lang}.pdf"
        render_dossier(vault, DossierRequest("police", lang, case="Salma"), pdf)
        text = CONTROLS.sub("", subprocess.run(["pdftotext", str(pdf), "-"],
                                               capture_output=True, text=True,
                                               check=True).stdout)
        assert word in text and "9437216" in text and "9437216B" not in text
