"""The builders (/record/estimates/, /record/case/): pages whose forms docs/javascripts/builder/ makes, and
builder.json, everything they need from the knowledge base and nothing more.

The forms check what a person types against the published schemas (/schema/) and the checks across entries
the browser can make (ids unique, failure modes and sources that exist); builder.json holds the ids, names,
aliases and source addresses those checks read, and the published figures of every cell a person can fill,
each with its condition in the site's words, so the form can show them beside the input.
"""
from __future__ import annotations

import json
from typing import Any

from ..data.conditions import condition_phrase
from ..data.model import KnowledgeBase
from ..data.self_reported import provenance
from .charts import figure

BUILDER_JSON = "builder.json"
PAGES = (("record/estimates.md", "Record your own estimates", "builder-estimates"),)  # the case builder: to come


def cell_key(est) -> str | None:
    """'B|A|state' for the cells a person can fill (the founding text's forms), None for any other estimate."""
    given = est.get("given") or []
    outcome = est.get("outcome")
    scenario = est.get("scenario") or ""
    if outcome not in ("existential-catastrophe", "alignment-progress"):
        return None
    if outcome == "alignment-progress":
        scenario = "progress"
    elif not scenario:
        return None
    if not given:
        return f"{scenario}||" if est.get("unconditional") is True and outcome != "alignment-progress" else None
    if len(given) == 1 and isinstance(given[0], dict) and "failure_mode" in given[0]:
        return f"{scenario}|{given[0]['failure_mode']}|{given[0]['state']}"
    return None


def builder_data(kb: KnowledgeBase, url, repo_url: str | None) -> str:
    def names(e) -> list[str]:
        return [e.name] + [a for a in e.get("aliases", []) if isinstance(a, str)]

    cells: dict[str, list[dict[str, Any]]] = {}
    for e in kb.of_kind("estimate"):
        key = cell_key(e)
        if key:
            cells.setdefault(key, []).append({"id": e.id, "url": url(e), "figure": figure(e.data)[3],
                                              "condition": condition_phrase(kb, e), "estimator": e.get("estimator"),
                                              "date": e.get("date"), "provenance": provenance(e)})
    data = {
        "repo_url": repo_url if repo_url and "github.com" in repo_url else None,
        "ids": {e.id: e.kind.plural for e in kb.entries.values()},
        "failure_modes": [{"id": f.id, "names": names(f), "url": url(f)} for f in kb.of_kind("failure-mode")
                          if not f.deprecated],
        "examples": [{"id": x.id, "names": names(x), "url": url(x)} for x in kb.of_kind("example")],
        "sources": [{"id": s.id, "name": s.name, "title": s.get("title"), "url": s.get("url"), "year": s.get("year")}
                    for s in kb.of_kind("source") if not s.deprecated],
        "cells": cells,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def builder_page(title: str, script: str, which: str) -> str:
    """The page's Markdown: what happens to what one types, and where the script puts the form."""
    intro = {
        "builder-estimates": (
            "Give your own probability for any cell you have a view on: P(B leads to existential catastrophe), "
            "the same given that another failure mode A is not an issue by default or is solved, and P(meaningful "
            "AI-powered alignment progress is possible before catastrophe | C solved). Write figures as you would "
            "say them: 5%, 0.05, >10%, <1%, 1–5%, 5e-3. Each figure becomes one entry file, marked "
            "*self-reported* wherever the site shows it, next to the published figures for the same cell."),
        "builder-case": (
            "Record a case: what happened, where it is documented, and which failure modes it is (and is not) an "
            "instance of, each verdict with its reason and whose call it is: a source that makes it, in its own "
            "words, or the editors' judgement. A new source becomes a file of its own."),
    }[which]
    return (f"---\nfaultlines_script: {script}\nhide:\n  - toc\n---\n\n# {title}\n\n"
            f"{intro}\n{{: .fl-summary }}\n\n"
            "Nothing you type leaves this page until you click a link: the form checks it here, in your browser, "
            "against the same rules as `faultlines validate`, then gives you the files to download or copy, or "
            "to propose on GitHub. No account, clone or installation is needed to fill it in.\n\n"
            f'<div id="fl-builder" class="fl-builder" data-builder="{which}"></div>\n\n'
            '<div class="fl-static" markdown>\n\nThis form needs JavaScript. Without it, write the file by hand: '
            "`faultlines new estimate --form solved --scenario B --given A --value 5% --estimator 'Your Name'` "
            "makes the same entry (docs/contributing.md walks through it).\n\n</div>\n")
