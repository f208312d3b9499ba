"""A probability as people write it ("5%", "0.05", ">10%", "<1%", "1–5%", "5e-3") read into an estimate's fields.

One specification for the estimates builder (docs/javascripts/builder/figures.js) and `faultlines new estimate`:
both read the same table of inputs in tests/fixtures/stated_figures.json to the same fields and messages.
The reading never judges the number (a figure above 100% or an interval whose ends are reversed is read as
written): the schema and the estimate rules judge the entry, so the builder, `new` and `faultlines validate`
give one message for one mistake.

Grammar, after trimming and folding spaces: an optional comparison (`>`, `<`, `>=`, `<=`, `≥`, `≤`, `at least`,
`at most`, `~`, `≈`, `about`), then a number (`5`, `0.05`, `.5`, `5e-3`) with an optional `%`; or two numbers
joined by an en dash, a hyphen, an em dash or `to` (`1–5%`: a `%` on either end applies to both). A bare number
above 1 is refused as ambiguous (5 per cent, or a mistake?).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_ONE = re.compile(rf"^({NUMBER})\s*(%?)$")
_RANGE = re.compile(rf"^({NUMBER})\s*(%?)\s*(?:–|—|-|to)\s*({NUMBER})\s*(%?)$")
_COMPARISONS = (  # longest first
    ("at least", "lower", True), ("at most", "upper", True), (">=", "lower", True), ("<=", "upper", True),
    ("≥", "lower", True), ("≤", "upper", True), (">", "lower", False), ("<", "upper", False),
    ("about", None, False), ("~", None, False), ("≈", None, False),
)
EXAMPLES = "5%, 0.05, >10%, <1%, 1–5% or 5e-3"


@dataclass
class StatedFigure:
    """What a written figure says: the estimate's fields (value, interval or bound, and stated_as) or a problem."""
    stated_as: str
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None
    code: str | None = None


def probability(number: str, percent: bool) -> float:
    """'5', True -> 0.05; kept to 12 significant digits so 7% is 0.07, not 0.07000000000000001."""
    x = float(number)
    return float(f"{x / 100:.12g}") if percent else x


def read_figure(text: str) -> StatedFigure:
    stated = " ".join(str(text).split())
    if not stated:
        return StatedFigure(stated, problem="empty: write the probability, e.g. " + EXAMPLES,
                            code="stated-figure-empty")
    rest, side, inclusive = stated, None, False
    lowered = stated.lower()
    for word, s, inc in _COMPARISONS:
        if lowered.startswith(word):
            rest, side, inclusive = stated[len(word):].strip(), s, inc
            break
    one = _ONE.match(rest)
    if one:
        number, percent = one.group(1), one.group(2) == "%"
        if not percent and float(number) > 1:
            return _ambiguous(stated, number)
        p = probability(number, percent)
        if side is None:
            return StatedFigure(stated, {"value": p})
        bound: dict[str, Any] = {side: p}
        if inclusive:
            bound["inclusive"] = True
        return StatedFigure(stated, {"bound": bound})
    both = _RANGE.match(rest) if side is None else None
    if both:
        low, low_pct, high, high_pct = both.groups()
        percent = low_pct == "%" or high_pct == "%"
        if not percent and max(float(low), float(high)) > 1:
            return _ambiguous(stated, low if float(low) > 1 else high)
        return StatedFigure(stated, {"interval": {"low": probability(low, percent), "high": probability(high, percent)}})
    return StatedFigure(stated, problem=f"'{stated}' is not a probability this can read: write it as {EXAMPLES}",
                        code="stated-figure-unreadable")


def _ambiguous(stated: str, number: str) -> StatedFigure:
    return StatedFigure(stated, problem=f"'{stated}' has a number above 1 and no % sign: write '{number}%' for "
                                        f"{number} per cent, or a probability from 0 to 1 such as 0.05",
                        code="stated-figure-ambiguous")
