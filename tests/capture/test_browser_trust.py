"""The browser child trusts the capture authority by fingerprint, and nothing else."""

from __future__ import annotations

import json
import os
import subprocess

from cryptography.hazmat.primitives import hashes

from evidencekit.capture.browser_run import child_command
from tests.capture.site import LocalSite


def load_direct(site: LocalSite, accepted_sha256: str, home: str) -> dict[str, object]:
    """The child with no proxy, told to accept only `accepted_sha256` as the root."""
    env = dict(os.environ, HOME=home, QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" if os.geteuid() == 0 else "")
    orders = {"url": site.url, "proxy_port": 0, "window": False, "timeout": 20,
              "ca_sha256": accepted_sha256}
    done = subprocess.run(child_command(), input=(json.dumps(orders) + "\n").encode(),
                          capture_output=True, env=env, timeout=120, check=False)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def test_only_the_given_root_is_accepted(site: LocalSite, tmp_path) -> None:  # type: ignore[no-untyped-def]
    right = site.ca_certificate.fingerprint(hashes.SHA256()).hex()
    accepted = load_direct(site, right, str(tmp_path))
    assert "Public post" in str(accepted["dom"])
    refused = load_direct(site, "00" * 32, str(tmp_path))
    assert "Public post" not in str(refused["dom"])
    assert any("certificate refused" in str(s["step"]) for s in refused["steps"])  # type: ignore[union-attr]
