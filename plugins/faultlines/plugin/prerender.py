"""`mkdocs build`: convert and theme the generated pages in worker processes, on every CPU.

MkDocs converts pages one after another on one core, then themes them one after another; converting
Markdown is half of a build and theming a quarter. The generated pages do not depend on one another, so
after MkDocs has made the navigation, the plugin forks worker processes (which inherit the configuration
and the file list) and has them convert the generated pages, in the order MkDocs will ask for them, while
MkDocs goes through its page events. A worker does for a page what MkDocs would: read its source, convert
it with MkDocs' own `Page.render` (so links, anchors, titles and the table of contents come out the same),
then the plugin's own step (sanitising, tooltips). Once every page is converted (on_env), a second set of
workers, forked with the navigation, titles and contents final, renders the pages through the theme as
MkDocs' _build_page would, on_page_context hooks included; MkDocs then passes each output through the
on_post_page hooks and writes it.

A conversion is used only if the Markdown MkDocs ends up with for the page is the very Markdown the worker
converted; no result is used for a page whose conversion or theming logged anything (a broken link, say,
which must be reported and counted by MkDocs itself): MkDocs does that page as usual. So the site is
byte-for-byte the same as a build without workers (tests/test_scale.py compares them, and a build whose
workers give up on every page).

Not used by `mkdocs serve` (which rebuilds only what an edit changed, see reuse.py, and whose server
threads make forking unsafe), on one CPU, or with `workers: 1` in the plugin's configuration.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import zlib
from dataclasses import dataclass
from typing import Any, Callable

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

THEMED_TEMPLATE = "faultlines/themed-page.html"
# Autoescape is off in MkDocs' theme environment; the template says so itself in case a theme turns it on.
_THEMED_SOURCE = "{% autoescape false %}{{ faultlines_themed() }}{% endautoescape %}"
CHUNK = 16  # pages per task: large enough to amortise the round trip, small enough to keep MkDocs fed

# What a forked worker needs; set in the parent just before forking, inherited by the workers.
_STATE: dict[str, Any] = {}


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def digest(*parts: Any) -> bytes:
    """A short key for the parts, for telling whether what a page is made from changed."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.digest()


@dataclass
class Rendered:
    """What MkDocs' Page.render leaves on a page, in a form that can be kept (reuse.py) or sent from a
    worker process (links name files by src_uri, not by File object)."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset
    links: dict | None  # {linked src_uri: {anchor: original link}}, for MkDocs' anchor validation

    @classmethod
    def of(cls, page: Page) -> "Rendered":
        links = getattr(page, "links_to_anchors", None)
        return cls(page.content, page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()),
                   {f.src_uri: dict(v) for f, v in links.items()} if links is not None else None)

    def restore(self, page: Page, files) -> None:
        page.content, page.toc, page._title_from_render = self.content, self.toc, self.title
        page.present_anchor_ids = set(self.anchors)
        if self.links is not None:
            by_uri = {uri: files.get_file_from_path(uri) for uri in self.links}
            page.links_to_anchors = {by_uri[u]: dict(v) for u, v in self.links.items() if by_uri[u] is not None}


@dataclass
class Converted:
    """What a worker made of one page: MkDocs' rendering, with the plugin's own step applied to it."""

    markdown_digest: bytes
    rendered: Rendered
    extra: Any  # what the plugin's step returned besides the content


class _Recorder(logging.Handler):
    """Counts what a worker's conversions log; the worker itself prints nothing."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.count += 1


def _init_worker() -> None:
    recorder = _STATE["recorder"] = _Recorder()
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.getLogger("mkdocs").addHandler(recorder)
    logging.getLogger("mkdocs").propagate = False


def _convert(src_uris: list[str]) -> list[tuple[str, Converted | None]]:
    config, files, step, recorder = _STATE["config"], _STATE["files"], _STATE["step"], _STATE["recorder"]
    out = []
    for uri in src_uris:
        try:
            file = files.get_file_from_path(uri)
            page = Page(None, file, config)
            page.read_source(config)
            recorder.count = 0
            page.render(config, files)
            if recorder.count:  # MkDocs has something to say about this page: let it say it in the parent
                out.append((uri, None))
                continue
            page.content, extra = step(page.content)
            out.append((uri, Converted(digest(page.markdown), Rendered.of(page), extra)))
        except Exception:  # noqa: BLE001 - MkDocs will convert it in the parent and report what is wrong
            out.append((uri, None))
    return out


