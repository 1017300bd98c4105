"""Custody anchored beyond the machine: bundles prove their log extends every earlier export's.

The attacks are done for real: the vault's database is opened with the key its passphrase
unwraps (as the vault's owner, or whoever has the passphrase, could), the log is rewritten or
cut with its protections dropped and put back, and then a new bundle is exported and compared
with one already handed over.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from evidencekit.core import checkpoints
from evidencekit.core.custody import DOMAIN, GENESIS, canonical
from evidencekit.core.errors import TamperDetected
from evidencekit.core.evidence import annotate, ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.merkle import leaf_hash, root_from_leaf_hashes
from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.bundle_against import compare
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from tests.core.test_verify_tamper import as_attacker, without_triggers
from tests.dossier.test_bundle import CASE, PASS, fill, png, renderer
from tests.dossier.test_verify_bundle import rewrite, run_cli


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # as_attacker unwraps the key with the conftest passphrase; these vaults use PASS.
    monkeypatch.setattr("tests.core.test_verify_tamper.PASSPHRASE", PASS)
    folder = tmp_path / "vault"
    with Vault.create(folder, PASS, kdf=TEST_PARAMS)[0] as vault:
        fill(vault)
    return folder


def export(folder: Path, out: Path, recipient: str = "police") -> Path:
    with Vault.open(folder, PASS) as vault:
        export_bundle(vault, DossierRequest(recipient, case=CASE), out, renderer=renderer())
    return out


def add_evidence(folder: Path, color: str) -> None:
    with Vault.open(folder, PASS) as vault, vault.transaction() as tx:
        store_stream(tx, io.BytesIO(png(color)), SourceFacts(f"{color}.png", f"/home/l/{color}",
                                                             None), case_id=ensure_case(tx, CASE))


def rewrite_log(folder: Path, change: Any, *, fix_checkpoints: bool, keep: int | None = None
                ) -> None:
    """Change entries, optionally recompute the roots export entries recorded, re-chain."""
    with as_attacker(folder) as conn, without_triggers(conn, "custody_no_update",
                                                       "custody_no_delete"):
        if keep is not None:
            conn.execute("DELETE FROM custody WHERE seq > ?", (keep,))
        rows = conn.execute("SELECT seq, at, action, item_id, detail FROM custody ORDER BY seq"
                            ).fetchall()
        prev, leaves = GENESIS, []
        for seq, at, action, item_id, detail in rows:
            parsed = change(seq, action, json.loads(detail))
            if fix_checkpoints and checkpoints.SIZE in parsed:
                parsed[checkpoints.ROOT] = root_from_leaf_hashes(
                    leaves[:parsed[checkpoints.SIZE]]).hex()
            body = {"seq": seq, "at": at, "action": action, "item_id": item_id,
                    "detail": parsed, "prev": prev}
            entry_hash = hashlib.sha256(DOMAIN + canonical(body)).hexdigest()
            leaves.append(leaf_hash(canonical(body)))
            conn.execute("UPDATE custody SET detail = ?, prev_hash = ?, entry_hash = ?"
                         " WHERE seq = ?", (canonical(parsed).decode(), prev, entry_hash, seq))
            prev = entry_hash


def backdate_first_import(seq: int, action: str, detail: dict[str, Any]) -> dict[str, Any]:
    if action == "import" and detail.get("source_name") == "photo.png":
        return {**detail, "file_mtime": "2020-01-01T00:00:00Z"}
    return detail


def test_two_bundles_of_the_same_vault_pass_against_each_other(folder: Path,
                                                                tmp_path: Path) -> None:
    old = export(folder, tmp_path / "old.zip")
    add_evidence(folder, "yellow")
    new = export(folder, tmp_path / "new.zip", recipient="lawyer")
    result = compare(new, old)
    assert result.ok, (result.problems, result.new.bad, result.old.bad)
    old_manifest = json.loads(zipfile.ZipFile(old).read("manifest.json"))["custody"]
    new_manifest = json.loads(zipfile.ZipFile(new).read("manifest.json"))["custody"]
    assert {"size": old_manifest["entries"], "merkle_root": old_manifest["merkle_root"]} \
        .items() <= next(c for c in new_manifest["consistency"]
                         if c["size"] == old_manifest["entries"]).items()
    cli = run_cli(str(new), "--against", str(old), cwd=tmp_path)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "consistency proof verified" in cli.stdout
    # Without --against too: the figures an earlier dossier printed, for a reader to match.
    plain = run_cli(str(new), cwd=tmp_path)
    assert f"{old_manifest['entries']} entries, Merkle root {old_manifest['merkle_root']}" \
        in plain.stdout
    # The export's own entry records the log it showed.
    with Vault.open(folder, PASS) as vault:
        exports = [e for e in vault.custody.entries() if e.action == "exported-bundle"]
    assert exports[0].detail[checkpoints.SIZE] == old_manifest["entries"]
    assert exports[0].detail[checkpoints.ROOT] == old_manifest["merkle_root"]


def test_a_log_rewritten_between_two_exports_fails_against_the_earlier(folder: Path,
                                                                       tmp_path: Path) -> None:
    old = export(folder, tmp_path / "old.zip")
    rewrite_log(folder, backdate_first_import, fix_checkpoints=True)
    new = export(folder, tmp_path / "new.zip")
    assert verify_bundle(new).ok  # on its own, the forged bundle is consistent
    result = compare(new, old)
    assert not result.ok
    assert any("the log was rewritten between the two exports" in p for p in result.problems)
    cli = run_cli(str(new), "--against", str(old), cwd=tmp_path)
    assert cli.returncode == 1
    assert "rewritten between the two exports" in cli.stderr


def test_a_log_whose_export_record_was_removed_fails_against_the_earlier(
        folder: Path, tmp_path: Path) -> None:
    old = export(folder, tmp_path / "old.zip")

    def forget_exports(seq: int, action: str, detail: dict[str, Any]) -> dict[str, Any]:
        detail = backdate_first_import(seq, action, detail)
        if action == "exported-bundle":
            detail.pop(checkpoints.SIZE)
            detail.pop(checkpoints.ROOT)
        return detail

    rewrite_log(folder, forget_exports, fix_checkpoints=False)
    new = export(folder, tmp_path / "new.zip")
    result = compare(new, old)
    assert any("carries no proof" in p for p in result.problems), result.problems


def test_a_truncated_log_fails_against_the_earlier(folder: Path, tmp_path: Path) -> None:
    old = export(folder, tmp_path / "old.zip")
    shown = json.loads(zipfile.ZipFile(old).read("manifest.json"))["custody"]["entries"]
    rewrite_log(folder, lambda seq, action, detail: detail, fix_checkpoints=False,
                keep=shown - 4)
    new = export(folder, tmp_path / "new.zip")
    assert verify_bundle(new).ok
    result = compare(new, old)
    assert any("fewer than the" in p and "entries were removed" in p for p in result.problems)
    assert run_cli(str(new), "--against", str(old), cwd=tmp_path).returncode == 1


def test_export_refuses_a_log_that_contradicts_an_earlier_export(folder: Path,
                                                                 tmp_path: Path) -> None:
    export(folder, tmp_path / "old.zip")
    rewrite_log(folder, backdate_first_import, fix_checkpoints=False)
    with Vault.open(folder, PASS) as vault, pytest.raises(TamperDetected, match="rewritten"):
        export_bundle(vault, DossierRequest("police", case=CASE), tmp_path / "new.zip",
                      renderer=renderer())
    assert not (tmp_path / "new.zip").exists()


def _resigned(bundle: Path, target: Path, folder: Path, custody: bytes) -> Path:
    """The vault's owner edits custody.jsonl and re-signs everything with the vault's key."""
    archive = zipfile.ZipFile(bundle)
    manifest = json.loads(archive.read("manifest.json"))
    manifest["files"]["custody.jsonl"]["sha256"] = hashlib.sha256(custody).hexdigest()
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    sums = archive.read("SHA256SUMS").decode().replace(
        hashlib.sha256(archive.read("custody.jsonl")).hexdigest(),
        hashlib.sha256(custody).hexdigest()).encode()
    with Vault.open(folder, PASS) as vault:
        key = signing.signing_key(vault)
    return rewrite(bundle, target, {"custody.jsonl": custody, "manifest.json": raw,
                                    "manifest.sig": key.sign(raw), "SHA256SUMS": sums,
                                    "SHA256SUMS.sig": key.sign(sums)})


def test_an_edited_entry_of_the_excerpt_fails_its_inclusion_proof(folder: Path,
                                                                  tmp_path: Path) -> None:
    bundle = export(folder, tmp_path / "b.zip")
    lines = zipfile.ZipFile(bundle).read("custody.jsonl").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if b'"action":"import"' in line)
    record = json.loads(lines[target])
    record["detail"]["file_mtime"] = "2020-01-01T00:00:00Z"
    # Its own hash recomputed, so only the inclusion proof can tell.
    body = {"seq": record["seq"], "at": record["at"], "action": record["action"],
            "item_id": record["item_id"], "detail": record["detail"],
            "prev": record["prev_hash"]}
    record["entry_hash"] = hashlib.sha256(DOMAIN + canonical(body)).hexdigest()
    lines[target] = json.dumps(record, ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")).encode() + b"\n"
    forged = _resigned(bundle, tmp_path / "forged.zip", folder, b"".join(lines))
    report = verify_bundle(forged)
    assert not report.ok
    reasons = report.bad["custody.jsonl"]
    assert any(f"entry {record['seq']} is not in the log" in r and "inclusion proof" in r
               for r in reasons), reasons
    assert not any("altered" in r for r in reasons)


def test_an_entry_invented_into_the_excerpt_fails_its_inclusion_proof(folder: Path,
                                                                      tmp_path: Path) -> None:
    bundle = export(folder, tmp_path / "b.zip")
    lines = zipfile.ZipFile(bundle).read("custody.jsonl").splitlines(keepends=True)
    record = json.loads(lines[-1])
    fake = dict(record, seq=record["seq"] + 1, leaf_index=record["leaf_index"] + 1,
                action="removed", at="2026-01-01T00:00:00Z")
    body = {k: fake[k] for k in ("seq", "at", "action", "item_id", "detail")}
    fake["entry_hash"] = hashlib.sha256(
        DOMAIN + canonical({**body, "prev": fake["prev_hash"]})).hexdigest()
    custody = b"".join(lines) + json.dumps(fake, sort_keys=True).encode() + b"\n"
    report = verify_bundle(_resigned(bundle, tmp_path / "forged.zip", folder, custody))
    assert any("inclusion proof fails" in r for r in report.bad["custody.jsonl"])


def test_the_excerpt_says_only_what_the_bundle_needs(folder: Path, tmp_path: Path) -> None:
    with Vault.open(folder, PASS) as vault, vault.transaction() as tx:
        item = store_stream(tx, io.BytesIO(png("purple")),
                            SourceFacts("harcelement.png", "/home/lina/Privé/harcelement.png",
                                        None), case_id=ensure_case(tx, CASE))
        annotate(tx, item.item_id, notes="ma note intime, à ne pas montrer")
    export(folder, tmp_path / "other.zip", recipient="lawyer")
    bundle = export(folder, tmp_path / "b.zip")
    text = zipfile.ZipFile(bundle).read("custody.jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert b"/home/lina" not in text and "Privé".encode() not in text
    assert b"ma note intime" not in text
    assert b'"kdf"' not in text
    actions = {r.get("action") for r in records}
    assert not actions & {"unlocked", "unlock-failed", "exported-bundle", "exported",
                          "vault-created", "verified"}
    withheld = [r for r in records if r.get("withheld")]
    assert withheld and all(set(r) == {"seq", "withheld", "leaf_hash", "leaf_index",
                                       "inclusion_proof"} for r in withheld)
    imports = [r for r in records if r.get("action") == "import"]
    assert any(r["detail"]["source_name"] == "harcelement.png" for r in imports)
    assert verify_bundle(bundle).ok


def test_an_import_logged_with_its_path_is_shown_without_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Vaults from before paths were kept out of the log: the path never reaches the bundle."""
    folder = tmp_path / "old-vault"
    with Vault.create(folder, PASS, kdf=TEST_PARAMS)[0] as vault:
        with monkeypatch.context() as old_release:  # the import entry as earlier releases wrote it
            old_release.setattr("evidencekit.core.intake.path_field", "source_path")
            old_release.setattr("evidencekit.core.intake.commitment", lambda conn, path: path)
            with vault.transaction() as tx:
                store_stream(tx, io.BytesIO(png("orange")),
                             SourceFacts("ancienne.png", "/home/lina/Ancien/ancienne.png", None),
                             case_id=ensure_case(tx, CASE))
        logged = [e for e in vault.custody.entries() if e.action == "import"]
        assert logged[0].detail["source_path"] == "/home/lina/Ancien/ancienne.png"
        export_bundle(vault, DossierRequest("police", case=CASE), tmp_path / "b.zip",
                      renderer=renderer())
    archive = zipfile.ZipFile(tmp_path / "b.zip")
    text = archive.read("custody.jsonl")
    assert b"/home/lina" not in text and b"Ancien" not in text
    line = next(json.loads(x) for x in text.splitlines() if b'"import"' in x)
    assert line["withheld"] is True and "unproved" in line
    assert line["detail"]["sha256"] == hashlib.sha256(png("orange")).hexdigest()
    report = verify_bundle(tmp_path / "b.zip")
    assert report.ok, (report.bad, report.general)
