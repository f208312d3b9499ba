"""Rules that tie failure modes to their cases: evidence computed from instance examples, every active failure
mode shown by an instance (or saying why none is documented) and told apart by a not-instance, and every verdict
and relation stating its basis: a source that makes the call in its own words, or the editors' judgement.
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
            if doc.data.get("status") == "deprecated":
                continue
            if c.get("verdict") == "instance":
                instances[c["failure_mode"]].append((doc.id, doc.data.get("evidence")))
            elif c.get("verdict") == "not-instance":
                not_instances[c["failure_mode"]] += 1
    for doc in by_id.values():
        if doc.kind.name != "failure-mode":
            continue
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


def stated_bases(doc: Document) -> list[Diagnostic]:
    """Each verdict of an example and each relation of a failure mode says whose call it is; one entry's own
    fields, so it is one of integrity.entry_rules, run per file and remembered with it."""
    out: list[Diagnostic] = []
    if doc.kind.name == "example":
        for i, c in enumerate(_list(doc.data.get("classifications"))):
            if isinstance(c, dict) and isinstance(c.get("failure_mode"), str):
                _basis_stated(doc, ("classifications", i), c, "verdict", out)
    elif doc.kind.name == "failure-mode":
        for i, r in enumerate(_list(doc.data.get("relations"))):
            if isinstance(r, dict):
                _basis_stated(doc, ("relations", i), r, "relation", out)
    return out


def _basis_stated(doc: Document, path: tuple, item: dict, what: str, out: list[Diagnostic]) -> None:
    """Whose call is it: a source that makes it (`basis`, with its words) or the editors (`editors_judgement`).
    A present but malformed value is the schema's to report; here only neither and both."""
    has_basis, judged = "basis" in item, "editors_judgement" in item
    reasoning = "rationale" if what == "verdict" else "note"
    if has_basis and judged:
        out.append(doc.diagnostic(path + ("editors_judgement",), (
            f"this {what} has both basis and editors_judgement: the call is either a source's (basis, with its "
            f"words) or the editors' (editors_judgement: true), never both; keep basis if a listed source makes "
            f"the call itself, otherwise remove basis and keep the sources under 'sources'"), "basis-conflict"))
    elif not has_basis and not judged:
        out.append(doc.diagnostic(path, (
            f"this {what} states no basis: add basis (each source that itself makes this call, as {{source, "
            f"quote, locator}}: its own words and where they stand), or set editors_judgement: true if it rests "
            f"on the editors' reading (the {reasoning} is the reasoning; the page says so)"), "basis-missing"))
