"""How two failure modes relate as their entries state it: one a kind of the other (through parent links, however
many), the parents they share, and typed relations grouped so that a relation both files state is one line."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

SYMMETRIC = frozenset(("overlaps", "distinct-from", "near-synonym"))  # the same statement read from either side


@dataclass
class Kinship:
    """is_a: the chain from the more specific failure mode up to the other ([child, ..., ancestor]), or [];
    shared: the nearest failure modes both are kinds of (none when one is a kind of the other)."""
    is_a: list = field(default_factory=list)
    shared: list = field(default_factory=list)


def ancestors(start, parents_of: Callable) -> dict:
    """Every failure mode start is a kind of, each with the chain that leads to it (start first)."""
    chains = {start.id: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest chain wins
        node = queue.pop(0)
        for parent in parents_of(node):
            if parent.id not in chains:
                chains[parent.id] = chains[node.id] + [parent]
                queue.append(parent)
    del chains[start.id]
    return chains


def kinship(a, b, parents_of: Callable) -> Kinship:
    up_a, up_b = ancestors(a, parents_of), ancestors(b, parents_of)
    if b.id in up_a:
        return Kinship(is_a=up_a[b.id])
    if a.id in up_b:
        return Kinship(is_a=up_b[a.id])
    common = {i: up_a[i][-1] for i in up_a if i in up_b}
    # the nearest: common ancestors that no other common ancestor is a kind of
    above = {j for i in common for j in ancestors(common[i], parents_of)}
    nearest = [e for i, e in common.items() if i not in above]
    return Kinship(shared=sorted(nearest, key=lambda e: e.name.casefold()))


@dataclass
class RelationGroup:
    """One relation as a failure-mode page lists it: its type, the other failure mode, the direction for enables
    and precedes (outgoing: this one enables / precedes the other), and every file that states it."""
    type: str
    other: object
    outgoing: bool
    statements: list = field(default_factory=list)

    def stated_by(self, fm) -> str:
        """'here', 'there' or 'both': which side's file states it."""
        sides = {"here" if r.source is fm else "there" for r in self.statements}
        return "both" if len(sides) == 2 else sides.pop()


def relation_groups(fm, relations: Iterable) -> list[RelationGroup]:
    """The relations fm states and those stated about it, one group per relation however many files state it,
    in the order first stated."""
    groups: dict[tuple, RelationGroup] = {}
    for r in relations:
        if r.source is r.target:
            continue
        other = r.target if r.source is fm else r.source
        outgoing = True if r.type in SYMMETRIC else r.source is fm
        key = (r.type, other.id, outgoing)
        groups.setdefault(key, RelationGroup(r.type, other, outgoing)).statements.append(r)
    return list(groups.values())
