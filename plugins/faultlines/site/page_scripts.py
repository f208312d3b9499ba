"""Which scripts a generated page loads, and the tags that load them.

A page names its script in its front matter (`faultlines_script: matrix`); only the pages that use a script load
it (README, Page weight). The MkDocs plugin adds the tags to the themed page after the article (its HTML
sanitiser would remove a script written in the Markdown); a generator with no plugin gets the same tags at the
end of the page's Markdown from `with_script_tags` (site/generated.py), since raw HTML passes through Markdown.
"""
from __future__ import annotations

import html
import posixpath
import re

from .search_index import page_url

_BUILDER = ("javascripts/vendor/ajv2020.min.js", "javascripts/builder/core.js")
PAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "what-if": ("javascripts/what-if.js",),
    "estimates": ("javascripts/estimates.js",),
    "priorities": ("javascripts/priorities.js",),
    "results": ("javascripts/results.js",),
    "matrix": ("javascripts/matrix.js",),
    "builder-estimates": _BUILDER + ("javascripts/builder/estimates.js",),
}

_NAMED = re.compile(r"\A---\n(?:.*\n)*?faultlines_script: *([a-z-]+) *\n(?:.*\n)*?---\n")


def script_name(markdown: str) -> str | None:
    """The script a page's front matter names (we write every front matter; contributors write none)."""
    m = _NAMED.match(markdown)
    return m.group(1) if m else None


def relative_url(target: str, page: str) -> str:
    """`target` (a path from the site's root) as a link from the page at address `page` ('what-if/', '')."""
    base = page if page.endswith("/") or not page else posixpath.dirname(page)
    return posixpath.relpath(target, base.rstrip("/") or ".")


def script_tags(name: str | None, page: str) -> str:
    """The <script> tags for the script `name` on the page at address `page`; '' for no or an unknown name."""
    return "".join(f'<script src="{html.escape(relative_url(s, page), quote=True)}"></script>'
                   for s in PAGE_SCRIPTS.get(name or "", ()))


def with_script_tags(src_uri: str, markdown: str, directory_urls: bool = True) -> str:
    """A page's Markdown with its script tags at the end, for a generator that runs no plugin of ours."""
    tags = script_tags(script_name(markdown), page_url(src_uri, directory_urls))
    return f"{markdown.rstrip()}\n\n{tags}\n" if tags else markdown
