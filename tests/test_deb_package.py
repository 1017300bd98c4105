"""The .deb wrapper (packaging/build_deb.py) on a stand-in for the frozen folder.

PyInstaller takes minutes, so `make package` builds the real thing and smoke-tests it; here a
small folder with an `evidencekit` program stands for dist/evidencekit/, and the real dpkg-deb
builds and reads back the package: its control fields, its layout, the menu entry and AppStream
data validated from inside it, and the spec's Windows and macOS parts.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.evidencekit.EvidenceKit"

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


def build_deb() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_deb", ROOT / "packaging" / "build_deb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist") / "evidencekit"
    (dist / "_internal").mkdir(parents=True)
    program = dist / "evidencekit"
    program.write_text("#!/bin/sh\necho 'evidencekit 0.1.0'\n")
    program.chmod(0o700)
    (dist / "_internal" / "libdata.so").write_bytes(b"\x7fELF stand-in")
    out = tmp_path_factory.mktemp("out")
    return Path(build_deb().build(dist, out))


def contents(deb: Path) -> dict[str, str]:
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                             text=True, check=True).stdout
    entries = {}
    for line in listing.splitlines():
        fields = line.split()
        name = fields[5].removeprefix(".")
        entries[name.rstrip("/")] = fields[0] + (" -> " + fields[7] if len(fields) > 7 else "")
    return entries


def test_control_fields(deb: Path) -> None:
    def field(name: str) -> str:
        return subprocess.run(["dpkg-deb", "--field", str(deb), name], capture_output=True,
                              text=True, check=True).stdout.strip()
    assert field("Package") == "evidencekit"
    assert field("Version") == build_deb().version()
    assert "libxcb-cursor0" in field("Depends")
    assert "tesseract-ocr-ara" in field("Recommends") and "tesseract-ocr-fra" in field("Recommends")
    # The app starts no poppler program (tests/test_runtime_programs.py): nothing to recommend.
    assert "poppler" not in field("Recommends") and "poppler" not in field("Depends")
    assert field("Description").startswith("Keep proof safely")


def test_layout_modes_and_link(deb: Path) -> None:
    entries = contents(deb)
    assert entries["/opt/evidencekit/evidencekit"].startswith("-rwxr-xr-x")
    assert entries["/opt/evidencekit/_internal/libdata.so"].startswith("-rw-r--r--")
    assert entries["/usr/bin/evidencekit"].endswith("-> ../../opt/evidencekit/evidencekit")
    assert f"/usr/share/applications/{APP_ID}.desktop" in entries
    assert f"/usr/share/metainfo/{APP_ID}.metainfo.xml" in entries
    for size in (16, 48, 256, 512):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in entries
    assert f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg" in entries
    # Owned by root, whoever built it.
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                             text=True, check=True).stdout
    assert all(line.split()[1] == "root/root" for line in listing.splitlines())


def test_desktop_and_metainfo_validate_from_inside_the_package(deb: Path,
                                                               tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate",
                        str(tmp_path / "usr/share/applications" / f"{APP_ID}.desktop")],
                       check=True)
    if shutil.which("appstreamcli"):
        subprocess.run(["appstreamcli", "validate", "--no-net",
                        str(tmp_path / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml")],
                       check=True, capture_output=True)
    out = subprocess.run([str(tmp_path / "usr/bin/evidencekit")], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "evidencekit 0.1.0"


def test_a_missing_build_is_named() -> None:
    with pytest.raises(SystemExit, match="run pyinstaller first"):
        build_deb().build(Path("/nonexistent/dist/evidencekit"), Path("/nonexistent"))


def test_spec_prepares_windows_and_macos() -> None:
    spec = (ROOT / "packaging" / "evidencekit.spec").read_text(encoding="utf-8")
    # Windows: a second program without a console for the Start menu.
    assert 'if sys.platform == "win32":' in spec and 'name="EvidenceKit"' in spec
    assert "console=False" in spec
    # macOS: an app bundle with the same id.
    assert 'if sys.platform == "darwin":' in spec and 'name="EvidenceKit.app"' in spec
    assert "bundle_identifier=APP_ID" in spec
    # Tesseract can ride along where the lookup expects it.
    assert "EVIDENCEKIT_BUNDLE_TESSERACT" in spec and 'Path("tesseract")' in spec
    # No /usr path baked into the spec.
    assert "/usr/" not in spec.replace("# ", "")
    compile(spec, "evidencekit.spec", "exec")
