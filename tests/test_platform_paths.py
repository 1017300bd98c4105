"""Where the app keeps things on each OS, and where a frozen build finds its resources.

Windows and macOS cannot run here, so their code paths are driven on Linux: platformdirs' own
Windows and macOS classes stand in for the one chosen at import (the Windows one reading the
known-folder variables instead of calling the Win32 API), and a folder stands for the frozen
bundle's sys._MEIPASS.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.macos
import platformdirs.unix
import platformdirs.windows
import pytest

from evidencekit import paths
from evidencekit.core.vault import default_vault_path


def test_linux_vault_follows_xdg_data_home(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.unix.Unix)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_vault_path() == tmp_path / "data" / "evidencekit" / "vault"


def test_windows_vault_is_in_local_not_roaming_appdata(monkeypatch: pytest.MonkeyPatch) -> None:
    # A roaming profile would copy the vault to the domain's server: Local on purpose.
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER",
                        platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\amina\AppData\Local")
    monkeypatch.setenv("APPDATA", r"C:\Users\amina\AppData\Roaming")
    vault = PureWindowsPath(str(default_vault_path()))
    assert vault == PureWindowsPath(r"C:\Users\amina\AppData\Local\evidencekit\vault")
    assert not str(vault).startswith("/usr")


def test_macos_vault_is_in_application_support(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    # Recent platformdirs honours XDG variables on macOS when set (the tests set them).
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    vault = default_vault_path()
    assert vault == Path.home() / "Library" / "Application Support" / "evidencekit" / "vault"


def test_frozen_build_reads_resources_from_its_bundle(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "_MEIPASS"
    fonts = bundle / "evidencekit" / "resources" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(paths.resource("fonts", "NotoSans-Regular.ttf"), fonts)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.resource_dir() == bundle / "evidencekit" / "resources"
    font = paths.resource("fonts", "NotoSans-Regular.ttf")
    assert font.is_file() and font.is_relative_to(bundle)


def test_installed_without_resources_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(paths, "RESOURCE_PACKAGE", "evidencekit.no_such_resources")
    with pytest.raises(paths.ResourcesMissing, match="reinstall"):
        paths.resource_dir()
