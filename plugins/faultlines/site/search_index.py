"""What the site's search knows about each entry: one lean document per entry instead of its whole page.

Material's search downloads its whole index on a reader's first page view, so the index must grow slowly
with the knowledge base. Generated pages are left out of Material's own indexing (their front matter says
`search: exclude`), and each entry is indexed once here: its name as the title, its summary as the text a
result shows, and its id and aliases as tags, which Material weighs a million times body text, so that a
reader who types an alias or an id finds the entry that carries it first. Failure modes and agendas, the
entries a reader comes to read, also bring their definition's words; the other kinds (most of the entries)
bring only what identifies them. Hand-written pages (home, methodology, ...) are indexed by Material in full.

Material renders a result's title and text as HTML, as MkDocs' own entries are: ours are escaped text.
"""
from __future__ import annotations

import html
import re

from ..data.kinds import KINDS
from ..data.model import Entry, KnowledgeBase
from ..data.references import INLINE_REF

FULL_TEXT_KINDS = ("failure-mode", "agenda")  # their descriptions are indexed word for word
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKUP = re.compile(r"[*_`#>|~\\]+|<[^>\n]*>")
_SPACE = re.compile(r"\s+")

SEARCH_EXCLUDE = "search:\n  exclude: true\n"  # front matter for a page whose words are indexed here instead


def plain_words(markdown: str, kb: KnowledgeBase) -> str:
    """The words of contributor Markdown without its markup: [[id]] becomes the entry's name."""
    def name(m: re.Match) -> str:
        if m.group(2):
            return m.group(2)
        entry = kb.entries.get(m.group(1).strip())
        return entry.name if entry is not None else m.group(1)

    text = _LINK.sub(r"\1", INLINE_REF.sub(name, markdown))
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()


def entry_document(entry: Entry, kb: KnowledgeBase) -> dict:
    aliases = list(entry.get("aliases", []))
    text = entry.summary or ""
    if aliases:
        text += " Also known as " + ", ".join(aliases) + "."
    if entry.kind.name in FULL_TEXT_KINDS and entry.get("description"):
        text += " " + plain_words(entry.get("description"), kb)
    return {"location": entry.url, "title": html.escape(entry.name), "text": html.escape(text),
            "tags": [html.escape(n) for n in [entry.id] + aliases]}


def entry_documents(kb: KnowledgeBase) -> list[dict]:
    """One search document per entry, kind by kind in the site's order."""
    return [entry_document(e, kb) for kind in KINDS for e in kb.of_kind(kind.name)]
