"""Rules for estimates that a schema cannot express: open bounds, date windows, derivation chains, questions.

The arithmetic here (a value's precision from its written digits, the range a product of premises can take)
is also what the site uses to show a chain and its running product, so the two can never disagree.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

from .diagnostics import Diagnostic, format_path
from .documents import Document
from .state_phrases import STATE_PHRASES, state_phrase


def parse_date(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """'2022-06/2022-10' -> ((2022, 6), (2022, 10)); a single date is a window of one."""
    start, _, end = text.partition("/")
    first = tuple(int(p) for p in start.split("-"))
    return first, tuple(int(p) for p in end.split("-")) if end else first


def date_start(text: str) -> str:
    return text.partition("/")[0]


def written_precision(value: float) -> float:
    """Half a unit of the last written digit: 0.05 -> 0.005, 0.4 -> 0.05, 0.0514 -> 0.00005."""
    from decimal import Decimal  # (only a product's or sum's check needs it)
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0)


def probability_range(data: dict[str, Any]) -> tuple[float, float] | None:
    """What an estimate's data says about the probability: (low, high); None where it is not numbers."""
    value, interval, bound = data.get("value"), data.get("interval"), data.get("bound")
    if _number(value):
        return float(value), float(value)
    if isinstance(interval, dict) and _number(interval.get("low")) and _number(interval.get("high")):
        return float(interval["low"]), float(interval["high"])
    if isinstance(bound, dict):
        if _number(bound.get("lower")) and "upper" not in bound:
            return float(bound["lower"]), 1.0
        if _number(bound.get("upper")) and "lower" not in bound:
            return 0.0, float(bound["upper"])
    return None


