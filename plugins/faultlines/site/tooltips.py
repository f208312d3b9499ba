"""Glossary tooltips: wrap failure-mode names and aliases in rendered HTML in <abbr title="summary">.

Python-Markdown's abbr extension can do this from a site-wide glossary, but it compiles one regular
expression with every term as an alternative and runs it over every page: the cost grows with
(terms × pages), so with the number of entries squared. Here the terms are compiled once per build into a
trie-shaped expression, whose cost at each word is bounded by the alphabet rather than by the number of
terms. Running on the HTML after Markdown also tells the caller which terms a page used, so that
`mkdocs serve` need only rebuild the pages whose tooltips an edit changed (reuse.py).

Matching follows the abbr extension: case-sensitive, whole words, every occurrence; text inside code,
preformatted blocks, scripts, styles and existing abbreviations is left alone, as is text inside an element
marked `data-no-tooltips` (the heatmap, whose headings carry their own titles).
"""
from __future__ import annotations

import html
import re
from typing import Iterable

OPT_OUT = "data-no-tooltips"  # an element with this attribute keeps its text as it is (e.g. the heatmap)
_SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "abbr", "textarea", "svg", "math"})
# A tag ends at the first ">" outside quotes: an attribute value may hold ">" (raw HTML in a hand-written
# page), and text inside one must never be taken for page text.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>|<!--.*?-->""", re.S)


def _trie_pattern(terms: Iterable[str]) -> str:
    """A regular expression matching any of the terms, longest first, with alternatives merged by prefix."""
    root: dict = {}
    for term in terms:
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            child, text = node[ch], re.escape(ch)
            while len(child) == 1 and "" not in child:  # a chain of single children: no group needed
                (nxt, child), = child.items()
                text += re.escape(nxt)
            branches.append(text + render(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longer matches are tried first; the shorter term (ending here) is what backtracking falls to.
        return f"(?:{body})?" if ends else body

    return render(root)


class Tooltips:
    """Compiled once per build from {term: tooltip text}; apply() to each page's HTML."""

    def __init__(self, terms: dict[str, str]):
        self.terms = {t: s for t, s in terms.items() if t and t.strip() == t}
        self._re = re.compile(r"\b(?:" + _trie_pattern(self.terms) + r")(?!\w)") if self.terms else None

    def apply(self, page_html: str) -> tuple[str, set[str]]:
        """The page with tooltips, and the terms it used."""
        if self._re is None:
            return page_html, set()
        out: list[str] = []
        used: set[str] = set()
        skip_depth, last = 0, 0
        opted_out, opted_depth = "", 0  # an element marked data-no-tooltips, and its nesting depth
        for m in _TAG.finditer(page_html):
            if m.start() > last:
                text = page_html[last:m.start()]
                out.append(text if skip_depth or opted_out else self._wrap(text, used))
            out.append(m.group(0))
            last = m.end()
            name, closing, empty = (m.group(2) or "").lower(), bool(m.group(1)), bool(m.group(3))
            if not name or empty:
                continue
            if opted_out:
                if name == opted_out:
                    opted_depth += -1 if closing else 1
                    opted_out = opted_out if opted_depth else ""
            elif not closing and OPT_OUT in m.group(0):
                opted_out, opted_depth = name, 1
            elif name in _SKIP:
                skip_depth = max(0, skip_depth - 1) if closing else skip_depth + 1
        if last < len(page_html):
            text = page_html[last:]
            out.append(text if skip_depth or opted_out else self._wrap(text, used))
        return "".join(out), used

    def _wrap(self, text: str, used: set[str]) -> str:
        raw = html.unescape(text) if "&" in text else text
        pieces, last = [], 0
        for m in self._re.finditer(raw):
            term = m.group(0)
            title = self.terms.get(term)
            if title is None:  # the expression matched a prefix path that is not itself a term
                continue
            pieces.append(html.escape(raw[last:m.start()], quote=False))
            pieces.append(f'<abbr title="{html.escape(title, quote=True)}">{html.escape(term, quote=False)}</abbr>')
            used.add(term)
            last = m.end()
        if not pieces:
            return text
        pieces.append(html.escape(raw[last:], quote=False))
        return "".join(pieces)
