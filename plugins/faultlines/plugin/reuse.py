"""`mkdocs serve`: rebuild only the generated pages that changed, and reuse what MkDocs made of the rest.

After an edit, `mkdocs serve` rebuilds the whole site: every page is converted from Markdown, indexed for
search and rendered through the theme, which for 1,000 entries takes about a minute although one edit
changes a handful of pages. The plugin still generates every page's Markdown from the knowledge base
(that is what decides which pages changed), but for a generated page whose Markdown and front matter are
the same as in the previous build, and whose surroundings are the same (the same set of files, the same
navigation, configuration and theme templates: the `signature`), it replays what MkDocs made of it last
time: the HTML content, table of contents, anchors, the search entries and the themed page itself.
Everything that could make the output differ is part of the key, so a page is either rebuilt or
byte-for-byte what a rebuild would give (tests/test_scale.py compares a reused build with a fresh one).

Only pages this plugin generates are reused (entry, contrast and index pages); hand-written pages and the
tags listing always go through MkDocs. A page in the navigation keeps the page object the navigation holds
(its render() is replaced); the themed HTML of such a page depends on the navigation, which is part of the
signature.
`mkdocs build` never reuses anything.
"""
from __future__ import annotations

import json
import os
import types
from dataclasses import dataclass

import jinja2
import jinja2.bccache
from mkdocs.structure.pages import Page

from .prerender import PrerenderedPage, Rendered, digest

TEMPLATE = "faultlines/reused-page.html"
# The themed page is replayed through this template; autoescape is off in MkDocs' theme environment, and
# the template says so itself in case a theme turns it on.
_TEMPLATE_SOURCE = "{% autoescape false %}{{ page.faultlines_reused_output }}{% endautoescape %}"
# Configuration that reaches a themed page (everything else about it comes from its Markdown and meta).
_CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
                "edit_uri", "edit_uri_template", "use_directory_urls", "docs_dir", "markdown_extensions",
                "mdx_configs", "extra", "extra_css", "extra_javascript", "extra_templates", "validation", "watch")


@dataclass
class _Made:
    """What MkDocs made of one page in the previous build."""

    key: bytes
    rendered: Rendered
    output: str | None = None  # the themed page, before on_post_page hooks
    terms: dict[str, str] | None = None  # the glossary tooltips the page used: {term: tooltip}


