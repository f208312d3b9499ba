"""Rules about how entries relate that one file cannot break alone: contradictory failure-mode relations and
estimates that supersede another estimator's estimate."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from .diagnostics import Diagnostic, format_path
from .documents import Document

# Pairs of statements about the same two failure modes that cannot both hold, whichever file states each.
# "parent" stands for a `parents` link (is-a), in either direction.
CONTRADICTIONS = {
    frozenset(("overlaps", "distinct-from")): "two failure modes either overlap (many cases are both) or are distinct",
    frozenset(("parent", "distinct-from")): "a kind of something cannot be distinct from it",
    frozenset(("near-synonym", "distinct-from")): "near-synonyms are not distinct failure modes",
}
_WORDS = {"parent": "is a kind of", "overlaps": "overlaps", "distinct-from": "is distinct from",
          "near-synonym": "is a near-synonym of"}


def _statements(doc: Document) -> Iterator[tuple[str, str, tuple]]:
    """(type, target, field path) for every parent link and typed relation a failure mode states."""
    parents = doc.data.get("parents")
    for i, parent in enumerate(parents if isinstance(parents, list) else []):
        if isinstance(parent, str):
            yield "parent", parent, ("parents", i)
    relations = doc.data.get("relations")
    for i, rel in enumerate(relations if isinstance(relations, list) else []):
        if isinstance(rel, dict) and isinstance(rel.get("type"), str) and isinstance(rel.get("target"), str):
            yield rel["type"], rel["target"], ("relations", i, "type")


def contradictory_relations(by_id: dict[str, Document]) -> list[Diagnostic]:
    """One error per contradictory pair of statements, at the one stated by the entry whose id sorts last
    (or the later in one file), naming where the other is stated."""
    pairs: dict[frozenset, list[tuple[Document, str, str, tuple]]] = defaultdict(list)
    for doc in sorted((d for d in by_id.values() if d.kind.name == "failure-mode"), key=lambda d: d.id):
        for kind, target, path in _statements(doc):
            if target != doc.id:
                pairs[frozenset((doc.id, target))].append((doc, kind, target, path))
    out: list[Diagnostic] = []
    for statements in pairs.values():
        for j, (doc, kind, target, path) in enumerate(statements):
            for other, other_kind, other_target, other_path in statements[:j]:
                why = CONTRADICTIONS.get(frozenset((kind, other_kind)))
                if why is None:
                    continue
                where = "this file" if other is doc else other.file
                out.append(doc.diagnostic(path, (
                    f"'{doc.id}' {_WORDS[kind]} '{target}' here, but {where} says '{other.id}' "
                    f"{_WORDS[other_kind]} '{other_target}' ({_path(other_path)}): {why}. Keep the one the "
                    f"entries' text and sources support (near-synonym, with a note on how they differ, for "
                    f"two names of nearly one thing)"), "contradictory-relations"))
                break
    return out


def _path(path: tuple) -> str:
    return format_path(path[:2] if path[0] == "relations" else path)


def _estimator(doc: Document) -> str | None:
    value = doc.data.get("estimator")
    return " ".join(value.casefold().split()) if isinstance(value, str) else None


def cross_estimator_supersedes(by_id: dict[str, Document]) -> Iterator[Diagnostic]:
    """An estimate supersedes an earlier one by the same estimator, unless `supersedes_reason` says why not."""
    for doc in by_id.values():
        if doc.kind.name != "estimate":
            continue
        target = by_id.get(doc.data.get("supersedes")) if isinstance(doc.data.get("supersedes"), str) else None
        if target is None or target.kind.name != "estimate" or target is doc:
            continue  # unknown ids, wrong kinds and self-links are reported elsewhere
        mine, theirs = _estimator(doc), _estimator(target)
        if mine and theirs and mine != theirs and not doc.data.get("supersedes_reason"):
            yield doc.diagnostic(("supersedes",), (
                f"'{target.id}' is by {target.data.get('estimator')}, not {doc.data.get('estimator')}: an estimate "
                f"supersedes an earlier one by the same estimator; if this one really replaces another "
                f"estimator's, say why in supersedes_reason (it is shown on the page)"), "supersedes-other-estimator")
