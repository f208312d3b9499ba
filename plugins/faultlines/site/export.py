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

from ..data.detection import results_of
from ..data.diagnostics import format_path
from ..data.kinds import KINDS
from ..data.model import KnowledgeBase
from ..data.references import iter_references

FORMAT_VERSION = "1.3"  # 1.1 added schema_version; 1.2 each entry's added and changed dates, failure modes'
# computed evidence; 1.3 the evaluation kind, and each evaluation's computed results (its own and its examples')
SCHEMA_VERSION = "1.2"  # 1.1: near-synonym relations, supersedes_reason, an example's results, a
# source's doi; failure-mode evidence optional (computed), no_documented_instance, editors_judgement;
# estimates' bound, derived_from, question, published, date windows and the alignment-progress outcome;
# 1.2: the evaluation kind (schema/evaluation.schema.json) and the evaluation-ref definition


def export(kb: KnowledgeBase) -> dict[str, Any]:
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
            if kind.name == "failure-mode":  # computed from the instance examples; level null: none documented
                ev = kb.evidence(e)
                record["evidence"] = {"level": ev.level, "example": ev.example}
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
        "counts": {k.name: len(kb.of_kind(k.name)) for k in KINDS},
        "entries": entries,
    }


def export_json(kb: KnowledgeBase) -> str:
    return json.dumps(export(kb), indent=1, ensure_ascii=False, sort_keys=False) + "\n"
