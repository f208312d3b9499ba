"""The taxonomy drawn at build time as plain HTML: a failure mode's neighbourhood, and the map's tree.

No script draws them, so a page needs no diagram library, and the browser lays the text out: it wraps on
a phone and never shrinks below the page's own font size. Neighbours are grouped by how they relate
(one box per relation type, each listing its failure modes), so no label can sit on another.
Contributor text enters only as escaped text; links are relative, as MkDocs would write them.
"""
from __future__ import annotations

import posixpath
from html import escape

from ..data.model import Entry, KnowledgeBase

EVIDENCE_MARKS = {  # the computed evidence level's letter in the map (data/evidence.py), spelled out in its legend
    "deployed": ("D", "observed in deployed systems"),
    "lab": ("L", "lab demonstration"),
    "theoretical": ("T", "theoretical"),
    "none": ("N", "no documented instance"),
}
# (relation type, stated by this failure mode?) -> (box label, symbol, css modifier); in the order shown
_RELATION_GROUPS = [
    (("overlaps", True), ("Overlaps", "↔", "overlaps")),
    (("overlaps", False), ("Overlaps", "↔", "overlaps")),
    (("distinct-from", True), ("Distinct from", "≠", "distinct")),
    (("distinct-from", False), ("Distinct from", "≠", "distinct")),
    (("near-synonym", True), ("Near-synonym of", "≈", "synonym")),
    (("enables", True), ("Enables", "→", "enables")),
    (("enables", False), ("Enabled by", "←", "enabled-by")),
    (("precedes", True), ("Precedes", "→", "precedes")),
    (("precedes", False), ("Preceded by", "←", "preceded-by")),
]
_DIRECTED = ("enables", "precedes")  # the other relation types read the same from either end
_MAX_DEPTH = 12  # parents are acyclic (validated); this only bounds the page


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown file, relative to the site root ('' for the home page)."""
    stem = src_uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def href(from_src: str, to_src: str, directory_urls: bool) -> str:
    """A relative link from one page to another, for raw HTML (which MkDocs does not rewrite)."""
    source, target = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    base = source if directory_urls else posixpath.dirname(source)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    return rel + "/" if directory_urls and rel != "." else ("./" if rel == "." else rel)


def _link(from_src: str, entry: Entry, directory_urls: bool) -> str:
    return (f'<a href="{escape(href(from_src, entry.src_uri, directory_urls))}" title="{escape(entry.summary)}">'
            f"{escape(entry.name)}</a>")


def _group(label: str, symbol: str, modifier: str, items: list[str]) -> str:
    return (f'<div class="fl-hood-group fl-hood-{modifier}"><p class="fl-hood-label">'
            f'<span aria-hidden="true">{symbol}</span> {escape(label)}</p>'
            f'<ul>{"".join(f"<li>{i}</li>" for i in items)}</ul></div>')


def neighbourhood(kb: KnowledgeBase, fm: Entry, directory_urls: bool = True) -> str:
    """What fm is a kind of above it, its more specific kinds below, and its relations beside it, by type."""
    src = fm.src_uri
    link = lambda e: _link(src, e, directory_urls)  # noqa: E731
    parents, children = kb.parents(fm), kb.children(fm)
    grouped: dict[tuple, list[Entry]] = {}
    for r in kb.relations(fm):
        mine = r.source is fm
        key = (r.type, mine if r.type in _DIRECTED else True)  # a symmetric type: one box either way
        other = r.target if mine else r.source
        if other not in grouped.setdefault(key, []):
            grouped[key].append(other)
    sides: dict[bool, list[str]] = {True: [], False: []}  # True: the left column (the symmetric relations)
    for key, (label, symbol, modifier) in _RELATION_GROUPS:
        if key in grouped:
            items = [link(e) for e in sorted(grouped.pop(key), key=lambda e: e.name.casefold())]
            sides[key[0] not in _DIRECTED].append(_group(label, symbol, modifier, items))
    centre = []
    if parents:
        centre.append(_group("A kind of", "▲", "parents", [link(p) for p in parents]))
    centre.append(f'<p class="fl-hood-self"><strong>{escape(fm.name)}</strong></p>')
    if children:
        centre.append(_group("More specific kinds", "▼", "children", [link(c) for c in children]))
    column = lambda cls, parts: f'<div class="fl-hood-col fl-hood-{cls}">{"".join(parts)}</div>' if parts else ""  # noqa: E731
    return (f'<figure class="fl-hood" data-no-tooltips aria-label="{escape(fm.name)} and its neighbours">'
            f'<div class="fl-hood-grid">{column("related", sides[True])}{column("centre", centre)}'
            f'{column("leads", sides[False])}</div>'
            '<figcaption>How to read it: ▲ above, what this failure mode is a kind of; ▼ below, its more specific '
            'kinds; ↔ overlaps, ≠ distinct from and ≈ near-synonyms, on one side; → what it enables or precedes and ← what enables '
            'or precedes it, on the other. Each relation is explained under Relations.</figcaption></figure>')


def tree(kb: KnowledgeBase, src: str, directory_urls: bool = True) -> str:
    """Every failure mode as a nested list under what it is a kind of, with its evidence level and summary.

    A failure mode with several parents is drawn in full under the first one met, and named (with a link to
    that place) under the others.
    """
    fms = kb.of_kind("failure-mode")
    roots = [fm for fm in fms if not fm.get("parents")]
    placed: dict[str, Entry] = {}  # failure mode id -> the parent it is drawn under (None at the top)
    out: list[str] = []

    def node(fm: Entry, parent: Entry | None, depth: int) -> None:
        level = kb.evidence(fm).level or "none"  # computed from the instance examples, never the declared field
        letter, meaning = EVIDENCE_MARKS[level]
        mark = (f'<abbr class="fl-ev fl-ev-{level}" data-evidence="{level}" title="{escape(meaning)}">'
                f"{letter}</abbr>")
        name = _link(src, fm, directory_urls)
        if fm.id in placed:
            first = placed[fm.id]
            where = f"under {escape(first.name)}" if first is not None else "at the top level"
            out.append(f'<li class="fl-tree-again">{mark} {name} <span class="fl-tree-note">'
                       f'(also here; shown in full <a href="#map-{escape(fm.id)}">{where}</a>)</span></li>')
            return
        placed[fm.id] = parent
        out.append(f'<li id="map-{escape(fm.id)}">{mark} {name}<span class="fl-tree-summary">'
                   f"{escape(fm.summary)}</span>")
        children = kb.children(fm) if depth < _MAX_DEPTH else []
        if children:
            out.append("<ul>")
            for child in children:
                node(child, fm, depth + 1)
            out.append("</ul>")
        out.append("</li>")

    for root in roots:
        node(root, None, 0)
    legend = "".join(f'<li><abbr class="fl-ev fl-ev-{level}">{letter}</abbr> {meaning}</li>'
                     for level, (letter, meaning) in EVIDENCE_MARKS.items())
    return (f'<div class="fl-tree-legend" data-no-tooltips><p>Each failure mode is listed under what it is a '
            f'kind of, with its evidence level, computed from its instance examples (the strongest one '
            f'sets it):</p><ul>{legend}</ul></div>'
            f'<ul class="fl-tree" data-no-tooltips>{"".join(out)}</ul>')
