"""The knowledge base as the site and the export see it: entries plus the indexes that join them.

Built only from data that passed validation, so lookups here may assume every reference resolves.
"""
from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import listings
from .history import History
from .kinds import BY_NAME, KINDS, Kind
from .references import Reference, iter_references
from .detection import Detection
from .evidence import Evidence, strongest
from .kinship import Kinship, RelationGroup, kinship, relation_groups
from .schemas import FieldRoles
from .contrasts import Contrast, ContrastRow
from .matrix import Matrix

RELEVANCE_WEIGHT = {"high": 3, "medium": 2, "low": 1}
VERDICTS = ("instance", "not-instance", "borderline")


GLOBAL = "*"  # a read of the knowledge base as a whole (a list of all entries of a kind, the matrix, ...)
_reads: set | None = None  # what the code running now has read (see tracking())


@contextlib.contextmanager
def tracking() -> Iterator[set]:
    """Record what is read of the knowledge base meanwhile, so that `mkdocs serve` can tell which pages an
    edit can have changed (site/page_memo.PageMemo).

    Every read of an entry's data adds its id; a query about an entry that is answered from what other
    entries say (its backlinks, classifications, contrasts, ...) adds ("about", id); a query over the whole
    knowledge base adds GLOBAL. Nothing else in an Entry can change without its id or kind changing.
    """
    global _reads
    previous, _reads = _reads, set()
    try:
        yield _reads
    finally:
        _reads = previous


def _about(*entries: "Entry") -> None:
    if _reads is not None:
        _reads.update(("about", e.id) for e in entries)


def _whole() -> None:
    if _reads is not None:
        _reads.add(GLOBAL)


class Entry:
    __slots__ = ("kind", "id", "_data", "file")

    def __init__(self, kind: Kind, id: str, data: dict[str, Any], file: str):  # noqa: A002 - the field's name
        self.kind, self.id, self._data, self.file = kind, id, data, file

    def __repr__(self) -> str:
        return f"Entry({self.kind.name}, {self.id!r})"

    @property
    def data(self) -> dict[str, Any]:
        if _reads is not None:
            _reads.add(self.id)
        return self._data

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def summary(self) -> str:
        return self.data.get("summary", "")

    @property
    def src_uri(self) -> str:
        """The generated Markdown file's path in the site, e.g. failure-modes/camouflage.md."""
        return f"{self.kind.plural}/{self.id}.md"

    @property
    def url(self) -> str:
        return f"{self.kind.plural}/{self.id}/"

    @property
    def deprecated(self) -> bool:
        return self.data.get("status") == "deprecated"

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Classification:
    example: Entry
    failure_mode: Entry
    verdict: str
    data: dict[str, Any]

    @property
    def contested(self) -> bool:
        return bool(self.data.get("dissent"))


@dataclass
class Coverage:
    agenda: Entry
    failure_mode: Entry
    relevance: str
    rationale: str

    @property
    def weight(self) -> int:
        return RELEVANCE_WEIGHT[self.relevance]


