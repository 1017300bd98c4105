"""RFC 9162 Merkle tree hashing against the Certificate Transparency known answers."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

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


# -- inclusion and consistency proofs (RFC 9162 2.1.3, 2.1.4) -----------------------------------
# Known answers from the Certificate Transparency reference tests, over the eight leaves above.
INCLUSION_0_OF_8 = [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
]
CONSISTENCY_6_TO_8 = [
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
]


def _hashes(leaves: list[bytes]) -> list[bytes]:
    return [leaf_hash(x) for x in leaves]


def test_known_inclusion_proof() -> None:
    proof = inclusion_proof(_hashes(LEAVES), 0)
    assert [p.hex() for p in proof] == INCLUSION_0_OF_8
    assert verify_inclusion(leaf_hash(LEAVES[0]), 0, 8, proof, bytes.fromhex(ROOTS[7]))


def test_known_consistency_proofs() -> None:
    proof = consistency_proof(_hashes(LEAVES), 6)
    assert [p.hex() for p in proof] == CONSISTENCY_6_TO_8
    assert verify_consistency(6, 8, bytes.fromhex(ROOTS[5]), bytes.fromhex(ROOTS[7]), proof)
    # From one leaf, the proof is the first leaf's audit path.
    assert [p.hex() for p in consistency_proof(_hashes(LEAVES), 1)] == INCLUSION_0_OF_8


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=4), min_size=1, max_size=40), st.data())
def test_every_proof_verifies_and_a_changed_log_does_not(leaves: list[bytes],
                                                        data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    n = len(hashes)
    root = root_from_leaf_hashes(hashes)
    index = data.draw(st.integers(0, n - 1))
    path = inclusion_proof(hashes, index)
    assert verify_inclusion(hashes[index], index, n, path, root)
    assert not verify_inclusion(leaf_hash(b"forged" + leaves[index]), index, n, path, root)
    m = data.draw(st.integers(1, n))
    old_root = root_from_leaf_hashes(hashes[:m])
    proof = consistency_proof(hashes, m)
    assert verify_consistency(m, n, old_root, root, proof)
    # A log rewritten before position m no longer extends the old one.
    changed = list(hashes)
    changed[data.draw(st.integers(0, m - 1))] = leaf_hash(b"rewritten")
    new_root = root_from_leaf_hashes(changed)
    assert not verify_consistency(m, n, old_root, new_root, consistency_proof(changed, m))
    if m < n:  # a truncated log cannot pass for the longer one
        assert not verify_consistency(n, m, root, old_root, proof)
