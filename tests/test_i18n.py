"""The French and Arabic catalogues cover every string the code marks for translation.

The strings are found with `ast`: every string literal passed directly as the first argument of
`_()` or `N_()` anywhere under `evidencekit/` (adjacent literals are already joined by the
parser). Strings built at run time (f-strings, `_(variable)`) cannot be found this way; a
variable passed to `_()` must hold a string marked with `N_()` elsewhere.

Run this file as a script to list the strings missing from each catalogue:
    .venv/bin/python tests/test_i18n.py
"""

from __future__ import annotations

import ast
import json
import os
import re
import string
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "evidencekit"
CATALOGUES = ROOT / "resources" / "i18n"
LANGS = ("fr", "ar")
MARKERS = frozenset({"_", "N_"})
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
ENGLISH_WORD = re.compile(r"(?<![\w{.-])[A-Za-z]+(?![\w}.-])")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _marker_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):  # i18n._("…")
        return func.attr
    return None


def extract_file(path: Path) -> dict[str, list[str]]:
    """Marked string literal -> where it occurs ("path:line") in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args
                and _marker_name(node.func) in MARKERS):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found.setdefault(first.value, []).append(where)
    return found


@cache
def extracted() -> dict[str, tuple[str, ...]]:
    """Every marked string literal in the package, with where it occurs."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for message, places in extract_file(path).items():
            found.setdefault(message, []).extend(places)
    return {message: tuple(places) for message, places in found.items()}


@cache
def catalogue(lang: str) -> dict[str, str]:
    data = json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def missing(lang: str) -> dict[str, tuple[str, ...]]:
    entries = catalogue(lang)
    return {m: places for m, places in sorted(extracted().items())
            if not str(entries.get(m) or "").strip()}


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The `{name!conv:spec}` fields of a format string, sorted (a field may repeat)."""
    return sorted((name, spec or "", conv or "")
                  for _literal, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def test_extractor_finds_the_marked_strings() -> None:
    """Guards against an extractor that silently finds nothing (and so checks nothing)."""
    found = extracted()
    assert len(found) > 500
    assert "print one JSON document on stdout" in found  # cli.py, _()
    assert "very weak" in found  # core/strength.py, N_()
    assert any(place.startswith("evidencekit/gui/") for places in found.values()
               for place in places)
    assert any(place.startswith("evidencekit/dossier/") for places in found.values()
               for place in places)
    joined = extract_file(PACKAGE / "cli.py")
    assert any(m.startswith("Keep proof of cyber-harassment safe: an encrypted vault")
               and m.endswith("for the people who can act.") for m in joined)


@pytest.mark.parametrize("lang", LANGS)
def test_every_marked_string_is_translated(lang: str) -> None:
    gaps = missing(lang)
    listing = "\n".join(f"  {m!r}  ({', '.join(p)})" for m, p in gaps.items())
    assert not gaps, f"{len(gaps)} string(s) missing from {lang}.json:\n{listing}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for source, translation in catalogue(lang).items():
        try:
            expected = placeholders(source)
        except ValueError:  # not a format string (a stray brace): braces must match as text
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append(f"  {source!r} -> {translation!r}")
            continue
        try:
            actual = placeholders(translation)
        except ValueError:
            actual = [("<unbalanced braces>", "", "")]
        if actual != expected:
            wrong.append(f"  {source!r} -> {translation!r}: {actual} instead of {expected}")
    assert not wrong, f"{lang}.json changes placeholders:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_values_are_text(lang: str) -> None:
    entries = catalogue(lang)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items())
    assert not [k for k, v in entries.items() if not v.strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_file_keeps_its_format(lang: str) -> None:
    """Sorted keys, indent=1, UTF-8 text (not \\u escapes), one final newline: small diffs."""
    path = CATALOGUES / f"{lang}.json"
    expected = json.dumps(catalogue(lang), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert path.read_text(encoding="utf-8") == expected


def _english_words(source: str) -> list[str]:
    without_fields = PLACEHOLDER.sub(" ", source)
    without_code = re.sub(r"`[^`]*`", " ", without_fields)
    return ENGLISH_WORD.findall(without_code)


def test_arabic_entries_are_written_in_arabic() -> None:
    """Sanity: a sentence (3+ English words) must not come back in Latin letters only."""
    latin_only = [f"  {source!r} -> {text!r}" for source, text in catalogue("ar").items()
                  if len(_english_words(source)) >= 3 and not ARABIC_LETTER.search(text)]
    assert not latin_only, "Arabic entries with no Arabic letters:\n" + "\n".join(latin_only)


def _help(lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(LANGUAGE=lang, LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "evidencekit", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ("coffre", "phrase secrète", "Codes de sortie")),
    ("ar", ("خزنة", "عبارة المرور", "رموز الخروج")),
])
def test_help_is_translated(lang: str, words: tuple[str, ...]) -> None:
    result = _help(lang)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())  # argparse wraps lines wherever it likes
    for word in words:
        assert word in text, f"{word!r} not in the {lang} help:\n{result.stdout}"
    description = catalogue(lang)[
        "Keep proof of cyber-harassment safe: an encrypted vault of originals, a tamper-evident "
        "log, and dossiers for the people who can act."]
    assert " ".join(description.split()[:4]) in text
    assert "Keep proof of cyber-harassment safe" not in text


def test_deferred_sentence_is_stored_in_english_and_shown_translated() -> None:
    """Import notes go to the custody log in English (`deferred`) and reach the user in the UI
    language (`localize`), even after a copy."""
    import copy

    from evidencekit import i18n

    note = i18n.deferred(i18n.N_("{name}: the HTML page could not be read."), name="a.html")
    assert note == "a.html: the HTML page could not be read."
    assert json.loads(json.dumps([note])) == ["a.html: the HTML page could not be read."]
    try:
        i18n.set_language("fr")
        shown = i18n.localize(copy.deepcopy(note))
        assert shown == catalogue("fr")["{name}: the HTML page could not be read."].format(
            name="a.html")
        assert shown != note
        assert i18n.localize("plain text") == "plain text"
    finally:
        i18n.set_language("en")


def test_help_stays_english_with_language_en() -> None:
    result = _help("en")
    assert result.returncode == 0, result.stderr
    assert "Keep proof of cyber-harassment safe" in " ".join(result.stdout.split())


if __name__ == "__main__":
    for code in LANGS:
        gaps = missing(code)
        print(f"{code}: {len(gaps)} missing of {len(extracted())} marked strings")
        for message, places in gaps.items():
            print(f"  {message!r}  ({', '.join(places)})")
