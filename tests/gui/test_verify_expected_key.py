"""The “check a dossier you received” page takes the fingerprint the sender gave by phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.known_keys import KnownKeys
from evidencekit.dossier.request import DossierRequest
from evidencekit.gui.verify.page import VerifyDialog
from evidencekit.gui.worker import JobRunner
from tests.dossier.test_bundle import CASE, PASS, fill


@pytest.fixture
def bundle(tmp_path: Path) -> tuple[Path, str]:
    with Vault.create(tmp_path / "vault", PASS, kdf=TEST_PARAMS)[0] as vault:
        fill(vault)
        key = signing.fingerprint(signing.signing_key(vault).public_key())
        export_bundle(vault, DossierRequest("police", case=CASE, item_ids=(1,)),
                      tmp_path / "b.zip")
    return tmp_path / "b.zip", key


def test_expected_fingerprint_field(qapp, qtbot, bundle: tuple[Path, str]) -> None:
    path, key = bundle
    jobs = JobRunner()
    dialog = VerifyDialog(jobs)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    assert panel.expected_key.accessibleName() == "Expected key fingerprint"

    with qtbot.waitSignal(panel.checked, timeout=60_000) as blocker:
        panel.verify_path(path)  # no fingerprint given, none seen before
    assert blocker.args == [True]
    assert panel.verdict.text().startswith("Intact, but signed by a key never seen")
    assert [(k.fingerprint, k.confirmed) for k in KnownKeys().keys] == [(key, False)]

    qtbot.keyClicks(panel.expected_key, "ab" * 32)  # not the sender's key
    with qtbot.waitSignal(panel.checked, timeout=60_000) as blocker:
        panel.verify_path(path)
    assert blocker.args == [False]
    assert panel.verdict.text().startswith("Not signed by the expected key")
    details = panel.details.toPlainText()
    assert "✗ signing-key.pem: signed with the key " + key in details
    # A failed check remembers nothing.
    assert [(k.fingerprint, k.confirmed) for k in KnownKeys().keys] == [(key, False)]

    panel.expected_key.setText(" ".join(key[i:i + 4].upper() for i in range(0, 64, 4)))
    with qtbot.waitSignal(panel.checked, timeout=60_000) as blocker:
        panel.verify_path(path)
    assert blocker.args == [True]
    assert panel.verdict.text().startswith("Intact: every file")
    assert "the one you expected" in panel.details.toPlainText()
    assert f"Signing key: {key}" in panel.details.toPlainText()
    assert [(k.fingerprint, k.confirmed) for k in KnownKeys().keys] == [(key, True)]

    panel.expected_key.clear()  # now pinned: the next check needs no field
    with qtbot.waitSignal(panel.checked, timeout=60_000) as blocker:
        panel.verify_path(path)
    assert blocker.args == [True]
    assert "seen before on this computer" in panel.details.toPlainText()

    panel.expected_key.setText("not a fingerprint")
    with qtbot.waitSignal(panel.checked, timeout=60_000) as blocker:
        panel.verify_path(path)
    assert blocker.args == [False]
    assert "64 hexadecimal characters" in panel.verdict.text()
    jobs.wait(5000)
