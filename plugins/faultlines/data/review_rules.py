"""The Shallow Review 2025 crosswalk: the review's agenda names (schema/shallow-review-2025.json) and the rules
that keep agendas' `shallow_review` rows and FTE figures true to its table.

The names file is the review's vocabulary, copied from its published table with its source and version; its
`not_mapped` list is ours: the catch-all rows no single agenda corresponds to, each with the reason.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .documents import Document, display_path
from .effort import FTE_FORMS, parse_fte

REVIEW_FILE = "shallow-review-2025.json"


@dataclass
class ReviewTable:
    file: str  # as messages show it
    rows: dict[str, dict] = field(default_factory=dict)  # name -> {section, estimated_ftes, lab}
    not_mapped: dict[str, dict] = field(default_factory=dict)  # name -> {reason, spread_over}
    source: dict = field(default_factory=dict)
    version: str = ""
    text: str = ""

    @classmethod
    def read(cls, schema_dir: Path) -> "ReviewTable | None":
        path = Path(schema_dir) / REVIEW_FILE
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError):
            return None  # a project without the file (or with a broken one) is not checked against it
        rows = {r["name"]: r for r in data.get("agendas", []) if isinstance(r, dict) and isinstance(r.get("name"), str)}
        unmapped = {r["name"]: r for r in data.get("not_mapped", []) if isinstance(r, dict) and isinstance(r.get("name"), str)}
        return cls(display_path(path), rows, unmapped, data.get("source", {}), data.get("version", ""), text)

    @property
    def agenda_rows(self) -> list[str]:
        """The rows that are agendas (the labs' rows are not), in the table's order."""
        return [n for n, r in self.rows.items() if not r.get("lab")]

    def line_of(self, name: str, after: str = '"not_mapped"') -> int:
        """The line in the names file where a not-mapped row is written, for messages about it."""
        start = max(self.text.find(after), 0)
        at = self.text.find(json.dumps(name, ensure_ascii=False)[1:-1], start)
        return self.text.count("\n", 0, at) + 1 if at >= 0 else 1


def check_review_rows(by_id: dict[str, Document], table: ReviewTable | None) -> list[Diagnostic]:
    if table is None:
        return []
    out: list[Diagnostic] = []
    claimed: dict[str, tuple[Document, int]] = {}
    names = list(table.rows)
    folded = {n.casefold(): n for n in names}
    for doc in sorted((d for d in by_id.values() if d.kind.name == "agenda"), key=lambda d: d.id):
        rows = doc.data.get("shallow_review")
        rows = rows if isinstance(rows, list) else []
        if len([r for r in rows if isinstance(r, dict)]) > 1 and not doc.data.get("shallow_review_note"):
            out.append(doc.diagnostic(("shallow_review",), (
                f"this agenda corresponds to {len(rows)} of the review's rows: say why in shallow_review_note "
                f"(for example, the rows differ only in method)"), "review-note-missing"))
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not isinstance(row.get("agenda"), str):
                continue  # a schema error, reported separately
            name = row["agenda"]
            known = table.rows.get(name)
            if known is None:
                hint = folded.get(name.casefold()) or next(iter(difflib.get_close_matches(name, names, n=1, cutoff=0.5)), None)
                out.append(doc.diagnostic(("shallow_review", i, "agenda"), (
                    f"'{name}' is not an agenda name in the Shallow Review 2025's table ({table.file}); "
                    + (f"did you mean '{hint}'?" if hint else "write the name exactly as the table does")),
                    "review-agenda-unknown"))
                continue
            if known.get("lab"):
                out.append(doc.diagnostic(("shallow_review", i, "agenda"), (
                    f"'{name}' is a lab's row in the review, not an agenda; name the agenda rows this agenda "
                    f"corresponds to, and the lab in organisations"), "review-agenda-is-lab"))
                continue
            if name in table.not_mapped:
                out.append(doc.diagnostic(("shallow_review", i, "agenda"), (
                    f"'{name}' is listed as not mapped in {table.file} (line {table.line_of(name)}); remove it there "
                    f"or here: a row is either one agenda's or not mapped"), "review-agenda-not-mapped-and-claimed"))
            if name in claimed:
                other, j = claimed[name]
                out.append(doc.diagnostic(("shallow_review", i, "agenda"), (
                    f"'{name}' is already claimed by {other.file} (shallow_review[{j}]): each of the review's rows "
                    f"corresponds to one agenda; merge the agendas or keep the row on one of them"),
                    "review-agenda-claimed-twice"))
            else:
                claimed[name] = (doc, i)
            out.extend(_fte_problems(doc, i, row, name, known.get("estimated_ftes")))
    out.extend(_not_mapped_problems(by_id, table))
    return out


def _fte_problems(doc: Document, i: int, row: dict, name: str, stated: str | None) -> list[Diagnostic]:
    figure = row.get("estimated_ftes")
    path = ("shallow_review", i, "estimated_ftes")
    if figure is None:
        if stated:
            return [doc.diagnostic(("shallow_review", i), (
                f"the review estimates '{stated}' FTEs for '{name}': add estimated_ftes: '{stated}'"), "fte-missing")]
        return []
    if not isinstance(figure, str):
        return []  # a schema error
    if parse_fte(figure) is None:
        fix = f"the review writes '{stated}' for '{name}'" if stated else f"the review gives no figure for '{name}': remove it"
        return [doc.diagnostic(path, f"'{figure}' is not an FTE estimate: expected {FTE_FORMS}; {fix}", "fte-unreadable")]
    if not stated:
        return [doc.diagnostic(path, (f"the review gives no FTE estimate for '{name}'; remove estimated_ftes "
                                      f"(the agenda's page then says there is none)"), "fte-not-in-review")]
    if figure != stated:
        return [doc.diagnostic(path, (f"'{figure}' differs from the review's figure for '{name}', '{stated}': "
                                      f"write it as the review states it"), "fte-differs-from-review")]
    return []


def _not_mapped_problems(by_id: dict[str, Document], table: ReviewTable) -> list[Diagnostic]:
    """Problems of the not-mapped list on its own. Its `spread_over` ids name this repository's agendas, which
    another project using the same schema folder (a test fixture, a fork) need not have: tests/test_effort.py
    checks them against the knowledge base instead."""
    out = []
    for name, item in table.not_mapped.items():
        line = table.line_of(name)
        if name not in table.rows:
            out.append(Diagnostic(table.file, line, 1, "not_mapped", f"'{name}' is not a row of the review's table",
                                  "review-agenda-unknown"))
        if not item.get("reason"):
            out.append(Diagnostic(table.file, line, 1, "not_mapped", f"'{name}' needs a reason: why no agenda of ours "
                                                                  "corresponds to it", "review-unmapped-reason-missing"))
    return out
