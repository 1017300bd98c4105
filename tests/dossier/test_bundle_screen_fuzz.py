"""Bounded fuzz of the bundle screening (bundle_screen + the manifest's pinned sizes).

Whatever a hostile bundle's manifest says a member's size is, and whatever bytes of its zip
structure are changed, verify_bundle refuses in one sentence (BundleRefused) or reports: it
never raises anything else, and a bomb-like member is never read unless its pin matches.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.dossier.signing import public_pem
from evidencekit.dossier.verify_bundle import BundleRefused, BundleReport, verify_bundle

MEMBER = "originals/piece-001-chat.txt"
BURST = b"[12/11/2026 21:05:01] Karim: Tu vas voir\n" * 60_000  # 2.4 MB, ~400:1


def hostile_bundle(size: Any, key: Ed25519PrivateKey) -> bytes:
    manifest = json.dumps({"format": "evidencekit-bundle/1",
                           "files": {MEMBER: {"sha256": "0" * 64, "size": size}}},
                          allow_nan=True).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest)
        zf.writestr("manifest.sig", key.sign(manifest))
        zf.writestr("signing-key.pem", public_pem(key))
        zf.writestr(MEMBER, BURST)
    return buffer.getvalue()


def outcome(data: bytes) -> BundleReport | str:
    """The report, or the refusal's sentence."""
    try:
        return verify_bundle(Path("fuzz.zip"), data=io.BytesIO(data))
    except BundleRefused as refused:
        return str(refused)


SIZES = st.one_of(st.integers(), st.just(len(BURST)), st.floats(), st.text(max_size=20),
                  st.none(), st.booleans(), st.lists(st.integers(), max_size=3))


@settings(max_examples=60, deadline=None)
@given(size=SIZES)
def test_any_pinned_size_is_accepted_only_when_it_is_the_declared_one(size: Any) -> None:
    result = outcome(hostile_bundle(size, Ed25519PrivateKey.generate()))
    pinned = type(size) is int and size == len(BURST)
    if isinstance(result, str):
        assert "\n" not in result and not pinned, result
    else:
        assert pinned


@settings(max_examples=60, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)),
                      min_size=1, max_size=6))
def test_changed_structure_bytes_are_refused_or_reported(flips: list[tuple[int, int]]) -> None:
    data = bytearray(hostile_bundle(len(BURST), Ed25519PrivateKey.generate()))
    # Mostly in the central directory and local headers, where sizes and offsets live.
    tail = len(data) - 400
    for where, value in flips:
        data[tail + where % 400 if where % 2 else where % len(data)] = value
    result = outcome(bytes(data))
    if isinstance(result, str):
        assert "\n" not in result
    else:
        assert isinstance(result.ok, bool)


def test_a_line_break_in_an_entry_name_stays_on_the_refusal_line() -> None:
    """Found by the fuzz test above: a byte of a name changed to a line break printed the
    refusal on two lines (a name could print a made-up second line)."""
    data = bytearray(hostile_bundle(len(BURST), Ed25519PrivateKey.generate()))
    name = b"originals/piece-001-chat.txt"
    at = data.rfind(name)  # in the central directory, where the reader takes names from
    data[at + 1] = 10
    result = outcome(bytes(data))
    assert isinstance(result, str) and "\n" not in result, result
    assert "o\\x0aiginals" in result, result
