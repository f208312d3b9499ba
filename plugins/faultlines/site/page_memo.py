"""Rendering again only what an edit changed, while `mkdocs serve` runs (Renderer.site takes a PageMemo)."""
from __future__ import annotations

from typing import Any, Callable

from ..data.model import GLOBAL, KnowledgeBase, tracking
from ..data.references import iter_references


class PageMemo:
    """`mkdocs serve`: each page rendered in the previous build, with what it read of the knowledge base
    (model.tracking), so that after an edit only the pages that read something the edit changed are
    rendered again.

    A page is reused when no entry it read changed, no query it made about an entry can have a different
    answer, and (if it read the knowledge base as a whole) nothing changed at all. A query about X is
    answered from X and the entries that refer to X, so it can change only if X changed or a changed
    entry refers, or referred before the edit, to X. Adding, removing or moving an entry, or another
    schema or URL style, renders everything. tests/test_page_memo.py checks the result equals a full
    render after every kind of edit.
    """

    def __init__(self) -> None:
        self._kb: KnowledgeBase | None = None
        self._settings: Any = None  # what pages depend on besides the data: URL style, citation details
        self._units: dict[Any, tuple[frozenset, Any]] = {}
        self._previous: dict[Any, tuple[frozenset, Any]] = {}
        self._stale: set | None = None  # what makes a remembered page stale; None: nothing is reusable
        self.rendered = self.reused = 0

    def begin(self, kb: KnowledgeBase, settings: Any) -> None:
        old, self._kb = self._kb, kb
        self._previous, self._units = self._units, {}
        self.rendered = self.reused = 0
        self._stale = None
        if old is None or self._settings != settings or old.roles != kb.roles:
            self._settings = settings
            return
        if old.entries.keys() != kb.entries.keys() or old.history != kb.history:  # (a commit while serving)
            return
        changed = set()
        for i, entry in kb.entries.items():
            before = old.entries[i]
            if before.kind is not entry.kind or before.file != entry.file:
                return
            if entry._data != before._data:
                changed.add(i)
        about = set(changed)
        for i in changed:
            for k in (old, kb):
                entry = k.entries[i]
                about.update(r.target for r in iter_references(entry._data, kb.roles[entry.kind.name]))
        self._stale = changed | {("about", i) for i in about} | ({GLOBAL} if changed else set())

    def make(self, key: Any, render: Callable[[], Any]) -> Any:
        remembered = self._previous.get(key) if self._stale is not None else None
        if remembered is not None and remembered[0].isdisjoint(self._stale):
            self._units[key] = remembered
            self.reused += 1
            return remembered[1]
        with tracking() as reads:
            result = render()
        self._units[key] = (frozenset(reads), result)
        self.rendered += 1
        return result
