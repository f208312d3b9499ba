"""How many people work on what: the Shallow Review's FTE figures read as ranges, per agenda and per failure mode.

The review writes its estimates as '30', '10-50', '5 - 10' or '100+'. Each is read as a range of full-time
equivalents and kept a range everywhere (an open range, '100+', has no upper end). A failure mode's effort is
the sum of its agendas' ranges, each scaled by a weight for how relevant the agenda is to it: a rough
indication of how much work bears on it, not a count of people dedicated to it (agendas overlap, one person's
work bears on several failure modes, and the review's figures are guesses). docs/methodology.md says so too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .model import Entry, KnowledgeBase

FTE_FORM = re.compile(r"^\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6})|(\+))?\s*$")
FTE_FORMS = "a number ('30'), a range ('10-50' or '5 - 10') or an open range ('100+')"
# The share of an agenda's effort counted towards a failure mode it addresses, by relevance (the priorities
# page lets a reader change them). High counts the agenda in full: a main aim of the agenda.
EFFORT_WEIGHTS = {"high": 1.0, "medium": 0.5, "low": 0.25}


@dataclass(frozen=True)
class FteRange:
    low: float
    high: float | None  # None: open-ended ('100+')

    def __add__(self, other: "FteRange") -> "FteRange":
        high = None if self.high is None or other.high is None else self.high + other.high
        return FteRange(self.low + other.low, high)

    def scaled(self, factor: float) -> "FteRange":
        return FteRange(self.low * factor, None if self.high is None else self.high * factor)

    def text(self) -> str:
        """'10–50', '100+', '30': whole numbers, never more precise than the figures allow."""
        low = _whole(self.low)
        if self.high is None:
            return f"{low}+"
        high = _whole(self.high)
        return low if low == high else f"{low}–{high}"

    def as_json(self) -> dict:
        return {"low": self.low, "high": self.high}


def _whole(x: float) -> str:
    return str(int(round(x))) if x >= 1 or x == 0 else "<1"


def parse_fte(text: str) -> FteRange | None:
    """The range a figure as the review writes it stands for; None if it is not one of its forms."""
    m = FTE_FORM.match(text) if isinstance(text, str) else None
    if not m:
        return None
    low = float(m.group(1))
    if m.group(3):
        return FteRange(low, None)
    high = float(m.group(2)) if m.group(2) else low
    return FteRange(low, high) if high >= low else None


@dataclass(frozen=True)
class AgendaEffort:
    """An agenda's FTE figure: the sum of its review rows' figures, and what is missing."""

    rows: tuple[tuple[str, str | None], ...]  # (review agenda name, its figure as written, or None)
    range: FteRange | None  # None: no row has a figure

    @property
    def in_review(self) -> bool:
        return bool(self.rows)

    @property
    def partial(self) -> bool:
        """Some rows have a figure and some do not: the range counts only those that do."""
        return self.range is not None and any(f is None for _, f in self.rows)

    def text(self) -> str:
        if self.range is None:
            return "no estimate"
        return ("at least " if self.partial else "") + self.range.text()

    def explanation(self) -> str:
        """Where the figure comes from, in words, for the agenda's page and the exports."""
        if not self.rows:
            return "The Shallow Review 2025 does not list this as an agenda of its own, so there is no FTE estimate."
        parts = [f"'{name}': {fig if fig else 'no estimate'}" for name, fig in self.rows]
        if self.range is None:
            return f"The Shallow Review 2025 gives no FTE estimate ({'; '.join(parts)})."
        how = "the sum of its rows' figures" if len(self.rows) > 1 else "as the review states it"
        return f"Shallow Review 2025: {'; '.join(parts)} ({how})."


def agenda_effort(agenda: "Entry") -> AgendaEffort:
    rows = tuple((r["agenda"], r.get("estimated_ftes")) for r in agenda.get("shallow_review", []) or [])
    total: FteRange | None = None
    for _, figure in rows:
        fte = parse_fte(figure) if figure else None
        if fte is not None:
            total = fte if total is None else total + fte
    return AgendaEffort(rows, total)


@dataclass(frozen=True)
class FailureModeEffort:
    range: FteRange | None  # weighted sum over the agendas with a figure; None: none has one
    with_figure: int  # agendas counted
    without_figure: int  # agendas addressing it with no FTE estimate (not counted)

    def text(self) -> str:
        if self.range is None:
            return "unknown" if self.without_figure else "none recorded"
        return self.range.text()


def failure_mode_effort(kb: "KnowledgeBase", fm: "Entry",
                        weights: dict[str, float] = EFFORT_WEIGHTS) -> FailureModeEffort:
    return weighted_effort(((c.relevance, agenda_effort(c.agenda)) for c in kb.coverage(fm)), weights)


def weighted_effort(items: Iterable[tuple[str, AgendaEffort]], weights: dict[str, float] = EFFORT_WEIGHTS
                    ) -> FailureModeEffort:
    total: FteRange | None = None
    counted = missing = 0
    for relevance, effort in items:
        if effort.range is None:
            missing += 1
            continue
        counted += 1
        part = effort.range.scaled(weights[relevance])
        total = part if total is None else total + part
    return FailureModeEffort(total, counted, missing)
