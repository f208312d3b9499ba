"""Contrast pages earn their place and say how the pair relates; a failure-mode page lists each relation once.
The pairs from the model on scratch projects; the pages from real `mkdocs build --strict` runs."""
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from faultlines.data.pipeline import load


def _kb(project):
    result = load(project.path / "taxonomy", project.path / "schema", cache=False)
    assert result.ok, [d.text() for d in result.diagnostics]
    return result.knowledge_base


def _pairs(project) -> set[tuple[str, str]]:
    return {(a.id, b.id) for a, b in _kb(project).contrast_pairs()}


def _delta(project, relations: str = ""):
    project.write("taxonomy/failure-modes/delta-failure.yaml",
                  "id: delta-failure\nname: Delta failure\nsummary: A fixture failure mode added by a test.\n"
                  "status: draft\nsources: [doe-2020-fixture]\n" + (relations + "\n" if relations else ""))


def _case(project, verdicts: dict[str, str]):
    items = "".join(f"  - {{failure_mode: {fm}, verdict: {v}, rationale: x, editors_judgement: true}}\n"
                    for fm, v in verdicts.items())
    project.write("taxonomy/examples/case-three.yaml", "id: case-three\nname: Case three\nsummary: A test case.\n"
                  "evidence: lab\nsources: [doe-2020-fixture]\nclassifications:\n" + items)


def test_fixture_pairs_each_have_a_reason(project):
    # alpha-beta: a parent link; beta-gamma: a relation and cases; alpha-gamma: case two is gamma, not alpha
    assert _pairs(project) == {("alpha-failure", "beta-failure"), ("beta-failure", "gamma-failure"),
                               ("alpha-failure", "gamma-failure")}


@pytest.mark.parametrize("verdicts,page", [
    ({"delta-failure": "instance", "gamma-failure": "not-instance"}, True),  # tells them apart
    ({"delta-failure": "instance", "gamma-failure": "instance"}, True),  # both
    ({"delta-failure": "borderline", "gamma-failure": "instance"}, False),  # only borderline: nothing decided
    ({"delta-failure": "not-instance", "gamma-failure": "not-instance"}, False),  # neither: says nothing of either
])
def test_a_case_earns_a_pair_its_page_only_by_an_instance(project, verdicts, page):
    _delta(project)
    _case(project, verdicts)
    assert (("delta-failure", "gamma-failure") in _pairs(project)) is page


@pytest.mark.parametrize("relations", [
    "relations:\n  - {type: enables, target: gamma-failure, note: x, editors_judgement: true}",
    "relations:\n  - {type: precedes, target: gamma-failure, note: x, editors_judgement: true}",
    "relations:\n  - {type: distinct-from, target: gamma-failure, note: x, editors_judgement: true}",
    "parents: [gamma-failure]",
])
def test_a_stated_relation_earns_a_pair_its_page_without_cases(project, relations):
    _delta(project, relations)
    assert ("delta-failure", "gamma-failure") in _pairs(project)
    assert ("alpha-failure", "delta-failure") not in _pairs(project)


