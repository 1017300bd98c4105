"""Merkle tree hashing as in RFC 9162 (Certificate Transparency v2), section 2.1.

Leaves are hashed with a 0x00 prefix and interior nodes with 0x01, so a leaf can never be passed
off as a node. The split point is the largest power of two smaller than the number of leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash over already-hashed leaves, bottom-up without recursion.

    Pairing adjacent nodes level by level and carrying an odd last node up unchanged gives the
    same tree as RFC 9162's recursive definition with its power-of-two split.
    """
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    return root_from_leaf_hashes([leaf_hash(x) for x in leaves])
