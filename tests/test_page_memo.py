"""`mkdocs serve` renders again only the pages an edit can have changed (render.PageMemo): after every kind
of edit, what the memo gives must equal a full render of the edited knowledge base, page for page."""
import copy
import functools
import random

import pytest

from conftest import FIXTURES, ROOT
from faultlines.data.model import Entry, KnowledgeBase
from faultlines.data.pipeline import load
from faultlines.site.page_memo import PageMemo
from faultlines.site.render import Renderer


@functools.cache  # each test edits copies (_edited), never the knowledge base it was given
def _kb(taxonomy):
    result = load(taxonomy, ROOT / "schema", cache=False)
    assert result.ok, result.diagnostics[:3]
    return result.knowledge_base


def _edited(kb: KnowledgeBase, entry_id: str, change) -> KnowledgeBase:
    entries = []
    for e in kb.entries.values():
        data = copy.deepcopy(e._data)
        if e.id == entry_id:
            change(data)
        entries.append(Entry(e.kind, e.id, data, e.file))
    edited = KnowledgeBase.build(entries, kb.roles)
    edited.frameworks, edited.review = kb.frameworks, kb.review  # the schema folder's, as load() sets them
    return edited


def _rendered(kb: KnowledgeBase, memo: PageMemo | None = None):
    pages, assets = Renderer(kb).site(memo)
    return [(p.src_uri, p.title, p.markdown, p.in_nav) for p in pages], assets


def _edits(kb: KnowledgeBase, entry: Entry, rng: random.Random):
    """Edits that keep the knowledge base valid, for this entry's kind."""
    fms = [e.id for e in kb.of_kind("failure-mode")]
    other_fm = lambda *avoid: rng.choice([f for f in fms if f not in avoid])  # noqa: E731
    yield "name", lambda d: d.update(name=d["name"] + " (edited)")
    yield "summary", lambda d: d.update(summary="Edited summary.")
    kind = entry.kind.name
    if kind == "failure-mode":
        yield "alias", lambda d: d.setdefault("aliases", []).append("Edited alias")
        target = other_fm(entry.id)
        yield "relation", lambda d: d.setdefault("relations", []).append(
            {"type": "overlaps", "target": target, "note": "Edited relation."})
        if entry._data.get("parents"):
            yield "no parents", lambda d: d.pop("parents")
    if kind == "example" and entry._data.get("classifications"):
        def move(d):
            c = d["classifications"][0]
            taken = {x["failure_mode"] for x in d["classifications"]}
            c["failure_mode"] = other_fm(*taken)
        if len({x["failure_mode"] for x in entry._data["classifications"]}) < len(fms):  # somewhere to move it to
            yield "classification moved", move
        yield "verdict", lambda d: d["classifications"][0].update(
            verdict="not-instance" if d["classifications"][0]["verdict"] == "instance" else "instance")
        yield "rationale", lambda d: d["classifications"][0].update(rationale="Edited rationale.")
    if kind == "agenda" and entry._data.get("addresses"):
        yield "relevance", lambda d: d["addresses"][0].update(
            relevance="low" if d["addresses"][0]["relevance"] != "low" else "high")
        def retarget(d):
            taken = {x["failure_mode"] for x in d["addresses"]}
            d["addresses"][0]["failure_mode"] = other_fm(*taken)
        yield "coverage moved", retarget
    if kind == "estimate":
        if entry._data.get("scenario"):
            target = other_fm(entry._data["scenario"])
            yield "scenario", lambda d: d.update(scenario=target)
        if "value" in entry._data:
            yield "value", lambda d: d.update(value=d["value"] / 2)
    if kind == "claim" and entry._data.get("bears_on"):
        def bear(d):
            taken = {x["failure_mode"] for x in d["bears_on"]}
            d["bears_on"][0]["failure_mode"] = other_fm(*taken)
        yield "bears on", bear
    if kind == "evaluation":
        yield "directness", lambda d: d["looks_for"][0].update(
            directness="low" if d["looks_for"][0]["directness"] != "low" else "high")
        def relook(d):
            taken = {x["failure_mode"] for x in d["looks_for"]}
            d["looks_for"][0]["failure_mode"] = other_fm(*taken)
        yield "looks for moved", relook
        if entry._data.get("results"):
            yield "result", lambda d: d["results"][0].update(system="another system", date="2026")
    if kind == "source":
        yield "year", lambda d: d.update(year=d["year"] + 1)


def _check(kb: KnowledgeBase, edits, memo: PageMemo | None = None) -> PageMemo:
    """Each edit against a full render of the edited knowledge base, then the edit undone against one of `kb`.

    One memo goes through them all, as through a serve session: kb, edited, kb, the next edit, kb, ... Each
    step after the first renders in full only the edited knowledge base it checks against.
    """
    base = _rendered(kb)
    memo = memo or PageMemo()
    assert _rendered(kb, memo) == base
    for entry, what, change in edits:
        edited = _edited(kb, entry.id, change)
        expected = _rendered(edited)
        got = _rendered(edited, memo)
        assert [p[0] for p in got[0]] == [p[0] for p in expected[0]], (entry.id, what)
        stale = [a[0] for a, b in zip(got[0], expected[0]) if a != b]
        assert stale == [] and got[1] == expected[1], f"{entry.id}: {what}: stale pages {stale[:5]}"
        back = _rendered(kb, memo)
        stale = [a[0] for a, b in zip(back[0], base[0]) if a != b]
        assert stale == [] and back[1] == base[1], f"{entry.id}: {what} undone: stale pages {stale[:5]}"
    return memo


def test_every_edit_of_every_fixture_entry_renders_what_a_full_render_does():
    kb = _kb(FIXTURES / "mini" / "taxonomy")
    rng = random.Random(0)
    edits = [(entry, what, change) for entry in list(kb.entries.values()) for what, change in _edits(kb, entry, rng)]
    assert len(edits) > 40
    _check(kb, edits)


@pytest.mark.parametrize("seed", range(14))
def test_edits_of_the_real_knowledge_base_render_what_a_full_render_does(seed):
    kb = _kb(ROOT / "taxonomy")
    rng = random.Random(seed)
    kinds = ["failure-mode", "example", "agenda", "estimate", "claim", "evaluation", "source"]
    entry = rng.choice(kb.of_kind(kinds[seed % len(kinds)]))
    _check(kb, [(entry, what, change) for what, change in _edits(kb, entry, rng)])


def test_an_edit_renders_only_what_it_can_change():
    """The point of the memo: a summary edit to an example renders a few pages, not the site."""
    kb = _kb(ROOT / "taxonomy")
    memo = PageMemo()
    _rendered(kb, memo)
    total = memo.rendered
    example = kb.of_kind("example")[0]
    _rendered(_edited(kb, example.id, lambda d: d.update(summary="Edited summary.")), memo)
    assert 0 < memo.rendered < total / 5, (memo.rendered, total)
    _rendered(_edited(kb, example.id, lambda d: d.update(summary="Edited summary.")), memo)
    assert memo.rendered == 0  # the same data again: nothing to render