def test_kinship_through_parent_chains(project):
    _delta(project, "parents: [beta-failure]")
    kb = _kb(project)
    e = kb.entries
    assert [x.id for x in kb.kinship(e["alpha-failure"], e["delta-failure"]).is_a] == [
        "delta-failure", "beta-failure", "alpha-failure"]
    assert [x.id for x in kb.kinship(e["beta-failure"], e["delta-failure"]).is_a] == ["delta-failure", "beta-failure"]
    assert kb.kinship(e["gamma-failure"], e["delta-failure"]).is_a == []
    project.write("taxonomy/failure-modes/gamma-failure.yaml",
                  (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text() + "parents: [alpha-failure]\n")
    kb = _kb(project)
    e = kb.entries
    shared = kb.kinship(e["gamma-failure"], e["delta-failure"])
    assert shared.is_a == [] and [x.id for x in shared.shared] == ["alpha-failure"]  # the nearest, not above it


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser")


def _section(soup: BeautifulSoup, anchor: str) -> str:
    """The text from the heading with this id to the next heading of the same level."""
    heading = soup.find(id=anchor)
    assert heading is not None, anchor
    out = []
    for sib in heading.find_next_siblings():
        if sib.name == heading.name:
            break
        out.append(sib.get_text(" ", strip=True))
    return re.sub(r"\( ", "(", re.sub(r" ([,.:;)])", r"\1", " ".join(out)))  # no gaps where inline tags met


def test_reciprocal_relation_is_listed_once_saying_who_states_it(project):
    path = project.path / "taxonomy/failure-modes/gamma-failure.yaml"
    path.write_text(path.read_text() + "relations:\n  - type: overlaps\n    target: beta-failure\n"
                    "    note: Seen from gamma, the two share many cases.\n    editors_judgement: true\n")
    assert project.build().returncode == 0
    site = project.path / "site"
    for fm, other in (("beta-failure", "gamma-failure"), ("gamma-failure", "beta-failure")):
        soup = _page(site, f"failure-modes/{fm}")
        items = soup.find(id="relations").find_next_sibling("ul").find_all("li", recursive=False)
        assert len(items) == 1, [i.get_text() for i in items]
        text = items[0].get_text(" ", strip=True)
        assert text.startswith("Overlaps Gamma failure (stated on both pages)" if fm == "beta-failure"
                               else "Overlaps Beta failure (stated on both pages)"), text
        assert "Here: " in text and "Many cases are both beta and gamma." in text
        assert "Seen from gamma, the two share many cases." in text
    index = _page(site, "contrasts")
    labels = [a.get_text() for a in index.select("table a[href*='--']")]
    assert "overlaps" in labels and not any(l.count("overlaps") > 1 for l in labels), labels


def test_fixture_contrast_pages_say_how_they_relate(mini_site):
    kind = _section(_page(mini_site, "contrasts/alpha-failure--beta-failure"), "relation")
    assert kind.startswith("Beta failure is a kind of Alpha failure: a parent link stated on Beta failure."), kind
    assert "No other relation between them is stated in either entry." in kind
    related = _section(_page(mini_site, "contrasts/beta-failure--gamma-failure"), "relation")
    assert "Neither is a kind of the other, and they share no broader failure mode." in related
    assert "Beta failure overlaps Gamma failure (stated on Beta failure): Many cases are both" in related
    cases = _section(_page(mini_site, "contrasts/alpha-failure--gamma-failure"), "relation")
    assert "No relation between them is stated in either entry; they are compared here because a case" in cases
    index = _page(mini_site, "contrasts")
    cells = {a["href"].split("/")[-2]: a.get_text() for a in index.select("table a[href*='--']")}
    assert cells == {"alpha-failure--beta-failure": "kind of", "beta-failure--gamma-failure": "overlaps",
                     "alpha-failure--gamma-failure": "cases only"}


def test_real_contrast_pages_earn_their_place_and_say_how_they_relate(real_site):
    index = _page(real_site, "contrasts")
    rows = index.select("article table tbody tr")
    assert len(rows) > 100
    pages = sorted(p.parent.name for p in (real_site / "contrasts").glob("*--*/index.html"))
    assert len(pages) == len(rows)
    for row in rows:
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        counts, label = [int(x) for x in cells[2:5]], cells[6]
        labels = label.split(", ")
        assert len(labels) == len(set(labels)), label  # no "overlaps, overlaps"
        assert label != "cases only" or sum(counts) > 0, cells  # both / only first / only second
    for slug in pages:
        assert _section(_page(real_site, f"contrasts/{slug}"), "relation"), slug
    parents = {"camouflage--oversight-failure": "Camouflage is a kind of Oversight failure",
               "oversight-failure--scalable-oversight-failure": "Scalable-oversight failure is a kind of Oversight failure"}
    for slug, words in parents.items():
        assert _section(_page(real_site, f"contrasts/{slug}"), "relation").startswith(words), slug


def test_real_failure_mode_pages_list_each_relation_once(real_site):
    for page in (real_site / "failure-modes").glob("*/index.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        heading = soup.find(id="relations")
        if heading is None:
            continue
        items = heading.find_next_sibling("ul").find_all("li", recursive=False)
        keys = [(i.find("strong").get_text(), i.find("a")["href"]) for i in items]
        assert len(keys) == len(set(keys)), (page, keys)
        for i in items:
            assert re.search(r"\((stated here|stated on both pages|stated on .+?)\)", i.get_text(" ", strip=True))
