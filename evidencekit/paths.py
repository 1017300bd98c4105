"""The one way to reach the read-only resources (fonts, translations, help data, icons).

The repository keeps them in its top-level `resources/` folder; packaging installs that folder
as the package `evidencekit.resources` (a wheel copies it into site-packages, an editable install
maps it back to the checkout). The frozen app carries it at `evidencekit/resources` inside the
bundle. Either way nothing here depends on where the source checkout is.
"""

from __future__ import annotations

import sys
from importlib import resources as importlib_resources
from pathlib import Path

RESOURCE_PACKAGE = "evidencekit.resources"


class ResourcesMissing(RuntimeError):
    """The installed program lacks its resources: a broken or partial installation."""


def resource_dir() -> Path:
    """The folder holding the resources, as a real path (fonts are opened by file name)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        # PyInstaller unpacks data files under sys._MEIPASS, keeping their package path.
        return Path(frozen) / "evidencekit" / "resources"
    try:
        root = importlib_resources.files(RESOURCE_PACKAGE)
    except ModuleNotFoundError as exc:
        raise ResourcesMissing(
            "evidencekit is installed without its resources (fonts, translations); "
            "reinstall it from a wheel or with pip install ."
        ) from exc
    if not isinstance(root, Path):
        # A zipped install would hand back a zip path that reportlab and Qt cannot open.
        raise ResourcesMissing("evidencekit's resources must be installed as files, not zipped")
    return root


def resource(*parts: str) -> Path:
    """A file or folder inside the resources, e.g. resource("fonts", "NotoSans-Regular.ttf")."""
    return resource_dir().joinpath(*parts)
