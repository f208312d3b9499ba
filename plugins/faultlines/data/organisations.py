"""Who works where: an organisation's agendas and, through them, the failure modes it works on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import RELEVANCE_WEIGHT

if TYPE_CHECKING:
    from .model import Entry, KnowledgeBase


@dataclass
class OrganisationWork:
    failure_mode: "Entry"
    relevance: str  # the highest grade among the organisation's agendas that address it
    agendas: list["Entry"]  # those agendas, most relevant first


def organisations_of(kb: "KnowledgeBase", agenda: "Entry") -> list["Entry"]:
    return [kb.entries[i] for i in agenda.get("organisations", []) or []]


def agendas_of(kb: "KnowledgeBase", org: "Entry") -> list["Entry"]:
    """The agendas that name the organisation, by name."""
    return [e for e, _ in kb.backlinks(org) if e.kind.name == "agenda" and org.id in (e.get("organisations") or [])]


def failure_modes_of(kb: "KnowledgeBase", org: "Entry") -> list[OrganisationWork]:
    """The failure modes the organisation's agendas address, most relevant first, then by name."""
    found: dict[str, OrganisationWork] = {}
    for agenda in agendas_of(kb, org):
        for c in kb.coverage_of_agenda(agenda):
            work = found.get(c.failure_mode.id)
            if work is None:
                found[c.failure_mode.id] = OrganisationWork(c.failure_mode, c.relevance, [agenda])
                continue
            work.agendas.append(agenda)
            if RELEVANCE_WEIGHT[c.relevance] > RELEVANCE_WEIGHT[work.relevance]:
                work.relevance = c.relevance
    for work in found.values():
        grade = {a.id: RELEVANCE_WEIGHT[next(x["relevance"] for x in a.get("addresses") if x["failure_mode"] == work.failure_mode.id)]
                 for a in work.agendas}
        work.agendas.sort(key=lambda a: (-grade[a.id], a.name.casefold()))
    return sorted(found.values(), key=lambda w: (-RELEVANCE_WEIGHT[w.relevance], w.failure_mode.name.casefold()))


def organisations_on(kb: "KnowledgeBase", fm: "Entry") -> list["Entry"]:
    """Every organisation named by an agenda that addresses fm, by name."""
    seen: dict[str, "Entry"] = {}
    for c in kb.coverage(fm):
        for org in organisations_of(kb, c.agenda):
            seen.setdefault(org.id, org)
    return sorted(seen.values(), key=lambda o: o.name.casefold())
