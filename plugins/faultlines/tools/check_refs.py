"""`faultlines check-refs`: find Faultlines ids cited in another project's files and report stale ones.

A file cites an entry in one of three ways (documented in docs/data.md):

- `faultlines:<id>` anywhere in the text (Markdown, YAML, CSV, anything else);
- a link to the entry's page or JSON on the published site, `<site>/<kind-plural>/<id>/` or
  `<site>/api/<id>.json`, when the site's address is known (`--site-url`, or the address of `--kb`);
- in YAML, the value of a key named `faultlines`, `faultlines_id` or `faultlines_ids` (a string or a list);
  in CSV, the cells of a column with one of those names (several ids separated by `;`, `,` or spaces).

Every cited id is looked up in a knowledge base (a Faultlines checkout, or a taxonomy.json file or URL);
unknown ids are errors, deprecated ones are reported with their replacement. Nothing here imports MkDocs.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..data.diagnostics import github_annotation
from ..data.kinds import BY_PLURAL, KINDS, with_article
from ..data.loader import ID_MAX, ID_RE
from ..data.strict_yaml import MAX_BYTES, parse_mapping

FIELD_NAMES = {"faultlines", "faultlines_id", "faultlines_ids", "faultlines-id", "faultlines-ids"}
CURIE = re.compile(r"(?<![\w./-])faultlines:([A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)")
SCANNED_SUFFIXES = {".md", ".markdown", ".yaml", ".yml", ".csv", ".tsv", ".txt", ".rst", ".json", ".html"}
MAX_KB_BYTES = 100_000_000
MAX_FILE_BYTES = 20_000_000


class KnowledgeBaseError(Exception):
    """The knowledge base to check against could not be read (a usage error)."""


@dataclass(frozen=True)
class KnownEntry:
    id: str
    kind: str
    deprecated: bool
    replaced_by: str | None
    url: str  # relative to the site root, e.g. failure-modes/camouflage/


class Catalogue:
    """The ids a knowledge base publishes: what check-refs looks cited ids up in."""

    def __init__(self, entries: list[KnownEntry], site_url: str | None = None, origin: str = ""):
        self.entries = {e.id: e for e in entries}
        self.site_url = site_url
        self.origin = origin

    @classmethod
    def from_taxonomy(cls, taxonomy_dir: Path) -> "Catalogue":
        """From entry files: only ids, kinds, status and replaced_by are read, so a knowledge base with
        unrelated validation errors can still be checked against."""
        entries = []
        for kind in KINDS:
            folder = taxonomy_dir / kind.plural
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                if not ID_RE.match(path.stem) or len(path.stem) > ID_MAX:
                    continue
                try:
                    data = parse_mapping(path.read_bytes(), MAX_BYTES).data
                except OSError:
                    data = None
                data = data if isinstance(data, dict) else {}
                entries.append(_known(path.stem, kind.name, data.get("status"), data.get("replaced_by")))
        if not entries:
            raise KnowledgeBaseError(f"no entries found under {taxonomy_dir}")
        return cls(entries, origin=str(taxonomy_dir))

    @classmethod
    def from_json(cls, text: str | bytes, origin: str, site_url: str | None = None) -> "Catalogue":
        try:
            data = json.loads(text)
            entries = [_known(e["id"], e["kind"], e.get("fields", {}).get("status"),
                              e.get("fields", {}).get("replaced_by"), e.get("url"))
                       for e in data["entries"]]
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise KnowledgeBaseError(f"{origin} is not a Faultlines taxonomy.json ({type(e).__name__}: {e})") from None
        return cls(entries, site_url, origin)

    @classmethod
    def load(cls, source: str) -> "Catalogue":
        """From a project folder, a taxonomy folder, a taxonomy.json file, or an http(s) URL of one."""
        if re.match(r"https?://", source):
            try:
                request = urllib.request.Request(source, headers={"User-Agent": "faultlines-check-refs"})
                with urllib.request.urlopen(request, timeout=30) as response:
                    body = response.read(MAX_KB_BYTES + 1)
            except (urllib.error.URLError, OSError, ValueError) as e:
                raise KnowledgeBaseError(f"cannot fetch {source}: {getattr(e, 'reason', e)}") from None
            if len(body) > MAX_KB_BYTES:
                raise KnowledgeBaseError(f"{source} is larger than {MAX_KB_BYTES:,} bytes")
            site = source.rsplit("/", 1)[0] + "/"
            return cls.from_json(body, source, site_url=site)
        path = Path(source)
        if path.is_file():
            try:
                return cls.from_json(path.read_bytes(), source)
            except OSError as e:
                raise KnowledgeBaseError(f"cannot read {source}: {e.strerror}") from None
        if (path / "taxonomy").is_dir():
            return cls.from_taxonomy(path / "taxonomy")
        if path.is_dir() and any((path / k.plural).is_dir() for k in KINDS):
            return cls.from_taxonomy(path)
        raise KnowledgeBaseError(f"{source} is not a Faultlines project, taxonomy folder, taxonomy.json file or URL")


def _known(entry_id: Any, kind: Any, status: Any, replaced_by: Any, url: Any = None) -> KnownEntry:
    if not isinstance(entry_id, str) or not isinstance(kind, str):
        raise TypeError("an entry without a text id and kind")
    plural = {k.name: k.plural for k in KINDS}.get(kind, kind + "s")
    return KnownEntry(entry_id, kind, status == "deprecated", replaced_by if isinstance(replaced_by, str) else None,
                      url if isinstance(url, str) else f"{plural}/{entry_id}/")


# -- finding citations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    file: str
    line: int
    column: int
    id: str
    form: str  # "curie", "url" or "field"
    kind: str | None = None  # the kind a page URL implies


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _url_pattern(site_urls: list[str]) -> re.Pattern | None:
    bases = sorted({u if u.endswith("/") else u + "/" for u in site_urls if u}, key=len, reverse=True)
    if not bases:
        return None
    kinds = "|".join(re.escape(k.plural) for k in KINDS)
    alternatives = "|".join(re.escape(b) for b in bases)
    return re.compile(rf"(?:{alternatives})(?:(?P<kind>{kinds})/(?P<id>[A-Za-z0-9_.-]+?)(?:/|\.md|\.html|(?=[\s)\]>\"'#?,;]|$))"
                      rf"|api/(?P<api>[A-Za-z0-9_.-]+?)\.json)")


def find_citations(file: str, text: str, site_urls: list[str] | None = None) -> list[Citation]:
    """Every citation in a file's text, in order; the file's suffix decides whether fields/columns count."""
    found: dict[tuple[int, int, str], Citation] = {}
    for m in CURIE.finditer(text):
        line, col = _line_col(text, m.start())
        found[(line, col, m.group(1))] = Citation(file, line, col, m.group(1), "curie")
    pattern = _url_pattern(site_urls or [])
    if pattern:
        for m in pattern.finditer(text):
            entry_id = m.group("id") or m.group("api")
            if entry_id == "index":  # a kind's list page, not an entry
                continue
            line, col = _line_col(text, m.start())
            kind = BY_PLURAL[m.group("kind")].name if m.group("kind") else None
            found[(line, col, entry_id)] = Citation(file, line, col, entry_id, "url", kind)
    suffix = Path(file).suffix.lower()
    structured: Iterator[Citation] = iter(())
    if suffix in (".yaml", ".yml"):
        structured = _yaml_fields(file, text)
    elif suffix in (".csv", ".tsv"):
        structured = _csv_columns(file, text, "\t" if suffix == ".tsv" else ",")
    lines_with_curie = {(c.line, c.id) for c in found.values()}
    for c in structured:
        if (c.line, c.id) not in lines_with_curie:  # `faultlines: faultlines:x` is one citation, not two
            found[(c.line, c.column, c.id)] = c
    return sorted(found.values(), key=lambda c: (c.line, c.column, c.id))


def _field_values(value: str) -> list[str]:
    return [v[len("faultlines:"):] if v.startswith("faultlines:") else v for v in re.split(r"[\s;,|]+", value) if v]


def _yaml_fields(file: str, text: str) -> Iterator[Citation]:
    try:
        documents = list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        return  # not YAML we can read: `faultlines:<id>` in its text was still found
    stack = [d for d in documents if d is not None]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value.lower() in FIELD_NAMES:
                    scalars = [value] if isinstance(value, yaml.ScalarNode) else (
                        [v for v in value.value if isinstance(v, yaml.ScalarNode)] if isinstance(value, yaml.SequenceNode) else [])
                    for s in scalars:
                        for entry_id in _field_values(s.value):
                            yield Citation(file, s.start_mark.line + 1, s.start_mark.column + 1, entry_id, "field")
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _csv_columns(file: str, text: str, delimiter: str) -> Iterator[Citation]:
    try:
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        header = next(reader, None)
        if not header:
            return
        columns = [i for i, name in enumerate(header) if name.strip().lower() in FIELD_NAMES]
        if not columns:
            return
        start = reader.line_num + 1
        for row in reader:
            for i in columns:
                if i < len(row):
                    for entry_id in _field_values(row[i]):
                        yield Citation(file, start, 1, entry_id, "field")
            start = reader.line_num + 1
    except csv.Error:
        return


# -- checking ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    id: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def github(self) -> str:
        return github_annotation(self.severity, self.file, "Faultlines reference", self.message, self.line, self.column)


def check(citations: list[Citation], catalogue: Catalogue) -> list[Finding]:
    out = []
    for c in citations:
        entry = catalogue.entries.get(c.id)
        if entry is None:
            hint = difflib.get_close_matches(c.id.lower().replace("_", "-"), list(catalogue.entries), n=1, cutoff=0.7)
            out.append(Finding(c.file, c.line, c.column, "error", c.id,
                               f"unknown Faultlines id '{c.id}'" + (f"; did you mean '{hint[0]}'?" if hint else "")))
        elif c.kind is not None and c.kind != entry.kind:
            out.append(Finding(c.file, c.line, c.column, "error", c.id,
                               f"'{c.id}' is {with_article(entry.kind)}, not {with_article(c.kind)}: its page is {entry.url}"))
        elif entry.deprecated:
            instead = f"; use '{entry.replaced_by}' instead" if entry.replaced_by else "; it has no replacement"
            out.append(Finding(c.file, c.line, c.column, "warning", c.id,
                               f"Faultlines id '{c.id}' is deprecated{instead}"))
    return out


def read_text(path: Path) -> str:
    """A file's text; ValueError with a reason when it is not UTF-8 text we should read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES:,} bytes; skipped")
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        raise ValueError("a binary file; skipped")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text; skipped") from None


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(f.github() for f in findings)
    return "\n".join(f.text() for f in findings)
