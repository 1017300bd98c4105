"""A real capture of the local HTTPS site, made once per module (a browser start costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.capture.session import WebCapture, capture
from tests.capture.site import LocalSite


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSite]:
    with LocalSite(tmp_path_factory.mktemp("site")) as server:
        yield server


@pytest.fixture(scope="module")
def captured(site: LocalSite) -> WebCapture:
    return capture(site.url, timeout=30, site_ca=str(site.ca_file))


def parts(result: WebCapture) -> dict[str, bytes]:
    return {p.role: p.data for p in result.parts}


__all__ = ["Path", "parts"]
