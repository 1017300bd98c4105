"""Shared fixtures: real vaults on disk with cheap key derivation, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault

PASSPHRASE = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with its own HOME, XDG folders and cheap KDF, like a fresh account."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("EVIDENCEKIT_INSECURE_TEST_KDF", "1")
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv("EVIDENCEKIT_FAULT", raising=False)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS)
    yield v
    v.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cli(vault_dir: Path, passphrase_file: Path):  # type: ignore[no-untyped-def]
    """Run the real command line in a child process, as a user or a script would."""

    def run(*args: str, stdin: str | None = None, passphrase: Path | None = passphrase_file,
            env: dict[str, str] | None = None, vault: Path | None = vault_dir) -> CliResult:
        cmd = [sys.executable, "-m", "evidencekit"]
        if vault is not None:
            cmd += ["--vault", str(vault)]
        if passphrase is not None:
            cmd += ["--passphrase-file", str(passphrase)]
        cmd += list(args)
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=full_env,
                              timeout=300, check=False)
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


def write_png(path: Path, color: str = "red", size: tuple[int, int] = (64, 48)) -> Path:
    from PIL import Image

    Image.new("RGB", size, color).save(path, format="PNG")
    return path
