"""settings.json sits outside the vault, where someone at the same computer can edit it: values
the app's own settings page could not set fall back to the defaults, and protection-weakening
settings are told at unlock — as a warning when they changed outside the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.gui.main.main_window import MainScreen
from evidencekit.gui.settings import DEFAULT_AUTO_LOCK_MINUTES, Settings, SettingsStore
from tests.gui.conftest import unlock


@pytest.mark.parametrize(("field", "value"), [
    ("auto_lock_minutes", 100_000), ("auto_lock_minutes", -1), ("auto_lock_minutes", True),
    ("tsa_url", "file:///etc/passwd"), ("tsa_url", "javascript:alert(1)"),
    ("tsa_url", "not a url"), ("language", "xx"), ("timezone", "Mars/Olympus_Mons"),
    ("view", "../../etc"), ("ocr", "yes"),
])
def test_values_the_settings_page_could_not_set_fall_back(tmp_path: Path, field: str,
                                                          value: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({field: value}))
    assert getattr(SettingsStore(path).load(), field) == getattr(Settings(), field)


def test_valid_values_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"auto_lock_minutes": 0, "tsa_url": "https://tsa.example.org/tsr",
                                "language": "ar", "timezone": "Africa/Casablanca"}))
    loaded = SettingsStore(path).load()
    assert loaded.auto_lock_minutes == 0 and loaded.tsa_url == "https://tsa.example.org/tsr"
    assert loaded.language == "ar" and loaded.timezone == "Africa/Casablanca"


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    return [screen.notices.itemAt(i).widget().text.text() for i in range(screen.notices.count())]


def test_weaker_settings_are_told_and_an_outside_change_is_a_warning(
        make_app, qtbot, existing_vault: Path, settings_path: Path) -> None:
    # Set in the app: told calmly at each unlock, no warning.
    app = make_app()
    unlock(app, qtbot)
    assert not any("Settings:" in t for t in _notices(app))
    app.session.update_settings(app.session.settings.with_changes(auto_lock_minutes=0))
    app.session.lock()
    app2 = make_app()
    unlock(app2, qtbot)
    texts = _notices(app2)
    assert any("never locks by itself" in t and not t.startswith("Warning") for t in texts)
    app2.session.lock()
    # Changed by editing the file while the app was closed: a warning, naming the host.
    data = json.loads(settings_path.read_text())
    data["tsa_url"] = "http://listener.example.net/tsr"
    settings_path.write_text(json.dumps(data))
    app3 = make_app()
    unlock(app3, qtbot)
    (warning,) = [t for t in _notices(app3) if t.startswith("Warning")]
    assert "changed outside EvidenceKit" in warning
    assert "listener.example.net" in warning and "never locks by itself" in warning


def test_default_settings_say_nothing(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    assert app.session.settings.auto_lock_minutes == DEFAULT_AUTO_LOCK_MINUTES
    assert not any("Settings:" in t or "Warning" in t for t in _notices(app))
