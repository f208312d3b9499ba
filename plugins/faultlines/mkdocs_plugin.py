"""The MkDocs plugin: a thin shell that feeds the core's pages into MkDocs and fails the build on bad data."""
from __future__ import annotations

import html
import json
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import changelog
from .changes import Snapshot
from .data_files import data_files
from .html_safety import sanitize_html
from .markdown_text import MD, plain
from .pipeline import load
from .prerender import Prerender, PrerenderedPage, available_cpus
from .render import PageMemo, Renderer
from .reuse import PageReuse
from .tooltips import Tooltips

log = get_plugin_logger(__name__)


class FaultlinesConfig(Config):
    taxonomy_dir = c.Type(str, default="taxonomy")
    """Folder of entry files, relative to mkdocs.yml."""
    schema_dir = c.Type(str, default="schema")
    """Folder of JSON Schemas, relative to mkdocs.yml."""
    workers = c.Type(int, default=0)
    """Processes that convert and theme generated pages during `mkdocs build` (prerender.py); 0: one per
    available CPU, 1: none (MkDocs does every page itself)."""


class FaultlinesPlugin(BasePlugin[FaultlinesConfig]):
    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this instance alive across `mkdocs serve` rebuilds, so it can
        # remember the last knowledge base that validated.
        self.serving = command == "serve"
        self.last_good = None
        self.snapshots = changelog.SnapshotCache()  # tagged versions never change: read each once
        # While serving, pages whose Markdown and surroundings did not change are not rebuilt (reuse.py).
        self.reuse = PageReuse() if self.serving else None
        # ... and pages whose inputs an edit did not change are not even rendered to Markdown again.
        self.page_memo = PageMemo() if self.serving else None
        self.data_memo: dict | None = {} if self.serving else None  # the /api/ files' JSON, by entry
        self.prerender = None

    def on_config(self, config):
        if self.config.workers < 0:
            raise PluginError(f"faultlines: 'workers' is {self.config.workers} in mkdocs.yml; use 0 (one per CPU), "
                              f"1 (no worker processes) or a number of processes")
        base = Path(config.config_file_path).parent
        self.taxonomy_dir = (base / self.config.taxonomy_dir).resolve()
        self.schema_dir = (base / self.config.schema_dir).resolve()
        self.titles: dict[str, str] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        """Validate the data and add one generated page per entry, index and matrix, plus taxonomy.json."""
        self._refuse_outside_links(files, config)
        result = load(self.taxonomy_dir, self.schema_dir)
        if not result.ok:
            for d in result.diagnostics:
                log.error(d.text())
            summary = f"Faultlines: {len(result.diagnostics)} error(s) in the knowledge base"
            if getattr(self, "serving", False) and self.last_good is not None:
                log.error(f"{summary}; still serving the last version that validated. Fix the errors to see your edit.")
                kb = self.last_good
            else:
                raise PluginError(f"{summary}; nothing was built. Run 'faultlines validate' for the same list.")
        else:
            kb = self.last_good = result.knowledge_base
        self.titles = {}
        base = Path(config.config_file_path).parent.resolve()
        self.sources = {e.src_uri: Path(os.path.relpath(self.taxonomy_dir / e.kind.plural / f"{e.id}.yaml", base)).as_posix()
                        for e in kb.entries.values()}
        renderer = Renderer(kb, directory_urls=config.use_directory_urls)
        memo = getattr(self, "page_memo", None)
        pages, assets = renderer.site(memo)
        if memo is not None:
            log.debug(f"rendered {memo.rendered} groups of pages, reused {memo.reused}")
        # Failure-mode names and aliases become abbreviations with their summary as tooltip, site-wide
        # (on_page_content).
        self.tooltips = Tooltips(renderer.tooltips())
        if getattr(self, "reuse", None) is not None:
            self.reuse.set_glossary(self.tooltips.terms)
        self.search_entries = renderer.search_entries()
        for page in pages:
            self._add(files, config, page.src_uri, page.markdown, page.in_nav)
            self.titles[page.src_uri] = page.title
        for src_uri, content in assets.items():
            self._add(files, config, src_uri, content, False)
        for path, content in data_files(kb, self.schema_dir, config.site_url, getattr(self, "data_memo", None)):
            self._add(files, config, path, content, False)
        self._add(files, config, changelog.PAGE, self._changelog(kb), False)
        self.titles[changelog.PAGE] = changelog.TITLE
        log.info(f"generated {len(self.titles)} pages from {len(kb.entries)} entries")
        return files

    def _changelog(self, kb) -> str:
        """The changelog page from git tags; a note instead when there is no git history to read."""
        current = Snapshot.from_entries((e.kind.name, e.id, e.file, e.data) for e in kb.entries.values())
        cache = getattr(self, "snapshots", None) or changelog.SnapshotCache()
        log_ = changelog.build(self.taxonomy_dir, current, cache)
        if log_.note:
            log.info(f"changelog: {log_.note}")

        def link(entry_id: str):
            entry = kb.entries.get(entry_id)
            return MD(f"[{plain(entry.name)}]({entry.src_uri})") if entry else None

        return changelog.render(log_, link)

    def _refuse_outside_links(self, files: Files, config) -> None:
        """A symlink in docs/ must not publish a file from outside the project (e.g. ~/.ssh)."""
        root = Path(config.config_file_path).parent.resolve()
        docs = Path(config.docs_dir)
        outside = [f.src_uri for f in files
                   if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)
                   and not Path(f.abs_src_path).resolve().is_relative_to(root)]
        if outside:
            for uri in outside:
                log.error(f"docs/{uri}: a symbolic link to a file outside the project; it will not be published")
            raise PluginError(f"Faultlines: {len(outside)} file(s) in docs/ link outside the project; "
                              f"nothing was built. Copy the content in, or remove the link.")

    def _add(self, files: Files, config, src_uri: str, content: str, in_nav: bool) -> None:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"Faultlines: docs/{src_uri} clashes with a generated page; rename or remove it.")
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

    def on_nav(self, nav, config, files):
        if getattr(self, "reuse", None) is not None:
            self.reuse.on_nav(nav, config, files, set(self.titles))
        elif not getattr(self, "serving", False):
            self._start_prerender(nav, config, files)
        return nav

    def _start_prerender(self, nav, config, files) -> None:
        """Have worker processes convert the generated pages outside the navigation (nearly all of them)."""
        self._nav = nav  # for theming them in on_env
        workers = self.config.workers or available_cpus()
        if getattr(self, "prerender", None) is not None:
            self.prerender.close()
        self.prerender = Prerender(workers)
        in_nav = {page.file.src_uri for page in nav.pages}
        uris = []
        for file in files.documentation_pages():
            if file.src_uri in self.titles and file.src_uri not in in_nav:
                PrerenderedPage(None, file, config, self.prerender)  # replaces the page MkDocs would make
                uris.append(file.src_uri)
        self.prerender.start(config, files, uris, self._prepare)

    def _prepare(self, html_text: str) -> tuple[str, set[str]]:
        """The plugin's own step for a generated page's HTML: sanitise it, then add glossary tooltips."""
        html_text = sanitize_html(html_text)
        tooltips = getattr(self, "tooltips", None)
        return tooltips.apply(html_text) if tooltips is not None else (html_text, set())

    @event_priority(-100)  # last: the environment every other plugin has finished with
    def on_env(self, env, config, files):
        if getattr(self, "reuse", None) is not None:
            return self.reuse.on_env(env)
        prerender = getattr(self, "prerender", None)
        if prerender is not None:
            # Every page is converted by now: the converting workers are done. Workers forked now theme
            # the same pages (prerender.py).
            log.debug(f"{prerender.used} pages converted by {prerender.workers} workers")
            pages = [f.page for f in files.documentation_pages() if isinstance(f.page, PrerenderedPage)]
            prerender.start_theming(config, files, self._nav, env, pages)
        return env

    def on_build_error(self, error):
        if getattr(self, "prerender", None) is not None:
            self.prerender.close()

    @event_priority(100)  # first: the content before Material's search plugin rewrites it
    def on_page_context(self, context, page, config, nav):
        if getattr(self, "reuse", None) is not None:
            self.reuse.on_page_context(page)
        return context

    @event_priority(100)  # first: what the theme made, before any other plugin's on_post_page
    def on_post_page(self, output, page, config):
        if getattr(self, "reuse", None) is not None:
            output = self.reuse.on_post_page(output, page)
        if page.file.src_uri in self.titles:
            # The themed page is made; MkDocs would hold every generated page's HTML until the build ends
            # (about 25 KB a page: 500 MB for 20,000 pages). Nothing reads it after this point.
            page.content = None
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):
        if getattr(self, "prerender", None) is not None:
            log.debug(f"{self.prerender.themed_pages} pages themed by workers")
            self.prerender.close()
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not index.is_file() or not getattr(self, "search_entries", None):
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"].extend(self.search_entries)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_page_markdown(self, markdown, page, config, files):
        source = self.sources.get(page.file.src_uri)
        if source and config.repo_url and config.edit_uri:
            # "Edit this page" on an entry opens its YAML file, not the generated Markdown.
            root = config.edit_uri.rstrip("/")
            docs = Path(config.docs_dir).name
            root = root[: -len(docs)].rstrip("/") if root.endswith(docs) else root
            page.edit_url = f"{config.repo_url.rstrip('/')}/{root}/{source}"
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            # MkDocs' templates print page titles unescaped; give them HTML-safe text.
            page.meta["title"] = html.escape(title)
        return markdown

    def on_page_content(self, html_text, page, config, files):
        if page.file.src_uri in self.titles:
            # The Markdown of a generated page is converted; MkDocs would keep it (in the page and its file)
            # until the build ends: about 400 MB for 10,000 entries. Nothing reads it after this point.
            page.markdown = None
            page.file.content_string = ""
            if getattr(page, "faultlines_reused_output", None) is not None:
                return html_text  # replayed by reuse.py as this method left it in the build that made it
            prepared = getattr(page, "faultlines_prepared", None)
            if prepared is not None:  # a worker already did _prepare (prerender.py)
                page.faultlines_terms = prepared
                return html_text
            html_text, page.faultlines_terms = self._prepare(html_text)
            return html_text
        tooltips = getattr(self, "tooltips", None)
        if tooltips is not None:
            html_text, page.faultlines_terms = tooltips.apply(html_text)
        return html_text
