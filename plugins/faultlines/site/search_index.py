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

# An entry page's sections that hold the entry's own words. The others list or cite other entries (relations,
# instances, agendas, estimates, "referenced by", BibTeX): they grow with the knowledge base and repeat what the
# other entries' pages hold, so a generator that indexes pages itself is told to skip them (own_words_only).
OWN_WORDS_SECTIONS = frozenset({"definition", "description", "theory-of-change", "statement", "value", "notes",
                                "looks-for", "measures", "assumes"})
_ANCHORED_HEADING = re.compile(r"^(#{2,6} .*\{#)([A-Za-z0-9_-]+)\}[ \t]*$", re.MULTILINE)


def own_words_only(markdown: str) -> str:
    """An entry page's Markdown with every section but its own words marked `data-search-exclude`, which
    Zensical's search (like Material's) honours heading by heading. Only our templates' headings carry an
    anchor (contributed text has its "{" escaped, markdown_text.py). Without this, Zensical's index of 1,000
    entries was 5.4 MB, and at 10,000 one failure mode's list of instances exceeded its limit for a field."""
    def mark(m: re.Match) -> str:
        return m.group(0) if m.group(2) in OWN_WORDS_SECTIONS else f"{m.group(1)}{m.group(2)} data-search-exclude}}"
    return _ANCHORED_HEADING.sub(mark, markdown)


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


# -- the other generated pages: one lean document each ----------------------------------------------------------

# Words a reader types to find a page of this family, as tags (weighed like ids): "matrix" must find the matrix
# before a paper titled "Enter the matrix", and "contrast" the contrast pages.
PAGE_FAMILIES = (  # (src_uri prefix or name, tags), first match wins
    ("matrix-by-agenda", ("by agenda", "coverage")),  # not "matrix": the page by failure mode comes first
    ("matrix", ("matrix", "heatmap", "coverage")),
    ("map.md", ("map", "taxonomy map", "tree")),
    ("contrasts/index.md", ("contrasts", "contrast")),
    ("contrasts/", ("contrast", "vs", "versus")),
    ("tags.md", ("tags",)),
    ("questions/", ("question", "estimates")),
    ("scenarios/", ("scenario", "estimates", "chart")),
    ("conditionals.md", ("conditionals", "conditional estimates")),
    ("what-if.md", ("what if", "what-if")),
    ("glossary.md", ("glossary", "terms")),
    ("releases/", ("releases", "release", "changelog", "versions")),
    ("changelog.md", ("changelog",)),
    ("csv/", ("csv", "spreadsheet", "download")),
    ("crosswalks", ("crosswalk", "mapping", "other taxonomies")),
)
_EMPHASIS = re.compile(r"[*`]+|\\(?=\S)")  # removed outright: `x` and **x** are words, not word breaks
_TAG = re.compile(r"<[^>\n]*>")
SUMMARY_CLASS = re.compile(r"^\{:[^}]*\.fl-summary[^}]*\}\s*$")
TEXT_LIMIT = 300  # characters of a page's opening paragraph: enough for a result's snippet


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives a Markdown page: contrasts/a--b.md -> contrasts/a--b/, index.md -> ''."""
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/" if directory_urls else src_uri[:-3] + ".html"


def opening(markdown: str) -> str:
    """The page's opening paragraph (the one marked .fl-summary, else the first after the title), as words."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    chosen = next((p for p in paragraphs if any(SUMMARY_CLASS.match(line) for line in p.splitlines())), None)
    if chosen is None:
        chosen = next((p for p in paragraphs if not p.startswith(("#", "<", "|", "!!!", "{:", "---"))), "")
    lines = [line for line in chosen.splitlines() if not SUMMARY_CLASS.match(line)]
    text = _SPACE.sub(" ", _TAG.sub(" ", _EMPHASIS.sub("", _LINK.sub(r"\1", " ".join(lines))))).strip()
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT].rsplit(" ", 1)[0] + " …"


# A contrast page's name is two failure modes' names and "vs": the entries for those names (and a claim whose
# id is the same words) carry them as ids, weighed like tags, and would push the page itself out of the first
# results for its own name. Ten times the weight puts it among the first without moving it above an entry
# for a query that does not say "vs" (a title word weighs a thousandth of an id).
CONTRAST_BOOST = 10


def page_document(src_uri: str, title: str, markdown: str, directory_urls: bool = True) -> dict:
    tags = next((t for prefix, t in PAGE_FAMILIES if src_uri.startswith(prefix)), ())
    doc = {"location": page_url(src_uri, directory_urls), "title": html.escape(title),
           "text": html.escape(opening(markdown)), "tags": [html.escape(t) for t in tags]}
    if src_uri.startswith("contrasts/") and src_uri != "contrasts/index.md":
        doc["boost"] = CONTRAST_BOOST  # Material's search reads a document's boost (front matter search.boost)
    return doc


def excluded(markdown: str) -> str:
    """The page with `search: exclude` in its front matter (added, or the front matter made), so that Material
    does not index it section by section: page_document indexes it once instead."""
    if markdown.startswith("---\n"):
        head, rest = markdown[4:].split("---\n", 1)
        return markdown if "search:" in head else f"---\n{head}{SEARCH_EXCLUDE}---\n{rest}"
    return f"---\n{SEARCH_EXCLUDE}---\n\n{markdown}"


def tag_documents(kb: KnowledgeBase, directory_urls: bool = True) -> list[dict]:
    """One document per tag, pointing at its section of the tags page (Material's id `tag:<name>`)."""
    by_tag: dict[str, list[str]] = {}
    for kind in KINDS:
        for e in kb.of_kind(kind.name):
            for tag in e.get("tags", []):
                by_tag.setdefault(tag, []).append(e.name)
    where = page_url("tags.md", directory_urls)
    out = []
    for tag in sorted(by_tag):
        names = by_tag[tag]
        text = f"{len(names)} entr{'y' if len(names) == 1 else 'ies'} tagged {tag}: " + ", ".join(names[:8])
        out.append({"location": f"{where}#tag:{tag}", "title": html.escape(f"Tag: {tag}"),
                    "text": html.escape(text + (" …" if len(names) > 8 else "")), "tags": [html.escape(tag)]})
    return out
