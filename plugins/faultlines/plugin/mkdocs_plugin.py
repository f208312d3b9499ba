"""The MkDocs plugin: a thin shell that feeds the core's pages into MkDocs and fails the build on bad data.

Events in the order MkDocs calls them; each handler's docstring says why it runs when it does.
"""
from __future__ import annotations

import html
import json
import signal
import socket
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..data.history import History, read_history
from ..data.model import KnowledgeBase
from ..data.pipeline import load
from ..site import page_scripts
from ..site.generated import Settings
from ..site.html_safety import sanitize_html
from ..site.tooltips import Tooltips
from ..tools import render_site
from .config import FaultlinesConfig
from .prerender import PackedContent, Prerender, PrerenderedPage, available_cpus
from .state import Build, Session

log = get_plugin_logger(__name__)


class FaultlinesPlugin(BasePlugin[FaultlinesConfig]):
    session: Session | None = None  # across serve's rebuilds
    build: Build | None = None  # the build under way

    def on_startup(self, *, command, dirty):
        """Defining on_startup keeps this instance alive across `mkdocs serve` rebuilds, so the session can
        remember the last knowledge base that validated and what each page was made from."""
        self.session = Session.for_command(command)
        if command == "serve":
            _stop_cleanly_on_sigterm()

    def on_config(self, config):
        """Resolve the folders; a caller that skipped on_startup (MkDocs' build() called directly) builds once."""
        if self.config.workers < 0:
            raise PluginError(f"faultlines: 'workers' is {self.config.workers} in mkdocs.yml; use 0 (one per CPU), "
                              f"1 (no worker processes) or a number of processes")
        if self.session is None:
            self.session = Session.for_command("build")
        if self.session.serving and not self.session.port_checked:  # before the first build, not on rebuilds
            self.session.port_checked = True
            _refuse_busy_port(*config.dev_addr)
        base = Path(config.config_file_path).parent
        self.session.taxonomy_dir = (base / self.config.taxonomy_dir).resolve()
        self.session.schema_dir = (base / self.config.schema_dir).resolve()
        self.build = None
        return config

    def on_files(self, files: Files, config) -> Files:
        """Validate the data and add the generated pages and data files (default priority: our pages must be
        in the file list before other plugins' on_files and before the navigation is made). The site is what
        `faultlines render` writes for other generators (tools/render_site.py): the same function makes both."""
        _refuse_outside_links(files, config)
        kb = self._knowledge_base()
        kb.history = self._history()
        settings = Settings(self.session.taxonomy_dir, self.session.schema_dir,
                            Path(config.config_file_path).parent.resolve(), site_url=config.site_url or None,
                            repo_url=config.repo_url or None, edit_uri=config.edit_uri or None,
                            directory_urls=config.use_directory_urls)
        site = render_site.site_for(kb, settings, Path(config.docs_dir), self.session.page_memo,
                                    self.session.data_memo)
        build = self.build = Build(kb, sources=site.entry_sources, site=site)
        # Failure-mode names and aliases become abbreviations with their summary as tooltip (on_page_content).
        build.tooltips = Tooltips(site.terms)
        if self.session.reuse is not None:
            self.session.reuse.set_glossary(build.tooltips.terms)
        for page in site.pages:
            _add(files, config, page.src_uri, page.markdown, page.in_nav)
            build.titles[page.src_uri] = page.title
        for path, content in site.files:
            _add(files, config, path, content, False)
        build.search_entries = site.search_entries
        config.copyright = _with_release(config.copyright, site.label)
        log.info(f"generated {len(build.titles)} pages from {len(kb.entries)} entries")
        return files

    def _knowledge_base(self) -> KnowledgeBase:
        """The validated knowledge base; while serving, the last good one when an edit breaks validation."""
        session = self.session
        result = load(session.taxonomy_dir, session.schema_dir)
        for d in result.warnings:  # shown, never failing a --strict build: `faultlines validate` lists them too
            log.info(d.text())
        if result.ok:
            session.last_good = result.knowledge_base
            return result.knowledge_base
        errors = [d for d in result.diagnostics if d.is_error]
        for d in errors:
            log.error(d.text())
        summary = f"Faultlines: {len(errors)} error(s) in the knowledge base"
        if session.serving and session.last_good is not None:
            log.error(f"{summary}; still serving the last version that validated. Fix the errors to see your edit.")
            return session.last_good
        raise PluginError(f"{summary}; nothing was built. Run 'faultlines validate' for the same list.")

    def _history(self) -> History:
        """When each entry was added and last changed, from one `git log`; said once when there are no dates."""
        history = read_history(self.session.taxonomy_dir)
        if history.note and history.note != self.session.history_note:
            log.info(f"faultlines: {history.note}")
        self.session.history_note = history.note
        return history

    def on_nav(self, nav, config, files):
        """Once the navigation exists, start the worker processes (build) or match pages to reuse (serve)."""
        if self.session.reuse is not None:
            self.session.reuse.on_nav(nav, config, files, set(self.build.titles))
        elif not self.session.serving:
            self._start_prerender(nav, config, files)
        return nav

    def _start_prerender(self, nav, config, files) -> None:
        """Have worker processes convert the generated pages outside the navigation (nearly all of them)."""
        build = self.build
        build.nav = nav  # for theming them in on_env
        build.prerender = Prerender(self.config.workers or available_cpus())
        in_nav = {page.file.src_uri for page in nav.pages}
        uris = []
        for file in files.documentation_pages():
            if build.generated(file.src_uri) and file.src_uri not in in_nav:
                PrerenderedPage(None, file, config, build.prerender)  # replaces the page MkDocs would make
                uris.append(file.src_uri)
        build.prerender.start(config, files, uris, self._prepare)

    def _prepare(self, html_text: str) -> tuple[str, set[str]]:
        """The plugin's own step for a generated page's HTML: sanitise it, then add glossary tooltips."""
        return self.build.tooltips.apply(sanitize_html(html_text))

    @event_priority(-100)
    def on_env(self, env, config, files):
        """Last (-100): the workers must theme with the environment every other plugin has finished with."""
        if self.session.reuse is not None:
            return self.session.reuse.on_env(env)
        prerender = self.build.prerender if self.build else None
        if prerender is not None:
            # Every page is converted by now: the converting workers are done. Workers forked now theme
            # the same pages (prerender.py).
            log.debug(f"{prerender.used} pages converted by {prerender.workers} workers")
            pages = [f.page for f in files.documentation_pages() if isinstance(f.page, PrerenderedPage)]
            prerender.start_theming(config, files, self.build.nav, env, pages)
        return env

    def on_build_error(self, error):
        """Stop the worker processes of a build that failed."""
        if self.build is not None and self.build.prerender is not None:
            self.build.prerender.close()

    def on_page_markdown(self, markdown, page, config, files):
        """Point "Edit this page" at the entry's YAML file and give MkDocs an HTML-safe title."""
        source = self.build.sources.get(page.file.src_uri)
        if source and config.repo_url and config.edit_uri:
            root = config.edit_uri.rstrip("/")
            docs = Path(config.docs_dir).name
            root = root[: -len(docs)].rstrip("/") if root.endswith(docs) else root
            page.edit_url = f"{config.repo_url.rstrip('/')}/{root}/{source}"
        if page.file.src_uri == "index.md":  # counts, what is new, and the citation (site/home.py)
            markdown = self.build.site.fill_home(markdown)
        title = self.build.titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = html.escape(title)  # MkDocs' templates print page titles unescaped
        return markdown

    def _on_page_content(self, html_text, page, config, files):
        """Sanitise generated pages and add glossary tooltips to every page (default priority: before the
        search plugin indexes the content in its own on_page_context)."""
        if not self.build.generated(page.file.src_uri):
            html_text, page.faultlines_terms = self.build.tooltips.apply(html_text)
            return html_text
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

    @event_priority(-100)
    def _pack_content(self, html_text, page, config, files):
        """Last (-100): a generated page's HTML, compressed until it is themed (prerender.PackedContent).
        Not while serving, whose page reuse records the content as it is, nor on a page with a tags listing
        (whose anchors Material's tags plugin names '<src_uri>:<offsets>'): that plugin fills it in on_env."""
        uri = page.file.src_uri
        if self.session.reuse is None and isinstance(html_text, str) and self.build.generated(uri) \
                and f"{uri}:" not in html_text:
            return PackedContent(html_text)
        return html_text

    on_page_content = CombinedEvent(_on_page_content, _pack_content)

    @event_priority(100)
    def on_page_context(self, context, page, config, nav):
        """First (100): the page's HTML unpacked (see _pack_content) before any plugin or the theme reads it;
        reuse.py must record the content before Material's search plugin rewrites it."""
        if isinstance(page.content, PackedContent):
            page.content = page.content.unpack()
        if self.session.reuse is not None:
            self.session.reuse.on_page_context(page)
        return context

    @event_priority(100)
    def on_post_page(self, output, page, config):
        """First (100): what the theme made, before any other plugin's on_post_page changes it."""
        if self.session.reuse is not None:
            output = self.session.reuse.on_post_page(output, page)
        if self.build.generated(page.file.src_uri):
            output = _page_script(output, page)
            # The themed page is made; MkDocs would hold every generated page's HTML until the build ends
            # (about 25 KB a page: 500 MB for 20,000 pages). Nothing reads it after this point.
            page.content = None
        return output

    @event_priority(-100)
    def on_post_build(self, config):
        """Last (-100): the search plugin has written its index; add the entries' own search records to it."""
        if self.build.prerender is not None:
            log.debug(f"{self.build.prerender.themed_pages} pages themed by workers")
            self.build.prerender.close()
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not index.is_file() or not self.build.search_entries:
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"].extend(self.build.search_entries)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _with_release(copyright: str | None, label: str) -> str:
    """The theme's footer line with the release the site shows ("Faultlines: release 2026.12")."""
    line = f"Faultlines: {html.escape(label)}"
    return f"{copyright} · {line}" if copyright and line not in copyright else (copyright or line)


