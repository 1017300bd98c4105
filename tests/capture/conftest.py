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


PASSWORD = "Correct7Horse9Battery4Staple"  # noqa: S105 - the test site's, typed by the script


@pytest.fixture(scope="module")
def logged_in(site: LocalSite) -> WebCapture:
    """A window capture in which the script logs in to the site's members' page."""
    login = ({"note": "log in", "wait_load": True,
              "js": "document.querySelector('input[name=user]').value='me';"
                    f"document.querySelector('input[name=password]').value='{PASSWORD}';"
                    "document.querySelector('form').submit();"},
             {"capture": True})
    return capture(site.url, window=True, timeout=30, site_ca=str(site.ca_file), script=login)


def parts(result: WebCapture) -> dict[str, bytes]:
    return {p.role: p.data for p in result.parts}


__all__ = ["PASSWORD", "Path", "parts"]
