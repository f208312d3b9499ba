"""Checks across entries that a schema cannot express: ids, references, cycles, logic of estimates."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from .case_rules import check_cases, stated_bases
from .crosswalks import check_crosswalks
from .diagnostics import Diagnostic
from .documents import Document
from .estimate_rules import check_estimates
from .evaluation_rules import check_evaluations
from .duplicates import duplicate_sources, similar_names
from .relation_rules import contradictory_relations, cross_estimator_supersedes
from .review_rules import ReviewTable, check_review_rows
from .kinds import with_article
from .loader import ID_MAX, ID_RE
from .references import document_references
from .schemas import SchemaSet
from .verification_notes import tool_words_in_notes


def check_integrity(documents: list[Document], schemas: SchemaSet) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    by_id: dict[str, Document] = {}
    for doc in documents:
        declared = doc.data.get("id")
        if isinstance(declared, str) and declared != doc.id:
            out.append(doc.diagnostic(("id",), f"id '{declared}' does not match the file name "
                                              f"'{doc.path.name}'; they must be equal", "id-file-name"))
        if doc.id in by_id:
            first = by_id[doc.id]
            out.append(doc.diagnostic(("id",), f"id '{doc.id}' is already used by {first.file}; "
                                              f"ids are unique across all kinds", "duplicate-id"))
            continue
        by_id[doc.id] = doc
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for i, doc in by_id.items():
        ids_by_kind[doc.kind.name].append(i)

    names = _NameIndex(by_id)
    for doc in documents:
        if by_id.get(doc.id) is not doc:
            continue
        for ref in document_references(doc, schemas.roles):
            found = by_id.get(ref.target)
            if found is not None and (ref.kind is None or found.kind.name == ref.kind):
                continue  # the usual case, decided without a call (this loop runs ~5 times per entry)
            problem = _reference_problem(ref.target, ref.kind, by_id, ids_by_kind, ref.inline, names)
            if problem:
                out.append(doc.diagnostic(ref.path, *problem))
        out.extend(_replacement(doc, by_id))  # the rest of an entry's own logic: entry_rules, per file

    out.extend(check_cases(by_id))
    out.extend(_cycles(by_id, "failure-mode", lambda d: _ids(_items(d.data, "parents")), "parents",
                       "parent links form a cycle", "parent-cycle"))
    out.extend(_cycles(by_id, "estimate", lambda d: _ids([g.get("estimate") for g in _items(d.data, "given")
                                                           if isinstance(g, dict)]),
                       "given", "estimates are conditioned on each other in a cycle", "condition-cycle"))
    out.extend(_cycles(by_id, "estimate", lambda d: _ids([d.data.get("supersedes")]),
                       "supersedes", "supersedes links form a cycle", "supersedes-cycle"))
    out.extend(_cycles(by_id, None, lambda d: _ids([d.data.get("replaced_by")]),
                       "replaced_by", "replaced_by links form a cycle", "replaced-by-cycle"))
    unique = list(by_id.values())
    out.extend(duplicate_sources(unique))
    out.extend(similar_names(unique))
    out.extend(contradictory_relations(by_id))
    out.extend(cross_estimator_supersedes(by_id))
    out.extend(check_estimates(by_id))  # bounds, date windows, derivation chains, questions
    out.extend(check_crosswalks(unique, schemas.frameworks))
    out.extend(check_review_rows(by_id, ReviewTable.read(schemas.directory)))  # Shallow Review rows, FTEs
    out.extend(check_evaluations(by_id))  # result forms and scales, the basis of each detection grade
    return out


def _items(data: dict, field: str) -> list:
    """A list field's value, or [] where a schema error (reported separately) left something else."""
    value = data.get(field)
    return value if isinstance(value, list) else []


def _text(data: dict, field: str) -> str | None:
    value = data.get(field)
    return value if isinstance(value, str) else None


def _ids(values: list) -> list[str]:
    return [v for v in values if isinstance(v, str)]


class _NameIndex:
    """Entries by the id-like form of their aliases and names ('Corrigibility failure' -> corrigibility-failure),
    built on first use: only an unknown id needs it."""

    def __init__(self, by_id: dict[str, Document]):
        self.by_id = by_id
        self._index: dict[str, tuple[Document, str, str]] | None = None

    def get(self, target: str) -> tuple[Document, str, str] | None:
        if self._index is None:
            self._index = {}
            for doc in self.by_id.values():
                aliases = [a for a in _items(doc.data, "aliases") if isinstance(a, str)]
                name = _text(doc.data, "name")
                for text, what in [(a, "an alias") for a in aliases] + ([(name, "the name")] if name else []):
                    self._index.setdefault(slug(text), (doc, text, what))
        return self._index.get(target) or self._index.get(slug(target))


