"""Unit checks of the dossier's parts: prescription dates, victim information, schema V3."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidencekit.core.errors import UsageError
from evidencekit.core.evidence import ensure_case
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.legal import add_months, deadline_for, offences_for, parse_when
from evidencekit.dossier.victim import Author, DossierInfo, load_info, save_info


def test_parse_when_reads_iso_and_french_dates() -> None:
    assert parse_when("2026-11-12T21:05:00+01:00") is not None
    when = parse_when("12/11/2026 21:05")
    assert when is not None
    assert (when.day, when.month, when.hour) == (12, 11, 21)
    assert parse_when("12/11/26") is not None
    assert parse_when("il y a 2 h") is None
    assert parse_when("31/02/2026") is None


def test_prescription_regimes() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    press = deadline_for(1, "defamation", [("published", "12/11/2026")], False)
    assert press is not None
    assert (press.regime, press.deadline) == ("press3", date(2027, 2, 12))
    hate = deadline_for(2, "hate_humiliation", [("published", "")], True)
    assert not hate.computable and hate.deadline is None  # no date: cannot be computed
    # The import into the vault is never a starting point, even when it is the only date.
    imported = deadline_for(5, "defamation", [("imported", "2026-12-06T03:41:00Z")], False)
    assert (imported.start, imported.deadline) == (None, None)
    hate = deadline_for(2, "hate_humiliation", [("published", ""), ("seen", "2026-01-31")], True)
    assert hate is not None
    assert (hate.regime, hate.basis, hate.deadline) == ("press12", "seen", date(2027, 1, 31))
    assert hate.at_most  # publication came before it was seen
    other = deadline_for(3, "threats", [("occurred", "2026-03-01T10:00:00+01:00")], False)
    assert other is not None
    assert other.deadline == date(2032, 3, 1)


def test_offences_follow_categories() -> None:
    assert offences_for(["harassment", "threats", "harassment"]) == [
        "harcelement_moral", "appels_malveillants", "menaces"]
    assert offences_for(["other"]) == []


def test_victim_information_is_kept_and_logged_by_field_name(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS)
    with vault:
        with vault.transaction() as tx:
            case_id = ensure_case(tx, "Affaire")
        assert load_info(vault.conn, case_id) == DossierInfo()
        info = DossierInfo(full_name="Élodie", address="secret address 🔪",
                           authors=(Author(name="K.", relationship="ex"),), civil_party=True)
        assert save_info(vault, case_id, info) == ["address", "authors", "civil_party",
                                                   "full_name"]
        assert save_info(vault, case_id, info) == []
        assert load_info(vault.conn, case_id) == info
        entry = [e for e in vault.custody.entries() if e.action == "dossier-info-changed"][-1]
        assert "secret address" not in str(entry.detail)
        with pytest.raises(UsageError):
            save_info(vault, case_id, DossierInfo(narrative="x" * 20_001))
    reopened = Vault.open(tmp_path / "v", "pass phrase for tests")
    with reopened:
        assert load_info(reopened.conn, case_id).authors[0].name == "K."


def test_exhibit_numbers_cannot_be_changed_or_deleted(tmp_path: Path) -> None:
    import sqlcipher3

    from evidencekit.dossier.exhibits import assign

    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS)
    with vault:
        with vault.transaction() as tx:
            case_id = ensure_case(tx, "Affaire")
            item = int(tx.execute("INSERT INTO items (case_id, kind, created_at)"
                                  " VALUES (?, 'url', 'x')", (case_id,)).lastrowid)
            assert assign(tx, case_id, [(item, None)]) == {(item, None): 1}
            assert assign(tx, case_id, [(item, 7), (item, None)]) == {(item, 7): 2,
                                                                     (item, None): 1}
        for sql in ("UPDATE exhibits SET number = 9", "DELETE FROM exhibits"):
            with pytest.raises(sqlcipher3.IntegrityError), vault.transaction() as tx:
                tx.execute(sql)
        with pytest.raises(sqlcipher3.IntegrityError), vault.transaction() as tx:
            tx.execute("INSERT INTO exhibits VALUES (?, 3, ?, NULL, 'x')", (case_id, item))
