"""Render the knowledge base to Markdown pages (and nothing else); MkDocs turns them into HTML.

Templates are Jinja2 with an escaping `finalize`: any string that reaches the output without passing
through a filter that returns MD is escaped as plain text, so forgetting a filter cannot inject markup.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

import jinja2

from .charts import figure, percent_text
from .diagrams import neighbourhood, tree
from ..data import scenarios
from ..data.kinds import KINDS
from .markdown_text import MD, indent, plain, relative, user_markdown
from .data_files import CSV_FILES
from .matrix_html import heatmap
from .search_index import SEARCH_EXCLUDE, entry_documents
from .tooltips import Term
from .scenario_pages import WHAT_IF_JSON, ScenarioPages
from ..data.model import GLOBAL, Entry, KnowledgeBase, Matrix, tracking
from ..data.references import iter_references

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
    "near-synonym": ("Near-synonym of", "Near-synonym of"),
    "enables": ("Enables", "Enabled by"),
    "precedes": ("Precedes", "Preceded by"),
}
RELEVANCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
RELEVANCE_MARKS = {"high": "●●●", "medium": "●●○", "low": "●○○"}
MATRIX_CELLS_PER_PAGE = 12_000  # a bigger heatmap is split by rows over several pages (see matrix_pages)


percent = percent_text


def estimate_value(est: Entry) -> str:
    """The figure as the site shows it: '5%', '10%–20%', '> 10%'."""
    return figure(est.data)[3]


def when(date: str) -> str:
    """A date or an elicitation window as shown: '2022-06/2022-10' -> '2022-06 to 2022-10'."""
    return date.replace("/", " to ")


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


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One template environment per process: templates are compiled once, not once per build."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("faultlines.site", "templates"),
        finalize=_finalize,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates are package files: do not stat them again for every page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; move Jinja comments out of their way.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(text=plain, percent=percent, when=when)
    env.globals.update(
        kinds=KINDS, EVIDENCE=EVIDENCE_LABELS, VERDICT=VERDICT_LABELS, RELATION=RELATION_LABELS,
        RELEVANCE=RELEVANCE_LABELS, MARKS=RELEVANCE_MARKS, estimate_value=estimate_value, MD=MD,
        scenarios=scenarios, STATE_WORDS=scenarios.STATE_WORDS,
    )
    return env


class Renderer:
    def __init__(self, kb: KnowledgeBase, directory_urls: bool = True):
        self.kb = kb
        self.directory_urls = directory_urls  # MkDocs' use_directory_urls: how raw-HTML links must look
        self.env = _environment()

    def _diagram(self, fm: Entry) -> MD:
        return MD(neighbourhood(self.kb, fm, self.directory_urls))

    def _render(self, template: str, src_uri: str, **context: Any) -> str:
        ctx = PageContext(self.kb, src_uri)
        context.setdefault("diagram", self._diagram)
        return self.env.get_template(template).render(kb=self.kb, ctx=ctx, **context)

    def glossary_page(self) -> Page:
        md = self._render("glossary.md.j2", "glossary.md", terms=self.kb.glossary())
        return Page("glossary.md", "Glossary", md, in_nav=True)

    def tooltips(self) -> list[Term]:
        """The glossary's terms for tooltips (tooltips.py), each with the failure mode's summary."""
        # A term with Markdown syntax in it could not be matched as plain text anyway.
        return [Term(term, f"{fm.name}: {fm.summary}" if alias else fm.summary, key=fm.id, alias=alias)
                for term, fm, alias in self.kb.glossary() if not any(ch in term for ch in "[]*_`\\<>&|")]

    def search_entries(self) -> list[dict]:
        """The search index's documents for the entries (search_index.py); their pages are not indexed."""
        return entry_documents(self.kb)

    def map_page(self) -> Page:
        md = self._render("map.md.j2", "map.md", tree=MD(tree(self.kb, "map.md", self.directory_urls)),
                          count=len(self.kb.of_kind("failure-mode")))
        md = _front_matter(md, "hide:\n  - toc\n" + SEARCH_EXCLUDE)  # the tree needs the width; entries are indexed
        return Page("map.md", "Taxonomy map", md, in_nav=True)

    def entry_page(self, entry: Entry) -> Page:
        md = self._render(f"{entry.kind.name}.md.j2", entry.src_uri, e=entry)
        # Front matter: tags for Material's tags plugin (schema-checked slugs); the page's words are indexed
        # for search as one lean document (search_index.py), not section by section.
        tags = "tags:\n" + "".join(f"  - {t}\n" for t in entry.get("tags")) if entry.get("tags") else ""
        md = _front_matter(md, tags + SEARCH_EXCLUDE)
        return Page(entry.src_uri, entry.name, md)

    def csv_page(self) -> Page:
        """/csv/: the CSV files, each with what it holds (data_files.py writes them)."""
        rows = "".join(f"| [`{path.split('/')[-1]}`]({path.split('/')[-1]}) | {plain(about)} | "
                       f"{', '.join(f'`{c}`' for c in columns)} |\n" for path, about, columns in CSV_FILES)
        md = ("# CSV files\n\nThe knowledge base as tables for spreadsheets: UTF-8 with a byte-order mark (in Python, "
              "read them with `encoding=\"utf-8-sig\"`), one row per pair. A cell that a spreadsheet would run as a "
              "formula starts with an apostrophe.\n{: .fl-summary }\n\n"
              f"| File | What it holds | Columns |\n|---|---|---|\n{rows}")
        return Page("csv/index.md", "CSV files", md)

    def tags_page(self) -> Page:
        md = ("# Tags\n\nEntries grouped by tag. Each entry page shows its tags at the top.\n{: .fl-summary }\n\n"
              "<!-- material/tags -->\n")
        md = _front_matter(md, SEARCH_EXCLUDE)  # a list of entries, each indexed on its own
        return Page("tags.md", "Tags", md, in_nav=True)

    def index_page(self, kind_name: str) -> Page:
        kind = self.kb.kind(kind_name)
        src = f"{kind.plural}/index.md"
        rows = self._scenario_pages().estimate_rows() if kind_name == "estimate" else []
        md = self._render("index.md.j2", src, kind=kind, entries=self.kb.of_kind(kind_name), rows=rows)
        # One row per entry, each entry indexed for search on its own; the estimates' table has its sorting and
        # filters (docs/javascripts/estimates.js) and is wide.
        extra = "faultlines_script: estimates\nhide:\n  - toc\n" if kind_name == "estimate" else ""
        md = _front_matter(md, extra + SEARCH_EXCLUDE)
        return Page(src, kind.title_plural, md, in_nav=True)

    def matrix_pages(self) -> list[Page]:
        """The heatmap twice: rows are failure modes (/matrix/), or rows are agendas (/matrix-by-agenda/).

        A heatmap of more than MATRIX_CELLS_PER_PAGE cells is split by rows over several pages (the first
        at /matrix/, the others at /matrix/part-2/ and so on, each linking to all), so that no page grows
        without bound: one page holds 60 agendas x 200 failure modes (about 250 KB of HTML).
        """
        m = self.kb.matrix()
        out = []
        for src, by_fm, title in (("matrix.md", True, "Agenda × failure-mode matrix"),
                                  ("matrix-by-agenda.md", False, "Matrix by agenda")):
            rows, columns = (m.failure_modes, m.agendas) if by_fm else (m.agendas, m.failure_modes)
            per_page = max(1, MATRIX_CELLS_PER_PAGE // max(1, len(columns)))
            chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [rows]
            parts = [(src if i == 0 else f"{src[:-3]}/part-{i + 1}.md",
                      f"{i * per_page + 1}–{i * per_page + len(chunk)}") for i, chunk in enumerate(chunks)]
            for i, chunk in enumerate(chunks):
                part_src = parts[i][0]
                shown = (Matrix(chunk, m.agendas, m.cells, m.evidence) if by_fm
                         else Matrix(m.failure_modes, chunk, m.cells, m.evidence))
                table = heatmap(shown, by_fm, part_src[:-3] + "/", self.directory_urls)
                part_title = title if len(chunks) == 1 else f"{title}, rows {parts[i][1]}"
                md = self._render("matrix.md.j2", part_src, m=m, by_fm=by_fm, table=MD(table), title=part_title,
                                  parts=parts if len(chunks) > 1 else [], part=i)
                # The table needs the width more than the site's navigation or a contents list (both stay in the
                # menu); its words are the entries' names, so search leaves it out.
                md = _front_matter(md, "faultlines_script: matrix\nhide:\n  - navigation\n  - toc\n" + SEARCH_EXCLUDE)
                out.append(Page(part_src, part_title, md, in_nav=i == 0))
        return out

    def contrast_page(self, a: Entry, b: Entry) -> Page:
        c = self.kb.contrast(a, b)
        md = self._render("contrast.md.j2", c.src_uri, c=c)
        # Out of the search index: every rationale here is already indexed on its example's page, and
        # there can be as many contrast pages as entries. The contrasts index stays searchable.
        md = _front_matter(md, SEARCH_EXCLUDE)
        return Page(c.src_uri, f"{c.a.name} vs {c.b.name}", md)

    def contrast_index_page(self) -> Page:
        pairs = [self.kb.contrast(a, b) for a, b in self.kb.contrast_pairs()]
        md = _front_matter(self._render("contrasts.md.j2", "contrasts/index.md", contrasts=pairs), SEARCH_EXCLUDE)
        return Page("contrasts/index.md", "Contrasts", md, in_nav=True)

    def _scenario_pages(self) -> ScenarioPages:
        return ScenarioPages(self.kb, self._render, self.directory_urls)

    def scenario_pages(self) -> tuple[list[Page], dict[str, str]]:
        """A page and its charts per (scenario, outcome), the index, and a page per question."""
        pages, assets = self._scenario_pages().scenario_pages()
        return [Page(*p) for p in pages], assets

    def conditionals_page(self) -> Page:
        return Page(*self._scenario_pages().conditionals_page())

    def what_if(self) -> tuple[Page, dict[str, str]]:
        page, data = self._scenario_pages().what_if_page()
        return Page(*page), {WHAT_IF_JSON: data}

    def site(self, memo: "PageMemo | None" = None) -> tuple[list[Page], dict[str, str]]:
        """Every generated page in a stable order, and the generated non-page files (charts) by path.

        With a memo (`mkdocs serve`), a page whose inputs did not change since the memo's last build is
        taken from it instead of rendered again.
        """
        if memo is not None:
            memo.begin(self.kb, self.directory_urls)
        make = memo.make if memo is not None else (lambda key, render: render())
        out: list[Page] = []
        for k in KINDS:
            out.append(make(("index", k.name), lambda k=k: self.index_page(k.name)))
        out.extend(make("matrix", self.matrix_pages))
        out.append(make("map", self.map_page))
        out.append(make("glossary", self.glossary_page))
        out.append(make("tags", self.tags_page))
        out.append(make("csv", self.csv_page))
        out.append(make("contrasts", self.contrast_index_page))
        for kind in KINDS:
            out.extend(make(("entry", e.id), lambda e=e: self.entry_page(e)) for e in self.kb.of_kind(kind.name))
        out.extend(make(("contrast", a.id, b.id), lambda a=a, b=b: self.contrast_page(a, b))
                   for a, b in self.kb.contrast_pairs())
        scenario_pages, assets = make("scenarios", self.scenario_pages)
        out.extend(scenario_pages)
        out.append(make("conditionals", self.conditionals_page))
        what_if, data = make("what-if", self.what_if)
        out.append(what_if)
        return out, {**assets, **data}

    def pages(self) -> list[Page]:
        return self.site()[0]


def _front_matter(markdown: str, yaml_lines: str) -> str:
    """The page with a front-matter block (YAML lines we wrote, never contributor text) in front."""
    return f"---\n{yaml_lines}---\n\n{markdown}"


class PageMemo:
    """`mkdocs serve`: each page rendered in the previous build, with what it read of the knowledge base
    (model.tracking), so that after an edit only the pages that read something the edit changed are
    rendered again.

    A page is reused when no entry it read changed, no query it made about an entry can have a different
    answer, and (if it read the knowledge base as a whole) nothing changed at all. A query about X is
    answered from X and the entries that refer to X, so it can change only if X changed or a changed
    entry refers, or referred before the edit, to X. Adding, removing or moving an entry, or another
    schema or URL style, renders everything. tests/test_page_memo.py checks the result equals a full
    render after every kind of edit.
    """

    def __init__(self) -> None:
        self._kb: KnowledgeBase | None = None
        self._directory_urls: bool | None = None
        self._units: dict[Any, tuple[frozenset, Any]] = {}
        self._previous: dict[Any, tuple[frozenset, Any]] = {}
        self._stale: set | None = None  # what makes a remembered page stale; None: nothing is reusable
        self.rendered = self.reused = 0

    def begin(self, kb: KnowledgeBase, directory_urls: bool) -> None:
        old, self._kb = self._kb, kb
        self._previous, self._units = self._units, {}
        self.rendered = self.reused = 0
        self._stale = None
        if old is None or self._directory_urls != directory_urls or old.roles != kb.roles:
            self._directory_urls = directory_urls
            return
        if old.entries.keys() != kb.entries.keys() or old.history != kb.history:  # (a commit while serving)
            return
        changed = set()
        for i, entry in kb.entries.items():
            before = old.entries[i]
            if before.kind is not entry.kind or before.file != entry.file:
                return
            if entry._data != before._data:
                changed.add(i)
        about = set(changed)
        for i in changed:
            for k in (old, kb):
                entry = k.entries[i]
                about.update(r.target for r in iter_references(entry._data, kb.roles[entry.kind.name]))
        self._stale = changed | {("about", i) for i in about} | ({GLOBAL} if changed else set())

    def make(self, key: Any, render: Callable[[], Any]) -> Any:
        remembered = self._previous.get(key) if self._stale is not None else None
        if remembered is not None and remembered[0].isdisjoint(self._stale):
            self._units[key] = remembered
            self.reused += 1
            return remembered[1]
        with tracking() as reads:
            result = render()
        self._units[key] = (frozenset(reads), result)
        self.rendered += 1
        return result
