"""The entry kinds: what each is called, where its files live and which schema checks it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # singular, as in the schema file name and in the JSON export: "failure-mode"
    plural: str  # folder under taxonomy/ and URL segment: "failure-modes"
    title: str  # human singular: "Failure mode"
    title_plural: str

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind("failure-mode", "failure-modes", "Failure mode", "Failure modes"),
    Kind("example", "examples", "Example", "Examples"),
    Kind("agenda", "agendas", "Agenda", "Agendas"),
    Kind("estimate", "estimates", "Estimate", "Estimates"),
    Kind("claim", "claims", "Claim", "Claims"),
    Kind("evaluation", "evaluations", "Evaluation", "Evaluations"),
    Kind("source", "sources", "Source", "Sources"),
    Kind("organisation", "organisations", "Organisation", "Organisations"),
)
BY_NAME = {k.name: k for k in KINDS}


def with_article(word: str) -> str:
    """'an example', 'an agenda', 'a failure-mode': the indefinite article every message builds with."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word

BY_PLURAL = {k.plural: k for k in KINDS}
