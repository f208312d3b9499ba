"""Rules that tie failure modes to their cases: evidence computed from instance examples, every active failure
mode shown by an instance (or saying why none is documented) and told apart by a not-instance, and every verdict
and relation either sourced or marked as the editors' judgement.
"""
from __future__ import annotations

from collections import defaultdict

from .diagnostics import Diagnostic
from .documents import Document
from .evidence import RANK, strongest


def _active(doc: Document) -> bool:
    return doc.data.get("status", "active") == "active"


def _list(value) -> list:
    return value if isinstance(value, list) else []


def check_cases(by_id: dict[str, Document]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    instances: dict[str, list[tuple[str, str]]] = defaultdict(list)
    not_instances: dict[str, int] = defaultdict(int)
    for doc in by_id.values():
        if doc.kind.name != "example":
            continue
        for i, c in enumerate(_list(doc.data.get("classifications"))):
            if not isinstance(c, dict) or not isinstance(c.get("failure_mode"), str):
                continue
            _sourced_or_judged(doc, ("classifications", i), c, "verdict", out)
            if doc.data.get("status") == "deprecated":
                continue
            if c.get("verdict") == "instance":
                instances[c["failure_mode"]].append((doc.id, doc.data.get("evidence")))
            elif c.get("verdict") == "not-instance":
                not_instances[c["failure_mode"]] += 1
    for doc in by_id.values():
        if doc.kind.name != "failure-mode":
            continue
        for i, r in enumerate(_list(doc.data.get("relations"))):
            if isinstance(r, dict):
                _sourced_or_judged(doc, ("relations", i), r, "relation", out)
        evidence = strongest(instances.get(doc.id, []))
        declared = doc.data.get("evidence")
        if declared in RANK and declared != evidence.as_declared:  # any other value is a schema error
            why = (f"its strongest instance example, '{evidence.example}', makes it '{evidence.level}'"
                   if evidence.example else "no example is an instance of it, which makes it 'theoretical'")
            out.append(doc.diagnostic(("evidence",), f"declared '{declared}', but {why}; the level is computed "
                                                     f"from the instance examples: remove this field or correct the "
                                                     f"examples", "evidence-mismatch"))
        if not _active(doc):
            continue  # drafts may be incomplete; deprecated entries keep their old shape
        explained = doc.data.get("no_documented_instance")
        if evidence.example and explained:
            out.append(doc.diagnostic(("no_documented_instance",), f"'{evidence.example}' is an instance of this "
                                                                   f"failure mode; remove no_documented_instance",
                                      "needless-no-documented-instance"))
        elif not evidence.example and not explained:
            out.append(doc.diagnostic(("id",), "no example is an instance of this failure mode: add an example "
                                              "with verdict 'instance', say why none is documented in "
                                              "no_documented_instance, or set status: draft", "instance-missing"))
        if not not_instances.get(doc.id):
            out.append(doc.diagnostic(("id",), "no example is an explicit not-instance of this failure mode: add a "
                                              "look-alike case with verdict 'not-instance' and say what is missing, "
                                              "or set status: draft", "not-instance-missing"))
    return out


def _sourced_or_judged(doc: Document, path: tuple, item: dict, what: str, out: list[Diagnostic]) -> None:
    if "sources" in item or item.get("editors_judgement") is True:
        return  # an empty or malformed list is the schema's to report
    out.append(doc.diagnostic(path, f"this {what} cites no source: add sources, or set editors_judgement: true "
                                    f"if it rests on the editors' reading alone (the page says so)", "basis-missing"))
