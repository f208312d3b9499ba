"""Putting untrusted entry text into generated Markdown without letting it become markup.

Plain-text fields are escaped character by character with HTML entities, which every Markdown
construct leaves alone. Markdown fields keep their Markdown, but raw HTML is turned into text and
[[id]] references become relative links. The rendered page is sanitised again afterwards
(html_safety), so a trick that slips past this layer still cannot reach a reader.
"""
from __future__ import annotations

import functools
import posixpath
import re
from typing import Callable

from ..data.references import INLINE_REF


class MD(str):
    """Markdown that is safe to emit as is (already escaped or built by us)."""


# Characters that start or close Markdown or HTML syntax somewhere (Python-Markdown, pymdownx, attr_list).
_SPECIAL = set("\\`*_{}[]()<>&|#!~=^:+-.\"'$")
_ENTITY = {c: f"&#{ord(c)};" for c in _SPECIAL}
_ENTITY.update({"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"})
_MIDLINE_SAFE = set(".-+:'")  # harmless in the middle of a line; escaped only at its start


_MIDLINE_TABLE = str.maketrans({c: e for c, e in _ENTITY.items() if c not in _MIDLINE_SAFE})


def plain(text: str) -> MD:
    """Escape plain text so Markdown shows it literally (one line; newlines become spaces)."""
    text = str(text).replace("\n", " ")
    if not text:
        return MD("")
    return MD(_ENTITY.get(text[0], text[0]) + text[1:].translate(_MIDLINE_TABLE))


_FENCE = re.compile(r"^[ \t]*(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_AUTOLINK = re.compile(r"<(https?://[^\s<>\"]+)>")


def _escape_html_outside_code(line: str) -> str:
    pieces, last = [], 0
    for m in _CODE_SPAN.finditer(line):
        pieces.append(_escape_html(line[last:m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(_escape_html(line[last:]))
    return "".join(pieces)


def _escape_html(text: str) -> str:
    out, last = [], 0
    for m in _AUTOLINK.finditer(text):
        out.append(text[last:m.start()].replace("<", "&lt;"))
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].replace("<", "&lt;"))
    return "".join(out)


def user_markdown(text: str, resolve: Callable[[str, str | None], str]) -> MD:
    """Contributor Markdown made safe to embed: raw HTML shown as text, [[id]] turned into links.

    resolve(id, label) returns the Markdown for one inline reference.
    """
    lines, fence = [], None
    for line in str(text).replace("\r\n", "\n").split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            lines.append(line)
            continue
        if m:
            fence = m.group(1)
            lines.append(line)
            continue
        line = _escape_html_outside_code(line)
        lines.append(INLINE_REF.sub(lambda mm: resolve(mm.group(1).strip(), mm.group(2)), line))
    if fence:  # an unclosed fence would swallow the rest of our page
        lines.append(fence)
    return MD("\n".join(lines))


def indent(text: str, spaces: int = 4) -> MD:
    """Indent all lines but the first, so multi-paragraph text stays inside a list item."""
    pad = " " * spaces
    return MD("\n".join((pad + l if l.strip() and i else l) for i, l in enumerate(str(text).split("\n"))))


def relative(from_src: str, to_src: str) -> str:
    """The relative Markdown link from one generated file to another (MkDocs validates it)."""
    to_dir, _, name = to_src.rpartition("/")
    up = _relative_dir(from_src.rpartition("/")[0], to_dir)
    return f"{up}/{name}" if up else name


@functools.lru_cache(maxsize=4096)
def _relative_dir(from_dir: str, to_dir: str) -> str:
    # A page links to tens of others; there are few folders: compute each pair of folders once.
    rel = posixpath.relpath(to_dir or ".", from_dir or ".")
    return "" if rel == "." else rel
