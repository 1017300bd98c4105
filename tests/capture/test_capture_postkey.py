"""A POST's index key: our reading of a body agrees with webrecorder's reference indexer."""

from __future__ import annotations

import io
import json

from cdxj_indexer.postquery import query_extract  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.capture.postkey import MAX_QUERY, post_query


def reference(media: str, body: bytes) -> str:
    return str(query_extract(media, len(body), io.BytesIO(body), "https://e/") or "")


def test_known_bodies() -> None:
    assert post_query("application/x-www-form-urlencoded", b"q=a+b&n=%C3%A9") == "q=a b&n=é"
    assert post_query("application/json", b'{"a":1,"b":{"a":true},"c":[1,2]}') == \
        "a=1&a.2_=True&c=1&c.2_=2"
    assert post_query("image/png", b"\x89PNG") == "__wb_post_data=iVBORw=="
    assert post_query("text/plain", b"not json") == "__wb_post_data=bm90IGpzb24="


def test_hostile_bodies() -> None:
    assert post_query("application/json", b"[" * 200000) == ""  # too deep: no key, no crash
    assert post_query("application/x-www-form-urlencoded", b"\xff\xfe").startswith(
        "__wb_post_data=")
    assert len(post_query("application/octet-stream", bytes(100000))) == MAX_QUERY


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_json_bodies_agree_with_the_reference(value: object) -> None:
    body = json.dumps(value).encode()
    assert post_query("application/json", body) == reference("application/json", body)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["application/x-www-form-urlencoded", "application/octet-stream",
                        "text/plain"]), st.binary(max_size=300))
def test_other_bodies_agree_with_the_reference(media: str, body: bytes) -> None:
    assert post_query(media, body) == reference(media, body)
