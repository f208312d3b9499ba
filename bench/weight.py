"""What a reader downloads: the weight of a built page with everything it loads, and of the search index.

A page's weight is its HTML plus every file it references that a browser fetches when showing it
(stylesheets, scripts, the icon, images, the search worker Material starts on every page, and with
instant navigation the sitemap), read from the built site. The search index (search/search_index.json) is counted apart: Material's worker
fetches it when the page opens, so it is what a reader downloads before their first search, with the
worker script. "Compressed" is gzip at level 6, what a web server such as GitHub Pages sends.
"""
from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_REFERENCES = [
    re.compile(r'<link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref="([^"]+)"'),
    re.compile(r'<script\b[^>]*\bsrc="([^"]+)"'),
    re.compile(r'<img\b[^>]*\bsrc="([^"]+)"'),
    re.compile(r'"search":\s*"([^"]+)"'),  # Material's search worker, named in the page's __config
]
INDEX = "search/search_index.json"


@dataclass
class Weight:
    raw: int = 0  # bytes
    compressed: int = 0  # bytes, gzip -6

    def add(self, data: bytes) -> None:
        self.raw += len(data)
        self.compressed += len(gzip.compress(data, 6))


def _files(site: Path, page: Path) -> list[Path]:
    """The page and the files of the site it references (each once; links elsewhere are not fetched)."""
    html = page.read_text(encoding="utf-8")
    base = page.parent.relative_to(site).as_posix()
    found = {page}
    for pattern in _REFERENCES:
        for ref in pattern.findall(html):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = site / posixpath.normpath(posixpath.join(base, parts.path))
            if target.is_file():
                found.add(target)
    return sorted(found)


def page_weight(site: Path, page: Path) -> Weight:
    """A page with its stylesheets, scripts, icon, images and search worker; without the search index.

    With Material's instant navigation on, the first page also fetches sitemap.xml (every page's URL).
    """
    weight = Weight()
    files = _files(site, page)
    if '"navigation.instant"' in page.read_text(encoding="utf-8") and (site / "sitemap.xml").is_file():
        files.append(site / "sitemap.xml")
    for path in files:
        weight.add(path.read_bytes())
    return weight


@dataclass
class SearchIndex:
    index: Weight
    first_search: Weight  # the index and the worker script that reads it
    documents: int


def search_index(site: Path) -> SearchIndex:
    raw = (site / INDEX).read_bytes()
    index = Weight()
    index.add(raw)
    first = Weight()
    first.add(raw)
    home = site / "index.html"
    worker = re.search(r'"search":\s*"([^"]+)"', home.read_text(encoding="utf-8"))
    if worker:
        first.add((site / posixpath.normpath(worker.group(1))).read_bytes())
    return SearchIndex(index, first, len(json.loads(raw)["docs"]))
