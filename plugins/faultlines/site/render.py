"""Render the knowledge base to Markdown pages (and nothing else); MkDocs turns them into HTML.

Templates are Jinja2 with an escaping `finalize`: any string that reaches the output without passing
through a filter that returns MD is escaped as plain text, so forgetting a filter cannot inject markup.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from .builder_pages import BUILDER_JSON, PAGES as BUILDERS, builder_data, builder_page
from .charts import figure, percent_text
from . import crosswalks_page
from .citation import Citing, bibtex, fenced, plain_citation, report_url
from .diagrams import neighbourhood, tree
from .figures import marked_figure, marked_link, marked_summary
from ..data import conditions, detection, scenarios, self_reported
from ..data.crosswalks import MATCHES
from ..data.kinds import KINDS
from .markdown_text import MD, indent, plain, relative, user_markdown
from .data_files import CSV_FILES
from .matrix_html import AGENDAS, EVALUATIONS, heatmap
from .priorities import priorities_table
from .search_index import SEARCH_EXCLUDE, entry_documents, excluded, page_document, tag_documents
from .tooltips import Term
from .scenario_pages import ScenarioPages
from .what_if import WHAT_IF_JSON
from ..data.model import Entry, KnowledgeBase, Matrix

if TYPE_CHECKING:
    from .page_memo import PageMemo
from ..data.effort import EFFORT_WEIGHTS, agenda_effort, failure_mode_effort
from ..data import organisations

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
RELATION_VERBS = {"overlaps": "overlaps", "distinct-from": "is distinct from", "near-synonym": "is a near-synonym of",
                  "enables": "enables", "precedes": "precedes"}
RELEVANCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
RELEVANCE_MARKS = {"high": "●●●", "medium": "●●○", "low": "●○○"}
METHOD_LABELS = {"behavioural": "behavioural", "chain-of-thought-reading": "chain-of-thought reading",
                 "interpretability": "interpretability", "model-organisms": "model organisms",
                 "fine-tuning": "fine-tuning", "red-team-blue-team": "red team against blue team"}
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

    def link(self, entry: Entry | str, anchor: str | None = None, label: str | None = None, bare: bool = False) -> MD:
        """A link by the entry's name (or label). A conditional estimate whose name or label carries a figure
        gets its condition beside the link (bare=True where the same row already shows the marked figure)."""
        if isinstance(entry, str):
            entry = self.kb.entries[entry]
        link = f"[{plain(label or entry.name)}]({self.href(entry, anchor)})"
        if entry.kind.name == "estimate" and not bare:
            return marked_link(self.kb, entry, link, label)
        return MD(link)

    def title(self, entry: Entry) -> MD:
        """The entry's name as its page's heading; a conditional estimate's name that carries its figure gets
        its condition beside it."""
        return marked_link(self.kb, entry, plain(entry.name)) if entry.kind.name == "estimate" else plain(entry.name)

    def figure(self, est: Entry | str, strong: bool = False) -> MD:
        """An estimate's figure with its condition beside it, marked (figures.py)."""
        return marked_figure(self.kb, self.kb.entries[est] if isinstance(est, str) else est, strong)

    def figures(self, estimates: list[Entry]) -> MD:
        """A summary of several figures: unconditional first, conditional ones under their condition."""
        return marked_summary(self.kb, estimates)

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

    def basis(self, item: dict[str, Any], what: str = "verdict") -> MD:
        """Whose call a verdict or relation is: the sources' own words and where they stand, or the editors'."""
        calls = item.get("basis")
        if not calls:
            return MD(f"*Basis: editors' judgement* (no source makes this call; the "
                      f"{'rationale' if what == 'verdict' else 'note'} is the editors' reasoning).")
        said = "; ".join(f"“{plain(b['quote'])}” ({self.link(b['source'])}, {plain(b['locator'])})" for b in calls)
        return MD(f"*Basis: the authors {'call it' if what == 'verdict' else 'state it'}:* {said}.")

    def contrast_labels(self, c: Any) -> str:
        """What joins a contrast's pair, each label once: 'kind of', then the relation types stated."""
        labels = ["kind of"] if self.kb.kinship(c.a, c.b).is_a else []
        for r in c.relations:
            label = r.type.replace("-", " ")
            if label not in labels:
                labels.append(label)
        return ", ".join(labels) or "cases only"


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
    env.tests["self_reported"] = self_reported.is_self_reported
    env.globals.update(
        kinds=KINDS, EVIDENCE=EVIDENCE_LABELS, VERDICT=VERDICT_LABELS, RELATION=RELATION_LABELS,
        RELATION_VERB=RELATION_VERBS,
        RELEVANCE=RELEVANCE_LABELS, MARKS=RELEVANCE_MARKS, estimate_value=estimate_value, MD=MD,
        scenarios=scenarios, conditions=conditions, STATE_WORDS=scenarios.STATE_WORDS, agenda_effort=agenda_effort,
        failure_mode_effort=failure_mode_effort, EFFORT_WEIGHTS=EFFORT_WEIGHTS,
        organisations_of=organisations.organisations_of, agendas_of=organisations.agendas_of,
        failure_modes_of=organisations.failure_modes_of, organisations_on=organisations.organisations_on, MATCH=MATCHES, detection=detection, METHOD=METHOD_LABELS, self_reported=self_reported,
    )
    return env


