"""Duplicates across entries: one work cited by two source entries (an error), entries of one kind with nearly
the same name (a warning), and the entries a new id may repeat (`faultlines new`).

A work is recognised by its DOI, its arXiv id or its address, written in any of the usual ways:
http or https, with or without www. or a trailing slash, an arXiv abstract, PDF or HTML page with or without a
version, and a LessWrong, Alignment Forum or GreaterWrong address of the same post.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic
from .documents import Document

_ARXIV = re.compile(r"^/(?:abs|pdf|html|format)/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?/?$")
_DOI_URL = re.compile(r"^/(10\.\d{4,9}/.+)$")
_FORUM_POST = re.compile(r"^/posts/([A-Za-z0-9]{17})(?:/|$)")
_FORUM_COMMENT = re.compile(r"/comment/([A-Za-z0-9]{17})(?:/|$)")
_FORUM_COMMENT_QUERY = re.compile(r"(?:^|&)commentId=([A-Za-z0-9]{17})(?:&|$)")
_FORUM_HOSTS = {"lesswrong.com", "alignmentforum.org", "greaterwrong.com", "lesswrong.greaterwrong.com"}
_STOP_WORDS = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "with", "from", "by", "as", "at", "is"}


def work_keys(url: str | None, doi: str | None = None) -> list[tuple[str, str]]:
    """(what, key) pairs identifying the work a source points to: the same key means the same work.

    >>> work_keys("http://www.arxiv.org/pdf/2412.14093v2.pdf")
    [('arXiv paper', 'arXiv:2412.14093')]
    """
    keys: list[tuple[str, str]] = []
    if doi:
        keys.append(("DOI", "doi:" + doi.strip().lower()))
    if not url:
        return keys
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return keys
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = unquote(parts.path)
    if host in ("arxiv.org", "export.arxiv.org") and (m := _ARXIV.match(path)):
        return keys + [("arXiv paper", "arXiv:" + m.group(1))]
    if host in ("doi.org", "dx.doi.org") and (m := _DOI_URL.match(path)):
        key = ("DOI", "doi:" + m.group(1).lower())
        return keys + ([key] if key not in keys else [])
    if host in _FORUM_HOSTS and (m := _FORUM_POST.match(path)):
        comment = _FORUM_COMMENT.search(path) or _FORUM_COMMENT_QUERY.search(parts.query)
        if comment:  # a comment is a work of its own, under the post
            return keys + [("forum comment", f"post:{m.group(1)}/comment/{comment.group(1)}")]
        return keys + [("forum post", "post:" + m.group(1))]
    path = path.rstrip("/")
    return keys + [("address", f"{host}{path}" + (f"?{parts.query}" if parts.query else ""))]


def _shown(key: str) -> str:
    return key.split(":", 1)[1] if key.startswith(("doi:", "post:")) else key


def duplicate_keys(doc: Document) -> tuple[str, list[tuple[str, str]]]:
    """(name key, work keys) of one entry: what the checks below compare, from its file alone, so the
    validation cache keeps them with the file's other results and a repeated run does not work them out again."""
    if doc.known_duplicate_keys is not None:
        return doc.known_duplicate_keys
    data, source = doc.data, doc.kind.name == "source"
    text = data.get("title" if source else "name")
    works: list[tuple[str, str]] = []
    if source:
        url, doi = data.get("url"), data.get("doi")
        works = work_keys(url if isinstance(url, str) else None, doi if isinstance(doi, str) else None)
    return (name_key(text) if isinstance(text, str) else ""), works


def duplicate_sources(documents: Iterable[Document]) -> Iterator[Diagnostic]:
    """An error at each source whose work an earlier source (by id) already records, naming that file."""
    first: dict[str, Document] = {}
    for doc in sorted((d for d in documents if d.kind.name == "source"), key=lambda d: d.id):
        data = doc.data
        if data.get("status") == "deprecated":
            continue  # a deprecated duplicate pointing to its replacement is how a duplicate is retired
        doi = data.get("doi")
        reported = False
        for what, key in duplicate_keys(doc)[1]:
            other = first.setdefault(key, doc)
            if other is doc or reported:
                continue
            reported = True
            field = "doi" if key.startswith("doi:") and isinstance(doi, str) and doi.strip().lower() == key[4:] else "url"
            yield doc.diagnostic((field,), f"the same {what} ({_shown(key)}) as {other.file} (id '{other.id}'): "
                                           f"one source entry per work; cite '{other.id}' instead, or keep this file "
                                           f"with status: deprecated and replaced_by: {other.id}", "duplicate-source")


def name_key(text: str) -> str:
    """Names that differ only in case, punctuation, small words or a plural 's' have the same key."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP_WORDS]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def similar_names(documents: Iterable[Document]) -> Iterator[Diagnostic]:
    """A warning at each entry whose name (a source's title) nearly equals another's of the same kind."""
    seen: dict[tuple[str, str], Document] = {}
    for doc in sorted(documents, key=lambda d: d.id):
        field = "title" if doc.kind.name == "source" else "name"
        text = doc.data.get(field)
        if not isinstance(text, str) or doc.data.get("status") == "deprecated":
            continue
        key = duplicate_keys(doc)[0]
        if not key:
            continue
        other = seen.setdefault((doc.kind.name, key), doc)
        if other is not doc:
            yield doc.diagnostic((field,), f"nearly the same {field} as {other.file} ('{other.data.get(field)}'): "
                                           f"if both are the same {doc.kind.name}, keep one; if not, make the "
                                           f"{field}s say how they differ", "similar-name", "warning")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(slug: str) -> set[str]:
    return {w for w in slug.split("-") if len(w) > 2 and w not in _STOP_WORDS}


def close_entries(documents: Iterable[Document], new_id: str, url: str | None = None) -> list[tuple[Document, str]]:
    """Existing entries a new id (and, for a source, its URL) may repeat, each with why, closest first."""
    new_keys = {k for _, k in work_keys(url)} if url else set()
    mine = _words(new_id)
    import difflib  # (only `faultlines new` needs it)
    matcher = difflib.SequenceMatcher(None, b=new_id)  # b is the side SequenceMatcher indexes once
    found: list[tuple[float, str, Document, str]] = []
    for doc in documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        best, why = 0.0, ""
        if new_keys and new_keys & {k for _, k in work_keys(data.get("url") if isinstance(data.get("url"), str) else None)}:
            best, why = 2.0, f"the same work ({data.get('url')})"
        candidates = [("id", doc.id)] + [("name", data["name"])] * isinstance(data.get("name"), str)
        candidates += [("alias", a) for a in data.get("aliases", []) if isinstance(a, str)] if isinstance(data.get("aliases"), list) else []
        for what, text in candidates:
            slug = _slug(text)
            matcher.set_seq1(slug)
            ratio = matcher.ratio() if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 else 0.0
            theirs = _words(slug)
            shared = mine & theirs
            overlap = len(shared) / min(len(mine), len(theirs)) if mine and theirs and len(shared) >= 2 else 0.0
            if theirs and theirs <= mine:  # every word of the existing one is in the new id: a narrower case?
                overlap = max(overlap, 0.7)
            score = max(ratio if ratio >= 0.8 else 0.0, overlap if overlap >= 0.6 else 0.0)
            if score > best:
                best, why = score, f"{what} '{text}'" if what != "id" else "a close id"
        if best:
            found.append((-best, doc.id, doc, why))
    return [(doc, why) for _, _, doc, why in sorted(found, key=lambda t: t[:2])]
