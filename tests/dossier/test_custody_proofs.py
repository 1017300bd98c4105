"""Property: any subset of any log verifies by its proofs, and any change to a line fails."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.custody import GENESIS, CustodyEntry
from evidencekit.dossier.custody_excerpt import excerpt_of
from evidencekit.dossier.custody_proofs import check_excerpt


def log_of(items: list[int | None]) -> list[CustodyEntry]:
    entries: list[CustodyEntry] = []
    prev = GENESIS
    for seq, item in enumerate(items, 1):
        draft = CustodyEntry(seq, f"2026-01-01T00:00:{seq % 60:02d}Z", "import", item,
                             {"sha256": hashlib.sha256(str(seq).encode()).hexdigest()}, prev, "")
        entry = CustodyEntry(seq, draft.at, draft.action, item, draft.detail, prev,
                             draft.expected_hash())
        entries.append(entry)
        prev = entry.entry_hash
    return entries


logs = st.lists(st.one_of(st.none(), st.integers(1, 6)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(logs, st.sets(st.integers(1, 6), max_size=6))
def test_any_subset_verifies_by_its_proofs(items: list[int | None], chosen: set[int]) -> None:
    data, summary = excerpt_of(log_of(items), chosen, set(), "custody.jsonl")
    lines = data.splitlines()
    assert len(lines) == sum(1 for i in items if i in chosen)
    check = check_excerpt(lines, summary)
    assert check.problems == [] and check.size == len(items)


@settings(max_examples=60, deadline=None)
@given(logs, st.data())
def test_a_line_moved_or_rewritten_fails(items: list[int | None], data: st.DataObject) -> None:
    present = sorted({i for i in items if i is not None})
    if not present:
        return
    raw, summary = excerpt_of(log_of(items), set(present), set(), "custody.jsonl")
    lines = raw.splitlines()
    n = data.draw(st.integers(0, len(lines) - 1))
    record = json.loads(lines[n])
    how = data.draw(st.sampled_from(["detail", "index"]))
    if how == "detail":
        record["detail"]["sha256"] = "0" * 64
        body = CustodyEntry(record["seq"], record["at"], record["action"], record["item_id"],
                            record["detail"], record["prev_hash"], "")
        record["entry_hash"] = body.expected_hash()  # consistent with itself, not with the root
    else:
        record["leaf_index"] = (record["leaf_index"] + 1) % len(items)
        record["seq"] = record["leaf_index"] + 1
        if len(items) == 1:
            return
    lines[n] = json.dumps(record).encode()
    assert check_excerpt(lines, summary).problems
