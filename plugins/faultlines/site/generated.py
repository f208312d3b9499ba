"""The whole generated site in one value: every page's Markdown, every other file, and what the home page and
search need. The MkDocs plugin puts it in front of MkDocs; `faultlines render` writes it to a folder that any
generator builds (tools/render_site.py). One code path for both, so both sites are the same site.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..data.model import KnowledgeBase
from . import diagnostics_page, home, provenance
from .citation import Citing
from .data_files import data_files
from .page_memo import PageMemo
from .render import Page, Renderer
from .search_index import excluded
from .tooltips import Term


@dataclass
class ReleasePages:
    """What the release records give a build (made by tools/releases.py, which reads them from git and docs/)."""

    pages: list[tuple[str, str, str, bool]]  # (src_uri, title, Markdown, in the navigation)
    citing: Citing
    status: dict  # the release status as taxonomy.json records it
    label: str  # "release 2026.12" or "after release 2026.12": the footer's words
    since: tuple[str, int, int] | None  # (latest release, entries added, entries changed) since it
    year: str  # the year a citation of the whole knowledge base gives


@dataclass
class Settings:
    """Where the project's folders are and how the site is addressed: from mkdocs.yml, whoever reads it."""

    taxonomy_dir: Path
    schema_dir: Path
    base: Path  # the folder of mkdocs.yml; paths shown on pages are relative to it
    site_url: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None
    directory_urls: bool = True


@dataclass
class GeneratedSite:
    pages: list[Page]  # every generated page, in a stable order
    files: list[tuple[str, str]]  # (path in the site, content): charts, data files, /api/, CSV, schemas
    terms: list[Term]  # the glossary's terms, for tooltips
    search_entries: list[dict]  # the entries' own search records (search_index.py)
    overview: str  # the home page's counts and what is new, for home.MARKER
    citation: str  # how to cite the knowledge base, for home.CITE_MARKER
    label: str  # the release the site shows, for the footer
    entry_sources: dict[str, str] = field(default_factory=dict)  # entry page -> its YAML file, relative to base

    def fill_home(self, markdown: str) -> str:
        """docs/index.md with its markers replaced by the counts, what is new, and the citation."""
        if home.MARKER in markdown:
            markdown = markdown.replace(home.MARKER, self.overview, 1)
        if home.CITE_MARKER in markdown:
            markdown = markdown.replace(home.CITE_MARKER, self.citation, 1)
        return markdown


def generate(kb: KnowledgeBase, settings: Settings, releases: ReleasePages, page_memo: PageMemo | None = None,
             data_memo: dict | None = None) -> GeneratedSite:
    """Render every page and file of the site from a validated knowledge base (kb.history already read)."""
    renderer = Renderer(kb, directory_urls=settings.directory_urls, citing=releases.citing)
    pages, assets = renderer.site(page_memo)
    taxonomy = _relative(settings.taxonomy_dir, settings.base)
    pages = provenance.annotate(pages, taxonomy, provenance.repository_tree(settings.repo_url, settings.edit_uri))
    generated = releases.pages + [(diagnostics_page.PAGE, diagnostics_page.TITLE, diagnostics_page.render(), False)]
    pages += [Page(src_uri, title, excluded(markdown), in_nav) for src_uri, title, markdown, in_nav in generated]
    files = list(assets.items()) + data_files(kb, settings.schema_dir, settings.site_url, data_memo, releases.status)
    overview = home.overview(kb, kb.history.newest_added(), releases.since, releases.citing)
    folder = settings.taxonomy_dir
    sources = {e.src_uri: _relative(folder / e.kind.plural / f"{e.id}.yaml", settings.base)
               for e in kb.entries.values()}
    return GeneratedSite(pages=pages, files=files, terms=renderer.tooltips(),
                         search_entries=renderer.search_entries(pages), overview=overview,
                         citation=home.citation(releases.citing, releases.year), label=releases.label,
                         entry_sources=sources)


def _relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()
