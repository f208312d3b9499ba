"""`faultlines new estimate --form …`: a self-reported estimate written from flags, checked before it is kept.

The entry is made as the estimates builder makes it (estimate_forms.py, entry_yaml.py); then the whole
knowledge base is validated with it, and the file is kept only if it adds no error: a contributor gets the
messages `faultlines validate` would give, before anything is left behind.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..data.diagnostics import Diagnostic
from ..data.pipeline import load
from .entry_yaml import dump
from .estimate_forms import FormProblem, estimate_entry
from .scaffold import ScaffoldError, existing_ids


@dataclass
class Recorded:
    path: Path
    text: str
    problems: list[FormProblem]
    diagnostics: list[Diagnostic]


def record(taxonomy_dir: Path, schema_dir: Path, form: str, estimator: str, figure: str, date: str | None = None,
           scenario: str | None = None, condition: str | None = None, horizon: str | None = None,
           reasoning: str | None = None, statement_url: str | None = None, entry_id: str | None = None) -> Recorded:
    """Write taxonomy/estimates/<id>.yaml if it validates; otherwise leave nothing and return the problems."""
    date = date or datetime.date.today().isoformat()
    before = load(taxonomy_dir, schema_dir)
    names = {e.id: e.name for e in before.knowledge_base.of_kind("failure-mode")} if before.ok else {}
    data, problems = estimate_entry(form, estimator, date, figure, names, scenario, condition, horizon,
                                    reasoning, statement_url)
    if entry_id:
        data["id"] = entry_id
    text = dump(data)
    path = taxonomy_dir / "estimates" / f"{data['id']}.yaml"
    if problems:
        return Recorded(path, text, problems, [])
    if data["id"] in existing_ids(taxonomy_dir):
        raise ScaffoldError(f"id '{data['id']}' already exists: {existing_ids(taxonomy_dir)[data['id']].as_posix()}; "
                            f"edit that file, or pass --id with another id", exit_code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except OSError as e:
        raise ScaffoldError(f"cannot write {path.as_posix()}: {e.strerror}", exit_code=1) from None
    old = {(d.file, d.path, d.message) for d in before.diagnostics}
    after = load(taxonomy_dir, schema_dir, cache=False)
    mine = [d for d in after.diagnostics if d.is_error and (d.file, d.path, d.message) not in old]
    if mine:
        path.unlink()
    return Recorded(path, text, [], mine)
