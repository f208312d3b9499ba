"""A heatmap's data: rows, columns and graded cells, with the totals and gaps every view of it shows
(the agenda matrix, and the detection matrix of evaluations)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Coverage, Entry


@dataclass
class Matrix:
    failure_modes: list[Entry]
    agendas: list[Entry]
    cells: dict[tuple[str, str], Coverage]  # (agenda id, failure-mode id)
    evidence: dict[str, str] = field(default_factory=dict)  # failure-mode id -> computed level

    @cached_property
    def _totals(self) -> dict[str, list[int]]:
        """(count, summed weight) per failure-mode id and per agenda id, in one pass over the cells."""
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (a, f), c in self.cells.items():
            for key in (a, f):
                totals[key][0] += 1
                totals[key][1] += c.weight
        return totals

    def row_total(self, fm: Entry) -> tuple[int, int]:
        """(number of agendas, summed relevance weight) for a failure mode."""
        return tuple(self._totals.get(fm.id, (0, 0)))

    def column_total(self, agenda: Entry) -> tuple[int, int]:
        return tuple(self._totals.get(agenda.id, (0, 0)))

    @property
    def gaps(self) -> list[Entry]:
        """Failure modes that no agenda addresses."""
        covered = {f for (_, f) in self.cells}
        return [fm for fm in self.failure_modes if fm.id not in covered]

    @property
    def idle_agendas(self) -> list[Entry]:
        """Agendas that address no failure mode in the knowledge base."""
        active = {a for (a, _) in self.cells}
        return [a for a in self.agendas if a.id not in active]
