"""The founding text's forms of estimate, as a person records their own: one entry per cell they have a view on.

- unconditional: P(B leads to existential catastrophe);
- not-an-issue / solved: P(B leads to existential catastrophe | A not an issue by default / A solved), A ≠ B;
- progress: P(meaningful AI-powered alignment progress is possible before catastrophe | C solved).

`faultlines new estimate --form …` writes these, and the estimates builder (docs/javascripts/builder/) makes the
same entries in the browser: the same ids, fields and order (entry_yaml.py writes them, always quoting text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..data.state_phrases import name_in_text
from ..data.stated_figures import read_figure

FORMS = {  # form -> (state of the condition's failure mode, or None)
    "unconditional": None,
    "not-an-issue": "not-an-issue-by-default",
    "solved": "solved",
    "progress": "solved",
}
PROGRESS = "Meaningful AI-powered alignment progress is possible before catastrophe."
ID_MAX = 64


@dataclass
class FormProblem:
    field: str  # the flag or form field it is about: "value", "estimator", "condition"
    message: str
    code: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def form_id(estimator: str, form: str, scenario: str | None, condition: str | None) -> str:
    """'jane-doe-scheming-if-sycophancy-solved': who, then the cell; cut at a hyphen to 64 characters."""
    who = slug(estimator) or "someone"
    cell = {"unconditional": f"{scenario}", "not-an-issue": f"{scenario}-if-{condition}-not-an-issue",
            "solved": f"{scenario}-if-{condition}-solved", "progress": f"progress-if-{condition}-solved"}[form]
    full = f"{who}-{cell}"
    if len(full) <= ID_MAX:
        return full
    return full[:ID_MAX].rsplit("-", 1)[0]


def estimate_entry(form: str, estimator: str, date: str, figure: str, names: dict[str, str],
                   scenario: str | None = None, condition: str | None = None, horizon: str | None = None,
                   reasoning: str | None = None, statement_url: str | None = None) -> tuple[dict[str, Any], list[FormProblem]]:
    """The entry's fields in file order, and what stops it being written (a figure that cannot be read, a form
    without its failure mode). Everything else (A = B, an unknown failure mode, an empty name, 120%) is written as
    given and left to the validator, so its message is the one `faultlines validate` gives for the file.
    names: failure-mode id -> name."""
    problems: list[FormProblem] = []
    read = read_figure(figure)
    if read.problem:
        problems.append(FormProblem("value", read.problem, read.code or "stated-figure-unreadable"))
    state = FORMS[form]
    if form != "progress" and not scenario:
        problems.append(FormProblem("scenario", "choose the failure mode B the probability is about",
                                    "estimate-form-scenario-missing"))
    if state and not condition:
        problems.append(FormProblem("condition", "choose the failure mode A the probability is conditional on",
                                    "estimate-form-condition-missing"))
    who = estimator.strip()
    b = name_in_text(names.get(scenario or "", scenario or ""))
    a = name_in_text(names.get(condition or "", condition or ""))
    if form == "progress":
        proposition, what = PROGRESS, "meaningful AI-powered alignment progress is possible before catastrophe"
    else:
        proposition = f"{b[:1].upper() + b[1:]} leads to existential catastrophe."
        what = f"{b} leads to existential catastrophe"
    given = {"not-an-issue": f", if {a} is not an issue by default", "solved": f", given {a} is solved",
             "progress": f", given {a} is solved", "unconditional": ""}[form]
    data: dict[str, Any] = {
        "id": form_id(who, form, scenario, condition),
        "name": f"{who or 'Someone'} ({date[:4]}): {what}{given}",
        "summary": f"{who or 'Someone'}'s own probability that {what}{given}, submitted by them to Faultlines.",
        "provenance": "self-reported",
    }
    if who:
        data["estimator"] = who
    data["date"] = date
    data["proposition"] = proposition
    data["outcome"] = "alignment-progress" if form == "progress" else "existential-catastrophe"
    if form != "progress" and scenario:
        data["scenario"] = scenario
    data["method"] = "personal-credence"
    if state and condition:
        data["given"] = [{"failure_mode": condition, "state": state}]
    elif not state:
        data["unconditional"] = True
    data.update(read.fields)
    data["stated_as"] = read.stated_as
    if horizon and horizon.strip():
        data["horizon"] = " ".join(horizon.split())
    if statement_url and statement_url.strip():
        data["statement_url"] = statement_url.strip()
    if reasoning and reasoning.strip():
        data["description"] = reasoning.strip()
    return data, problems
