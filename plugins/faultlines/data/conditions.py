"""What an estimate is conditional on, in the words the site shows next to its figure, everywhere.

One phrasing for every view and export, so that a conditional figure cannot appear anywhere without the same
reading of its condition: "given power-seeking occurs", "if power-seeking is not an issue by default",
"given premises 1–5" (numbered in the chain the premises belong to), "if AGI is developed by 2070".
"""
from __future__ import annotations

from .model import Entry, KnowledgeBase
from .self_reported import is_self_reported
from .state_phrases import STATE_PHRASES, name_in_text, state_phrase  # noqa: F401 - templates read them from here


def is_conditional(est: Entry) -> bool:
    """An estimate is unconditional only when it says so (the validator makes every estimate say one or the other)."""
    return bool(est.get("given"))


def chains_containing(kb: KnowledgeBase, est: Entry) -> list[tuple[Entry, int]]:
    """(derived estimate, premise number) for every chain this estimate is a premise of."""
    out = []
    for other, refs in kb.backlinks(est):
        for ref in refs:
            if ref.path[:2] == ("derived_from", "estimates"):
                out.append((other, ref.path[2] + 1))
    return out


def condition_parts(kb: KnowledgeBase, est: Entry, failure_modes: bool = True) -> list[tuple[str, str]]:
    """(leading word, the rest) per condition, premises first: [('given', 'premises 1–5'),
    ('given', 'power-seeking occurs'), ('if', 'AGI is developed by 2070')]."""
    given = [g for g in est.get("given", []) if isinstance(g, dict)]
    numbers: list[int] = []
    premises: list[tuple[str, str]] = []
    homes = chains_containing(kb, est) if any("estimate" in g for g in given) else []
    for g in given:
        if "estimate" not in g:
            continue
        number = next((d.get("derived_from")["estimates"].index(g["estimate"]) + 1 for d, _ in homes
                       if g["estimate"] in d.get("derived_from")["estimates"]), None)
        if number is None:
            premises.append(("given", f"that {kb.entries[g['estimate']].name} holds"))
        else:
            numbers.append(number)
    parts: list[tuple[str, str]] = []
    if numbers:
        parts.append(("given", _numbers(sorted(numbers))))
    parts += premises
    if failure_modes:
        for g in given:
            if "failure_mode" in g:
                lead, rest = state_phrase(kb.entries[g["failure_mode"]].name, g["state"]).split(" ", 1)
                parts.append((lead, rest))
    parts += [("if", g["condition"]) for g in given if "condition" in g]
    return parts


def condition_phrase(kb: KnowledgeBase, est: Entry, failure_modes: bool = True) -> str:
    """The condition as the site shows it beside the figure; '' for an unconditional estimate.

    Conditions with the same leading word share it: 'given premises 1–5 and power-seeking occurs';
    different ones are separated: 'given scheming occurs; if control evaluations estimate under 1% risk'.
    failure_modes=False leaves out the failure-mode states (the conditionals grid shows them as its rows).
    """
    groups: list[tuple[str, list[str]]] = []
    for lead, rest in condition_parts(kb, est, failure_modes):
        if groups and groups[-1][0] == lead:
            groups[-1][1].append(rest)
        else:
            groups.append((lead, [rest]))
    return "; ".join(f"{lead} {_and(rests)}" for lead, rests in groups)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _numbers(ns: list[int]) -> str:
    if len(ns) == 1:
        return f"premise {ns[0]}"
    if ns == list(range(ns[0], ns[-1] + 1)):
        return f"premises {ns[0]}–{ns[-1]}"
    return "premises " + ", ".join(str(n) for n in ns)


def grouped_by_condition(kb: KnowledgeBase, estimates: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The estimates as a summary lists them: the unconditional ones first (condition ''), then one group per
    condition phrase, in the order they first appear; so a conditional figure is never read among the others.
    Self-reported figures (data/self_reported.py) follow the published ones, in groups of their own."""
    return [(c, es) for _, c, es in grouped_by_provenance_and_condition(kb, estimates)]


def grouped_by_provenance_and_condition(kb: KnowledgeBase, estimates: list[Entry]) -> list[tuple[bool, str, list[Entry]]]:
    """(self-reported, condition, estimates): published groups first, each as grouped_by_condition says."""
    groups: dict[tuple[bool, str], list[Entry]] = {(False, ""): []}
    for e in estimates:
        groups.setdefault((is_self_reported(e), condition_phrase(kb, e)), []).append(e)
    ordered = sorted(groups.items(), key=lambda kv: kv[0][0])  # stable: within each, first appearance
    return [(own, c, es) for (own, c), es in ordered if es]
