"""How to cite an entry, or the whole knowledge base, and how to report a problem with an entry.

A researcher who uses an entry in a paper needs a citation that names the entry, the knowledge base as its
container, the entry's stable address, the release the text comes from and when the entry last changed; a tool
builder needs the same to pin it. Each entry page gets a plain-text citation and a BibTeX record (the shape the
AI Incident Database's "cite this incident" made familiar), and, when the site has `repo_url`, a link that opens
a correction issue with the entry's id, address and release filled in. Entry text is contributor text: BibTeX's
special characters are escaped, and the code fences are longer than any run of backticks inside.
"""
from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Mapping

CONTAINER = "Faultlines: a knowledge base of how AI alignment can fail"
AUTHOR = "Faultlines contributors"
ISSUE_FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml; its field ids are the query's keys
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


@dataclass(frozen=True)
class Citing:
    """What a citation needs beyond the entry: where the site lives and which release it shows."""
    site_url: str | None = None  # e.g. https://example.org/faultlines/ (None: addresses stay relative)
    release: str | None = None  # the release this data is exactly, e.g. "2026.12"
    follows: str | None = None  # or the release it follows, with later changes
    repo_url: str | None = None  # e.g. https://github.com/owner/faultlines, for "Report a problem"
    entry_releases: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def release_text(self) -> str:
        if self.release:
            return f"release {self.release}"
        if self.follows:
            return f"unreleased version after release {self.follows}"
        return "unreleased version"

    def url(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path if self.site_url else "/" + path


def bibtex_escape(text: str) -> str:
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(str(text).split()))


def plain_citation(name: str, kind_title: str, entry_id: str, path: str, citing: Citing,
                   changed: str | None) -> str:
    """One line: who, what, where it is published, which release, when it last changed, its address."""
    when = f", last changed {changed}" if changed else ""
    return (f"{AUTHOR}. \u201c{' '.join(name.split())}\u201d ({kind_title.lower()}, id {entry_id}). {CONTAINER}, "
            f"{citing.release_text}{when}. {citing.url(path)}")


def bibtex(name: str, kind_title: str, entry_id: str, path: str, citing: Citing, changed: str | None) -> str:
    fields = [("author", "{" + AUTHOR + "}"), ("title", bibtex_escape(name)), ("howpublished", CONTAINER)]
    if changed and re.match(r"^[0-9]{4}", changed):
        fields.append(("year", changed[:4]))
        if re.match(r"^[0-9]{4}-(0[1-9]|1[0-2])", changed):
            fields.append(("month", _MONTHS[int(changed[5:7]) - 1]))
    fields.append(("url", citing.url(path)))
    note = f"{kind_title}, id {entry_id}; {citing.release_text}"
    if changed:
        note += f"; entry last changed {changed}"
    fields.append(("note", note))
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {v if k == 'month' else '{' + v + '}'}" for k, v in fields)
    return f"@misc{{faultlines:{entry_id},\n{body}\n}}"


def knowledge_base_citation(citing: Citing, year: str) -> tuple[str, str]:
    """(plain text, BibTeX) for the knowledge base as a whole, as on the home page and in CITATION.cff."""
    text = f"{AUTHOR}. {CONTAINER}. {citing.release_text.capitalize()}, {year}. {citing.url('')}"
    note = citing.release_text.capitalize()
    rows = [("author", "{" + AUTHOR + "}"), ("title", "{" + CONTAINER + "}"), ("year", "{" + year + "}"),
            ("url", "{" + citing.url("") + "}"), ("note", "{" + note + "}")]
    width = max(len(k) for k, _ in rows)
    body = ",\n".join(f"  {k.ljust(width)} = {v}" for k, v in rows)
    return text, f"@misc{{faultlines,\n{body}\n}}"


def fenced(text: str, language: str) -> str:
    """A fenced code block that no run of backticks in the text can close."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def report_url(entry_id: str, name: str, path: str, citing: Citing) -> str | None:
    """A new GitHub issue from the correction form, with the entry's id, address and release filled in."""
    if not citing.repo_url or "github.com" not in citing.repo_url:
        return None
    query = urllib.parse.urlencode({
        "template": ISSUE_FORM, "title": f"Correction: {' '.join(name.split())} ({entry_id})",
        "entry": entry_id, "url": citing.url(path), "release": citing.release or citing.release_text,
    }, quote_via=urllib.parse.quote)
    return f"{citing.repo_url.rstrip('/')}/issues/new?{query}"
