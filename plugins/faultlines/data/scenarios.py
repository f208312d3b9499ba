"""Estimates as the founding question asks for them: chains of conditional premises, questions answered by
several populations, and conditionals P(B | A's state) laid out by condition and outcome.

Queries over a KnowledgeBase for the site; the arithmetic is estimate_rules', which the validator uses too.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .conditions import chains_containing, condition_phrase, state_phrase  # noqa: F401 - templates use chains_containing
from .estimate_rules import probability_range
from .model import Entry, KnowledgeBase

STATES = ("not-an-issue-by-default", "solved", "unsolved", "occurs")
STATE_WORDS = {"not-an-issue-by-default": "not an issue by default", "solved": "solved",
               "unsolved": "unsolved", "occurs": "occurs"}
FOUNDING_STATES = ("not-an-issue-by-default", "solved")  # the founding text's two conditional forms


@dataclass
class ChainStep:
    number: int  # premise 1, 2, ...
    estimate: Entry
    low: float
    high: float
    running_low: float  # the product (method sum: the sum) of this step and those before it
    running_high: float


@dataclass
class Chain:
    estimate: Entry  # the derived estimate
    method: str  # product | other
    steps: list[ChainStep]
    note: str = ""

    @property
    def product(self) -> tuple[float, float]:
        """The recomputed figure: the product (or, for method sum, the sum) of every step."""
        return (self.steps[-1].running_low, self.steps[-1].running_high) if self.steps else (1.0, 1.0)


def chain(kb: KnowledgeBase, est: Entry) -> Chain | None:
    derived = est.get("derived_from")
    if not derived:
        return None
    steps: list[ChainStep] = []
    adding = derived["method"] == "sum"
    low = high = 0.0 if adding else 1.0
    for n, pid in enumerate(derived["estimates"], 1):
        premise = kb.entries[pid]
        lo, hi = probability_range(premise.data) or (0.0, 1.0)
        low, high = (low + lo, high + hi) if adding else (low * lo, high * hi)
        steps.append(ChainStep(n, premise, lo, hi, low, high))
    return Chain(est, derived["method"], steps, derived.get("note", ""))


def chains(kb: KnowledgeBase) -> list[Chain]:
    """Every derived estimate's chain, products first, in name order."""
    out = [c for e in kb.of_kind("estimate") if (c := chain(kb, e)) is not None]
    return sorted(out, key=lambda c: (c.method != "product", c.estimate.name.casefold()))


def condition_label(kb: KnowledgeBase, est: Entry, failure_modes: bool = True) -> str:
    """The condition phrase (conditions.condition_phrase) without its leading 'given', for the what-if page,
    which writes 'given …' itself: 'premises 1–5 and power-seeking occurs'; 'if AGI is developed by 2070'; ''."""
    phrase = condition_phrase(kb, est, failure_modes)
    return phrase[len("given "):] if phrase.startswith("given ") else phrase


def questions(kb: KnowledgeBase) -> dict[str, list[Entry]]:
    """Question slug -> the estimates answering it, by estimator then date."""
    out: dict[str, list[Entry]] = defaultdict(list)
    for e in kb.of_kind("estimate"):
        if e.get("question"):
            out[e.get("question")].append(e)
    for members in out.values():
        members.sort(key=lambda e: (e.get("estimator").casefold(), e.get("date"), e.id))
    return dict(sorted(out.items()))


def failure_mode_conditions(est: Entry) -> list[tuple[str, str]]:
    return [(g["failure_mode"], g["state"]) for g in est.get("given", []) if "failure_mode" in g]


