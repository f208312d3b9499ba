"""The estimate pages that answer the founding question: estimates by scenario (with honest charts), questions
answered by several populations, the conditionals grid (/conditionals/) and the what-if page (/what-if/).
"""
from __future__ import annotations

import json
from html import escape
from typing import Any, Callable

from ..data import scenarios as sc
from ..data.conditions import condition_phrase, grouped_by_condition, is_conditional
from ..data.estimate_rules import date_start
from ..data.model import Entry, KnowledgeBase
from ..data.self_reported import provenance
from .charts import chart_rows, estimate_chart, figure
from .markdown_text import MD

WHAT_IF_JSON = "what-if.json"


class ScenarioPages:
    """render(template, src_uri, **context) -> Markdown is the Renderer's; pages are returned as
    (src_uri, title, markdown, in_nav) and extra files as {path: text}."""

    def __init__(self, kb: KnowledgeBase, render: Callable[..., str], directory_urls: bool = True):
        self.kb = kb
        self.render = render
        self.directory_urls = directory_urls

    @staticmethod
    def scenario_slug(scenario: Entry | None, outcome: str) -> str:
        # Ids cannot contain "_", so "_general" never collides with a failure-mode id.
        return f"{scenario.id if scenario else '_general'}--{outcome}"

    def charts(self, title: str, estimates: list[Entry], path: str) -> tuple[dict[str, str], int]:
        """The wide and narrow SVG of one group of estimates at path(.svg|-narrow.svg); and its panel count.
        Rows are numbered as in the table under the chart (estimates in the order given)."""
        superseded = {e.id for e in estimates if self.kb.superseded_by(e)}
        conditions = {e.id: condition_phrase(self.kb, e) for e in estimates}
        values = {e.id: figure(e.data) for e in estimates}
        numbers = {e.id: n for n, e in enumerate(estimates, 1)}
        panels = chart_rows(estimates, superseded, conditions, values, numbers)
        return {f"{path}.svg": estimate_chart(title, panels),
                f"{path}-narrow.svg": estimate_chart(title, panels, narrow=True)}, len(panels)

    def scenario_pages(self) -> tuple[list[tuple], dict[str, str]]:
        """A page and its charts per (scenario, outcome); the index; a page per question."""
        pages: list[tuple] = []
        assets: dict[str, str] = {}
        groups = []
        for scenario, outcome, ests in self.kb.scenario_outcomes():
            slug = self.scenario_slug(scenario, outcome)
            title = f"{scenario.name if scenario else 'No single failure mode'}: {outcome.replace('-', ' ')}"
            # unconditional estimates first, as the chart's panels: the chart's row numbers follow this order
            ests = [e for _, group in grouped_by_condition(self.kb, ests) for e in group]
            charts, panels = self.charts(title, ests, f"scenarios/{slug}")
            assets.update(charts)
            src = f"scenarios/{slug}.md"
            md = self.render("scenario.md.j2", src, scenario=scenario, outcome=outcome, estimates=ests,
                             title=title, chart=slug, panels=panels, numbers={e.id: n for n, e in enumerate(ests, 1)})
            pages.append((src, title, md, False))
            groups.append((title, src, scenario, outcome, ests))
        conditionals = sorted((e for e in self.kb.of_kind("estimate") if is_conditional(e)),
                              key=lambda e: (e.get("estimator").casefold(), e.get("date"), e.id))
        questions = sc.questions(self.kb)
        index = self.render("scenarios.md.j2", "scenarios/index.md", groups=groups, conditionals=conditionals,
                            questions=questions)
        pages.insert(0, ("scenarios/index.md", "Estimates by scenario", index, True))
        pages.append(("questions/index.md", "Questions", self.render("questions.md.j2", "questions/index.md",
                                                                      questions=questions), True))
        for slug, members in questions.items():
            src = f"questions/{slug}.md"
            md = self.render("question.md.j2", src, slug=slug, members=members)
            pages.append((src, f"Question: {members[0].get('proposition')}", md, False))
        return pages, assets

    def conditionals_page(self) -> tuple:
        grid = sc.conditional_grid(self.kb)
        md = self.render("conditionals.md.j2", "conditionals.md", grid=grid, STATE_WORDS=sc.STATE_WORDS)
        return ("conditionals.md", "Conditionals", "---\nhide:\n  - toc\n---\n\n" + md, True)

    def what_if_page(self) -> tuple[tuple, str]:
        """The page (controls built by docs/javascripts/what-if.js; the chains as a table without it) and its data."""
        chains = [c for c in sc.chains(self.kb) if c.method == "product"]
        conditions = {s.estimate.id: sc.condition_label(self.kb, s.estimate) for c in chains for s in c.steps}
        md = self.render("what-if.md.j2", "what-if.md", chains=chains, conditions=conditions)
        page = ("what-if.md", "What if?", "---\nfaultlines_script: what-if\nhide:\n  - toc\n---\n\n" + md, True)
        return page, self.what_if_data(chains, conditions)

    def _url(self, entry: Entry) -> str:
        return entry.url if self.directory_urls else entry.url.rstrip("/") + ".html"

    def what_if_data(self, chains: list[sc.Chain], conditions: dict[str, str]) -> str:
        kb = self.kb
        ref = lambda e: {"id": e.id, "name": e.name, "url": self._url(e)}  # noqa: E731
        conditionals = []
        for e in kb.of_kind("estimate"):
            fm_conditions = sc.failure_mode_conditions(e)
            if fm_conditions:
                conditionals.append({**ref(e), "figure": figure(e.data)[3], "estimator": e.get("estimator"),
                                     "date": e.get("date"), "proposition": e.get("proposition"),
                                     "conditions": [list(c) for c in fm_conditions],
                                     "also": sc.condition_label(kb, e, failure_modes=False)})
        agendas = [{**ref(a), "addresses": [[c.failure_mode.id, c.weight] for c in kb.coverage_of_agenda(a)]}
                   for a in kb.of_kind("agenda") if not a.deprecated]
        data: dict[str, Any] = {
            "states": {"not-an-issue": "not an issue", "solved": "solved", "unsolved": "unsolved", "unknown": "unknown"},
            "failure_modes": [ref(f) for f in kb.of_kind("failure-mode") if not f.deprecated],
            "conditionals": conditionals,
            "agendas": agendas,
            "chains": [{**ref(c.estimate), "published": figure(c.estimate.data)[3],
                        "premises": [{**ref(s.estimate), "value": _default(s.estimate.data),
                                      "published": figure(s.estimate.data)[3],
                                      "condition": conditions.get(s.estimate.id, ""),
                                      "proposition": s.estimate.get("proposition")} for s in c.steps]}
                       for c in chains],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def estimate_rows(self) -> list[dict[str, Any]]:
        """The estimates index's rows with the data its filters and sorting use."""
        rows = []
        for e in self.kb.of_kind("estimate"):
            low, high, shape, text = figure(e.data)
            scenario = self.kb.entries[e.get("scenario")] if e.get("scenario") else None
            data = {"scenario": scenario.id if scenario else "", "outcome": e.get("outcome"),
                    "year": date_start(e.get("date"))[:4], "value": repr(low if shape != "upper" else high),
                    "date": date_start(e.get("date")), "conditional": "1" if is_conditional(e) else "0",
                    "provenance": provenance(e)}
            # An empty marker in the first cell carries the row's data for the script's filters and sorting.
            marker = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
            rows.append({"e": e, "figure": text, "scenario": scenario,
                         "marker": MD(f'<span class="fl-row"{marker} hidden></span>')})
        return rows


def _default(data: dict) -> float:
    """A premise's starting value on the what-if page: its value, an interval's midpoint, or its bound."""
    low, high, shape, _ = figure(data)
    if shape == "lower":
        return low
    if shape == "upper":
        return high
    return round((low + high) / 2, 6)
