"""Self-reported estimates: figures their estimators submitted to the knowledge base themselves.

`provenance: self-reported` on an estimate (absent means published). Such a figure is as much an estimate as a
published one, but it was not published elsewhere first: its source is the estimator's own statement, the pull
request that added its file and, when given, `statement_url`. Every view labels it, and no summary groups it
with published figures (figures.py, charts, the conditionals grid, what-if.json, the exports).
"""
from __future__ import annotations

from .model import Entry

SELF_REPORTED = "self-reported"
LABEL = "self-reported"  # the word every view shows beside such a figure


def provenance(est: Entry) -> str:
    """'self-reported' or 'published'."""
    return SELF_REPORTED if est.get("provenance") == SELF_REPORTED else "published"


def is_self_reported(est: Entry) -> bool:
    return est.get("provenance") == SELF_REPORTED


def history_url(repo_url: str | None, entry_id: str) -> str | None:
    """The estimate file's history on the repository host, which leads to the pull request that added it."""
    if not repo_url:
        return None
    return f"{repo_url.rstrip('/')}/commits/HEAD/taxonomy/estimates/{entry_id}.yaml"
