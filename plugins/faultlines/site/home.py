"""The home page's opening: how much the knowledge base holds and what is new, computed at every build.

docs/index.md is hand-written; where it has the marker `<!-- faultlines:overview -->` the plugin puts this
Markdown. "New" is the most recently added entries by git history (data/history.py, read once per build) and, once a
release has been made, how much changed since it (the releases page has the details). Where it has
`<!-- faultlines:cite -->`, the plugin puts how to cite the knowledge base as a whole (citation.py).
"""
from __future__ import annotations

from ..data.kinds import KINDS
from ..data.model import KnowledgeBase
from .citation import Citing, fenced, knowledge_base_citation
from .figures import marked_link
from .markdown_text import MD, plain

MARKER = "<!-- faultlines:overview -->"
CITE_MARKER = "<!-- faultlines:cite -->"
NEWEST = 6  # entries listed as new


def overview(kb: KnowledgeBase, added: dict[str, str] | None, since_tag: tuple[str, int, int] | None = None,
             citing: Citing | None = None) -> MD:
    """Counts per kind linked to their indexes, then what is new.

    `added`: entry id -> date added, newest first (None: no git history); `since_tag`: (release, entries added,
    entries changed) since the newest release, when there is one.
    """
    counts = []
    for kind in KINDS:
        n = len(kb.of_kind(kind.name))
        label = kind.title_plural.lower() if n != 1 else kind.title.lower()
        counts.append(f"**{n}** [{label}]({kind.plural}/index.md)")
    out = [" · ".join(counts), "{: .fl-counts }", ""]
    # Sources are bibliography records: what is new is what they are cited for.
    new = [(kb.entries[i], date) for i, date in (added or {}).items()
           if i in kb.entries and kb.entries[i].kind.name != "source"][:NEWEST]
    news = []
    if new:
        groups: list[tuple[str, list[str]]] = []  # by date, newest first
        for e, date in new:
            if not groups or groups[-1][0] != date:
                groups.append((date, []))
            link = f"[{plain(e.name)}]({e.src_uri})"  # an estimate's name may carry its figure: and its condition
            groups[-1][1].append((marked_link(kb, e, link) if e.kind.name == "estimate" else link)
                                 + f" ({e.kind.title.lower()})")
        news.append("**New:** " + "; ".join(f"{date or 'undated'}: {', '.join(items)}" for date, items in groups) + ".")
    elif added is None:
        news.append("**New:** this copy was built without its git history; see the [releases](releases/index.md).")
    if since_tag is not None:
        tag, n_added, n_changed = since_tag
        news.append(f"Since release {plain(tag)}: {n_added} added, {n_changed} changed ([releases](releases/index.md)).")
    elif new:
        news.append("Every release and what it changed is on the [releases](releases/index.md) page.")
    if news:
        out += news + ["{: .fl-new }", ""]
    return MD("\n".join(out))


def citation(citing: Citing, year: str) -> MD:
    """How to cite the whole knowledge base: a plain-text citation and BibTeX, each with a copy button."""
    text, bib = knowledge_base_citation(citing, year)
    return MD(f"{fenced(text, 'text')}\n\n{fenced(bib, 'bibtex')}\n")
