"""The packaging metadata agrees with itself and with the app, without building anything.

One reverse-DNS id ties the .desktop file, the AppStream metainfo, the icon files and
QGuiApplication.setDesktopFileName() together; if one drifts, Wayland shows a generic icon and
software centres cannot match the app to its menu entry. Reading the id from gui/app.py's source
(not importing it) keeps these tests free of Qt.
"""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256, 512)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def desktop_id_in_app() -> str:
    """The string passed to setDesktopFileName in gui/app.py, found in its syntax tree."""
    tree = ast.parse((ROOT / "evidencekit" / "gui" / "app.py").read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in ast.walk(tree) if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setDesktopFileName" and node.args):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                return arg.value
            if isinstance(arg, ast.Name) and arg.id in constants:
                return constants[arg.id]
    raise AssertionError("gui/app.py does not call setDesktopFileName with a literal id")


APP_ID = desktop_id_in_app()
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    # interpolation off: values may hold '%' (field codes); case kept: keys are case-sensitive.
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_app_id_is_reverse_dns() -> None:
    parts = APP_ID.split(".")
    assert len(parts) >= 3 and all(p.isidentifier() for p in parts), APP_ID


def test_desktop_file_is_named_after_the_app_id() -> None:
    assert DESKTOP.is_file(), f"missing {DESKTOP.relative_to(ROOT)}"


def test_desktop_entry_required_keys() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "evidencekit"
    assert entry["Icon"] == APP_ID
    assert entry["GenericName"] == "Evidence keeper"
    categories = entry["Categories"].rstrip(";").split(";")
    assert {"Utility", "Security"} <= set(categories)
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    for lang in ("fr", "ar"):
        assert entry[f"Comment[{lang}]"].strip(), lang
    assert entry["Comment"].strip()


def test_visible_names_stay_neutral() -> None:
    # Menus and task bars are seen by anyone near the screen, the harasser included.
    entry = desktop_entry()
    names = [value for key, value in entry.items() if key.split("[")[0] in
             ("Name", "GenericName")]
    names += [el.text or "" for el in metainfo().iter("name")]
    for name in names:
        lowered = name.lower()
        assert "harass" not in lowered and "harcèlement" not in lowered, name


def test_desktop_file_validates() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (apt install desktop-file-utils)")
    done = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if "error:" in line]
    assert done.returncode == 0 and not errors, done.stdout + done.stderr


def test_metainfo_required_elements() -> None:
    root = metainfo()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert [n.text for n in root.findall("name") if n.get(XML_LANG) is None] == ["EvidenceKit"]
    assert root.findtext("summary")
    description = root.find("description")
    assert description is not None and description.find("p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    releases = root.find("releases")
    assert releases is not None
    versions = [r.get("version") for r in releases.findall("release")]
    assert versions and versions[0] == project_version()


def project_version() -> str:
    tree = ast.parse((ROOT / "evidencekit" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets):
            assert isinstance(node.value, ast.Constant)
            return str(node.value.value)
    raise AssertionError("no __version__ in evidencekit/__init__.py")


def test_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli not installed (apt install appstream)")
    done = subprocess.run([tool, "validate", "--no-net", "--no-color", str(METAINFO)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("size", SIZES)
def test_png_icon_at_each_size(size: int) -> None:
    path = ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    # IHDR is the first chunk: width and height are the big-endian words at bytes 16..24.
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (size, size)


def test_scalable_icon_is_svg() -> None:
    path = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"


def test_spec_uses_the_same_id_and_bundles_resources() -> None:
    spec = (PACKAGING / "evidencekit.spec").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec
    # Where evidencekit/paths.py looks when frozen: sys._MEIPASS/evidencekit/resources.
    assert '(str(ROOT / "resources"), "evidencekit/resources")' in spec
    assert 'name="evidencekit"' in spec

