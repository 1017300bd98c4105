"""The bundle's timestamp files: names, the custody-root statement, and what they say.

    timestamps/custody-root.txt      the statement stamped: vault, number of entries, Merkle root
    timestamps/custody-root.N.tsr    a token over that statement, from the N-th TSA that answered
    timestamps/manifest.N.tsr        a token over manifest.json

The custody root is stamped before the manifest is written, so the statement and its tokens are
listed (with their hashes) in the signed manifest, and the dossier's fiches can name them. The
manifest's own tokens come after it and sit outside it, like its signature.
"""

from __future__ import annotations

import re
from typing import Any

FOLDER = "timestamps/"
ROOT_STATEMENT = FOLDER + "custody-root.txt"
LEGACY_MANIFEST_TOKEN = "manifest.tsr"  # noqa: S105 - a file name
_ROOT_TOKEN = re.compile(r"timestamps/custody-root\.([1-9][0-9]?)\.tsr")
_MANIFEST_TOKEN = re.compile(r"timestamps/manifest\.([1-9][0-9]?)\.tsr")


def root_token_name(n: int) -> str:
    return f"{FOLDER}custody-root.{n}.tsr"


def manifest_token_name(n: int) -> str:
    return f"{FOLDER}manifest.{n}.tsr"


def is_manifest_token(name: str) -> bool:
    return name == LEGACY_MANIFEST_TOKEN or _MANIFEST_TOKEN.fullmatch(name) is not None


def is_root_token(name: str) -> bool:
    return _ROOT_TOKEN.fullmatch(name) is not None


def is_timestamp_file(name: str) -> bool:
    return is_manifest_token(name) or is_root_token(name) or name == ROOT_STATEMENT


def root_statement(vault_id: str, custody: dict[str, Any]) -> bytes:
    """What a custody-root token covers: plain text a reader can compare with the manifest."""
    return ("evidencekit custody log\n"
            f"vault: {vault_id}\n"
            f"entries: {int(custody['entries'])}\n"
            f"head_hash: {custody['head_hash']}\n"
            f"merkle_root: {custody['merkle_root']}\n").encode("ascii")


def statement_matches(statement: bytes, vault_id: str, custody: dict[str, Any]) -> bool:
    try:
        return statement == root_statement(vault_id, custody)
    except (KeyError, TypeError, ValueError, UnicodeEncodeError):
        return False
