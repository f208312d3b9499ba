"""Load → schema-check → integrity-check → KnowledgeBase: the one path every command and the plugin use."""
from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import FileCache
from .diagnostics import Diagnostic, format_path
from .duplicates import duplicate_keys
from .integrity import check_integrity, entry_rules
from .documents import Document
from .loader import EntryFile, parse_entry, read_entry_file, scan_taxonomy
from .markdown_lint import check_markdown
from .references import Reference, document_references
from .review_rules import ReviewTable
from .schemas import FieldRoles, SchemaSet
from .strict_yaml import MAX_BYTES, YamlDocument, YamlProblem

if TYPE_CHECKING:
    from .model import KnowledgeBase


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    roles: dict[str, FieldRoles] | None = None
    frameworks: dict = field(default_factory=dict)  # other taxonomies' ids and names (crosswalks.py)
    review: object = None  # the Shallow Review's agenda table (review_rules.py), for the crosswalks page
    _knowledge_base: KnowledgeBase | None = field(default=None, repr=False)
    # The validation cache as read: freed with the result rather than on return from load() (freeing a
    # store of 10,000 records is 0.1 s that `faultlines validate`, which exits right after, need not spend).
    _store: FileCache | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """No errors (warnings may remain: they never stop validation or a build)."""
        return not any(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def knowledge_base(self) -> KnowledgeBase | None:
        """The typed and indexed entries, only when nothing is wrong; built on first use (`validate` needs none)."""
        if self._knowledge_base is None and self.ok and self.roles is not None:
            from .model import Entry, KnowledgeBase  # (`validate` never needs it)
            with _collector_paused():
                entries = [Entry(d.kind, d.id, d.data, d.file) for d in self.documents]
                self._knowledge_base = KnowledgeBase.build(entries, self.roles)
                self._knowledge_base.frameworks = self.frameworks
                self._knowledge_base.review = self.review
        return self._knowledge_base


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while building many long-lived objects, and restore it after.

    Loading 10,000 entries allocates millions of objects that all stay alive; each allocation burst makes
    the collector walk the growing heap again, which cost more than the parsing itself. Nothing built
    here forms reference cycles, so the pause frees nothing later that it would have freed now.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(taxonomy_dir: Path, schema_dir: Path, *, cache: bool = True) -> LoadResult:
    """Everything that is wrong with the data, all at once; a KnowledgeBase only when nothing is.

    With cache, what each file's content alone yields (its data, YAML problems and schema errors) is
    reused from `.faultlines-cache/` next to the taxonomy folder when the same content was checked before
    under the same schemas and code (see cache.py); the checks across entries always run on everything.
    """
    with _collector_paused():
        return _load(taxonomy_dir, schema_dir, cache)


def _load(taxonomy_dir: Path, schema_dir: Path, cache: bool) -> LoadResult:
    schemas = SchemaSet(Path(schema_dir))
    if schemas.problems:
        return LoadResult(diagnostics=sorted(schemas.problems))
    taxonomy_dir = Path(taxonomy_dir)
    store = FileCache.open(taxonomy_dir, schemas.fingerprint) if cache else FileCache.off()
    files, diagnostics = scan_taxonomy(taxonomy_dir, known=store.known if store.enabled else None)
    documents: list[Document] = []
    for entry in files:
        document, found = _check_file(entry, schemas, store)
        diagnostics.extend(found)
        if document is not None:  # checked further even with YAML problems: every error in one run
            documents.append(document)
    store.save()
    diagnostics.extend(check_integrity(documents, schemas))
    return LoadResult(documents, sorted(set(diagnostics)), schemas.roles, schemas.frameworks,
                      ReviewTable.read(schemas.directory), _store=store)


def _check_file(entry: EntryFile, schemas: SchemaSet, store: FileCache) -> tuple[Document | None, list[Diagnostic]]:
    """One file's document and what is wrong with it on its own: YAML problems, then schema errors."""
    key = entry.key  # set when the file was not read because its identity proves it unchanged
    if key is None and store.enabled and len(entry.raw) <= MAX_BYTES:
        key = store.key(entry.kind.name, entry.raw)
        store.remember(entry.name, entry.stat, key)
    record = store.get(key) if key is not None else None
    if record is not None:
        return _from_record(entry, key, record)
    if entry.raw is None:  # vouched for, yet not in the store: cannot happen, but read it rather than fail
        try:
            entry.raw = read_entry_file(entry.path)
        except OSError as e:
            return None, [Diagnostic(entry.file, 1, 1, "(file)", f"cannot read file: {e.strerror}", "unreadable-file")]
    document, found = parse_entry(entry)
    schema_found = schemas.validate(document) if document.data is not None else []
    if document.data is not None and isinstance(document.data, dict):
        schema_found += check_markdown(document, schemas.roles[entry.kind.name])
        # Checks of the file's own text alone, remembered with it: only the checks across entries run every time.
        schema_found += entry_rules(document)
    if key is not None:
        references = document_references(document, schemas.roles) if document.data is not None else []
        store.put(key, (document.data, [(p.line, p.column, p.path, p.message, p.code) for p in document.yaml.problems],
                        [(d.line, d.column, d.path, d.message, d.code, d.severity) for d in schema_found],
                        [tuple(r) for r in references],
                        duplicate_keys(document) if isinstance(document.data, dict) else None))
    return (document if document.data is not None else None), found + schema_found


def _from_record(entry: EntryFile, key: bytes, record) -> tuple[Document | None, list[Diagnostic]]:
    """The document and diagnostics of a file, from what the cache remembers of the same content."""
    data, yaml_problems, schema_errors, references, keys = record
    problems = [YamlProblem(*p) for p in yaml_problems] if yaml_problems else []
    found = [Diagnostic(entry.file, p.line, p.column, format_path(p.path), p.message, p.code) for p in problems]
    if schema_errors:
        found += [Diagnostic(entry.file, *e) for e in schema_errors]
    if data is None:
        return None, found
    # Positions are only needed for a message; a file that was not read is read for them then.
    reread = None if entry.raw is not None else functools.partial(_source_if_unchanged, entry, key)
    document = Document(entry.kind, entry.path, entry.file,
                        YamlDocument(data, problems, source=entry.raw, read_source=reread),
                        known_references=[Reference(*r) for r in references], known_duplicate_keys=keys)
    return document, found


def _source_if_unchanged(entry: EntryFile, key: bytes) -> bytes | None:
    """The bytes of a file that was not read, for positions in a message; None if it changed meanwhile."""
    try:
        raw = read_entry_file(entry.path)
    except OSError:
        return None
    return raw if FileCache.key(entry.kind.name, raw) == key else None