class Renderer:
    def __init__(self, kb: KnowledgeBase, directory_urls: bool = True, citing: Citing | None = None):
        self.kb = kb
        self.directory_urls = directory_urls  # MkDocs' use_directory_urls: how raw-HTML links must look
        self.citing = citing or Citing()  # the site's address and release, for "Cite this entry"
        self.env = _environment()

    def _cite_block(self, e: Entry) -> MD:
        """"Cite this entry": a plain-text citation and BibTeX (each with Material's copy button), the
        releases in which the entry changed, and a link to report a problem (citation.py)."""
        dates = self.kb.history.get(e.id)
        changed = dates.changed if dates else None
        args = (e.name, e.kind.title, e.id, e.url, self.citing, changed)
        out = [fenced(plain_citation(*args), "text"), "", fenced(bibtex(*args), "bibtex"), ""]
        releases = self.citing.entry_releases.get(e.id)
        if releases:
            out += ["Changed in releases: " + "; ".join(f"[{plain(name)}]({relative(e.src_uri, 'releases/index.md')}"
                                                        f"#release-{name.replace('.', '-')}) ({plain(what)})"
                                                        for name, what in releases) + ".", "{: .fl-releases }", ""]
        report = report_url(e.id, e.name, e.url, self.citing)
        if report:
            out += [f"[Report a problem with this entry]({report}){{ .fl-report }}", ""]
        return MD("\n".join(out))

    def _diagram(self, fm: Entry) -> MD:
        return MD(neighbourhood(self.kb, fm, self.directory_urls))

    def _render(self, template: str, src_uri: str, **context: Any) -> str:
        ctx = PageContext(self.kb, src_uri)
        context.setdefault("diagram", self._diagram)
        context.setdefault("cite_block", self._cite_block)
        context.setdefault("repo_url", self.citing.repo_url)
        return self.env.get_template(template).render(kb=self.kb, ctx=ctx, **context)

    def glossary_page(self) -> Page:
        md = self._render("glossary.md.j2", "glossary.md", terms=self.kb.glossary())
        return Page("glossary.md", "Glossary", md, in_nav=True)

    def tooltips(self) -> list[Term]:
        """The glossary's terms for tooltips (tooltips.py), each with the failure mode's summary."""
        # A term with Markdown syntax in it could not be matched as plain text anyway.
        return [Term(term, f"{fm.name}: {fm.summary}" if alias else fm.summary, key=fm.id, alias=alias)
                for term, fm, alias in self.kb.glossary() if not any(ch in term for ch in "[]*_`\\<>&|")]

    def search_entries(self, pages: "list[Page] | None" = None) -> list[dict]:
        """The search index's documents (search_index.py): one per entry, one per tag, and one per other
        generated page in `pages`; Material indexes none of these pages itself."""
        entry_pages = {e.src_uri for e in self.kb.entries.values()}
        others = [page_document(p.src_uri, p.title, p.markdown, self.directory_urls)
                  for p in pages or [] if p.src_uri not in entry_pages]
        return entry_documents(self.kb) + others + tag_documents(self.kb, self.directory_urls)

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
        sortable = entry.kind.name == "evaluation" and detection.results_of(self.kb, entry)
        script = "faultlines_script: results\n" if sortable else ""  # the results table's sorting, where there is one
        md = _front_matter(md, tags + script + SEARCH_EXCLUDE)
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
        return self._heatmap_pages(self.kb.matrix(), "matrix.md.j2", AGENDAS,
                                   (("matrix.md", True, "Agenda × failure-mode matrix"),
                                    ("matrix-by-agenda.md", False, "Matrix by agenda")), with_fte=True)

    def detection_pages(self) -> list[Page]:
        """The detection matrix, failure modes × evaluations, in both orientations (/detection/ and
        /detection-by-evaluation/), drawn and split like the agenda matrix."""
        return self._heatmap_pages(self.kb.matrix("evaluation"), "detection.md.j2", EVALUATIONS,
                                   (("detection.md", True, "Detection matrix"),
                                    ("detection-by-evaluation.md", False, "Detection matrix by evaluation")))

    def _heatmap_pages(self, m: Matrix, template: str, words, specs, with_fte: bool = False) -> list[Page]:
        """with_fte: a footer row of FTE figures (agendas' own, failure modes' weighted effort; effort.py)."""
        out = []
        agenda_fte = {a.id: (lambda x: x.text() if x.range else "—")(agenda_effort(a)) for a in m.agendas} if with_fte else {}
        fm_fte = {f.id: failure_mode_effort(self.kb, f).text() for f in m.failure_modes} if with_fte else {}
        for src, by_fm, title in specs:
            rows, columns = (m.failure_modes, m.agendas) if by_fm else (m.agendas, m.failure_modes)
            per_page = max(1, MATRIX_CELLS_PER_PAGE // max(1, len(columns)))
            fte = agenda_fte if by_fm else fm_fte
            chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [rows]
            parts = [(src if i == 0 else f"{src[:-3]}/part-{i + 1}.md",
                      f"{i * per_page + 1}–{i * per_page + len(chunk)}") for i, chunk in enumerate(chunks)]
            for i, chunk in enumerate(chunks):
                part_src = parts[i][0]
                shown = (Matrix(chunk, m.agendas, m.cells, m.evidence) if by_fm
                         else Matrix(m.failure_modes, chunk, m.cells, m.evidence))
                table = heatmap(shown, by_fm, part_src[:-3] + "/", self.directory_urls, fte or None, words)
                part_title = title if len(chunks) == 1 else f"{title}, rows {parts[i][1]}"
                md = self._render(template, part_src, m=m, by_fm=by_fm, table=MD(table), title=part_title,
                                  parts=parts if len(chunks) > 1 else [], part=i)
                # The table needs the width more than the site's navigation or a contents list (both stay in the
                # menu); its words are the entries' names, so search leaves it out.
                md = _front_matter(md, "faultlines_script: matrix\nhide:\n  - navigation\n  - toc\n" + SEARCH_EXCLUDE)
                out.append(Page(part_src, part_title, md, in_nav=i == 0))
        return out

    def priorities_page(self) -> Page:
        """/priorities/: every failure mode's effort, agendas, evidence and estimates (priorities.py)."""
        agendas = self.kb.of_kind("agenda")
        no_estimate = sum(1 for a in agendas if agenda_effort(a).range is None)
        md = self._render("priorities.md.j2", "priorities.md", agenda_count=len(agendas), no_estimate=no_estimate,
                          table=MD(priorities_table(self.kb, "priorities/", self.directory_urls)))
        md = _front_matter(md, "faultlines_script: priorities\nhide:\n  - toc\n" + SEARCH_EXCLUDE)
        return Page("priorities.md", "Priorities", md, in_nav=True)

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
            # What pages depend on besides the entries: URL style, citation details, the schema folder's other
            # taxonomies and review table (an edit there, while serving, renders everything again).
            memo.begin(self.kb, (self.directory_urls, self.citing, self.kb.frameworks, self.kb.review))
        make = memo.make if memo is not None else (lambda key, render: render())
        out: list[Page] = []
        for k in KINDS:
            out.append(make(("index", k.name), lambda k=k: self.index_page(k.name)))
        out.extend(make("matrix", self.matrix_pages))
        out.extend(make("detection", self.detection_pages))
        out.append(make("map", self.map_page))
        out.append(make("priorities", self.priorities_page))
        out.append(make("glossary", self.glossary_page))
        out.append(make("tags", self.tags_page))
        out.append(make("csv", self.csv_page))
        out.append(make("contrasts", self.contrast_index_page))
        out.append(make("crosswalks", lambda: Page(crosswalks_page.PAGE, crosswalks_page.TITLE,
                                                   crosswalks_page.page(self.kb), in_nav=True)))
        for kind in KINDS:
            out.extend(make(("entry", e.id), lambda e=e: self.entry_page(e)) for e in self.kb.of_kind(kind.name))
        out.extend(make(("contrast", a.id, b.id), lambda a=a, b=b: self.contrast_page(a, b))
                   for a, b in self.kb.contrast_pairs())
        scenario_pages, assets = make("scenarios", self.scenario_pages)
        out.extend(scenario_pages)
        out.append(make("conditionals", self.conditionals_page))
        what_if, data = make("what-if", self.what_if)
        out.append(what_if)
        out.extend(Page(src, title, builder_page(title, script, script), in_nav=True) for src, title, script in BUILDERS)
        url = (lambda e: e.url) if self.directory_urls else (lambda e: e.url.rstrip("/") + ".html")  # noqa: E731
        # Every generated page is indexed once, as a lean document (search_entries), not section by section.
        out = [p if p.markdown.startswith("---\n") and "search:" in p.markdown.split("\n---\n", 1)[0]
               else Page(p.src_uri, p.title, excluded(p.markdown), p.in_nav) for p in out]
        return out, {**assets, **data, BUILDER_JSON: builder_data(self.kb, url, self.citing.repo_url)}

    def pages(self) -> list[Page]:
        return self.site()[0]


def _front_matter(markdown: str, yaml_lines: str) -> str:
    """The page with a front-matter block (YAML lines we wrote, never contributor text) in front."""
    return f"---\n{yaml_lines}---\n\n{markdown}"