def _theme(src_uris: list[str]) -> list[tuple[str, str | None]]:
    """What the theme makes of each page, as MkDocs' _build_page would before the on_post_page hooks."""
    config, files, nav, env, doc_files = (_STATE[k] for k in ("config", "files", "nav", "env", "doc_files"))
    recorder = _STATE["recorder"]
    out: list[tuple[str, str | None]] = []
    for uri in src_uris:
        page = files.get_file_from_path(uri).page
        try:
            recorder.count = 0
            page.active = True
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.faultlines_template)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
            out.append((uri, None if recorder.count else output))
        except Exception:  # noqa: BLE001 - the parent will theme it and report what is wrong
            out.append((uri, None))
        finally:
            page.active = False
    return out


class PackedContent:
    """A converted page's HTML, compressed while it waits to be themed.

    MkDocs converts every page before it themes any, so a build holds the HTML of every page at once: about
    a third of the peak memory of a 10,000-entry build. Compressed (zlib's fastest level) it takes about a
    sixth of the space; the plugin unpacks it when the page is themed (on_page_context, first of all plugins).
    """

    __slots__ = ("data",)

    def __init__(self, html: str) -> None:
        self.data = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)

    def unpack(self) -> str:
        return zlib.decompress(self.data).decode("utf-8", "surrogatepass")


class Prerender:
    """One per build: start() after the navigation is made, take() from each page's render(); then
    start_theming() once every page is converted, themed() from the template of each page."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None
        self._results: Any = None
        self._ready: dict[str, Any] = {}
        self._pending: set[str] = set()
        self.used = 0
        self.themed_pages = 0

    def _start(self, function, src_uris: list[str], **state: Any) -> bool:
        self.close()
        if self.workers < 2 or not src_uris or "fork" not in multiprocessing.get_all_start_methods():
            return False
        _STATE.update(state)
        try:
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_init_worker)
        except OSError:  # cannot fork here (limits, sandbox): MkDocs does every page itself
            self._pool = None
            return False
        chunks = [src_uris[i:i + CHUNK] for i in range(0, len(src_uris), CHUNK)]
        self._results = self._pool.imap(function, chunks)
        self._pending = set(src_uris)
        return True

    def _take(self, uri: str) -> Any:
        if self._results is None or uri not in self._pending:
            return None
        while uri not in self._ready:
            try:
                for u, result in next(self._results):
                    self._ready[u] = result
            except Exception:  # noqa: BLE001 - a worker died: MkDocs does the rest in the parent
                self.close()
                return None
        self._pending.discard(uri)
        return self._ready.pop(uri)

    def start(self, config, files, src_uris: list[str], step: Callable[[str], tuple[str, Any]]) -> None:
        self._start(_convert, src_uris, config=config, files=files, step=step)

    def take(self, page: Page) -> Converted | None:
        """The worker's conversion of this page, if it is of exactly the Markdown the page now has."""
        converted = self._take(page.file.src_uri)
        if converted is None or page.markdown is None or converted.markdown_digest != digest(page.markdown):
            return None
        self.used += 1
        return converted

    def start_theming(self, config, files, nav, env: jinja2.Environment, pages: list[Page]) -> None:
        """Have workers render these pages through the theme (forked now: every page is converted, so the
        navigation, titles and contents the theme shows are final), and route the pages' templates to
        themed(), which takes a worker's output or renders the page's own template as MkDocs would."""
        for page in pages:
            page.faultlines_template = page.meta.get("template", "main.html")
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        if not self._start(_theme, [p.file.src_uri for p in pages], config=config, files=files, nav=nav, env=env,
                           doc_files=doc_files):
            return
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({THEMED_TEMPLATE: _THEMED_SOURCE}), env.loader])
        env.globals["faultlines_themed"] = self._themed
        for page in pages:
            page.meta["template"] = THEMED_TEMPLATE

    @jinja2.pass_context
    def _themed(self, context) -> str:
        page = context["page"]
        output = self._take(page.file.src_uri)
        if output is None:  # as MkDocs would have: the page's own template, with the same context
            return context.environment.get_template(page.faultlines_template).render(context.get_all())
        self.themed_pages += 1
        return output

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool = self._results = None
        self._ready = {}
        self._pending = set()
        _STATE.clear()


class PrerenderedPage(Page):
    """A generated page whose render() takes the worker's conversion when there is one."""

    def __init__(self, title, file, config, prerender: Prerender | None) -> None:
        super().__init__(title, file, config)
        self.faultlines_prerender = prerender
        self.faultlines_prepared: Any = None  # the plugin's step already ran in the worker: what it returned

    def render(self, config, files) -> None:
        converted = self.faultlines_prerender.take(self) if self.faultlines_prerender is not None else None
        if converted is None:
            super().render(config, files)
            return
        converted.rendered.restore(self, files)
        self.faultlines_prepared = converted.extra
