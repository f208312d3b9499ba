"""The MkDocs plugin: a thin shell that feeds the core's pages into MkDocs and fails the build on bad data."""
from __future__ import annotations

import html
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .export import export_json
from .html_safety import sanitize_html
from .pipeline import load
from .render import Renderer

log = get_plugin_logger(__name__)


class FaultlinesConfig(Config):
    taxonomy_dir = c.Type(str, default="taxonomy")
    """Folder of entry files, relative to mkdocs.yml."""
    schema_dir = c.Type(str, default="schema")
    """Folder of JSON Schemas, relative to mkdocs.yml."""


class FaultlinesPlugin(BasePlugin[FaultlinesConfig]):
    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this instance alive across `mkdocs serve` rebuilds, so it can
        # remember the last knowledge base that validated.
        self.serving = command == "serve"
        self.last_good = None

    def on_config(self, config):
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
        pages, assets = Renderer(kb).site()
        for page in pages:
            self._add(files, config, page.src_uri, page.markdown, page.in_nav)
            self.titles[page.src_uri] = page.title
        for src_uri, content in assets.items():
            self._add(files, config, src_uri, content, False)
        self._add(files, config, "taxonomy.json", export_json(kb), False)
        log.info(f"generated {len(self.titles)} pages from {len(kb.entries)} entries")
        return files

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

    def on_page_markdown(self, markdown, page, config, files):
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            # MkDocs' templates print page titles unescaped; give them HTML-safe text.
            page.meta["title"] = html.escape(title)
        return markdown

    def on_page_content(self, html_text, page, config, files):
        if page.file.src_uri in self.titles:
            return sanitize_html(html_text)
        return html_text
