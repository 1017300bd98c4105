"""Shared data for the feature-page tests: a real vault holding a WhatsApp export and a screenshot.

Named test_pages_* to sit with the page tests; it holds fixtures and helpers, no tests.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.main.main_window import MainScreen
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen

CASE = "Karim"
CHAT = (
    "[12/11/2026 21:05:01] Karim: Je sais où tu habites 🔪\n"
    "[12/11/2026 21:05:40] Karim: Tu vas voir\n"
    "demain à la sortie du lycée\n"
    "[12/11/2026 21:06:02] Karim: <pièce jointe : 00000012-PHOTO-2026-11-12-21-06-02.png>\n"
    "[12/11/2026 21:06:30] Karim: <b>pas du gras</b>\n"
    "[13/11/2026 08:00:00] Lina: Arrête, je vais porter plainte\n"
    "[13/11/2026 08:01:00] Karim: سأنشر صورك\n"
)


def png_bytes(colour: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (60, 40)
              ) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def write_chat_zip(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", CHAT.encode("utf-8"))
        zf.writestr("00000012-PHOTO-2026-11-12-21-06-02.png", png_bytes())
    return path


def fill_vault(vault_path: Path, tmp_path: Path) -> None:
    """A vault with the chat export and one screenshot in case "Karim"."""
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        shot = tmp_path / "in" / "capture-insta.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(png_bytes((30, 90, 160), (80, 50)))
        outcomes = import_paths(vault, [write_chat_zip(tmp_path / "in"), shot],
                                ImportOptions(case=CASE, timezone="Europe/Paris"))
        assert all(o.status == "imported" for o in outcomes), [o.message for o in outcomes]
    finally:
        vault.close()


@pytest.fixture
def chat_app(make_app: Callable[[], Composition], qtbot: object, vault_path: Path,
             tmp_path: Path) -> Composition:
    """The composed app, unlocked on a vault holding the chat export."""
    fill_vault(vault_path, tmp_path)
    app = make_app()
    unlock(app, qtbot)
    return app


def open_page(app: Composition, key: str) -> tuple[MainScreen, object]:
    screen = main_screen(app)
    screen.show_page(key)
    return screen, screen.page_widgets[key]
