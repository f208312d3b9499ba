"""Render the knowledge base to Markdown pages (and nothing else); MkDocs turns them into HTML.

Templates are Jinja2 with an escaping `finalize`: any string that reaches the output without passing
through a filter that returns MD is escaped as plain text, so forgetting a filter cannot inject markup.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from .charts import estimate_chart
from .kinds import KINDS
from .markdown_text import MD, indent, plain, relative, user_markdown
from .model import Entry, KnowledgeBase

EVIDENCE_LABELS = {
    "deployed": "Observed in deployed systems",
    "lab": "Lab demonstration",
    "theoretical": "Theoretical",
    "hypothetical": "Hypothetical scenario",
}
VERDICT_LABELS = {"instance": "instance", "not-instance": "not an instance", "borderline": "borderline"}
RELATION_LABELS = {  # (stated by this entry, stated by the other entry about this one)
    "overlaps": ("Overlaps", "Overlaps"),
    "distinct-from": ("Distinct from", "Distinct from"),
    "enables": ("Enables", "Enabled by"),
    "precedes": ("Precedes", "Preceded by"),
}
RELEVANCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
RELEVANCE_MARKS = {"high": "●●●", "medium": "●●○", "low": "●○○"}


def percent(p: float) -> str:
    return f"{p * 100:.4g}%"


def estimate_value(est: Entry) -> str:
    if "value" in est.data:
        return percent(est.data["value"])
    iv = est.data["interval"]
    return f"{percent(iv['low'])}–{percent(iv['high'])}"


def _finalize(value: Any) -> Any:
    if isinstance(value, MD):
        return value
    if isinstance(value, str):
        return plain(value)
    if value is None:
        return ""
    return plain(str(value))


@dataclass
class Page:
    src_uri: str
    title: str  # plain text; the plugin escapes it for the HTML title
    markdown: str
    in_nav: bool = False


class PageContext:
    """What a template needs to know about the page it renders: mostly how to link from it."""

    def __init__(self, kb: KnowledgeBase, src_uri: str):
        self.kb = kb
        self.src_uri = src_uri

    def href(self, entry: Entry, anchor: str | None = None) -> str:
        return relative(self.src_uri, entry.src_uri) + (f"#{anchor}" if anchor else "")

    def link(self, entry: Entry | str, anchor: str | None = None, label: str | None = None) -> MD:
        if isinstance(entry, str):
            entry = self.kb.entries[entry]
        return MD(f"[{plain(label or entry.name)}]({self.href(entry, anchor)})")

    def page_link(self, src_uri: str, label: str, anchor: str | None = None) -> MD:
        return MD(f"[{plain(label)}]({relative(self.src_uri, src_uri)}{'#' + anchor if anchor else ''})")

    def md(self, text: str | None, indent_by: int = 0) -> MD:
        if not text:
            return MD("")
        out = user_markdown(text, lambda i, label: self.link(i, label=label))
        return indent(out, indent_by) if indent_by else out

    def cite(self, ids: list[str] | None) -> MD:
        """Short citations, linked to their source pages: (Christiano et al. 2017; Lawsen 2023)."""
        if not ids:
            return MD("")
        return MD("(" + "; ".join(self.link(i) for i in ids) + ")")


class Renderer:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("faultlines", "templates"),
            finalize=_finalize,
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown heading ids are written {#id}; move Jinja comments out of their way.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters.update(text=plain, percent=percent)
        self.env.globals.update(
            kinds=KINDS, EVIDENCE=EVIDENCE_LABELS, VERDICT=VERDICT_LABELS, RELATION=RELATION_LABELS,
            RELEVANCE=RELEVANCE_LABELS, MARKS=RELEVANCE_MARKS, estimate_value=estimate_value, MD=MD,
        )

    def _render(self, template: str, src_uri: str, **context: Any) -> str:
        ctx = PageContext(self.kb, src_uri)
        return self.env.get_template(template).render(kb=self.kb, ctx=ctx, **context)

    def entry_page(self, entry: Entry) -> Page:
        md = self._render(f"{entry.kind.name}.md.j2", entry.src_uri, e=entry)
        return Page(entry.src_uri, entry.name, md)

    def index_page(self, kind_name: str) -> Page:
        kind = self.kb.kind(kind_name)
        src = f"{kind.plural}/index.md"
        md = self._render("index.md.j2", src, kind=kind, entries=self.kb.of_kind(kind_name))
        return Page(src, kind.title_plural, md, in_nav=True)

    def matrix_page(self) -> Page:
        md = self._render("matrix.md.j2", "matrix.md", m=self.kb.matrix())
        return Page("matrix.md", "Agenda × failure-mode matrix", md, in_nav=True)

    def contrast_page(self, a: Entry, b: Entry) -> Page:
        c = self.kb.contrast(a, b)
        md = self._render("contrast.md.j2", c.src_uri, c=c)
        return Page(c.src_uri, f"{c.a.name} vs {c.b.name}", md)

    def contrast_index_page(self) -> Page:
        pairs = [self.kb.contrast(a, b) for a, b in self.kb.contrast_pairs()]
        md = self._render("contrasts.md.j2", "contrasts/index.md", contrasts=pairs)
        return Page("contrasts/index.md", "Contrasts", md, in_nav=True)

    @staticmethod
    def scenario_slug(scenario: Entry | None, outcome: str) -> str:
        # Ids cannot contain "_", so "_general" never collides with a failure-mode id.
        return f"{scenario.id if scenario else '_general'}--{outcome}"

    def scenario_pages(self) -> tuple[list[Page], dict[str, str]]:
        """A page and an SVG chart per (scenario, outcome), and the index with the conditionals table."""
        pages, assets, groups = [], {}, []
        for scenario, outcome, ests in self.kb.scenario_outcomes():
            slug = self.scenario_slug(scenario, outcome)
            title = f"{scenario.name if scenario else 'No single failure mode'}: {outcome.replace('-', ' ')}"
            superseded = {e.id for e in ests if self.kb.superseded_by(e)}
            assets[f"scenarios/{slug}.svg"] = estimate_chart(title, ests, superseded)
            src = f"scenarios/{slug}.md"
            md = self._render("scenario.md.j2", src, scenario=scenario, outcome=outcome, estimates=ests,
                              title=title, chart=f"{slug}.svg")
            pages.append(Page(src, title, md))
            groups.append((title, src, scenario, outcome, ests))
        conditionals = sorted((e for e in self.kb.of_kind("estimate") if e.get("given")),
                              key=lambda e: (e.get("estimator").casefold(), e.get("date"), e.id))
        index = self._render("scenarios.md.j2", "scenarios/index.md", groups=groups, conditionals=conditionals)
        pages.insert(0, Page("scenarios/index.md", "Estimates by scenario", index, in_nav=True))
        return pages, assets

    def site(self) -> tuple[list[Page], dict[str, str]]:
        """Every generated page in a stable order, and the generated non-page files (charts) by path."""
        out = [self.index_page(k.name) for k in KINDS]
        out.append(self.matrix_page())
        out.append(self.contrast_index_page())
        for kind in KINDS:
            out.extend(self.entry_page(e) for e in self.kb.of_kind(kind.name))
        out.extend(self.contrast_page(a, b) for a, b in self.kb.contrast_pairs())
        scenario_pages, assets = self.scenario_pages()
        out.extend(scenario_pages)
        return out, assets

    def pages(self) -> list[Page]:
        return self.site()[0]
        for kind in KINDS:
            out.extend(self.entry_page(e) for e in self.kb.of_kind(kind.name))
        return out
