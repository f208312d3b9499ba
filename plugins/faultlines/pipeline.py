"""Load → schema-check → integrity-check → KnowledgeBase: the one path every command and the plugin use."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .integrity import check_integrity
from .loader import Document, load_taxonomy
from .model import Entry, KnowledgeBase
from .schemas import SchemaSet


@dataclass
class Result:
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    knowledge_base: KnowledgeBase | None = None

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def load(taxonomy_dir: Path, schema_dir: Path) -> Result:
    """Everything that is wrong with the data, all at once; a KnowledgeBase only when nothing is."""
    schemas = SchemaSet(Path(schema_dir))
    if schemas.problems:
        return Result(diagnostics=sorted(schemas.problems))
    documents, diagnostics = load_taxonomy(Path(taxonomy_dir))
    for doc in documents:
        diagnostics.extend(schemas.validate(doc))
    diagnostics.extend(check_integrity(documents, schemas))
    result = Result(documents, sorted(set(diagnostics)))
    if result.ok:
        entries = [Entry(d.kind, d.id, d.data, d.file) for d in documents]
        result.knowledge_base = KnowledgeBase.build(entries, schemas.roles)
    return result
