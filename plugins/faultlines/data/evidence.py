"""A failure mode's evidence level follows from its instance examples, so the level and the verdicts cannot
disagree: deployed if any instance happened in a deployed system, else lab, else theoretical.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

# An example's level -> the failure-mode level it supports, strongest first.
FROM_EXAMPLE = {"deployed": "deployed", "lab": "lab", "hypothetical": "theoretical"}
RANK = {"deployed": 0, "lab": 1, "theoretical": 2}


@dataclass(frozen=True)
class Evidence:
    """The computed level and the instance example that sets it; level None: no documented instance."""

    level: str | None
    example: str | None = None

    @property
    def as_declared(self) -> str:
        """The value a failure mode's optional `evidence` field must have ('theoretical' when no instance)."""
        return self.level or "theoretical"


def strongest(instances: Iterable[tuple[str, str]]) -> Evidence:
    """From (example id, example evidence) pairs of instance verdicts: the strongest, ties broken by id."""
    best: tuple[int, str, str] | None = None
    for example_id, example_level in instances:
        level = FROM_EXAMPLE.get(example_level)
        if level is None:
            continue  # a schema error, reported elsewhere
        key = (RANK[level], example_id, level)
        if best is None or key < best:
            best = key
    return Evidence(best[2], best[1]) if best else Evidence(None)
