"""taxonomy.json: every entry with its fields, resolved references and backlinks, for tool builders.

The shape is documented in docs/data.md. FORMAT_VERSION is the version of this file's shape (raise the
major number when a key is removed or renamed, the minor one when a key is added); SCHEMA_VERSION is the
version of the entry schemas in schema/ that `fields` follows, published at /schema/ (tests pin a fingerprint
of schema/ to it, so a schema change cannot ship without a new number).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from ..data.conditions import condition_phrase, is_conditional
from ..data.detection import results_of
from ..data.self_reported import provenance
from ..data.diagnostics import format_path
from ..data.kinds import KINDS
from ..data.model import KnowledgeBase
from ..data.references import iter_references
from ..data.effort import EFFORT_WEIGHTS, agenda_effort, failure_mode_effort
from ..data.organisations import agendas_of

FORMAT_VERSION = "1.3"  # 1.1 added schema_version; 1.2 each entry's added and changed dates, failure modes'
# computed evidence; 1.3 release (tools/releases.py), agendas' and failure modes' effort (FTE ranges), organisations'
# agendas, estimates' condition as the site phrases it, the evaluation kind and each evaluation's computed
# results (its own and its examples'), estimates' provenance, and follows schema 1.2
SCHEMA_VERSION = "1.2"  # 1.2: organisation entries; agendas' organisations (ids), shallow_review rows with
# the review's FTE figures (replacing orgs and estimated_ftes); crosswalks; every verdict and relation's basis
# 1.1: near-synonym relations, supersedes_reason, an example's results, a
# source's doi; failure-mode evidence optional (computed), no_documented_instance, editors_judgement;
# estimates' bound, derived_from, question, published, date windows and the alignment-progress outcome.
# 1.2: every verdict and relation states its basis (basis: [{source, quote, locator}] or editors_judgement)
# 1.2: estimates' conditions in words (given[].condition) and unconditional
# 1.2: the evaluation kind (schema/evaluation.schema.json) and the evaluation-ref definition
# 1.2: provenance: self-reported, statement_url


def export(kb: KnowledgeBase, release: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole knowledge base as taxonomy.json holds it.

    `release` (tools/releases.py) says which dated release this data is ({"name": "2026.12", ...}) or which
    one it follows with later changes ({"name": null, "follows": "2026.12"}); absent, both are null.
    """
    entries = []
    for kind in KINDS:
        for e in sorted(kb.of_kind(kind.name), key=lambda x: x.id):
            refs = [{"path": format_path(r.path), "id": r.target, "kind": kb.entries[r.target].kind.name,
                     "url": kb.entries[r.target].url, "inline": r.inline}
                    for r in iter_references(e.data, kb.roles[kind.name])]
            record = {
                "kind": kind.name,
                "id": e.id,
                "url": e.url,
                "fields": e.data,
                "references": refs,
                "backlinks": sorted(other.id for other, _ in kb.backlinks(e)),
            }
            if kind.name == "estimate":  # as every page shows it beside the figure; text null: unconditional
                record["condition"] = {"conditional": is_conditional(e), "text": condition_phrase(kb, e) or None}
                record["provenance"] = provenance(e)  # "published" or "self-reported" (data/self_reported.py)
            if kind.name == "failure-mode":  # computed from the instance examples; level null: none documented
                ev = kb.evidence(e)
                record["evidence"] = {"level": ev.level, "example": ev.example}
                effort = failure_mode_effort(kb, e)
                record["effort"] = {"fte": effort.range.as_json() if effort.range else None, "text": effort.text(),
                                    "agendas_counted": effort.with_figure, "agendas_without_estimate": effort.without_figure,
                                    "weights": dict(EFFORT_WEIGHTS)}
            elif kind.name == "agenda":  # the review's FTE figures read as a range (high null: open, '100+')
                effort = agenda_effort(e)
                record["effort"] = {"fte": effort.range.as_json() if effort.range else None, "text": effort.text(),
                                    "partial": effort.partial, "explanation": effort.explanation()}
            elif kind.name == "organisation":
                record["agendas"] = [a.id for a in agendas_of(kb, e)]
            if kind.name == "evaluation":  # its own results and those its examples count, newest first
                record["results"] = [{**r.data, "date": r.date, "example": r.example.id if r.example else None}
                                     for r in results_of(kb, e)]
            entries.append(record)
    # The data's version depends on the entries alone: committing them does not make it another version.
    data_version = hashlib.sha256(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    for entry in entries:  # after "url": when the entry was added and last changed, from git (null if unknown)
        dates = kb.history.get(entry["id"])
        items = list(entry.items())
        entry.clear()
        for key, value in items:
            entry[key] = value
            if key == "url":
                entry["added"] = dates.added if dates else None
                entry["changed"] = dates.changed if dates else None
    return {
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "data_version": data_version,
        "release": release or {"name": None, "follows": None, "date": None},
        "counts": {k.name: len(kb.of_kind(k.name)) for k in KINDS},
        "entries": entries,
    }


def export_json(kb: KnowledgeBase, release: dict[str, Any] | None = None) -> str:
    return json.dumps(export(kb, release), indent=1, ensure_ascii=False, sort_keys=False) + "\n"
