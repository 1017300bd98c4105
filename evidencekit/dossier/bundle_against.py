"""Does a later bundle's custody log extend an earlier bundle's? (`verify-bundle NEW --against OLD`)

Both bundles are verified on their own first. Then: same vault, same signing key; the new log
is not shorter than the old; and the new bundle carries an RFC 9162 consistency proof from the
old bundle's (size, root), which its manifest records, to its own root. A log rewritten or cut
between the two exports cannot produce that proof, so the later bundle contradicts the earlier,
already handed over. No vault is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.dossier.verify_bundle import BundleReport, verify_bundle
from evidencekit.i18n import _


@dataclass
class Comparison:
    new: BundleReport
    old: BundleReport
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.new.ok and self.old.ok and not self.problems

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "new": self.new.to_json(), "old": self.old.to_json(),
                "log_extends_old": self.ok, "problems": self.problems}


def compare(new_path: Path, old_path: Path, *, expect_key: str | None = None,
            known_keys: Path | None = None) -> Comparison:
    """Raises BundleRefused (exit 3) when either file is not a bundle at all.

    The new bundle's key is judged as `verify-bundle` judges it (expected fingerprint, keys seen
    before); the old one must then carry the same key.
    """
    from evidencekit.dossier.key_trust import check_bundle

    new = check_bundle(Path(new_path), expect_key=expect_key, known_keys=known_keys)
    old = verify_bundle(Path(old_path))
    result = Comparison(new, old)
    problems = result.problems
    if not old.ok:
        problems.append(_("{path}: the earlier bundle is not intact itself, so it cannot vouch "
                          "for the later one.").format(path=old.path))
    if not new.ok:
        return result
    if new.vault_id != old.vault_id:
        problems.append(_("the two bundles come from different vaults ({new} and {old}).")
                        .format(new=new.vault_id, old=old.vault_id))
    if new.signing_key_sha256 != old.signing_key_sha256:
        problems.append(_("the two bundles are signed with different keys ({new} and {old}): one "
                          "of them was not made by this vault, or its key was replaced.")
                        .format(new=new.signing_key_sha256, old=old.signing_key_sha256))
    if problems:
        return result
    if new.custody_entries < old.custody_entries:
        problems.append(_("the later bundle's custody log has {n} entries, fewer than the {m} "
                          "the earlier bundle showed: entries were removed between the two "
                          "exports (or the bundles were given in the wrong order).")
                        .format(n=new.custody_entries, m=old.custody_entries))
    elif new.custody_entries == old.custody_entries:
        if new.merkle_root != old.merkle_root:
            problems.append(_("both bundles show {n} custody entries but with different Merkle "
                              "roots: the log was rewritten between the two exports.")
                            .format(n=new.custody_entries))
    elif (old.custody_entries, old.merkle_root) not in new.log_extends:
        recorded = {size for size, _root in new.log_extends}
        if old.custody_entries in recorded:
            problems.append(_("the later bundle records another Merkle root for the first {m} "
                              "custody entries than the earlier bundle shows: the log was "
                              "rewritten between the two exports.")
                            .format(m=old.custody_entries))
        else:
            problems.append(_("the later bundle carries no proof that its custody log extends "
                              "the earlier bundle's ({m} entries): its log does not record that "
                              "export, so it was rewritten or made before it.")
                            .format(m=old.custody_entries))
    return result