def slug(text: str) -> str:
    """The id a text would have: 'Corrigibility failure' -> 'corrigibility-failure'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _reference_problem(target: str, kind: str | None, by_id: dict[str, Document],
                       ids_by_kind: dict[str, list[str]], inline: bool, names: _NameIndex) -> tuple[str, str] | None:
    """(message, code) for a reference that does not name an entry of the right kind; None for one that does."""
    where = f"[[{target}]]" if inline else f"'{target}'"
    if inline and (not ID_RE.match(target) or len(target) > ID_MAX):
        return f"{where} is not a valid id; inline references are written [[id]] or [[id|link text]]", "invalid-inline-reference"
    found = by_id.get(target)
    if found is None:
        named = names.get(target)
        if named is not None:
            owner, text, what = named
            right_kind = kind is None or owner.kind.name == kind
            return (f"unknown {kind + ' ' if kind else ''}id {where}: '{text}' is {what} of "
                    f"{with_article(owner.kind.name)} whose id is '{owner.id}' ({owner.file})"
                    + (f"; write '{owner.id}'" if right_kind else f", but {with_article(kind)} id is expected here"),
                    "name-as-reference")
        pool = ids_by_kind.get(kind, []) if kind else list(by_id)
        import difflib  # (only an unknown id needs it)
        hint = difflib.get_close_matches(target, pool, n=1)
        return (f"unknown {kind + ' ' if kind else ''}id {where}"
                + (f"; did you mean '{hint[0]}'?" if hint else f"; add taxonomy/{_plural(kind)}/{target}.yaml or fix the id"),
                "unknown-reference")
    if kind and found.kind.name != kind:
        return (f"{where} is {with_article(found.kind.name)} ({found.file}), but {with_article(kind)} id is expected here",
                "wrong-kind-reference")
    return None


def _plural(kind: str | None) -> str:
    from .kinds import BY_NAME
    return BY_NAME[kind].plural if kind else "<kind>"


def _replacement(doc: Document, by_id: dict[str, Document]) -> Iterable[Diagnostic]:
    """The entry a deprecated one is replaced by exists and is of its kind."""
    replaced_by = _text(doc.data, "replaced_by")
    if replaced_by and replaced_by != doc.id:
        target = by_id.get(replaced_by)
        if target is None:
            yield doc.diagnostic(("replaced_by",), f"unknown id '{replaced_by}'", "unknown-reference")
        elif target.kind is not doc.kind:
            yield doc.diagnostic(("replaced_by",), f"'{target.id}' is {with_article(target.kind.name)}; "
                                                   f"{with_article(doc.kind.name)} must be replaced by "
                                                   f"{with_article(doc.kind.name)}", "wrong-kind-reference")


def entry_rules(doc: Document) -> Iterable[Diagnostic]:
    """What is wrong with one entry's own fields together (a link to itself, an item listed twice, an interval
    upside down, a verdict that does not say whose call it is, a verification note naming a search tool),
    whatever the other entries say: run with the per-file checks and remembered with the file (pipeline.py)."""
    yield from stated_bases(doc)
    yield from tool_words_in_notes([doc])
    data, me = doc.data, doc.id
    replaced_by = _text(data, "replaced_by")
    if replaced_by:
        if data.get("status") != "deprecated":
            yield doc.diagnostic(("replaced_by",), "replaced_by is only for deprecated entries; set status: deprecated",
                                 "replaced-by-not-deprecated")
        if replaced_by == me:
            yield doc.diagnostic(("replaced_by",), "an entry cannot be replaced by itself", "self-reference")
    for i, parent in enumerate(_items(data, "parents")):
        if parent == me:
            yield doc.diagnostic(("parents", i), "a failure mode cannot be its own parent", "self-reference")
    if "relations" in data:
        yield from _duplicates(doc, "relations", lambda r: (r.get("type"), r.get("target")), "relation",
                               "repeated-relation")
        for i, rel in enumerate(_items(data, "relations")):
            if isinstance(rel, dict) and rel.get("target") == me:
                yield doc.diagnostic(("relations", i, "target"), "a failure mode cannot be related to itself",
                                     "self-reference")
    if "classifications" in data:
        yield from _duplicates(doc, "classifications", lambda c: c.get("failure_mode"), "classification",
                               "repeated-classification")
    for i, result in enumerate(_items(data, "results")):
        if isinstance(result, dict) and type(result.get("occurred")) is int and type(result.get("runs")) is int \
                and result["occurred"] > result["runs"]:
            yield doc.diagnostic(("results", i, "occurred"), f"occurred ({result['occurred']}) is more than runs "
                                                             f"({result['runs']}): it counts the runs that showed the behaviour",
                                 "result-occurred-exceeds-runs")
    if "addresses" in data:
        yield from _duplicates(doc, "addresses", lambda c: c.get("failure_mode"), "coverage entry", "repeated-coverage")
    if "looks_for" in data:
        yield from _duplicates(doc, "looks_for", lambda c: c.get("failure_mode"), "detection",
                                   "evaluation-detection-repeated")
    if doc.kind.name == "estimate":
        interval = data.get("interval")
        if isinstance(interval, dict) and isinstance(interval.get("low"), (int, float)) \
                and isinstance(interval.get("high"), (int, float)) and interval["low"] > interval["high"]:
            yield doc.diagnostic(("interval",), f"interval low ({interval['low']}) is greater than high ({interval['high']})",
                                 "interval-order")
        scenario = _text(data, "scenario")
        for i, cond in enumerate(_items(data, "given")):
            if not isinstance(cond, dict):
                continue
            if scenario and cond.get("failure_mode") == scenario:
                yield doc.diagnostic(("given", i, "failure_mode"),
                                     f"an estimate cannot be conditioned on its own scenario '{scenario}'", "self-reference")
            if cond.get("estimate") == me:
                yield doc.diagnostic(("given", i, "estimate"), "an estimate cannot be conditioned on itself", "self-reference")
        if data.get("supersedes") == me:
            yield doc.diagnostic(("supersedes",), "an estimate cannot supersede itself", "self-reference")


def _duplicates(doc: Document, field: str, key, what: str, code: str) -> Iterable[Diagnostic]:
    seen: dict = {}
    for i, item in enumerate(_items(doc.data, field)):
        if not isinstance(item, dict):
            continue
        k = key(item)
        if not all(isinstance(x, str) for x in (k if isinstance(k, tuple) else (k,))):
            continue
        if k in seen:
            first = _items(doc.data, field)[seen[k]]
            verdicts = first.get("verdict"), item.get("verdict")
            if field == "classifications" and all(isinstance(v, str) for v in verdicts) and verdicts[0] != verdicts[1]:
                yield doc.diagnostic((field, i, "verdict"),
                                     f"contradicts the classification at {field}[{seen[k]}] ({k}: {verdicts[1]} here, "
                                     f"{verdicts[0]} there); an example has one verdict per failure mode: keep the one "
                                     f"the sources support and record the other under its 'dissent' "
                                     f"(verdict, held_by, rationale, sources)", "contradictory-classification")
                continue
            yield doc.diagnostic((field, i), f"repeats the {what} at {field}[{seen[k]}] "
                                             f"({', '.join(str(x) for x in (k if isinstance(k, tuple) else (k,)))}); merge them",
                                 code)
        else:
            seen[k] = i


def _cycles(by_id: dict[str, Document], kind: str | None, edges, field: str, what: str, code: str) -> list[Diagnostic]:
    """Report each cycle once, at the entry on it whose id sorts first."""
    out: list[Diagnostic] = []
    nodes = {i: d for i, d in by_id.items() if kind is None or d.kind.name == kind}
    # Only an entry with a link of this field can be on a cycle: start from those alone (at 10,000 entries a
    # few hundred, not every one, for each of the four fields).
    starts = [i for i, d in nodes.items() if edges(d)]
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset] = set()

    def visit(start: str) -> None:
        stack = [(start, iter(edges(nodes[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if nxt not in nodes or nxt == node:
                continue  # unknown ids and self-links are reported elsewhere
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    i = cycle.index(first)
                    ordered = cycle[i:] + cycle[:i] + [first]
                    doc = nodes[first]
                    nxt_id = ordered[1]
                    values = edges(doc)
                    index = values.index(nxt_id) if nxt_id in values else 0
                    p = (field, index) if field == "parents" else (field,)
                    if field == "given":
                        p = ("given", [g.get("estimate") if isinstance(g, dict) else None
                                       for g in _items(doc.data, "given")].index(nxt_id), "estimate")
                    out.append(doc.diagnostic(p, f"{what}: {' → '.join(ordered)}", code))
            elif state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(edges(nodes[nxt]))))

    for start in sorted(starts):
        if state.get(start) is None:
            visit(start)
    return out