@dataclass
class Relation:
    type: str
    source: Entry  # the failure mode whose file states the relation
    target: Entry
    data: dict[str, Any]


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry]
    roles: dict[str, FieldRoles]
    _by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    _children: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    _relations: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    _classifications: dict[str, list[Classification]] = field(default_factory=lambda: defaultdict(list))
    _coverage: dict[str, list[Coverage]] = field(default_factory=lambda: defaultdict(list))
    _detection: dict[str, list[Detection]] = field(default_factory=lambda: defaultdict(list))  # by failure mode
    _backlinks: dict[str, dict[str, list[Reference]]] = field(default_factory=lambda: defaultdict(dict))
    _superseded_by: dict[str, Entry] = field(default_factory=dict)
    _shown_together: dict[str, set[str]] = field(default_factory=dict)  # listings.py
    _pair_index: dict[str, list[tuple[Entry, Entry]]] = field(default_factory=lambda: defaultdict(list))
    _contrasts: dict[tuple[str, str], Contrast] = field(default_factory=dict)
    # When each entry was added and last changed (history.py); empty unless the caller reads it from git.
    history: History = field(default_factory=History)
    frameworks: dict = field(default_factory=dict)  # other taxonomies, for crosswalks (crosswalks.py)
    review: Any = None  # the Shallow Review 2025's agenda table, if the project has it (review_rules.py)

    @classmethod
    def build(cls, entries: list[Entry], roles: dict[str, FieldRoles]) -> "KnowledgeBase":
        kb = cls({e.id: e for e in entries}, roles)
        kb._index()
        return kb

    def _index(self) -> None:
        for kind in KINDS:
            self._by_kind[kind.name] = sorted((e for e in self.entries.values() if e.kind is kind),
                                              key=lambda e: (e.name.casefold(), e.id))
        for e in self.entries.values():
            for ref in iter_references(e.data, self.roles[e.kind.name]):
                if ref.target != e.id and ref.target in self.entries:
                    self._backlinks[ref.target].setdefault(e.id, []).append(ref)
        self._shown_together = listings.shown_together(self)
        for fm in self._by_kind["failure-mode"]:
            for parent in fm.get("parents", []):
                self._children[parent].append(fm)
            for rel in fm.get("relations", []):
                r = Relation(rel["type"], fm, self.entries[rel["target"]], rel)
                self._relations[fm.id].append(r)
                self._relations[rel["target"]].append(r)
        for ex in self._by_kind["example"]:
            for c in ex.get("classifications", []):
                fm = self.entries[c["failure_mode"]]
                self._classifications[fm.id].append(Classification(ex, fm, c["verdict"], c))
        for ag in self._by_kind["agenda"]:
            for c in ag.get("addresses", []):
                fm = self.entries[c["failure_mode"]]
                self._coverage[fm.id].append(Coverage(ag, fm, c["relevance"], c["rationale"]))
        for ev in self._by_kind["evaluation"]:
            for d in ev.get("looks_for", []):
                self._detection[d["failure_mode"]].append(Detection(ev, self.entries[d["failure_mode"]], d["directness"], d))
        for est in self._by_kind["estimate"]:
            if est.get("supersedes"):
                self._superseded_by[est.get("supersedes")] = est
        for a, b in self.contrast_pairs():
            self._pair_index[a.id].append((a, b))
            self._pair_index[b.id].append((a, b))

    # -- queries ------------------------------------------------------------------------------------------

    def of_kind(self, kind: str) -> list[Entry]:
        _whole()
        return self._by_kind[kind]

    def kind(self, name: str) -> Kind:
        return BY_NAME[name]

    def parents(self, fm: Entry) -> list[Entry]:
        return [self.entries[p] for p in fm.get("parents", [])]

    def children(self, fm: Entry) -> list[Entry]:
        _about(fm)
        return sorted(self._children.get(fm.id, []), key=lambda e: e.name.casefold())

    def relations(self, fm: Entry) -> list[Relation]:
        """Relations stated by fm and relations other failure modes state about it."""
        _about(fm)
        return self._relations.get(fm.id, [])

    def relation_groups(self, fm: Entry) -> list[RelationGroup]:
        """fm's relations as its page lists them: one line per relation, however many files state it."""
        return relation_groups(fm, self.relations(fm))

    def kinship(self, a: Entry, b: Entry) -> Kinship:
        """Whether one is a kind of the other, else the nearest failure modes both are kinds of (reading the
        parents of every failure mode on the way records them for tracking)."""
        return kinship(a, b, self.parents)

    def classifications(self, fm: Entry, verdict: str | None = None) -> list[Classification]:
        _about(fm)
        items = self._classifications.get(fm.id, [])
        if verdict:
            items = [c for c in items if c.verdict == verdict]
        return sorted(items, key=lambda c: (c.example.get("year") or 0, c.example.name.casefold()))

    def evidence(self, fm: Entry) -> Evidence:
        """How strongly fm is documented, computed from its instance examples (evidence.py)."""
        return strongest((c.example.id, c.example.get("evidence")) for c in self.classifications(fm, "instance")
                         if not c.example.deprecated)

    def classifications_of_example(self, example: Entry) -> list[Classification]:
        return [Classification(example, self.entries[c["failure_mode"]], c["verdict"], c)
                for c in example.get("classifications", [])]

    def coverage(self, fm: Entry) -> list[Coverage]:
        """Agendas addressing fm, most relevant first."""
        _about(fm)
        return sorted(self._coverage.get(fm.id, []), key=lambda c: (-c.weight, c.agenda.name.casefold()))

    def coverage_of_agenda(self, agenda: Entry) -> list[Coverage]:
        covs = [Coverage(agenda, self.entries[c["failure_mode"]], c["relevance"], c["rationale"])
                for c in agenda.get("addresses", [])]
        return sorted(covs, key=lambda c: (-c.weight, c.failure_mode.name.casefold()))

    def detection(self, fm: Entry) -> list[Detection]:
        """Evaluations that look for fm, most direct first (detection.py reads their results)."""
        _about(fm)
        return sorted(self._detection.get(fm.id, []), key=lambda d: (-d.weight, d.evaluation.name.casefold()))

    def estimates_about(self, fm: Entry) -> list[Entry]:
        """Estimates whose scenario is fm, or that are conditioned on fm."""
        out = [e for e in self._by_kind["estimate"]
               if e.get("scenario") == fm.id or any(g.get("failure_mode") == fm.id for g in e.get("given", []))]
        return sorted(out, key=lambda e: (e.get("date"), e.name.casefold()))

    def claims_about(self, fm: Entry) -> list[tuple[Entry, dict[str, Any]]]:
        """Claims bearing on fm, with the bearing's note, oldest first."""
        out = [(c, b) for c in self._by_kind["claim"] for b in c.get("bears_on", []) if b["failure_mode"] == fm.id]
        return sorted(out, key=lambda t: (t[0].get("date") or "9999", t[0].name.casefold()))

    def contrast_pairs(self) -> list[tuple[Entry, Entry]]:
        """Pairs that earn a contrast page: a stated relation or parent link between them, or a case that is an
        instance of one and judged (instance or not-instance) against the other."""
        _whole()
        pairs: set[tuple[str, str]] = set()
        for fm in self._by_kind["failure-mode"]:
            links = [r.target.id for r in self._relations.get(fm.id, []) if r.source is fm] + fm.get("parents", [])
            pairs.update(tuple(sorted((fm.id, other))) for other in links if other != fm.id)
        for ex in self._by_kind["example"]:
            verdicts = {c["failure_mode"]: c["verdict"] for c in ex.get("classifications", [])}
            shown = [f for f, v in verdicts.items() if v == "instance"]
            judged = [f for f, v in verdicts.items() if v in ("instance", "not-instance")]
            pairs.update(tuple(sorted((x, y))) for x in shown for y in judged if x != y)
        return [(self.entries[x], self.entries[y]) for x, y in sorted(pairs)]

    def contrasts_of(self, fm: Entry) -> list[Contrast]:
        """The contrasts a failure mode takes part in, by the other failure mode's name.

        For tracking, this is a query about fm alone: use only what the examples judged against both
        failure modes decide (the quadrants), which changes only if an example that refers to fm changes;
        the unassessed counts also depend on the other failure mode's examples.
        """
        _about(fm)
        out = [self._contrast(a, b) for a, b in self._pair_index.get(fm.id, [])]
        return sorted(out, key=lambda c: c.other(fm).name.casefold())

    def contrast(self, a: Entry, b: Entry) -> Contrast:
        """The contrast of two failure modes, computed once (the pair's page, both failure-mode pages and
        the contrasts index all ask for it)."""
        _about(a, b)
        return self._contrast(a, b)

    def _contrast(self, a: Entry, b: Entry) -> Contrast:
        global _reads
        if b.id < a.id:
            a, b = b, a
        key = (a.id, b.id)
        if key not in self._contrasts:
            # Untracked: whichever page asks first must not record the examples read here; what a
            # contrast depends on is recorded by the callers (about both, or the pair).
            reads, _reads = _reads, None
            try:
                self._contrasts[key] = self._compute_contrast(a, b)
            finally:
                _reads = reads
        return self._contrasts[key]

    def _compute_contrast(self, a: Entry, b: Entry) -> Contrast:
        verdicts: dict[str, dict[str, Classification]] = defaultdict(dict)
        for fm in (a, b):
            for c in self._classifications.get(fm.id, []):
                verdicts[c.example.id][fm.id] = c
        quadrants: dict[str, list[ContrastRow]] = {k: [] for k in ("both", "only_a", "only_b", "neither", "borderline")}
        unassessed = {a.id: 0, b.id: 0}
        for ex_id, by_fm in verdicts.items():
            row = ContrastRow(self.entries[ex_id], by_fm.get(a.id), by_fm.get(b.id))
            va = row.a.verdict if row.a else None
            vb = row.b.verdict if row.b else None
            if va is None or vb is None:  # only cases judged against both show how the two come apart
                if (va or vb) == "instance":
                    unassessed[a.id if va else b.id] += 1
                continue
            if va == "instance" and vb == "instance":
                quadrants["both"].append(row)
            elif "borderline" in (va, vb):
                quadrants["borderline"].append(row)
            elif va == "instance":
                quadrants["only_a"].append(row)
            elif vb == "instance":
                quadrants["only_b"].append(row)
            elif va == vb == "not-instance":
                quadrants["neither"].append(row)
        for rows in quadrants.values():
            rows.sort(key=lambda r: (r.example.get("year") or 0, r.example.name.casefold()))
        relations = [r for r in self._relations.get(a.id, []) if {r.source.id, r.target.id} == {a.id, b.id}]
        return Contrast(a, b, relations, **quadrants, unassessed_a=unassessed[a.id], unassessed_b=unassessed[b.id])

    def scenario_outcomes(self) -> list[tuple[Entry | None, str, list[Entry]]]:
        """Estimates grouped by (scenario, outcome); None stands for estimates about no single failure mode."""
        _whole()
        groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for est in self._by_kind["estimate"]:
            groups[(est.get("scenario") or "", est.get("outcome"))].append(est)
        out = []
        for (scenario, outcome), ests in groups.items():
            ests.sort(key=lambda e: (e.get("estimator").casefold(), e.get("date"), e.id))
            out.append((self.entries[scenario] if scenario else None, outcome, ests))
        return sorted(out, key=lambda t: (t[0] is None, t[0].name.casefold() if t[0] else "", t[1]))

    def glossary(self) -> list[tuple[str, Entry, bool]]:
        """(term, failure mode, is an alias) for every failure-mode name and alias, A to Z."""
        _whole()
        terms: dict[str, tuple[Entry, bool]] = {}
        for fm in self._by_kind["failure-mode"]:
            for term, alias in [(fm.name, False)] + [(a, True) for a in fm.get("aliases", [])]:
                if term not in terms or (not alias and terms[term][1]):  # a name beats another's alias
                    terms[term] = (fm, alias)
        return sorted(((t, e, a) for t, (e, a) in terms.items()), key=lambda x: (x[0].casefold(), x[0]))

    def superseded_by(self, estimate: Entry) -> Entry | None:
        _about(estimate)
        return self._superseded_by.get(estimate.id)

    def backlinks(self, entry: Entry) -> list[tuple[Entry, list[Reference]]]:
        """Entries that refer to this one, grouped, in kind then name order."""
        _about(entry)
        order = {k.name: i for i, k in enumerate(KINDS)}
        items = [(self.entries[i], refs) for i, refs in self._backlinks.get(entry.id, {}).items()]
        return sorted(items, key=lambda t: (order[t[0].kind.name], t[0].name.casefold()))

    def referenced_by(self, entry: Entry) -> list[tuple[Entry, bool]]:
        """Every entry whose page lists this one, and whether it lists it in reverse (listings.py)."""
        _about(entry)
        return listings.referenced_by(self, entry, self._shown_together)

    def citing(self, source: Entry) -> list[Entry]:
        return [e for e, _ in self.backlinks(source)]

    def matrix(self, columns: str = "agenda") -> Matrix:
        """Failure modes against agendas (graded coverage), or with columns="evaluation", against evaluations
        (graded directness: the detection matrix)."""
        _whole()
        index = self._coverage if columns == "agenda" else self._detection
        cells = {(getattr(c, columns).id, c.failure_mode.id): c for items in index.values() for c in items}
        evidence = {fm.id: self.evidence(fm).level or "no-documented-instance" for fm in self._by_kind["failure-mode"]}
        return Matrix(self._by_kind["failure-mode"], self._by_kind[columns], cells, evidence)
