"""References between entries: structured id fields and inline [[id]] / [[id|text]] in Markdown."""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .documents import Document
from .schemas import FieldRoles, iter_pattern

INLINE_REF = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")


class Reference(NamedTuple):  # a named tuple: built ~50,000 times per validation of 10,000 entries
    path: tuple  # where the reference stands in the entry
    target: str
    kind: str | None  # the kind expected there; None for inline references, which may name any kind
    inline: bool = False


def iter_references(data: dict, roles: FieldRoles) -> Iterator[Reference]:
    """Every reference an entry makes, in field order, including inline ones in Markdown fields."""
    for pattern, kind in roles.references:
        if pattern and pattern[0] not in data:  # most patterns name a field this entry does not have
            continue
        for path, value in iter_pattern(data, pattern):
            if isinstance(value, str):
                yield Reference(path, value, kind)
    for pattern in roles.markdown:
        if pattern and pattern[0] not in data:
            continue
        for path, value in iter_pattern(data, pattern):
            if isinstance(value, str):
                for match in INLINE_REF.finditer(value):
                    yield Reference(path, match.group(1).strip(), None, inline=True)


def document_references(doc: Document, roles: dict) -> list:
    """Every reference an entry file makes, worked out once per content (the cache may have filled it in)."""
    if doc.known_references is None:
        doc.known_references = list(iter_references(doc.data, roles[doc.kind.name]))
    return doc.known_references