def _stop_cleanly_on_sigterm() -> None:
    """`mkdocs serve` removes its temporary site when stopped with Ctrl-C, but SIGTERM (a process manager, a
    closed terminal's `kill`) ended Python without that clean-up, leaving the site behind (in /dev/shm with
    `make serve`). Treat SIGTERM as Ctrl-C so that MkDocs' own clean-up runs."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (MkDocs called from another program): leave its signals alone
        pass


def _refuse_busy_port(host: str, port: int) -> None:
    """Stop `mkdocs serve` with one line before it builds, rather than with a traceback after the build, when
    its address is taken."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            print(f"faultlines: cannot serve on {host}:{port}: {e.strerror} (another `mkdocs serve`?). Stop it, or "
                  f"use another port: make serve PORT=8123, or mkdocs serve --dev-addr {host}:8123", file=sys.stderr)
            raise SystemExit(1) from None  # MkDocs removes its temporary site on the way out


def _refuse_outside_links(files: Files, config) -> None:
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


def _page_script(output: str, page) -> str:
    """A generated page's own script (front matter `faultlines_script`, site/page_scripts.py), loaded on that
    page only. It goes after the article but inside Material's container, whose scripts instant navigation runs
    again."""
    tags = page_scripts.script_tags(page.meta.get("faultlines_script"), page.url)
    if not tags or "</article>" not in output:
        return output
    return output.replace("</article>", f"</article>{tags}", 1)


def _add(files: Files, config, src_uri: str, content: str, in_nav: bool) -> None:
    """Add a generated file; a hand-written one at the same path is an error, not silently replaced."""
    if files.get_file_from_path(src_uri) is not None:
        raise PluginError(f"Faultlines: docs/{src_uri} clashes with a generated page; rename or remove it.")
    inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
    files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