@dataclass
class ConditionalGrid:
    rows: list[tuple[tuple[tuple[str, str], ...], str]]  # (conditions, label)
    columns: list[tuple[tuple[str, str], str]]  # ((scenario id or "", outcome), label)
    cells: dict[tuple, list[Entry]] = field(default_factory=dict)
    # Chain premises conditional on a failure mode's state: never in a cell (a premise's figure is also
    # conditional on the premises before it), listed with their full condition instead, by row.
    premises: dict[tuple, list[Entry]] = field(default_factory=dict)
    unanswered: list[tuple[str, str]] = field(default_factory=list)  # founding forms (fm id, state) no estimate gives

    def cell(self, row: tuple, column: tuple) -> list[Entry]:
        return self.cells.get((row, column), [])

    @property
    def gaps(self) -> int:
        return len(self.rows) * len(self.columns) - len(self.cells)

    def answered(self, row: tuple) -> list[tuple[tuple[str, str], str]]:
        """The row's columns that hold a figure, in the columns' order."""
        return [(c, label) for c, label in self.columns if (row, c) in self.cells]


def outcome_label(kb: KnowledgeBase, scenario: str, outcome: str) -> str:
    """What a column's figures are probabilities of. Without a scenario the outcome is as each estimate words
    it (its route is in its proposition), not 'from any cause'."""
    if outcome == "alignment-progress":
        return "AI-powered alignment progress before doom"
    if outcome == "scenario-occurs":
        return f"{kb.entries[scenario].name} occurs" if scenario else "the scenario occurs"
    if outcome == "other":  # the outcome is only in each estimate's wording
        return f"{kb.entries[scenario].name}: another outcome" if scenario else "Another outcome (see each wording)"
    words = outcome.replace("-", " ")
    return f"{kb.entries[scenario].name} leads to {words}" if scenario else f"{words[:1].upper()}{words[1:]}"


def row_label(kb: KnowledgeBase, row: tuple[tuple[str, str], ...]) -> str:
    """'Given scheming occurs', 'If power-seeking is not an issue by default' (the phrase the figures carry)."""
    text = " and ".join(state_phrase(kb.entries[f].name, s) for f, s in row)
    return text[:1].upper() + text[1:]


def conditional_grid(kb: KnowledgeBase) -> ConditionalGrid:
    """Rows: a failure mode and its state (each conditioned-on failure mode also gets the founding text's
    two forms, not an issue by default and solved, so that missing forecasts show); columns: the outcome.
    A cell holds only estimates whose outcome is the column's and whose failure-mode condition is the row's;
    a chain's premises are kept out of the cells and listed under their row with their full condition."""
    ests = [e for e in kb.of_kind("estimate") if failure_mode_conditions(e)]
    cells: dict[tuple, list[Entry]] = defaultdict(list)
    premises: dict[tuple, list[Entry]] = defaultdict(list)
    row_keys: set[tuple] = set()
    column_keys: set[tuple[str, str]] = set()
    for e in ests:
        row = tuple(sorted(failure_mode_conditions(e)))
        row_keys.add(row)
        if any("estimate" in g for g in e.get("given", [])):
            premises[row].append(e)
            continue
        column = (e.get("scenario") or "", e.get("outcome"))
        column_keys.add(column)
        cells[(row, column)].append(e)
    answered = {c for r in row_keys for c in r}
    for row in list(row_keys):
        if len(row) == 1:
            row_keys.update(((row[0][0], s),) for s in FOUNDING_STATES)
    order = {s: i for i, s in enumerate(STATES)}

    def row_sort(row: tuple) -> tuple:
        return tuple((kb.entries[f].name.casefold(), order[s]) for f, s in row)

    rows = [(r, row_label(kb, r)) for r in sorted(row_keys, key=row_sort)]
    columns = sorted(((c, outcome_label(kb, *c)) for c in column_keys),
                     key=lambda t: (t[0][1] == "alignment-progress", t[0][0] == "", t[1].casefold()))
    for members in list(cells.values()) + list(premises.values()):
        members.sort(key=lambda e: (e.get("date"), e.id))
    unanswered = [r[0] for r, _ in rows if len(r) == 1 and r[0][1] in FOUNDING_STATES and r[0] not in answered]
    return ConditionalGrid(rows, columns, dict(cells), dict(premises), unanswered)
