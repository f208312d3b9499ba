"""Mermaid diagrams of the taxonomy: a failure mode's neighbourhood, and the whole is-a hierarchy.

Labels come from contributors, so every character outside a small safe set becomes a Mermaid entity
code (#60; for <), which Mermaid renders as text.
"""
from __future__ import annotations

from ..data.model import Entry, KnowledgeBase

_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -,.'()/")
_EDGE = {"overlaps": "overlaps", "distinct-from": "distinct from", "near-synonym": "near-synonym", "enables": "enables",
         "precedes": "precedes"}
_UNDIRECTED = ("overlaps", "distinct-from", "near-synonym")  # symmetric relations: a line without an arrowhead


def label(text: str) -> str:
    return "".join(c if c in _SAFE else f"#{ord(c)};" for c in text)


def _node(ids: dict[str, str], entry: Entry) -> str:
    if entry.id not in ids:
        ids[entry.id] = f"n{len(ids)}"
    return ids[entry.id]


def neighbourhood(kb: KnowledgeBase, fm: Entry) -> str:
    """Parents above, children below, typed relations beside; the entry itself highlighted."""
    ids: dict[str, str] = {}
    lines = ["flowchart TB"]
    me = _node(ids, fm)
    lines.append(f'  {me}["{label(fm.name)}"]:::self')
    for p in kb.parents(fm):
        lines.append(f'  {_node(ids, p)}["{label(p.name)}"] --> {me}')
    for c in kb.children(fm):
        lines.append(f'  {me} --> {_node(ids, c)}["{label(c.name)}"]')
    for r in kb.relations(fm):
        other = r.target if r.source is fm else r.source
        a, b = (me, _node(ids, other)) if r.source is fm else (_node(ids, other), me)
        decl = f'  {ids[other.id]}["{label(other.name)}"]'
        lines.append(decl)
        arrow = "-. " + _EDGE[r.type] + " .-" if r.type in _UNDIRECTED else "-. " + _EDGE[r.type] + " .->"
        lines.append(f"  {a} {arrow} {b}")
    lines.append("  classDef self stroke-width:3px")
    return "\n".join(lines)


def hierarchy(kb: KnowledgeBase) -> str:
    """Every failure mode with its is-a links (parent above child)."""
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]
    for fm in kb.of_kind("failure-mode"):
        lines.append(f'  {_node(ids, fm)}["{label(fm.name)}"]')
    for fm in kb.of_kind("failure-mode"):
        for p in kb.parents(fm):
            lines.append(f"  {ids[p.id]} --> {ids[fm.id]}")
    return "\n".join(lines)
