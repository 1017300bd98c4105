"""GUI test fixtures: offscreen Qt, settings in tmp_path, real vaults, the composed app."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from evidencekit.core.kdf import TEST_PARAMS  # noqa: E402
from evidencekit.core.vault import Vault  # noqa: E402
from evidencekit.gui.app import Composition, compose  # noqa: E402
from evidencekit.i18n import set_language  # noqa: E402

PASSPHRASE = "correct horse battery staple 42"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "vault"


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def existing_vault(vault_path: Path) -> Path:
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    vault.close()
    return vault_path


@pytest.fixture
def make_app(qapp: QApplication, settings_path: Path,
             vault_path: Path) -> Iterator[object]:
    """Compose the real app (what run() does, minus exec()); tears everything down after."""
    made: list[Composition] = []

    def build() -> Composition:
        composition = compose(qapp, vault_path, settings_path)
        composition.shell.show()
        made.append(composition)
        return composition

    yield build
    for composition in made:
        composition.session.lock()
        composition.jobs.cancel_all()
        composition.jobs.wait(10_000)
        qapp.removeEventFilter(composition.idle)
        qapp.removeEventFilter(composition.quick_exit)
        for widget in QApplication.topLevelWidgets():
            widget.close()
        composition.shell.deleteLater()
    QApplication.processEvents()
    set_language("en")
    qapp.setLayoutDirection(qapp.layoutDirection().LeftToRight)


def unlock(composition: Composition, qtbot: object, passphrase: str = PASSPHRASE) -> None:
    from evidencekit.gui.unlock.unlock_page import UnlockPage

    page = composition.shell.current_screen
    assert isinstance(page, UnlockPage)
    page.secret.setText(passphrase)
    page.unlock()
    qtbot.waitUntil(lambda: composition.session.is_unlocked, timeout=10_000)  # type: ignore[attr-defined]
