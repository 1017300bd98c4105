"""What the victim tells the dossier once (identity, authors, harm…), kept encrypted per case."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import UsageError
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.dossier.headings import error

MAX_FIELD = 20_000
# The presumed author's relationship to the victim, as a choice the dossier can reason on (the
# free-text `relationship` stays for the victim's own words). A current or former partner
# (spouse, PACS partner, concubin, fiancé) brings C. pén. 222-33-2-1 and 132-80 in France and
# CP 447-3 in Morocco. Stored in the case's JSON: older vaults read it as "" (not recorded).
RELATIONS = ("", "partner", "ex_partner", "family", "colleague", "acquaintance", "stranger")
PARTNERS = frozenset({"partner", "ex_partner"})


@dataclass(frozen=True)
class Author:
    """A presumed author: a name when known, else only the traces they left."""

    name: str = ""
    pseudonyms: str = ""
    profile_urls: str = ""
    phones: str = ""
    emails: str = ""
    relationship: str = ""  # to the victim: ex-partner, colleague, unknown…
    relation: str = ""  # the same as a choice from RELATIONS ("" = not recorded)


@dataclass(frozen=True)
class DossierInfo:
    """Every field is optional; Pharos and EMC reports can stay anonymous."""

    anonymous: bool = False
    full_name: str = ""
    birth: str = ""  # date and place of birth
    # The birth date alone (YYYY-MM-DD): it tells the dossier the victim is or was a minor, and
    # then intimate images are withheld from every dossier and bundle (see dossier/withheld.py).
    birth_date: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    city: str = ""  # "Fait à …" in the letter
    court: str = ""  # town of the tribunal judiciaire the letter to the procureur goes to
    authors: tuple[Author, ...] = ()
    relationship: str = ""  # how the victim knows the author(s), in their words
    narrative: str = ""  # récit des faits
    prejudice: str = ""  # medical certificates, ITT, sick leave, costs, effects
    witnesses: str = ""
    steps_taken: str = ""  # Pharos, platform ticket ids, 3018, main courante…
    civil_party: bool = False  # constitution de partie civile
    discriminatory: bool = False  # insults of a discriminatory kind: 1-year prescription
    request: str = ""  # Moroccan fiches: removal / advice / support

    @property
    def partner(self) -> bool:
        """A presumed author is the victim's current or former partner (as recorded)."""
        return any(a.relation in PARTNERS for a in self.authors)

    @property
    def victim_label(self) -> str:
        return "" if self.anonymous else self.full_name

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = [asdict(a) for a in self.authors]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DossierInfo:
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                continue  # a field from a newer version: ignored, not an error
            if key == "authors":
                author_names = {f.name for f in fields(Author)}
                values[key] = tuple(
                    Author(**{k: str(v) for k, v in a.items() if k in author_names})
                    for a in value if isinstance(a, dict))
            elif key in ("anonymous", "civil_party", "discriminatory"):
                values[key] = bool(value)
            else:
                values[key] = str(value)
        return cls(**values)


def _check(info: DossierInfo) -> None:
    texts: list[str] = [str(v) for v in asdict(info).values() if isinstance(v, str)]
    for author in info.authors:
        texts += list(asdict(author).values())
    if any(len(t) > MAX_FIELD for t in texts):
        raise UsageError(error("field_too_long").format(n=MAX_FIELD))
    if info.birth_date and parse_birth_date(info.birth_date) is None:
        raise UsageError(error("bad_birth_date").format(d=info.birth_date))
    for author in info.authors:
        if author.relation not in RELATIONS:
            raise UsageError(error("bad_relation").format(r=author.relation,
                                                          all=", ".join(RELATIONS[1:])))


def parse_birth_date(text: str) -> date | None:
    """A birth date written YYYY-MM-DD, not in the future; None otherwise."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if len(text.strip()) == 10 and day <= date.today() else None


def load_info(conn: Connection, case_id: int) -> DossierInfo:
    row = conn.execute("SELECT data FROM dossier_info WHERE case_id = ?", (case_id,)).fetchone()
    if row is None:
        return DossierInfo()
    try:
        data = json.loads(row[0])
    except ValueError:
        return DossierInfo()
    return DossierInfo.from_json(data) if isinstance(data, dict) else DossierInfo()


def save_info(vault: Vault, case_id: int, info: DossierInfo) -> list[str]:
    """Store the information; logs which fields changed (names only: the log leaves in bundles)."""
    _check(info)
    with vault.transaction() as tx:
        before = load_info(tx, case_id).to_json()
        after = info.to_json()
        changed = sorted(k for k in after if after[k] != before.get(k))
        if not changed:
            return []
        tx.execute("INSERT OR REPLACE INTO dossier_info (case_id, data, updated_at)"
                   " VALUES (?, ?, ?)",
                   (case_id, json.dumps(after, ensure_ascii=False, sort_keys=True), now_iso()))
        CustodyLog(tx).append("dossier-info-changed", None, case_id=case_id, fields=changed)
    return changed

