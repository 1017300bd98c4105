"""The offence tables: every element has its support rule, partner offences only with a partner,
Moroccan references never mixed with French ones, and what counts as needing a translation."""

from __future__ import annotations

import re

import pytest

from evidencekit.core.categories import CATEGORIES
from evidencekit.dossier.headings import TEXTS
from evidencekit.dossier.legal import ELEMENT_RULES, OFFENCES, offences_for
from evidencekit.dossier.legal_ma import (
    ELEMENT_RULES_MA,
    MOROCCO,
    OFFENCES_MA,
    UNCONFIRMED,
    offences_ma_for,
)
from evidencekit.dossier.translation import needs_translation
from evidencekit.dossier.victim import RELATIONS


@pytest.mark.parametrize(("table", "rules"), [(OFFENCES, ELEMENT_RULES), (OFFENCES_MA,
                                                                      ELEMENT_RULES_MA)])
def test_each_element_has_a_rule_in_every_language(table: dict, rules: dict) -> None:
    assert set(table) == set(rules)
    for key, (_ref, labels, elements) in table.items():
        assert set(labels) == set(elements) == {"fr", "en", "ar"}, key
        for lang, text in elements.items():
            assert len(re.split("[;؛]", text)) == len(rules[key]), (key, lang)


def test_partner_offences_only_with_a_partner() -> None:
    assert "harcelement_conjoint" not in offences_for(["harassment"])
    keys = offences_for(["harassment", "threats"], partner=True)
    assert keys[0] == "harcelement_conjoint" and keys[-1] == "aggravation_conjoint"
    assert keys.index("harcelement_conjoint") < keys.index("harcelement_moral")
    assert offences_for([], partner=True) == []
    assert "ma_447_3" in offences_ma_for(["intimate_images"], partner=True)
    assert "ma_447_3" not in offences_ma_for(["intimate_images"])
    assert "ma_447_3" not in offences_ma_for(["threats"], partner=True)


def test_moroccan_references_are_moroccan_and_unconfirmed_ones_listed() -> None:
    assert set(MOROCCO) <= set(CATEGORIES)
    for keys in MOROCCO.values():
        assert set(keys) <= set(OFFENCES_MA)
    for ref, _labels, _elements in OFFENCES_MA.values():
        assert "C. pén." not in ref
    assert UNCONFIRMED <= set(OFFENCES_MA)
    assert {"ma_447_1", "ma_447_2", "ma_503_1_1", "ma_103_13", "ma_09_08"}.isdisjoint(UNCONFIRMED)
    # Every relationship has a label in the dossier's three languages.
    assert all(f"rel_{r}" in TEXTS for r in RELATIONS if r)


@pytest.mark.parametrize(("text", "french", "moroccan"), [
    ("غادي نوري الصور لخوك", True, False),
    ("3titek 24 sa3a", True, False),
    ("Tu vas le regretter", False, True),
    ("ok", False, False),
    ("https://www.instagram.com/p/abc", False, False),
    ("mp3 covid19 h24", False, False),
])
def test_what_needs_a_translation_depends_on_the_reader(text: str, french: bool,
                                                        moroccan: bool) -> None:
    assert needs_translation(text, moroccan=False) is french
    assert needs_translation(text, moroccan=True) is moroccan
