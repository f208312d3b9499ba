"""Rules for evaluations that a schema cannot express: each result in exactly one form (counts, or a score on
its scale) and inside that scale, no result entered twice (here, or already in an example's own results), and
every detection grade either based on a source's words or marked as the editors' judgement.

(A result with more occurrences than runs is the general results rule in integrity.py, for examples too.)
"""
from __future__ import annotations

from .diagnostics import Diagnostic
from .documents import Document


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_evaluations(by_id: dict[str, Document]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    counted = _example_results(by_id)
    for doc in by_id.values():
        if doc.kind.name != "evaluation":
            continue
        for i, item in enumerate(_list(doc.data.get("looks_for"))):
            if isinstance(item, dict):
                _basis(doc, ("looks_for", i), item, out)
        seen: dict[tuple, int] = {}
        for i, result in enumerate(_list(doc.data.get("results"))):
            if not isinstance(result, dict):
                continue
            _form(doc, i, result, out)
            key = tuple(result.get(k) for k in ("system", "condition", "source", "locator"))
            if all(isinstance(k, str) for k in key):
                if key in seen:
                    out.append(doc.diagnostic(("results", i), f"repeats the result at results[{seen[key]}] (same system, "
                                                              f"condition, source and locator); keep one",
                                              "evaluation-result-repeated"))
                else:
                    seen[key] = i
                example = counted.get(key[:3])
                if example is not None:
                    out.append(doc.diagnostic(("results", i), f"this result is already counted in the example "
                                                              f"'{example}' (same system, condition and source); remove "
                                                              f"it here and list '{example}' under examples, whose "
                                                              f"results this page shows", "evaluation-result-counted-in-example"))
    return out


def _example_results(by_id: dict[str, Document]) -> dict[tuple, str]:
    """(system, condition, source) of every result an example counts -> that example's id."""
    out: dict[tuple, str] = {}
    for doc in by_id.values():
        if doc.kind.name == "example":
            for r in _list(doc.data.get("results")):
                if isinstance(r, dict):
                    out.setdefault((r.get("system"), r.get("condition"), r.get("source")), doc.id)
    return out


def _basis(doc: Document, path: tuple, item: dict, out: list[Diagnostic]) -> None:
    has_basis, judged = "basis" in item, item.get("editors_judgement") is True
    if has_basis and judged:
        out.append(doc.diagnostic(path + ("editors_judgement",), "this grade has both a basis and editors_judgement: "
                                                                 "keep the basis if the source makes the call, "
                                                                 "otherwise remove it", "basis-conflict"))
    elif not has_basis and not judged:
        out.append(doc.diagnostic(path, "this grade has no basis: add basis (the source, its own words that make the "
                                        "call, and where they are), or set editors_judgement: true if it rests on the "
                                        "editors' reading alone (the page says so)", "basis-missing"))


def _form(doc: Document, i: int, result: dict, out: list[Diagnostic]) -> None:
    path = ("results", i)
    counts = [k for k in ("occurred", "runs") if k in result]
    score = [k for k in ("score", "scale") if k in result]
    if counts and score:
        out.append(doc.diagnostic(path + (score[0],), f"a result is either counts (occurred, runs) or a score on a "
                                                      f"scale, not both; found {', '.join(counts + score)}: split it "
                                                      f"into two results or keep one form", "evaluation-result-form-conflict"))
        return
    if not counts and not score:
        out.append(doc.diagnostic(path, "a result needs a figure: occurred and runs (the behaviour occurred in so many "
                                        "of so many runs), or score and scale ({min, max, unit})",
                                  "evaluation-result-figure-missing"))
        return
    for have, need in (("occurred", "runs"), ("runs", "occurred"), ("score", "scale"), ("scale", "score")):
        if have in result and need not in result:
            out.append(doc.diagnostic(path + (have,), f"'{have}' needs '{need}' beside it",
                                      "evaluation-result-figure-missing"))
    scale = result.get("scale")
    if not isinstance(scale, dict) or not (_number(scale.get("min")) and _number(scale.get("max"))):
        return  # a missing or malformed scale is reported above or by the schema
    low, high = scale["min"], scale["max"]
    if low >= high:
        out.append(doc.diagnostic(path + ("scale", "max"), f"the scale's max ({high}) must be more than its min ({low})",
                                  "evaluation-scale-empty"))
    elif _number(result.get("score")) and not low <= result["score"] <= high:
        out.append(doc.diagnostic(path + ("score",), f"score {result['score']} is outside its scale ({low} to {high}"
                                                     f", {scale.get('unit', 'no unit')}): correct the score or the scale",
                                  "evaluation-score-out-of-scale"))
