"""RFC 9162 Merkle tree hashing against the Certificate Transparency known answers."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.merkle import leaf_hash, merkle_root, node_hash

# The eight leaves and the roots of the first n of them, from the Certificate Transparency
# reference test vectors (RFC 6962/9162 tree hashing).
LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_empty_tree_is_hash_of_empty_string() -> None:
    assert merkle_root([]).hex() == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize("n", range(1, 9))
def test_known_roots(n: int) -> None:
    assert merkle_root(LEAVES[:n]).hex() == ROOTS[n - 1]


def _recursive(leaves: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1 written literally, to cross-check the iterative version."""
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_recursive(leaves[:k]), _recursive(leaves[k:]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=70))
def test_iterative_matches_definition(leaves: list[bytes]) -> None:
    assert merkle_root(leaves) == _recursive(leaves)
