"""The data of the what-if page (/what-if/): what each failure mode's state touches, so that
docs/javascripts/what-if.js can read a reader's marks as they are defined in docs/methodology.md.

The page's script does the reading (the reader's marks are only in the browser); this module says, for every
published conditional and every premise of a product chain, which failure modes it depends on and how:
a premise whose proposition is that a failure mode arises (`arises`), a step by which a failure mode leads to
a catastrophe (`through`), and the failure-mode conditions it is given (`given`).
"""
from __future__ import annotations

import json
from typing import Any, Callable

from ..data import scenarios as sc
from ..data.model import Entry, KnowledgeBase
from .charts import figure

WHAT_IF_JSON = "what-if.json"
# Outcomes that are a catastrophe: a step to one of these "through" a failure mode closes when it is solved.
CATASTROPHES = frozenset({"existential-catastrophe", "human-extinction", "ai-takeover", "disempowerment",
                          "global-catastrophe"})
MARKS = {"unknown": "unknown", "not-an-issue": "not an issue by default", "solved": "solved",
         "unsolved": "unsolved"}


def dependence(est: Entry) -> dict[str, list]:
    """How an estimate depends on failure modes: arises [ids], through [ids], given [[id, state]]."""
    given = sc.failure_mode_conditions(est)
    scenario, outcome = est.get("scenario"), est.get("outcome")
    arises = [scenario] if scenario and outcome == "scenario-occurs" else []
    through: list[str] = []
    if outcome in CATASTROPHES:
        through = ([scenario] if scenario else []) + [f for f, s in given if s in ("occurs", "unsolved")]
    return {"arises": arises, "through": sorted(set(through)), "given": [list(g) for g in given]}


def what_if_data(kb: KnowledgeBase, chains: list[sc.Chain], url: Callable[[Entry], str],
                 phrase: Callable[[Entry], str]) -> str:
    """The page's JSON: failure modes (with what depends on each), conditionals, agendas and chains.
    phrase(estimate) is the estimate's condition in words, shown next to every figure."""
    ref = lambda e: {"id": e.id, "name": e.name, "url": url(e)}  # noqa: E731
    conditionals = []
    for e in kb.of_kind("estimate"):
        if sc.failure_mode_conditions(e):
            conditionals.append({**ref(e), "figure": figure(e.data)[3], "estimator": e.get("estimator"),
                                 "date": e.get("date"), "proposition": e.get("proposition"),
                                 "conditions": [list(c) for c in sc.failure_mode_conditions(e)],
                                 "condition": phrase(e)})
    agendas = [{**ref(a), "addresses": [[c.failure_mode.id, c.weight] for c in kb.coverage_of_agenda(a)]}
               for a in kb.of_kind("agenda") if not a.deprecated]
    chain_data = []
    for c in chains:
        premises = [{**ref(s.estimate), **dependence(s.estimate), "value": _default(s.estimate.data),
                     "published": figure(s.estimate.data)[3], "condition": phrase(s.estimate),
                     "proposition": s.estimate.get("proposition")} for s in c.steps]
        chain_data.append({**ref(c.estimate), "published": figure(c.estimate.data)[3],
                           "condition": phrase(c.estimate), "proposition": c.estimate.get("proposition"),
                           "premises": premises})
    failure_modes = []
    for f in kb.of_kind("failure-mode"):
        if f.deprecated:
            continue
        touches = lambda d: f.id in d["arises"] + d["through"] + [g[0] for g in d["given"]]  # noqa: E731
        failure_modes.append({**ref(f),
                              "estimates": sum(1 for e in conditionals if any(g[0] == f.id for g in e["conditions"])),
                              "chains": sum(1 for c in chain_data if any(touches(p) for p in c["premises"])),
                              "agendas": sum(1 for a in agendas if any(x[0] == f.id for x in a["addresses"]))})
    data: dict[str, Any] = {"states": MARKS, "failure_modes": failure_modes, "conditionals": conditionals,
                            "agendas": agendas, "chains": chain_data}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _default(data: dict) -> float:
    """A premise's starting value on the what-if page: its value, an interval's midpoint, or its bound."""
    low, high, shape, _ = figure(data)
    if shape == "lower":
        return low
    if shape == "upper":
        return high
    return round((low + high) / 2, 6)
