"""Offline bundle verification: every altered file named, hostile zips refused, no vault needed."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import BundleRefused, verify_bundle
from tests.dossier.test_bundle import CASE, PASS, fill, renderer


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bundle for the whole module; each test works on its own copy."""
    root = tmp_path_factory.mktemp("bundle")
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    with Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)[0] as vault:
        fill(vault)
        export_bundle(vault, DossierRequest("police", case=CASE), root / "b.zip",
                      renderer=renderer())
    return root / "b.zip"


def rewrite(source: Path, target: Path, change: dict[str, bytes | None],
            add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip with some members' bytes replaced (None drops the member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def flip(data: bytes, at: int | None = None) -> bytes:
    position = len(data) // 2 if at is None else at
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """verify-bundle with no vault, no passphrase option, and an empty HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCEKIT_")}
    env["HOME"] = str(cwd)
    return subprocess.run([sys.executable, "-m", "evidencekit", "verify-bundle", *args],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).parents[2],
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


def test_intact_bundle_verifies_without_any_vault(bundle: Path, tmp_path: Path) -> None:
    result = run_cli(str(bundle), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("intact")
    as_json = json.loads(run_cli(str(bundle), "--json", cwd=tmp_path).stdout)
    assert as_json["ok"] is True
    assert as_json["exhibits"] == 4
    assert not (tmp_path / ".local").exists()  # it created no vault, no settings


def test_one_flipped_byte_in_any_file_names_that_file(bundle: Path, tmp_path: Path) -> None:
    names = [n for n in zipfile.ZipFile(bundle).namelist()]
    assert len(names) >= 11
    for n, name in enumerate(names):
        data = zipfile.ZipFile(bundle).read(name)
        report = verify_bundle(rewrite(bundle, tmp_path / f"{n}.zip", {name: flip(data)}))
        assert not report.ok, name
        assert set(report.bad) == {name}, (name, report.bad, report.general)


def test_cli_names_the_altered_file_and_exits_1(bundle: Path, tmp_path: Path) -> None:
    archive = zipfile.ZipFile(bundle)
    original = [n for n in archive.namelist() if n.startswith("originals/")][0]
    altered = rewrite(bundle, tmp_path / "x.zip", {original: flip(archive.read(original), 0)})
    result = run_cli(str(altered), cwd=tmp_path)
    assert result.returncode == 1
    assert "NOT intact" in result.stdout
    assert f"error: {original}:" in result.stderr


def test_damaged_compressed_bytes_name_the_file(bundle: Path, tmp_path: Path) -> None:
    raw = bytearray(bundle.read_bytes())
    info = zipfile.ZipFile(bundle).getinfo("custody.jsonl")
    header = info.header_offset
    name_len = int.from_bytes(raw[header + 26:header + 28], "little")
    extra_len = int.from_bytes(raw[header + 28:header + 30], "little")
    raw[header + 30 + name_len + extra_len + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    report = verify_bundle(damaged)
    assert "custody.jsonl" in report.bad


def test_missing_and_extra_files_are_named(bundle: Path, tmp_path: Path) -> None:
    archive = zipfile.ZipFile(bundle)
    original = [n for n in archive.namelist() if n.startswith("originals/")][1]
    report = verify_bundle(rewrite(bundle, tmp_path / "m.zip", {original: None},
                                   {"originals/piece-099-extra.png": b"added later"}))
    assert original in report.bad
    assert "originals/piece-099-extra.png" in report.bad


def test_rewritten_custody_entry_is_caught_even_with_matching_sums(bundle: Path,
                                                                   tmp_path: Path) -> None:
    """Someone edits a log entry and fixes SHA256SUMS: the chain and the signatures catch it."""
    archive = zipfile.ZipFile(bundle)
    lines = archive.read("custody.jsonl").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if b'"action":"import"' in line)
    record = json.loads(lines[target])
    record["detail"]["size"] = 1
    lines[target] = json.dumps(record, ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")).encode() + b"\n"
    custody = b"".join(lines)
    sums = archive.read("SHA256SUMS").decode().replace(
        hashlib.sha256(archive.read("custody.jsonl")).hexdigest(),
        hashlib.sha256(custody).hexdigest()).encode()
    report = verify_bundle(rewrite(bundle, tmp_path / "c.zip",
                                   {"custody.jsonl": custody, "SHA256SUMS": sums}))
    assert "custody.jsonl" in report.bad
    assert any("altered" in reason for reason in report.bad["custody.jsonl"])
    assert "SHA256SUMS.sig" in report.bad


def hostile(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def test_hostile_archives_are_refused_with_exit_3(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("originals/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    cases: dict[str, list[tuple[zipfile.ZipInfo | str, bytes]] | None] = {
        "notzip.zip": None,
        "slip.zip": [("../../evil.txt", b"x")],
        "absolute.zip": [("/etc/evil", b"x")],
        "link.zip": [(link, b"/etc/passwd")],
        "bomb.zip": [("manifest.json", b"\0" * (40 * 1024 * 1024))],
        "empty.zip": [("hello.txt", b"hi")],
    }
    for name, entries in cases.items():
        path = tmp_path / name
        if entries is None:
            path.write_bytes(b"%PDF-1.4 not a zip at all")
        else:
            hostile(path, entries)
        with pytest.raises(BundleRefused):
            verify_bundle(path)
    result = run_cli(str(tmp_path / "slip.zip"), cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert run_cli(str(tmp_path / "notzip.zip"), cwd=tmp_path).returncode == 3
    assert run_cli(str(tmp_path / "missing.zip"), cwd=tmp_path).returncode == 3
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_duplicate_names_are_named_not_intact(bundle: Path, tmp_path: Path) -> None:
    """A second entry under a used name is a tampered bundle (programs disagree on which one
    they show): named, exit 1, rather than refused as a foreign file."""
    path = tmp_path / "dup.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("dossier.pdf", b"a second, different dossier")
    report = verify_bundle(path)
    assert not report.ok
    assert any("appears 2 times" in reason for reason in report.bad["dossier.pdf"])
