"""Wraps the PyInstaller one-folder build (dist/evidencekit/) into a Debian package.

Why a .deb and not an AppImage: a .deb opens in the software centre of Debian, Ubuntu and Mint
on a double-click and installs the menu entry, the icon and the AppStream data where the
desktop finds them; it is built here with dpkg-deb alone. An AppImage needs the AppImage
runtime and appimagetool (neither is in Debian nor on PyPI, and this project downloads no
binaries from elsewhere), and it needs FUSE 2, which Ubuntu stopped installing by default in
22.04: the double-click fails with a message a frightened user cannot act on.

Layout of the package:
    /opt/evidencekit/                      the frozen app (one folder, about 250 MB)
    /usr/bin/evidencekit                   symbolic link to /opt/evidencekit/evidencekit
    /usr/share/applications/<id>.desktop   menu entry
    /usr/share/metainfo/<id>.metainfo.xml  AppStream data
    /usr/share/icons/hicolor/*/apps/<id>.* icons

Usage: python packaging/build_deb.py [--dist dist/evidencekit] [--out dist]
Prints the path of the .deb it wrote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.evidencekit.EvidenceKit"

# What the frozen app takes from the system (libc, GL/EGL, X11 and Wayland client libraries:
# see evidencekit.spec for why they are not bundled). Names are Debian 12's and Ubuntu 22.04+'s.
DEPENDS = [
    "libc6 (>= 2.36)", "libegl1", "libgl1", "libfontconfig1", "libfreetype6", "libdbus-1-3",
    "libxkbcommon0", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-keysyms1", "libxcb-shape0", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-image0", "libxcb-xinerama0",
    # QtWebEngine (web capture): Mesa's buffer manager and the DRM/DRI3 libraries it and
    # Chromium use, taken from the system like GL/EGL because they must match its GPU driver.
    "libgbm1", "libdrm2", "libxcb-dri3-0",
]
# OCR in the three languages; the app works without them and says how to get them. Not
# poppler-utils: the export preview draws the PDF with QtPdf, bundled, and no program of
# poppler's is started at run time (tests/test_deb_package.py checks the source).
RECOMMENDS = ["tesseract-ocr", "tesseract-ocr-fra", "tesseract-ocr-ara", "tesseract-ocr-eng"]


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def architecture() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def control(size_kib: int) -> str:
    return "\n".join([
        "Package: evidencekit",
        f"Version: {version()}",
        f"Architecture: {architecture()}",
        "Maintainer: EvidenceKit developers <evidencekit@localhost>",
        f"Installed-Size: {size_kib}",
        "Section: utils",
        "Priority: optional",
        f"Depends: {', '.join(DEPENDS)}",
        f"Recommends: {', '.join(RECOMMENDS)}",
        "Homepage: https://evidencekit.invalid/",
        "Description: Keep proof safely, offline, in an encrypted vault",
        " EvidenceKit keeps screenshots, photos, chat exports and e-mails in an encrypted",
        " vault on this computer, with their fingerprints (SHA-256) and a tamper-evident",
        " custody log, and writes dossiers a recipient can check. In French, English",
        " and Arabic. Works without any network.",
        "",
    ])


def _copy_tree(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, symlinks=True)
    # Everything readable by all (the program is not secret), writable by root only.
    for folder, dirs, files in os.walk(dest):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)  # noqa: S103 - a package is world-readable
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            executable = os.stat(path).st_mode & 0o111
            os.chmod(path, 0o755 if executable else 0o644)


def stage(dist: Path, root: Path) -> None:
    """The package's file tree under `root` (DEBIAN/ included)."""
    if root.exists():
        shutil.rmtree(root)
    _copy_tree(dist, root / "opt" / "evidencekit")
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "evidencekit").symlink_to("../../opt/evidencekit/evidencekit")
    share = root / "usr" / "share"
    for src, sub in ((ROOT / "packaging" / f"{APP_ID}.desktop", "applications"),
                     (ROOT / "packaging" / f"{APP_ID}.metainfo.xml", "metainfo")):
        (share / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(src, share / sub / src.name)
        os.chmod(share / sub / src.name, 0o644)
    icons = ROOT / "resources" / "icons" / "hicolor"
    for icon in icons.glob(f"*/apps/{APP_ID}.*"):
        target = share / "icons" / "hicolor" / icon.relative_to(icons)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(icon, target)
        os.chmod(target, 0o644)
    for folder, dirs, _files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)  # noqa: S103 - a package is world-readable
    size = sum(p.lstat().st_size for p in root.rglob("*") if p.is_file()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "control").write_text(control(size), encoding="utf-8")
    os.chmod(debian / "control", 0o644)


def build(dist: Path, out_dir: Path) -> Path:
    if not (dist / "evidencekit").is_file():
        raise SystemExit(f"{dist}/evidencekit is missing: run pyinstaller first (make package)")
    staging = out_dir / "deb-root"
    stage(dist, staging)
    out = out_dir / f"evidencekit_{version()}_{architecture()}.deb"
    # gzip rather than xz: xz took over ten minutes on a 2-core build machine for a package
    # only about 15% smaller.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(staging), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(staging)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "evidencekit")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    print(build(args.dist, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
