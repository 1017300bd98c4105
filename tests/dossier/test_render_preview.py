"""The export preview: the same dossier as the saved one, drawn in memory, nothing written or logged."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidencekit.core.errors import UsageError
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier, render_preview
from evidencekit.dossier.request import DossierRequest
from tests.dossier.test_dossier_helpers import CASE, populate

PASS = "pass phrase for tests"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int], Path]]:
    root = tmp_path_factory.mktemp("preview")
    vault, _ = Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)
    ids = populate(vault, root)
    yield vault, ids, root
    vault.close()


def _files(root: Path) -> set[str]:
    return {str(Path(folder, name).relative_to(root)) for folder, _dirs, names in os.walk(root)
            for name in names}


def _exports(vault: Vault) -> int:
    return int(vault.conn.execute(
        "SELECT count(*) FROM custody WHERE action = 'exported'").fetchone()[0])


@pytest.mark.parametrize(("recipient", "lang"), [("police", "fr"), ("ma-police", "ar"),
                                                 ("pharos", "fr"), ("lawyer", "en")])
def test_the_preview_is_the_dossier_and_touches_no_disk(filled, tmp_path: Path, recipient: str,
                                                        lang: str) -> None:
    vault, ids, root = filled
    request = DossierRequest(recipient, lang, case=CASE, message_ids=(ids["msg2"],))
    before_files, before_log = _files(root), _exports(vault)
    data, pages = render_preview(vault, request, Path("plainte.pdf"))
    assert _files(root) == before_files and _exports(vault) == before_log
    assert list(tmp_path.iterdir()) == []
    preview = PdfReader(io.BytesIO(data))
    assert len(preview.pages) == pages
    saved = render_dossier(vault, request, tmp_path / "plainte.pdf")
    assert _exports(vault) == before_log + 1  # only the real export is logged
    final = PdfReader(tmp_path / "plainte.pdf")
    assert saved.pages == pages
    # The same pages with the same exhibit numbers; only the drawing time may differ.
    for shown, written in zip(preview.pages, final.pages, strict=True):
        assert (shown.extract_text() or "").split()[:25] == (written.extract_text() or "").split()[:25]


def test_a_bad_request_is_refused_in_one_sentence(filled) -> None:
    vault, _ids, _root = filled
    with pytest.raises(UsageError):
        render_preview(vault, DossierRequest("nobody", "fr", case=CASE), Path("x.pdf"))
    with pytest.raises(UsageError):
        render_preview(vault, DossierRequest("police", "xx", case=CASE), Path("x.pdf"))
