"""The estimate pages that answer the founding question: estimates by scenario (with honest charts), questions
answered by several populations, the conditionals grid (/conditionals/) and the what-if page (/what-if/).
"""
from __future__ import annotations

from html import escape
from typing import Any, Callable

from ..data import scenarios as sc
from ..data.conditions import condition_phrase, grouped_by_condition, is_conditional
from ..data.estimate_rules import date_start
from ..data.model import Entry, KnowledgeBase
from ..data.self_reported import provenance
from .charts import chart_rows, estimate_chart, figure
from .markdown_text import MD
from .what_if import MARKS, what_if_data

# /conditionals/ is a table of conditions by outcomes while a reader can read it as one (at 1,000 synthetic
# entries it would be 86 x 38 cells, 98 % gaps; at 10,000, 741 x 277 and 24 MB). Past that, the page lists the
# conditions that have a figure, each with its figures, and counts the gaps.
TABLE_COLUMNS = 8
TABLE_CELLS = 400


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
        table = len(grid.columns) <= TABLE_COLUMNS and len(grid.rows) * len(grid.columns) <= TABLE_CELLS
        md = self.render("conditionals.md.j2", "conditionals.md", grid=grid, table=table, STATE_WORDS=sc.STATE_WORDS)
        return ("conditionals.md", "Conditionals", "---\nhide:\n  - toc\n---\n\n" + md, True)

    def what_if_page(self) -> tuple[tuple, str]:
        """The page (controls built by docs/javascripts/what-if.js; the chains as a table without it) and its data."""
        chains = [c for c in sc.chains(self.kb) if c.method == "product"]
        md = self.render("what-if.md.j2", "what-if.md", chains=chains, STATES=MARKS)
        page = ("what-if.md", "What if?", "---\nfaultlines_script: what-if\nhide:\n  - toc\n---\n\n" + md, True)
        return page, what_if_data(self.kb, chains, self._url, self.condition)

    def condition(self, est: Entry) -> str:
        """An estimate's condition as every figure carries it ('given premises 1–3'); '' when it has none."""
        return condition_phrase(self.kb, est)

    def _url(self, entry: Entry) -> str:
        return entry.url if self.directory_urls else entry.url.rstrip("/") + ".html"

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

