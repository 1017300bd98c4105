"""Audit paths read off the levels equal the RFC 9162 recursive PATH, and verify."""

from __future__ import annotations

import hashlib

from evidencekit.core.merkle import inclusion_proof, root_from_leaf_hashes, verify_inclusion
from evidencekit.core.merkle_levels import MerkleLevels


def test_paths_equal_the_recursive_definition_for_every_leaf_of_small_trees() -> None:
    for size in range(1, 70):
        leaves = [hashlib.sha256(str(i).encode()).digest() for i in range(size)]
        levels = MerkleLevels(leaves)
        root = root_from_leaf_hashes(leaves)
        for index in range(size):
            path = levels.path(index)
            assert path == inclusion_proof(leaves, index), (size, index)
            assert verify_inclusion(leaves[index], index, size, path, root)
