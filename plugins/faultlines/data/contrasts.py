"""How two failure modes come apart: the record a contrast page is drawn from (built by KnowledgeBase.contrast)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Classification, Entry, Relation


@dataclass
class ContrastRow:
    example: Entry
    a: Classification | None  # the example's verdict on the first failure mode, if it has one
    b: Classification | None

    @property
    def contested(self) -> bool:
        return any(c is not None and c.contested for c in (self.a, self.b))


@dataclass
class Contrast:
    """How two failure modes come apart, shown by the examples classified against them."""

    a: Entry
    b: Entry
    relations: list[Relation]
    both: list[ContrastRow]
    only_a: list[ContrastRow]
    only_b: list[ContrastRow]
    neither: list[ContrastRow]
    borderline: list[ContrastRow]
    unassessed_a: int = 0  # instances of a with no verdict on b (not evidence of how the two come apart)
    unassessed_b: int = 0

    @property
    def slug(self) -> str:
        return f"{self.a.id}--{self.b.id}"

    @property
    def src_uri(self) -> str:
        return f"contrasts/{self.slug}.md"

    def other(self, fm: Entry) -> Entry:
        return self.b if fm is self.a else self.a
