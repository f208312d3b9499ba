"""Which entries' pages list an entry without either referring to the other, for "Referenced by".

A page shows more than its own entry's references: a failure mode's page shows each classification under it with
its rationale, and each estimate about it with its conditions. An entry named inside such an item is listed on
that page, and the two pages should say so of each other. Worked out once per knowledge base (before the
build's worker processes fork); nothing here imports MkDocs.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from .kinds import KINDS
from .references import Reference, iter_references

KnowledgeBase = Any  # model.KnowledgeBase, which calls these (importing it here would be a circle)


def shown_together(kb: KnowledgeBase) -> dict[str, set[str]]:
    """{id: ids whose pages list it, or that its page lists, through an item shown on a third entry's page}."""
    out: dict[str, set[str]] = defaultdict(set)

    def show(a: str, b: str) -> None:
        if a != b:
            out[a].add(b)
            out[b].add(a)

    for e in kb.entries.values():
        items: dict[tuple, list[Reference]] = defaultdict(list)
        for ref in iter_references(e.data, kb.roles[e.kind.name]):
            if ref.target != e.id and ref.target in kb.entries and len(ref.path) > 2 and isinstance(ref.path[1], int):
                items[ref.path[:2]].append(ref)
        for refs in items.values():  # a classification's rationale is shown on its failure mode's page
            anchors = [r.target for r in refs if not r.inline and kb.entries[r.target].kind.name != "source"]
            for r in refs:
                if r.inline:
                    for a in anchors:
                        show(a, r.target)
        if e.kind.name == "estimate":  # its conditions are shown in the estimates table of each failure mode it is about
            about = [e.get("scenario")] + [g.get("failure_mode") for g in e.get("given", []) if isinstance(g, dict)]
            for g in e.get("given", []):
                if isinstance(g, dict) and g.get("estimate") in kb.entries:
                    for fm in about:
                        if fm in kb.entries:
                            show(fm, g["estimate"])
    return out


def referenced_by(kb: KnowledgeBase, entry, shown: dict[str, set[str]]) -> list[tuple]:
    """(entry, lists_it) for every entry whose page lists this one: lists_it is False for an entry that refers to
    this one, True for one whose page lists it because this one refers to it (a failure mode lists the examples
    classified under it) or names it in an item shown there. Sources are left to the page's own Sources section."""
    referrers = {e.id for e, _ in kb.backlinks(entry)}
    mine = {r.target for r in iter_references(entry.data, kb.roles[entry.kind.name])} | shown.get(entry.id, set())
    listing = [kb.entries[t] for t in mine - referrers - {entry.id}
               if t in kb.entries and kb.entries[t].kind.name != "source"]
    order = {k.name: i for i, k in enumerate(KINDS)}
    items = [(e, False) for e, _ in kb.backlinks(entry)] + [(e, True) for e in listing]
    return sorted(items, key=lambda t: (order[t[0].kind.name], t[0].name.casefold()))
