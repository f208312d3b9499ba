"""Where a generated page's data comes from: one line at its foot naming the YAML folders and fields.

The folders link to the repository when the site knows it (mkdocs.yml's repo_url and edit_uri: the publish
workflow sets both); otherwise they are named, and the line links the entries' index pages (each entry page
names its own file) and the whole knowledge base as taxonomy.json. Entry pages already end with the file that
defines them; this covers the pages made from many entries.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..data.kinds import BY_NAME
from .markdown_text import MD, plain, relative

if TYPE_CHECKING:
    from .render import Page

# Page (or folder of pages) -> what it is made of: (kind, the fields read, or "" for whole entries).
SOURCES: dict[str, list[tuple[str, str]]] = {
    "matrix": [("agenda", "addresses"), ("failure-mode", "")],
    "detection": [("evaluation", "looks_for"), ("failure-mode", "")],
    "map.md": [("failure-mode", "parents and relations")],
    "glossary.md": [("failure-mode", "names, aliases and summaries")],
    "contrasts": [("example", "classifications"), ("failure-mode", "relations")],
    "scenarios": [("estimate", ""), ("failure-mode", "")],
}
INDEXES = {f"{k.plural}/index.md": [(k.name, "")] for k in BY_NAME.values()}


def repository_tree(repo_url: str | None, edit_uri: str | None) -> str | None:
    """The repository's folder view (https://github.com/o/r/tree/main/) from MkDocs' repo_url and edit_uri."""
    if not repo_url or not edit_uri:
        return None
    parts = edit_uri.strip("/").split("/")
    if len(parts) < 2 or parts[0] not in ("edit", "blob", "tree") or edit_uri.startswith(("http:", "https:")):
        return None
    return f"{repo_url.rstrip('/')}/tree/{parts[1]}/"


def sources_of(src_uri: str) -> list[tuple[str, str]] | None:
    if src_uri in INDEXES:
        return INDEXES[src_uri]
    for key, value in SOURCES.items():
        if src_uri == key or src_uri.startswith(key + "/") or src_uri.startswith(key + "-") or src_uri == key + ".md":
            return value
    return None


def line(src_uri: str, taxonomy: str = "taxonomy", tree: str | None = None) -> MD | None:
    """The "Data:" line for a generated page made from many entries; None for any other page."""
    sources = sources_of(src_uri)
    if sources is None:
        return None
    parts = []
    for kind_name, fields in sources:
        kind = BY_NAME[kind_name]
        folder = f"{taxonomy}/{kind.plural}/"
        named = f"[`{folder}`]({tree}{folder})" if tree else f"`{folder}`"
        what = f"the {plain(fields)} of the" if fields else "the"
        index = relative(src_uri, f"{kind.plural}/index.md")
        parts.append(f"{what} [{kind.title_plural.lower()}]({index}) in {named}")
    export = relative(src_uri, "taxonomy.json")
    return MD(f"Data: {' and '.join(parts)}, one YAML file per entry; all of it as [taxonomy.json]({export}). "
              f"This page is generated from them at every build.\n{{: .fl-meta .fl-provenance }}\n")


def annotate(pages: list["Page"], taxonomy: str = "taxonomy", tree: str | None = None) -> list["Page"]:
    """The pages with their "Data:" line added at the foot (new Page objects: a memo's pages stay as they were)."""
    out = []
    for page in pages:
        text = line(page.src_uri, taxonomy, tree)
        if text is None:
            out.append(page)
            continue
        rule = "" if page.markdown.rstrip().endswith("{: .fl-meta }") else "---\n\n"
        out.append(replace(page, markdown=page.markdown.rstrip("\n") + "\n\n" + rule + text))
    return out