class PageReuse:
    """One per `mkdocs serve` session; call the on_* methods from the plugin's events of the same names."""

    def __init__(self) -> None:
        self.made: dict[str, _Made] = {}
        self.search: dict[str, tuple[bytes, bytes | None, list]] = {}  # by page: content key, made key, entries
        self.signature = b""
        self.reused = 0
        self.search_reused = 0
        self.glossary: dict[str, str] = {}
        self.glossary_terms = b""
        self.bytecode = _MemoryBytecodeCache()

    def set_glossary(self, terms: dict[str, str]) -> None:
        """The tooltips of this build. A page is reused only if the set of terms is the same (a new term
        could match its text) and each term it used has the same tooltip; other tooltips may change."""
        self.glossary = terms
        self.glossary_terms = digest(*sorted(terms))

    def on_nav(self, nav, config, files, generated: set[str]) -> None:
        """Start a build: work out the surroundings, and give each reusable page a page that can reuse."""
        try:
            self.signature = _signature(config, files, nav)
        except Exception:  # noqa: BLE001 - surroundings we cannot describe: this build reuses nothing
            self.signature = os.urandom(20)
        self.reused = self.search_reused = 0
        in_nav = {page.file.src_uri for page in nav.pages}
        reusable = set()
        for file in files.documentation_pages():
            if file.src_uri not in generated:
                continue
            if file.src_uri in in_nav:
                # The navigation holds this page object: keep it, and give it the reusing render().
                page = file.page
                page.faultlines_reuse, page.faultlines_fresh, page.faultlines_reused_output = self, None, None
                page.render = types.MethodType(_render_nav_page, page)
            else:
                _ReusablePage(None, file, config, self)  # replaces the plain page MkDocs would make for it
            reusable.add(file.src_uri)
        for gone in self.made.keys() - reusable:  # pages that no longer exist
            del self.made[gone]
            self.search.pop(gone, None)
        self._wrap_search_index(config)

    def on_env(self, env: jinja2.Environment) -> jinja2.Environment:
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: _TEMPLATE_SOURCE}), env.loader])
        # MkDocs makes a new theme environment for every rebuild, which compiles the theme's templates
        # again; keep the compiled code between rebuilds (a template whose source changed is compiled anew).
        env.bytecode_cache = self.bytecode
        return env

    def on_page_context(self, page) -> None:
        """Remember a fresh page's content as every plugin's on_page_content left it (runs before other
        on_page_context hooks: Material's search plugin changes the content after indexing it)."""
        fresh = getattr(page, "faultlines_fresh", None)
        if fresh is not None:
            fresh.rendered.content = page.content
        elif getattr(page, "faultlines_reused_output", None) is not None:
            # A replayed page: its search entries are replayed by key and its themed HTML is replayed, so
            # nothing reads its content any more; spare the search plugin rewriting it.
            page.content = ""

    def on_post_page(self, output: str, page) -> str:
        """Remember the themed page of a page that was made afresh (runs before other on_post_page hooks)."""
        fresh = getattr(page, "faultlines_fresh", None)
        if fresh is not None:
            fresh.output = output
            fresh.terms = {t: self.glossary[t] for t in getattr(page, "faultlines_terms", ()) if t in self.glossary}
            self.made[page.file.src_uri] = fresh
        return output

    def _wrap_search_index(self, config) -> None:
        """Make the search plugin replay the entries of a page whose URL, title, content and meta it has seen."""
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            entries = getattr(index, "entries", getattr(index, "_entries", None))
            add = getattr(index, "add_entry_from_context", None)
            if index is None or not isinstance(entries, list) or add is None or getattr(add, "faultlines_wrapped", False):
                continue
            memo, reuse = self.search, self

            def add_entry_from_context(page, add=add, entries=entries):
                if getattr(page, "faultlines_reuse", None) is None:
                    return add(page)
                seen = memo.get(page.file.src_uri)
                replayed = getattr(page, "faultlines_reused_key", None)
                if replayed is not None:  # a replayed page: the key it was made under decides
                    if seen is not None and seen[1] == replayed:
                        entries.extend(seen[2])
                        reuse.search_reused += 1
                        return None
                    return add(page)  # (its content is gone: cannot happen, as a made page is indexed)
                key = digest(page.url, page.title, page.content, _meta(page.meta, without="template"))
                fresh = getattr(page, "faultlines_fresh", None)
                if seen is not None and seen[0] == key:  # made afresh, but indexed the same as before
                    entries.extend(seen[2])
                    reuse.search_reused += 1
                    memo[page.file.src_uri] = (key, fresh.key if fresh else None, seen[2])
                    return None
                start = len(entries)
                result = add(page)
                memo[page.file.src_uri] = (key, fresh.key if fresh else None, entries[start:])
                return result

            add_entry_from_context.faultlines_wrapped = True
            index.add_entry_from_context = add_entry_from_context


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, in memory, for the serve session (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _ReusablePage(PrerenderedPage):
    def __init__(self, title, file, config, reuse: PageReuse) -> None:
        super().__init__(title, file, config, None)
        self.faultlines_reuse = reuse
        self.faultlines_fresh: _Made | None = None
        self.faultlines_reused_output: str | None = None

    def render(self, config, files) -> None:
        _render_reusing(self, config, files, lambda: PrerenderedPage.render(self, config, files))


def _render_nav_page(page: Page, config, files) -> None:
    _render_reusing(page, config, files, lambda: Page.render(page, config, files))


def _render_reusing(page: Page, config, files, convert) -> None:
    """Replay what MkDocs made of the page last time if nothing that reaches it changed; else convert()."""
    reuse = page.faultlines_reuse
    key = digest(reuse.signature, reuse.glossary_terms, page.file.content_string, page.markdown, _meta(page.meta))
    made = reuse.made.get(page.file.src_uri)
    if (made is not None and made.key == key and made.output is not None and made.terms is not None
            and all(reuse.glossary.get(t) == title for t, title in made.terms.items())):
        made.rendered.restore(page, files)
        page.meta["template"] = TEMPLATE
        page.faultlines_reused_output = made.output
        page.faultlines_reused_key = made.key
        reuse.reused += 1
        return
    convert()
    page.faultlines_fresh = _Made(key, Rendered.of(page))


def _meta(meta: dict, without: str | None = None) -> str:
    return json.dumps({k: v for k, v in meta.items() if k != without}, sort_keys=True, default=repr)


def _signature(config, files, nav) -> bytes:
    """Everything around a page that reaches its themed HTML: files, navigation, configuration, theme."""
    listing = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)

    def walk(items):
        return [(type(i).__name__, i.title, getattr(i, "url", None), walk(i.children or [])) for i in items]

    theme = config.theme
    templates = []
    for folder in theme.dirs:
        for root, _, names in os.walk(folder):
            for name in names:
                if name.endswith(".html"):
                    st = os.stat(os.path.join(root, name))
                    templates.append((os.path.join(root, name), st.st_size, st.st_mtime_ns))
    settings = {key: config.get(key) for key in _CONFIG_KEYS}
    settings["theme"] = (theme.name, dict(theme.items()), list(theme.dirs))
    settings["plugins"] = list(config.plugins)
    try:
        with open(config.config_file_path, "rb") as f:
            settings["config_file"] = f.read()
    except (OSError, TypeError):
        settings["config_file"] = None
    return digest(json.dumps(listing), json.dumps(walk(nav.items), default=repr),
                   json.dumps(settings, sort_keys=True, default=repr), json.dumps(sorted(templates)))
