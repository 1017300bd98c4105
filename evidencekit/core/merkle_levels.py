"""Many RFC 9162 audit paths from one tree: each level hashed once, each path read off it.

`merkle.inclusion_proof` follows the RFC's recursive definition and rehashes whole subtrees for
every proof, which is O(n) per entry; a bundle proving a hundred entries of a 50,000-entry log
would hash millions of nodes. Here the levels are built bottom-up once (pairing neighbours and
carrying an odd last node up, which gives RFC 9162's tree) and a path is the sibling at each
level where there is one. tests/core/test_merkle_levels.py checks it equals the recursive path.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidencekit.core.merkle import node_hash


class MerkleLevels:
    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaves)]
        level = self.levels[0]
        while len(level) > 1:
            nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                nxt.append(level[-1])
            self.levels.append(nxt)
            level = nxt

    def path(self, index: int) -> list[bytes]:
        """The audit path of leaf `index`, leaf to root, as RFC 9162 PATH gives it."""
        if not 0 <= index < len(self.levels[0]):
            raise ValueError(f"leaf {index} is not in a tree of {len(self.levels[0])}")
        proof: list[bytes] = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                proof.append(level[sibling])
            index //= 2
        return proof
