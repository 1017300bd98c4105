"""Qualification | element | pièces n°: which exhibits support each element of each offence.

A lawyer or an officer reads a qualification as a list of elements to prove; this table says,
element by element, where the dossier proves it (exhibit numbers), where it rests on the
victim's word (her account, the harm or the relationship she declared), and what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.legal import ELEMENT_RULES, OFFENCES, offences_for
from evidencekit.dossier.legal_ma import (
    ELEMENT_RULES_MA,
    OFFENCES_MA,
    UNCONFIRMED,
    offences_ma_for,
)
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.sections import has_messages, table
from evidencekit.dossier.victim import PARTNERS

Offences = dict[str, tuple[str, dict[str, str], dict[str, str]]]


def _lang(ctx: Ctx) -> str:
    return ctx.lang if ctx.lang in ("fr", "en", "ar") else "fr"


def _numbers(pieces: list[Exhibit]) -> str:
    return ", ".join(str(e.number) for e in pieces)


def _online(ex: Exhibit) -> bool:
    a = ex.item.annotations
    return bool(a.platform or a.url or ex.message is not None)


def _public(ex: Exhibit) -> bool:
    return bool(ex.item.annotations.url) and ex.message is None and ex.item.kind != "paste"


def relation_label(ctx: Ctx, relation: str) -> str:
    return ctx.t("rel_" + relation) if relation else ""


def _handles(ctx: Ctx) -> set[str]:
    """Names and pseudonyms the victim gave for the presumed authors, lower-cased."""
    found: set[str] = set()
    for a in ctx.info.authors:
        found |= {x.strip().lower() for x in [a.name, *a.pseudonyms.split(",")] if x.strip()}
    return found


def _chat_messages(ctx: Ctx, pieces: list[Exhibit]) -> tuple[int, bool]:
    """Messages in the conversation pieces: those of the presumed author when a sender matches
    a name or pseudonym the victim gave (True), else all of them (False)."""
    chats = [e.item.id for e in pieces if e.message is None and has_messages(ctx, e.item.id)]
    if not chats:
        return 0, False
    marks = ",".join("?" * len(chats))
    senders = ctx.conn.execute(f"SELECT lower(trim(sender)), count(*) FROM messages WHERE item_id"
                               f" IN ({marks}) GROUP BY 1", chats).fetchall()
    mine = _handles(ctx)
    by_author = sum(int(n) for who, n in senders if who in mine)
    if by_author:
        return by_author, True
    return sum(int(n) for _who, n in senders), False


def _support(ctx: Ctx, rule: str, pieces: list[Exhibit]) -> str:
    """What supports one element, as the cell text: exhibit numbers or a pointer."""
    if rule == "acts":
        return _numbers(pieces) or ctx.t("el_to_show")
    if rule == "repeated":
        if not pieces:
            return ctx.t("el_repetition_to_show")
        chats, by_author = _chat_messages(ctx, pieces)
        text = f"{_numbers(pieces)} — {ctx.t('el_count').format(n=len(pieces))}"
        if chats:
            key = "el_messages_author" if by_author else "el_messages"
            text += f" ; {ctx.t(key).format(n=chats)}"
        if len(pieces) < 2 and chats < 2:
            text += f" — {ctx.t('el_repetition_to_show')}"
        return text
    if rule == "online":
        return _numbers([e for e in pieces if _online(e)]) or ctx.t("el_to_show")
    if rule == "public":
        return _numbers([e for e in pieces if _public(e)]) or ctx.t("el_to_show")
    if rule == "harm":
        journal = [e for e in ctx.exhibits if e.item.kind == "journal"]
        parts = [_numbers(journal)] if journal else []
        parts.append(ctx.t("el_see_prejudice") if ctx.info.prejudice else ctx.t("el_harm_to_show"))
        return " ; ".join(parts)
    if rule == "relation":
        found = [a.relation for a in ctx.info.authors if a.relation in PARTNERS] or \
            [a.relation for a in ctx.info.authors if a.relation]
        if not found:
            return ctx.t("el_relation_missing")
        return ctx.t("el_relation").format(rel=relation_label(ctx, found[0]))
    if rule == "statement":
        return ctx.t("el_statement")
    return "—"


def relation_recorded(ctx: Ctx) -> list[Flowable]:
    """Below the authors' table: the relationship chosen for each author, as the law reads it."""
    chosen = [(a.name or "X", relation_label(ctx, a.relation)) for a in ctx.info.authors
              if a.relation]
    return [ctx.p(f"{ctx.t('relationship')} — {name} : {label}", ctx.styles.strong)
            for name, label in chosen]


def element_rows(ctx: Ctx, keys: list[str], offences: Offences, rules: dict[str, tuple[str, ...]],
                 keys_for: Callable[[str], list[str]],
                 unconfirmed: frozenset[str] = frozenset()) -> list[list[Any]]:
    lang = _lang(ctx)
    rows: list[list[Any]] = [[ctx.t("col_offence"), ctx.t("col_element"), ctx.t("col_support")]]
    for key in keys:
        ref, label, elements = offences[key]
        pieces = [e for e in ctx.exhibits if e.item.annotations.category
                  and key in keys_for(e.item.annotations.category)]
        if key in unconfirmed:
            ref += f" ({ctx.t('ref_unconfirmed')})"
        names = [x.strip() for x in re.split("[;؛]", elements[lang])]
        for n, (name, rule) in enumerate(zip(names, rules[key], strict=False)):
            rows.append([f"{ref} — {label[lang]}" if n == 0 else "", name,
                         _support(ctx, rule, pieces)])
    return rows


def _categories(ctx: Ctx) -> list[str]:
    return list(dict.fromkeys(e.item.annotations.category for e in ctx.exhibits
                              if e.item.annotations.category))


def elements_fr(ctx: Ctx) -> list[Flowable]:
    """The French table, after the qualifications (police and lawyer)."""
    partner = ctx.info.partner
    keys = offences_for(_categories(ctx), partner)
    if not keys:
        return []
    rows = element_rows(ctx, keys, OFFENCES, ELEMENT_RULES,
                        lambda c: offences_for([c], partner))
    return [ctx.heading("elements_table"), table(ctx, rows, [2.6, 3.4, 2.4])]


def elements_ma(ctx: Ctx) -> list[Flowable]:
    """The Moroccan table, with the references that could not be confirmed marked as such."""
    partner = ctx.info.partner
    keys = offences_ma_for(_categories(ctx), partner)
    if not keys:
        return []
    rows = element_rows(ctx, keys, OFFENCES_MA, ELEMENT_RULES_MA,
                        lambda c: offences_ma_for([c], partner), UNCONFIRMED)
    return [ctx.heading("elements_table"), table(ctx, rows, [2.6, 3.4, 2.4])]
