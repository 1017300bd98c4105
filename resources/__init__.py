"""Read-only data of evidencekit (fonts, translations, help directory, icons).

This folder stays at the top of the repository, but it is installed inside the package as
`evidencekit.resources` (see `[tool.setuptools.package-dir]` in pyproject.toml), so a wheel, an
editable install and the frozen app all carry it. Reach a file only through
`evidencekit.paths.resource()`.
"""
