"""Where the Tesseract program is, on Linux, Windows and macOS, frozen or not.

Looked for in this order:

1. a copy bundled with the frozen app (`<sys._MEIPASS>/tesseract/`), so a build that ships
   Tesseract never depends on what the machine has;
2. the user's `PATH`;
3. the places the usual installers put it, because an app started from the Finder, the Start
   menu or a desktop launcher often gets a shorter `PATH` than a terminal: the UB Mannheim
   installer does not touch `PATH` at all, and a macOS app never sees Homebrew's
   `/opt/homebrew/bin`.

Nothing here assumes `/usr`: each OS has its own list. The functions take the platform, the
environment and the bundle folder as arguments (defaulting to this process's), so the Windows
and macOS paths are tested on Linux without patching `sys`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.i18n import _

#: Folder inside the frozen bundle that holds a bundled Tesseract (program, libraries, tessdata).
BUNDLE_FOLDER = "tesseract"


@dataclass(frozen=True)
class Tesseract:
    """A Tesseract program that can be run, and the variables it needs on top of the user's."""

    program: Path
    env: dict[str, str] = field(default_factory=dict)
    bundled: bool = False


def program_name(platform: str) -> str:
    return "tesseract.exe" if platform == "win32" else "tesseract"


def _bundle_dir() -> str | None:
    return getattr(sys, "_MEIPASS", None)


def bundled_candidates(bundle_dir: str | os.PathLike[str] | None, platform: str) -> list[Path]:
    """Where a bundled copy may sit: the folder itself, or a Unix-style bin/ below it."""
    if not bundle_dir:
        return []
    base = Path(bundle_dir) / BUNDLE_FOLDER
    name = program_name(platform)
    return [base / name, base / "bin" / name]


def usual_places(platform: str, environ: Mapping[str, str]) -> list[Path]:
    """Where the common installers put the program on this OS, most likely first."""
    name = program_name(platform)
    if platform == "win32":
        # The UB Mannheim installer: per machine under Program Files (64- or 32-bit), or per
        # user under %LOCALAPPDATA%\Programs when installed without admin rights.
        roots = [environ.get("ProgramFiles"), environ.get("ProgramW6432"),
                 environ.get("ProgramFiles(x86)")]
        places = [Path(root) / "Tesseract-OCR" / name for root in roots if root]
        local = environ.get("LOCALAPPDATA")
        if local:
            places.append(Path(local) / "Programs" / "Tesseract-OCR" / name)
        if not places:  # no environment at all (a service, a stripped test): the default drive
            places.append(Path("C:\\Program Files") / "Tesseract-OCR" / name)
        return list(dict.fromkeys(places))
    if platform == "darwin":
        # Homebrew on Apple silicon, Homebrew on Intel, MacPorts.
        dirs = ["/opt/homebrew/bin", "/usr/local/bin", "/opt/local/bin"]
    elif platform.startswith("linux"):
        dirs = ["/usr/bin", "/usr/local/bin"]
    else:  # the BSDs and others: ports install under /usr/local
        dirs = ["/usr/local/bin", "/usr/bin"]
    return [Path(d) / name for d in dirs]


def _runnable(path: Path, platform: str) -> bool:
    if not path.is_file():
        return False
    # Windows has no execute bit; elsewhere a file we cannot execute is no program.
    return platform == "win32" or os.access(path, os.X_OK)


def search_path(name: str, path: str, platform: str) -> Path | None:
    """The first runnable `name` in the folders of a PATH value.

    Not shutil.which: on Windows it looks in the current folder first, and an empty or relative
    PATH entry means the current folder on Unix too. The current folder may be the very folder
    of evidence being imported, so only absolute entries count.
    """
    separator = ";" if platform == "win32" else ":"
    for entry in path.split(separator):
        folder = Path(entry.strip().strip('"'))
        if not entry.strip() or not folder.is_absolute():
            continue
        if _runnable(folder / name, platform):
            return folder / name
    return None


def _bundled_env(program: Path) -> dict[str, str]:
    # A bundled copy must read its own language data, not whatever (maybe absent or of another
    # version) the machine has. Tesseract 4 and later take the tessdata folder itself.
    for tessdata in (program.parent / "tessdata", program.parent.parent / "share" / "tessdata"):
        if tessdata.is_dir():
            return {"TESSDATA_PREFIX": str(tessdata)}
    return {}


def find_tesseract(*, platform: str | None = None, environ: Mapping[str, str] | None = None,
                   bundle_dir: str | os.PathLike[str] | None = None,
                   usual: Sequence[Path] | None = None) -> Tesseract | None:
    """The Tesseract to run, or None when there is none.

    Every argument defaults to this process's own (sys.platform, os.environ, sys._MEIPASS,
    `usual_places`); tests pass them to see what another OS or a frozen build would find.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    bundle_dir = _bundle_dir() if bundle_dir is None else bundle_dir
    for candidate in bundled_candidates(bundle_dir, platform):
        if _runnable(candidate, platform):
            return Tesseract(candidate, _bundled_env(candidate), bundled=True)
    on_path = search_path(program_name(platform), environ.get("PATH", ""), platform)
    if on_path is not None:
        return Tesseract(on_path)
    for candidate in usual_places(platform, environ) if usual is None else usual:
        if _runnable(candidate, platform):
            return Tesseract(candidate)
    return None


def install_hint(platform: str | None = None) -> str:
    """One sentence, in the UI language, saying how to install Tesseract on this OS."""
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        return _("OCR is off: Tesseract is not installed. To read the text in images, install "
                 "Tesseract for Windows from UB Mannheim (github.com/UB-Mannheim/tesseract/wiki) "
                 "with the French and Arabic language data, then restart EvidenceKit.")
    if platform == "darwin":
        return _("OCR is off: Tesseract is not installed. To read the text in images, install "
                 "Homebrew (brew.sh), run “brew install tesseract tesseract-lang” in the "
                 "Terminal, then restart EvidenceKit.")
    return _("OCR is off: Tesseract is not installed. To read the text in images, run "
             "“sudo apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-ara” (Debian, "
             "Ubuntu; elsewhere install tesseract with its French and Arabic data), then "
             "restart EvidenceKit.")
