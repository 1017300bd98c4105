"""Package list for setuptools; everything else is in pyproject.toml.

The list is here only because pyproject.toml cannot add packages to what `find` discovers:
`evidencekit.resources` lives in the top-level resources/ folder (mapped in
[tool.setuptools.package-dir]), so `find` never sees it. Its data folders (fonts, i18n, icons…)
are listed too, as setuptools asks for every folder that holds installed files.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCE_FOLDERS = [
    f"evidencekit.resources.{name}" for name in find_namespace_packages(where="resources")
]

setup(
    packages=[
        *find_packages(include=["evidencekit", "evidencekit.*"]),
        "evidencekit.resources",
        *RESOURCE_FOLDERS,
    ],
)
