"""Glossary tooltips: mark failure-mode names and aliases in rendered HTML as <abbr title="summary">.

Python-Markdown's abbr extension can do this from a site-wide glossary, but it compiles one regular
expression with every term as an alternative and runs it over every page: the cost grows with
(terms × pages), so with the number of entries squared. Here the terms are compiled once per build into a
trie-shaped expression, whose cost at each word is bounded by the alphabet rather than by the number of
terms. Running on the HTML after Markdown also tells the caller which terms a page used, so that
`mkdocs serve` need only rebuild the pages whose tooltips an edit changed (reuse.py).

A term is marked where it helps a reader, not wherever it occurs:
- once per section: its first mention after each heading (a failure mode's name and aliases count as one);
- never inside a link, a heading, a button, code, preformatted text, a script, a style, an existing
  abbreviation, or an element marked `data-no-tooltips` (the heatmap, whose headings carry their own titles);
- as a whole word, never part of a hyphenated compound or a path ("high-impact", "scheming-evals.yaml");
- an alias that is one ordinary word (letters only, not an acronym: "Impact", "Schemer") only as written,
  capitalised, in mid-sentence, where the capital says it is the term; never its everyday lower-case use.
Names, multi-word and hyphenated aliases match case-sensitively as written or with a lower-case first letter.

Each mark is focusable (tabindex), so a tap or the keyboard shows the definition as a hover does: Material's
tooltips open on focus.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable

OPT_OUT = "data-no-tooltips"  # an element with this attribute keeps its text as it is (e.g. the heatmap)
_SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "abbr", "textarea", "svg", "math", "a", "button",
                   "select", "option", "label", "h1", "h2", "h3", "h4", "h5", "h6"})
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


@dataclass(frozen=True)
class Term:
    """A glossary term as the glossary writes it, the definition its tooltip shows, and what it names."""

    text: str
    tooltip: str
    key: str = ""  # what it names (a failure mode's id): its name and aliases are marked once per section
    alias: bool = False


def ordinary_word(term: Term) -> bool:
    """An alias that is one plain word ("Impact", "Schemer"), which prose uses in its everyday sense."""
    return term.alias and term.text.isalpha() and not term.text.isupper()


def _variants(term: Term) -> list[str]:
    if term.text.isupper() or ordinary_word(term):  # an acronym, or an ordinary word: only as written
        return [term.text]
    return list(dict.fromkeys([term.text, term.text[:1].lower() + term.text[1:]]))


_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MID_SENTENCE = re.compile(r"[\w,;:)]\s+\Z")


class Tooltips:
    """Compiled once per build from the glossary's terms; apply() to each page's HTML.

    `terms` is a list of Term, or {text: tooltip} where each text is a term of its own, matched as written."""

    def __init__(self, terms: Iterable[Term] | dict[str, str]):
        variants = _variants
        if isinstance(terms, dict):  # exactly these texts, no variants
            terms, variants = [Term(t, s, key=t) for t, s in terms.items()], lambda term: [term.text]
        self.terms: dict[str, str] = {}  # each text that is matched -> its tooltip (reuse.py compares these)
        self._key: dict[str, str] = {}
        self._ordinary: set[str] = set()
        for term in terms:
            if not term.text or term.text.strip() != term.text:
                continue
            for variant in variants(term):
                if variant not in self.terms:
                    self.terms[variant] = term.tooltip
                    self._key[variant] = term.key or term.text
                    if ordinary_word(term):
                        self._ordinary.add(variant)
        pattern = _trie_pattern(self.terms)
        self._re = re.compile(r"(?<![\w/-])(?:" + pattern + r")(?![\w/]|-\w)") if self.terms else None

    def apply(self, page_html: str) -> tuple[str, set[str]]:
        """The page with tooltips, and the terms its text holds (marked or not: each can change the page)."""
        if self._re is None:
            return page_html, set()
        out: list[str] = []
        used: set[str] = set()
        marked: set[str] = set()  # what this section has marked already
        skip_depth, last = 0, 0
        opted_out, opted_depth = "", 0  # an element marked data-no-tooltips, and its nesting depth
        for m in _TAG.finditer(page_html):
            if m.start() > last:
                text = page_html[last:m.start()]
                out.append(text if skip_depth or opted_out else self._wrap(text, used, marked))
            out.append(m.group(0))
            last = m.end()
            name, closing, empty = (m.group(2) or "").lower(), bool(m.group(1)), bool(m.group(3))
            if not name or empty:
                continue
            if name in _HEADING and not closing:
                marked = set()  # a new section
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
            out.append(text if skip_depth or opted_out else self._wrap(text, used, marked))
        return "".join(out), used

    def _wrap(self, text: str, used: set[str], marked: set[str]) -> str:
        raw = html.unescape(text) if "&" in text else text
        pieces, last = [], 0
        for m in self._re.finditer(raw):
            term = m.group(0)
            title = self.terms.get(term)
            if title is None:  # the expression matched a prefix path that is not itself a term
                continue
            used.add(term)  # marked or not, the page's tooltips depend on it (reuse.py)
            if self._key[term] in marked or (term in self._ordinary and not _MID_SENTENCE.search(raw[max(0, m.start() - 8):m.start()])):
                continue
            marked.add(self._key[term])
            pieces.append(html.escape(raw[last:m.start()], quote=False))
            pieces.append(f'<abbr title="{html.escape(title, quote=True)}" tabindex="0">'
                          f'{html.escape(term, quote=False)}</abbr>')
            last = m.end()
        if not pieces:
            return text
        pieces.append(html.escape(raw[last:], quote=False))
        return "".join(pieces)
