"""Putting untrusted entry text into generated Markdown without letting it become markup.

Plain-text fields are escaped character by character with HTML entities, which every Markdown
construct leaves alone. Markdown fields keep their Markdown, but raw HTML is turned into text, a link or
image to anything but http(s), mailto or a relative address is shown as text, attribute lists (`{: onclick=…}`)
are shown as text, and [[id]] references become relative links. So the Markdown is safe on its own, for a
generator that runs no plugin of ours (`faultlines render`, docs/ecosystem.md); the MkDocs plugin also
sanitises the rendered page (html_safety), so a trick that slips past this layer still cannot reach a reader.
"""
from __future__ import annotations

import functools
import html
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
        pieces.append(_inert(line[last:m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(_inert(line[last:]))
    return "".join(pieces)


def _inert(text: str) -> str:
    """Text outside code with raw HTML, unsafe link targets and attribute lists turned into text."""
    return _inert_links(_escape_html(text)).replace("{", "&#123;")


_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INLINE_TARGET = re.compile(r"\]\((\s*[^)\s]*)")  # `[text](target` and `![alt](target`
_DEFINITION = re.compile(r"^( {0,3}\[[^\]]+\]):(\s*(\S*))")  # `[label]: target`
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\\]+")


def _unsafe(target: str) -> bool:
    """Whether a link target would be run or decoded by a browser rather than followed: javascript:, data:,
    vbscript:, also when written with entities (`java&#115;cript:`), escapes or spaces inside."""
    seen = _INVISIBLE.sub("", html.unescape(html.unescape(target))).lstrip("<").lower()
    m = _SCHEME.match(seen)
    return bool(m) and m.group(1) not in _SAFE_SCHEMES


def _inert_links(text: str) -> str:
    """Unsafe inline links and reference definitions shown as text. A target left for the next line (which
    Markdown would read there) is not seen here, so a link or definition with none on its line is text too."""
    def inline(m: re.Match) -> str:
        target = m.group(1)
        hidden = not target.strip() and not text[m.end():].strip()
        return "]&#40;" + target if hidden or _unsafe(target) else m.group(0)

    def definition(m: re.Match) -> str:
        return m.group(1) + "&#58;" + m.group(2) if not m.group(3) or _unsafe(m.group(3)) else m.group(0)
    return _DEFINITION.sub(definition, _INLINE_TARGET.sub(inline, text))


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
