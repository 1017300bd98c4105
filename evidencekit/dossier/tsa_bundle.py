"""Checking a bundle's timestamp tokens: each against what it covers and the trust store.

A token that fails (other data, a certificate no trusted authority issued, a certificate not
valid when it stamped, a broken signature) is named with the reason and makes the bundle fail
verification (exit 1): a timestamp that cannot be vouched for must not be read as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidencekit.dossier.bundle_stamps import (
    ROOT_STATEMENT,
    is_manifest_token,
    is_root_token,
    statement_matches,
)
from evidencekit.dossier.tsa_trust import TrustStore, load_trust
from evidencekit.dossier.tsa_verify import check_token
from evidencekit.dossier.verify_bundle import MANIFEST, BundleReport
from evidencekit.i18n import _, localize

ROOT_COVERS = "timestamps/custody-root.txt"


def check_timestamps(small: dict[str, bytes], manifest: dict[str, Any], report: BundleReport,
                     tsa_ca: Sequence[Path] = (), store: TrustStore | None = None) -> None:
    names = sorted(n for n in report.files if is_manifest_token(n) or is_root_token(n))
    if ROOT_STATEMENT in report.files:
        statement = small.get(ROOT_STATEMENT, b"")
        custody = manifest.get("custody")
        if not isinstance(custody, dict) or not statement_matches(
                statement, str(manifest.get("vault_id", "")), custody):
            report.flag(ROOT_STATEMENT, _("does not state the custody log that manifest.json "
                                          "describes"))
    if not names:
        return
    store = store or load_trust(tsa_ca)
    for name in names:
        token = small.get(name)
        if token is None:
            if name not in report.bad:
                report.flag(name, _("is too large to be a timestamp token"))
            continue
        if is_root_token(name):
            data, covers = small.get(ROOT_STATEMENT), ROOT_COVERS
            if data is None:
                report.flag(name, _("the statement it timestamps ({file}) is missing").format(
                    file=ROOT_STATEMENT))
                continue
        else:
            data, covers = small[MANIFEST], MANIFEST
        check = check_token(token, data, store, file=name, covers=covers)
        report.timestamps.append(check.to_json())
        if report.timestamp is None and is_manifest_token(name):
            report.timestamp = check.to_json()
        if MANIFEST in report.bad and covers == MANIFEST:
            continue  # the manifest itself is named already; its token cannot be judged
        for problem in check.problems:
            report.flag(name, localize(problem))
