"""A capture kept in the vault: one item with linked parts, hashed, logged, timestamped, checked."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.capture.session import WebCapture
from evidencekit.capture.store import TOKEN_KIND, store_capture
from evidencekit.core.blobreader import open_reader
from evidencekit.core.evidence import list_derived
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.core.web_capture_record import (
    MANIFEST_NAME,
    capture_ids,
    capture_problems,
    read_manifest,
)
from evidencekit.dossier.tsa_client import TimestampSettings
from tests.capture.site import LocalSite
from tests.dossier.local_tsa import LocalTsa


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTsa]:
    server = LocalTsa(tmp_path_factory.mktemp("tsa"))
    yield server
    server.close()


def test_stored_as_one_item_with_linked_hashed_parts(vault: Vault, captured: WebCapture,
                                                      tsa: LocalTsa) -> None:
    stored = store_capture(vault, captured, "Case A",
                           TimestampSettings((tsa.url,), (tsa.ca_file,)))
    conn = vault.conn
    manifest = read_manifest(conn, stored.item_id)
    assert manifest is not None and manifest["final_url"] == captured.final_url
    assert {p["role"] for p in manifest["parts"]} == {p.role for p in captured.parts}
    for part in manifest["parts"]:
        row = conn.execute("SELECT item_id FROM originals WHERE sha256 = ?",
                           (part["sha256"],)).fetchone()
        with open_reader(conn, int(row[0])) as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == part["sha256"]
        parent = conn.execute("SELECT parent_id FROM items WHERE id = ?", (row[0],)).fetchone()
        assert parent[0] == stored.item_id
    entry = [e for e in vault.custody.entries(stored.item_id) if e.action == "web-capture"]
    assert entry and entry[0].detail["sha256"] == stored.manifest_sha256
    assert stored.timestamp.status == "attached" and tsa.requests >= 1
    token = [d for d in list_derived(conn, stored.item_id) if d.kind == TOKEN_KIND]
    assert token and token[0].facts["sha256_covered"] == stored.manifest_sha256
    assert verify_vault(vault).ok


def test_no_tsa_means_no_network_for_it(vault: Vault, captured: WebCapture) -> None:
    stored = store_capture(vault, captured, "Case A", TimestampSettings())
    assert stored.timestamp.status == "off"
    assert not [d for d in list_derived(vault.conn, stored.item_id) if d.kind == TOKEN_KIND]


def test_planted_manifest_is_not_a_capture(vault: Vault, captured: WebCapture,
                                           tmp_path: Path) -> None:
    """Attack: a file that looks like a manifest is imported; it must not pass for a capture."""
    stored = store_capture(vault, captured, "Case A")
    with open_reader(vault.conn, stored.item_id) as stream:
        forged = json.loads(stream.read())
    forged["final_url"] = "https://example.org/not-what-was-seen"
    planted = tmp_path / MANIFEST_NAME
    planted.write_text(json.dumps(forged), encoding="utf-8")
    outcome = import_file(vault, planted, case="Case A")
    assert outcome.item_id is not None
    assert outcome.item_id not in capture_ids(vault.conn)
    assert read_manifest(vault.conn, outcome.item_id) is None
    assert any("no capture made it" in p for p in capture_problems(vault.conn))
    assert not verify_vault(vault).ok


def test_a_missing_part_is_reported_by_verify(vault: Vault, captured: WebCapture) -> None:
    """Attack: a part's bytes are swapped for others (the row now holds another hash)."""
    stored = store_capture(vault, captured, "Case A")
    screenshot = next(p for p in stored.parts if p["role"] == "screenshot")
    conn = vault.conn
    conn.execute("DROP TRIGGER IF EXISTS originals_no_update")
    conn.execute("UPDATE originals SET sha256 = ? WHERE item_id = ?",
                 ("0" * 64, screenshot["item_id"]))
    problems = capture_problems(conn)
    assert any("screenshot.png" in p for p in problems)
    assert not verify_vault(vault).ok


def test_a_capture_leaves_no_file_outside_the_vault(vault: Vault, site: LocalSite,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.capture.session import capture

    # This test's own temporary folder and HOME (the browser child inherits both).
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    watched = [temp, Path(os.environ["HOME"])]

    def listing() -> set[str]:
        found = set()
        for root in watched:
            for folder, _dirs, files in os.walk(root):
                if str(folder).startswith(str(vault.folder)):
                    continue
                found.update(os.path.join(folder, f) for f in files)
        return found

    before = listing()
    result = capture(site.url, timeout=30, site_ca=str(site.ca_file))
    store_capture(vault, result, "Case B")
    assert listing() - before == set()
    assert not any(b"Public post" in Path(p).read_bytes() for p in listing() - before)


def test_a_removed_capture_does_not_fail_verify(vault: Vault, captured: WebCapture) -> None:
    from evidencekit.core.evidence import remove_item

    stored = store_capture(vault, captured, "Case A")
    with vault.transaction() as conn:
        remove_item(conn, stored.item_id, "shared by mistake")
    assert capture_problems(vault.conn) == []
    assert read_manifest(vault.conn, stored.item_id) is None
