"""How we would know: which evaluations look for a failure mode, how directly, and what they found.

A detection is one `looks_for` item of an evaluation; a result is one published figure, either from the
evaluation's own `results` or from an example its runs produced (an example's counted results are entered
there once and shown on the evaluation's page too). Queries that need the whole knowledge base's index live
on KnowledgeBase (model.py); what can be read off one evaluation lives here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Entry = KnowledgeBase = Any  # model.Entry and model.KnowledgeBase (model.py imports this module, not the reverse)

DIRECTNESS_WEIGHT = {"high": 3, "medium": 2, "low": 1}


@dataclass
class Detection:
    evaluation: "Entry"
    failure_mode: "Entry"
    directness: str
    data: dict[str, Any]

    @property
    def weight(self) -> int:
        return DIRECTNESS_WEIGHT[self.directness]

    @property
    def relevance(self) -> str:
        """The grade under the name the heatmap reads (site/matrix_html.py draws both matrices)."""
        return self.directness

    @property
    def rationale(self) -> str:
        return self.data["rationale"]


@dataclass
class Result:
    evaluation: "Entry"
    data: dict[str, Any]
    date: str  # when it was published: the result's own date, or for an example's result its source's date
    example: "Entry | None" = None  # the example whose results count it, if it is one of those

    @property
    def system(self) -> str:
        return self.data["system"]

    @property
    def counted(self) -> bool:
        return "runs" in self.data

    @property
    def figure(self) -> str:
        """'79 of 100 runs' or '23.5 on a scale of 0 to 100 (% of samples ...)'."""
        d = self.data
        if self.counted:
            return f"{d['occurred']} of {d['runs']} runs"
        scale = d["scale"]
        return f"{number(d['score'])} on a scale of {number(scale['min'])} to {number(scale['max'])} ({scale['unit']})"

    @property
    def short_figure(self) -> str:
        """The figure without the scale's words, for one-line summaries: '79 of 100 runs', '23.5 of 100'."""
        d = self.data
        if self.counted:
            return f"{d['occurred']}/{d['runs']} runs"
        if d["scale"]["unit"].startswith("%") and (d["scale"]["min"], d["scale"]["max"]) == (0, 100):
            return f"{number(d['score'])}%"
        return f"{number(d['score'])} (scale {number(d['scale']['min'])}–{number(d['scale']['max'])})"


def number(value: float) -> str:
    """12.0 -> '12', 0.25 -> '0.25': the figure as the source wrote it, without a float's trailing zero."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def detections_of(kb: "KnowledgeBase", evaluation: "Entry") -> list[Detection]:
    """The failure modes an evaluation looks for, most direct first."""
    items = [Detection(evaluation, kb.entries[d["failure_mode"]], d["directness"], d)
             for d in evaluation.get("looks_for", [])]
    return sorted(items, key=lambda d: (-d.weight, d.failure_mode.name.casefold()))


def results_of(kb: "KnowledgeBase", evaluation: "Entry") -> list[Result]:
    """Every published result of an evaluation, its own and its examples', newest first, then by system."""
    out = [Result(evaluation, r, r["date"]) for r in evaluation.get("results", [])]
    for example_id in evaluation.get("examples", []):
        example = kb.entries[example_id]
        for r in example.get("results", []):
            source = kb.entries[r["source"]]
            out.append(Result(evaluation, r, str(source.get("date") or source.get("year")), example))
    return sorted(out, key=lambda r: (_negated(r.date), r.system.casefold()))


def latest_results(kb: "KnowledgeBase", evaluation: "Entry", limit: int = 3) -> tuple[list[Result], int]:
    """The results of the newest date (at most `limit`), and how many results there are in all."""
    results = results_of(kb, evaluation)
    if not results:
        return [], 0
    newest = [r for r in results if r.date == results[0].date]
    return newest[:limit], len(results)


def _negated(date: str) -> tuple[int, ...]:
    """A sort key that puts later dates first: '2025-06' before '2025' before '2024-12-01'."""
    parts = [int(p) for p in date.split("-")]
    return tuple(-p for p in parts + [99] * (3 - len(parts)))


def evaluations_naming(kb: "KnowledgeBase", entry: "Entry", field: str) -> list["Entry"]:
    """The evaluations whose `field` ("examples", "agendas") lists this entry, for its page."""
    return [other for other, refs in kb.backlinks(entry)
            if other.kind.name == "evaluation" and any(r.path and r.path[0] == field for r in refs)]
