"""A lawyer holding two dossiers in which one exhibit's date moved must read, in the dossier
itself, that the chat was read again and from which reading to which: date order and zone."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from evidencekit.core.evidence import ensure_case
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.dossier import exhibits
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.reread import RereadRequest, reread
from tests.core.test_reread import chat  # noqa: F401 - the fixture


def test_the_dossier_names_the_first_and_the_new_reading(chat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    vault: Vault = chat[0]
    item_id: int = chat[1]
    message = list_messages(vault.conn, item_id=item_id)[1]
    with vault.transaction() as tx:
        exhibits.assign(tx, ensure_case(tx, "Karim"), [(item_id, message["id"])])
    reread(vault, item_id, RereadRequest("Africa/Casablanca", "mdy"))
    out = tmp_path / "lawyer.pdf"
    render_dossier(vault, DossierRequest("lawyer", lang="fr", case="Karim"), out)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(out)).pages).split())
    assert "messages relus" in text
    assert "dmy, Europe/Paris → mdy, Africa/Casablanca" in text
