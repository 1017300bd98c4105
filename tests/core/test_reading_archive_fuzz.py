"""The kept first reading is read back by `verify` from the vault, where someone with the
passphrase could have put anything: any bytes give a digest or one of the errors `verify` turns
into a sentence, never a crash."""

from __future__ import annotations

import gzip
import json

import ijson
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.reading_archive import archived_digest

CAUGHT = (OSError, EOFError, ValueError, KeyError, TypeError, ijson.JSONError)
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    try:
        archived_digest(data)
    except CAUGHT:
        pass


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["messages", "attachments", "format", "x"]), _JSON,
                       max_size=4))
def test_any_gzipped_json(body: dict[str, object]) -> None:
    try:
        digest = archived_digest(gzip.compress(json.dumps(body).encode(), mtime=0))
    except CAUGHT:
        return
    assert len(digest) == 64