def probability_forms(data: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """Where and what to say when an estimate does not give exactly one of value, interval and bound: at the
    second form given (a value beside an interval is where the contributor went wrong), else at the file."""
    forms = "give exactly one of 'value' (a probability), 'interval' ({low, high}) and 'bound' ({lower} or {upper})"
    given = [k for k in ("value", "interval", "bound") if k in data]
    if len(given) < 2:
        return (), forms
    at = "value" if "value" in given else given[1]
    value, interval = data.get("value"), data.get("interval")
    if _number(value) and isinstance(interval, dict) and _number(interval.get("low")) and _number(interval.get("high")):
        low, high = float(interval["low"]), float(interval["high"])
        inside = "inside" if low <= float(value) <= high else "outside"
        return (at,), (f"value {value} is {inside} this estimate's own interval ({interval['low']} to {interval['high']}); "
                       f"{forms}: the interval alone when the source gives a range, the value alone when it gives "
                       f"one figure")
    return (at,), f"{' and '.join(given)} are both given; {forms}"


def product_range(ranges: list[tuple[float, float]]) -> tuple[float, float]:
    low = high = 1.0
    for lo, hi in ranges:
        low, high = low * lo, high * hi
    return low, high


def sum_range(ranges: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)


def running_products(values: list[float]) -> list[float]:
    out, running = [], 1.0
    for v in values:
        running *= v
        out.append(running)
    return out


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_estimates(by_id: dict[str, Document]) -> list[Diagnostic]:
    """Every estimate rule across the knowledge base; called from integrity.check_integrity."""
    estimates = {i: d for i, d in by_id.items() if d.kind.name == "estimate" and isinstance(d.data, dict)}
    out: list[Diagnostic] = []
    for doc in estimates.values():
        out.extend(_condition(doc))
        out.extend(_name_condition(doc, by_id))
        out.extend(_provenance(doc))
        out.extend(_bound(doc))
        out.extend(_dates(doc))
        out.extend(_chain_value(doc, estimates))
    out.extend(_derivation_cycles(estimates))
    out.extend(_questions(estimates))
    return out


CONDITION_HELP = ("add `given:` with what the figure is conditional on ({failure_mode: ID, state: occurs | "
                  "not-an-issue-by-default | solved | unsolved}, {estimate: ID} for a chain's earlier premise, or "
                  "{condition: 'AGI is developed by 2070'} in words), or `unconditional: true` if the source gives "
                  "it unconditionally")


def _condition(doc: Document) -> Iterable[Diagnostic]:
    """An estimate is unconditional only when it says so: a reader must never take P(A | B) for P(A)."""
    data = doc.data
    given, unconditional = data.get("given"), data.get("unconditional")
    if "given" in data and not isinstance(given, list) or "unconditional" in data and not isinstance(unconditional, bool):
        return  # the schema reports the wrong type or the empty field
    if given and unconditional is True:
        yield doc.diagnostic(("unconditional",), "says the figure is unconditional, but `given` lists "
                                                 f"{len(given)} condition(s); keep `given` and remove "
                                                 "`unconditional: true`, or remove `given` if the source gives the "
                                                 "figure unconditionally", "estimate-condition-conflict")
    elif not given and unconditional is not True:
        where = ("given",) if given is not None else ("unconditional",) if unconditional is not None else ("proposition",)
        line, column = doc.yaml.position(where)
        said = ("`given` is empty" if given is not None else "`unconditional: false` is not a condition"
                if unconditional is not None else "neither `given` nor `unconditional` is set")
        yield Diagnostic(doc.file, line, column, format_path(where[:1] if where != ("proposition",) else ("given",)),
                         f"the estimate does not say what it is conditional on ({said}); read the proposition and "
                         f"the source, then {CONDITION_HELP}", "estimate-condition-missing")


# A figure written in a name: 14%, 1 in 6, 0.3, 50-50, P(...). The name travels alone (lists, search results,
# tags, taxonomy.json), so a conditional figure in it must carry its condition there too.
_NAMED_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*%|\b\d+\s+in\s+\d+\b|(?<![\w.])0?\.\d+\b|\b50-50\b|\bP\(",
                           re.IGNORECASE)
_NAMED_CONDITION = re.compile(r"\b(given|if|conditional|assuming|provided)\b|\|", re.IGNORECASE)


def _name_condition(doc: Document, by_id: dict[str, Document]) -> Iterable[Diagnostic]:
    """A name that states a conditional figure says that it is conditional: "Incentives, 90%" read alone in a
    list is taken for P(incentives), not P(incentives | timelines)."""
    name, given = doc.data.get("name"), doc.data.get("given")
    if not isinstance(name, str) or not isinstance(given, list) or not given:
        return
    figure = _NAMED_FIGURE.search(name)
    if figure is None or _NAMED_CONDITION.search(name):
        return
    first = given[0] if isinstance(given[0], dict) else {}
    if isinstance(first.get("condition"), str):
        words = f"given {first['condition']}"
    elif isinstance(first.get("failure_mode"), str) and first.get("state") in STATE_PHRASES:
        other = by_id.get(first["failure_mode"])
        named = other.data.get("name") if other is not None and isinstance(other.data, dict) else None
        words = state_phrase(named if isinstance(named, str) else first["failure_mode"], first["state"])
    else:
        words = "given the earlier premises"
    yield doc.diagnostic(("name",), f"the name states a figure ('{figure.group(0).strip()}') but not that it is "
                                    f"conditional; say so in the name (e.g. '…, {words}'), so that a reader who "
                                    "meets the name alone, in a list, a search result or taxonomy.json, does not "
                                    "take it for an unconditional figure", "estimate-name-hides-condition")


def _provenance(doc: Document) -> Iterable[Diagnostic]:
    """A statement address belongs to a figure its estimator gave us; a published one cites its source."""
    if "statement_url" in doc.data and doc.data.get("provenance") != "self-reported":
        yield doc.diagnostic(("statement_url",), "statement_url is only for a self-reported estimate: add "
                                                 "`provenance: self-reported` if the estimator submitted it "
                                                 "themselves, or cite the published work in `sources` instead",
                             "estimate-statement-not-self-reported")


def _bound(doc: Document) -> Iterable[Diagnostic]:
    bound = doc.data.get("bound")
    if isinstance(bound, dict) and "lower" in bound and "upper" in bound:
        yield doc.diagnostic(("bound",), f"a bound has one side only ({{lower}} for '>X', {{upper}} for '<X'); "
                                         f"this one has both: use interval: {{low: {bound['lower']}, "
                                         f"high: {bound['upper']}}} instead", "bound-both-sides")


def _dates(doc: Document) -> Iterable[Diagnostic]:
    date, published = doc.data.get("date"), doc.data.get("published")
    if not isinstance(date, str) or not date[:1].isdigit():
        return
    try:
        start, end = parse_date(date)
    except ValueError:
        return  # not a date at all: the schema reports it
    if end < start:
        yield doc.diagnostic(("date",), f"the window '{date}' ends before it starts; write START/END, "
                                        f"e.g. '{date.split('/')[1]}/{date.split('/')[0]}'", "date-window-order")
    if isinstance(published, str):
        try:
            when = parse_date(published)[0]
        except ValueError:
            return
        if when < start[:len(when)]:
            yield doc.diagnostic(("published",), f"published '{published}' is before the estimate was given "
                                                 f"('{date}'); published is for a later publication date",
                                 "published-before-date")


def _chain_value(doc: Document, estimates: dict[str, Document]) -> Iterable[Diagnostic]:
    derived = doc.data.get("derived_from")
    if not isinstance(derived, dict) or not isinstance(derived.get("estimates"), list):
        return
    premises = derived["estimates"]
    for i, premise in enumerate(premises):
        if premise == doc.id:
            yield doc.diagnostic(("derived_from", "estimates", i), "an estimate cannot be derived from itself",
                                 "self-reference")
            return
    value = doc.data.get("value")
    method = derived.get("method")
    if method not in ("product", "sum") or not _number(value):
        return
    ranges = [probability_range(estimates[p].data) if p in estimates else None for p in premises]
    if any(r is None for r in ranges):
        return  # an unknown or malformed premise is reported where it is
    low, high = (product_range if method == "product" else sum_range)(ranges)  # type: ignore[arg-type]
    explicit = derived.get("precision")
    tolerance = float(explicit) if _number(explicit) else written_precision(value)
    if low - tolerance <= value <= high + tolerance:
        return
    figures = (" × " if method == "product" else " + ").join(_figure(estimates[p].data) for p in premises)
    product = f"{low:.4g}" if low == high else f"{low:.4g} to {high:.4g}"
    gap = min(abs(value - low), abs(value - high))
    why = (f"derived_from.precision ±{tolerance:g}" if _number(explicit)
           else f"the precision of its written digits, ±{tolerance:g}")
    what = "the product of its premises" if method == "product" else "the sum of its parts"
    yield doc.diagnostic(("value",), f"{value!r} is not {what}: {figures} = {product} "
                                     f"(off by {gap:.4g}, more than {why}); correct the value or the premises, "
                                     f"or state derived_from.precision", "derived-value-mismatch")


def _figure(data: dict[str, Any]) -> str:
    low, high = probability_range(data) or (0.0, 0.0)
    return f"{low:g}" if low == high else f"[{low:g}, {high:g}]"


def _derivation_cycles(estimates: dict[str, Document]) -> Iterable[Diagnostic]:
    """Each cycle of derived_from links once, at the estimate on it whose id sorts first."""
    def premises(i: str) -> list[str]:
        derived = estimates[i].data.get("derived_from")
        values = derived.get("estimates") if isinstance(derived, dict) else None
        return [p for p in values if isinstance(p, str) and p in estimates and p != i] if isinstance(values, list) else []

    seen: set[frozenset] = set()
    done: set[str] = set()
    for root in sorted(estimates):
        path: list[str] = []
        stack = [(root, iter(premises(root)))]
        on_path = {root}
        path.append(root)
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                done.add(node)
            elif nxt in on_path:
                cycle = path[path.index(nxt):]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    k = cycle.index(min(cycle))
                    ordered = cycle[k:] + cycle[:k]
                    doc = estimates[ordered[0]]
                    index = doc.data["derived_from"]["estimates"].index(ordered[1 % len(ordered)])
                    yield doc.diagnostic(("derived_from", "estimates", index),
                                         "derived_from links form a cycle: " + " → ".join(ordered + ordered[:1])
                                         + "; a chain must end in premises derived from nothing", "derivation-cycle")
            elif nxt not in done:
                on_path.add(nxt)
                path.append(nxt)
                stack.append((nxt, iter(premises(nxt))))


def _questions(estimates: dict[str, Document]) -> Iterable[Diagnostic]:
    members: dict[str, list[Document]] = defaultdict(list)
    for i in sorted(estimates):
        q = estimates[i].data.get("question")
        if isinstance(q, str):
            members[q].append(estimates[i])
    for question, docs in members.items():
        by_outcome: dict[str, list[str]] = defaultdict(list)
        for d in docs:
            if isinstance(d.data.get("outcome"), str):
                by_outcome[d.data["outcome"]].append(d.id)
        if len(by_outcome) < 2:
            continue
        # The outcome most members give is taken as the question's; ties go to the first member's.
        usual = max(by_outcome, key=lambda o: (len(by_outcome[o]), -min(docs.index(estimates[i]) for i in by_outcome[o])))
        for d in docs:
            if d.data.get("outcome") != usual and isinstance(d.data.get("outcome"), str):
                yield d.diagnostic(("outcome",), f"'{d.data['outcome']}' differs from the outcome of the other "
                                                 f"estimates answering question '{question}' ('{usual}': "
                                                 f"{', '.join(by_outcome[usual])}); estimates of one question "
                                                 f"must have the same outcome, or use another question slug",
                                  "question-outcome-mismatch")
