"""Evidence follows the verdicts: computed levels, cases required of every active failure mode, and every verdict
and relation stating its basis (a source's own call, in its words, or the editors' judgement). Through the real CLI and a real build."""
import json

import pytest
from bs4 import BeautifulSoup

from faultlines.data.evidence import Evidence, strongest
from test_validate import assert_error


@pytest.mark.parametrize("instances,expected", [
    ([], Evidence(None)),
    ([("b", "hypothetical")], Evidence("theoretical", "b")),
    ([("b", "hypothetical"), ("a", "lab")], Evidence("lab", "a")),
    ([("z", "lab"), ("y", "deployed"), ("x", "deployed")], Evidence("deployed", "x")),  # ties: first id
    ([("a", "bogus")], Evidence(None)),  # a schema error is reported elsewhere; it sets no level
])
def test_strongest_instance_sets_the_level(instances, expected):
    assert strongest(instances) == expected
    assert strongest(reversed(instances)) == expected


def _edit(project, relative, old, new):
    path = project.path / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_declared_level_that_disagrees_names_the_example(project):
    _edit(project, "taxonomy/failure-modes/beta-failure.yaml", "evidence: lab", "evidence: deployed")
    assert_error(project.validate(), "taxonomy/failure-modes/beta-failure.yaml", 4, "evidence",
                 "declared 'deployed', but its strongest instance example, 'case-one', makes it 'lab'")


def test_declared_level_of_a_failure_mode_without_instances(project):
    _edit(project, "taxonomy/failure-modes/alpha-failure.yaml", "aliases:", "evidence: lab\naliases:")
    assert_error(project.validate(), "taxonomy/failure-modes/alpha-failure.yaml", 8, "evidence",
                 "no example is an instance of it, which makes it 'theoretical'")


def test_a_level_follows_an_edit_to_an_example(project):
    """Raising case-one to deployed makes beta's declared 'lab' wrong: the two cannot drift apart."""
    _edit(project, "taxonomy/examples/case-one.yaml", "evidence: lab", "evidence: deployed")
    assert_error(project.validate(), "taxonomy/failure-modes/beta-failure.yaml", 4, "evidence", "makes it 'deployed'")


def test_active_failure_mode_needs_an_instance_or_a_reason(project):
    _edit(project, "taxonomy/failure-modes/alpha-failure.yaml", "no_documented_instance:", "unused_reason:")
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/alpha-failure.yaml", 1, "id",
                 "no example is an instance of this failure mode: add an example with verdict 'instance', say why "
                 "none is documented in no_documented_instance, or set status: draft")


def test_reason_for_no_instance_refused_once_an_instance_exists(project):
    _edit(project, "taxonomy/failure-modes/gamma-failure.yaml", "sources:",
          "no_documented_instance: Nothing yet.\nsources:")
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 5, "no_documented_instance",
                 "'case-two' is an instance of this failure mode; remove no_documented_instance")


def test_active_failure_mode_needs_a_not_instance_and_a_draft_does_not(project):
    _edit(project, "taxonomy/examples/case-one.yaml", "verdict: not-instance", "verdict: borderline")
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 1, "id",
                 "no example is an explicit not-instance of this failure mode")
    _edit(project, "taxonomy/failure-modes/gamma-failure.yaml", "sources:", "status: draft\nsources:")
    assert project.validate().returncode == 0


def test_deprecated_example_does_not_count(project):
    _edit(project, "taxonomy/examples/case-two.yaml", "sources: [doe-2020-fixture]\n",
          "sources: [doe-2020-fixture]\nstatus: deprecated\nreplaced_by: case-one\n")
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 4, "evidence",
                 "no example is an instance of it")


def _codes(result) -> dict[str, str]:
    return {d["path"]: d["code"] for d in json.loads(result.stdout)}


@pytest.mark.parametrize("relative,old,line,path,what", [
    ("taxonomy/examples/case-two.yaml", "    editors_judgement: true\n    rationale: It shows gamma", 8,
     "classifications[0]", "verdict"),
    ("taxonomy/failure-modes/beta-failure.yaml", "    editors_judgement: true\n", 7, "relations[0]", "relation"),
])
def test_verdict_or_relation_without_a_basis(project, relative, old, line, path, what):
    """Citing sources is not a basis: a call is a source's own (basis) or the editors' (editors_judgement)."""
    _edit(project, relative, old, old.replace("    editors_judgement: true\n", ""))
    assert_error(project.validate(), relative, line, path,
                 f"this {what} states no basis: add basis (each source that itself makes this call")
    assert _codes(project.validate("--format", "json")) == {path: "basis-missing"}


def test_basis_and_editors_judgement_together_conflict(project):
    _edit(project, "taxonomy/examples/case-one.yaml", "    basis:\n",
          "    editors_judgement: true\n    basis:\n")
    assert_error(project.validate(), "taxonomy/examples/case-one.yaml", 12, "classifications[0].editors_judgement",
                 "this verdict has both basis and editors_judgement")
    assert _codes(project.validate("--format", "json")) == {"classifications[0].editors_judgement": "basis-conflict"}


def test_basis_source_must_be_a_known_source(project):
    _edit(project, "taxonomy/examples/case-one.yaml", "      - source: doe-2020-fixture",
          "      - source: doe-2021-fixture")
    assert_error(project.validate(), "taxonomy/examples/case-one.yaml", 13, "classifications[0].basis[0].source",
                 "unknown source id 'doe-2021-fixture'; did you mean 'doe-2020-fixture'?")


@pytest.mark.parametrize("old,new,fragment", [
    ("        locator: section 2\n", "", "missing required field 'locator'"),
    ("        quote: a textbook case of the thing\n", "", "missing required field 'quote'"),
    ("      - source: doe-2020-fixture\n        quote: a textbook case of the thing\n        locator: section 2\n",
     "      []\n", ""),
])
def test_basis_item_names_source_words_and_place(project, old, new, fragment):
    _edit(project, "taxonomy/examples/case-one.yaml", old, new)
    result = project.validate()
    assert result.returncode == 1 and "classifications[0].basis" in result.stdout, result.stdout
    assert fragment in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_editors_judgement_must_be_true(project):
    _edit(project, "taxonomy/failure-modes/beta-failure.yaml", "editors_judgement: true", "editors_judgement: false")
    result = project.validate()
    assert result.returncode == 1 and "editors_judgement" in result.stdout, result.stdout
    assert "states no basis" not in result.stdout  # one problem, one message


def test_pages_show_computed_evidence_and_judgement(mini_site):
    def page(path):
        return BeautifulSoup((mini_site / path / "index.html").read_text(), "html.parser")

    gamma = page("failure-modes/gamma-failure").get_text(" ", strip=True)
    assert "Evidence: Observed in deployed systems (strongest instance: Case two )" in gamma
    alpha = page("failure-modes/alpha-failure")
    text = alpha.get_text(" ", strip=True)
    assert "Evidence: No documented instance" in text
    assert "No documented instance. No fixture case shows alpha directly" in text
    beta = page("failure-modes/beta-failure").get_text(" ", strip=True)
    assert "Evidence: Lab demonstration (strongest instance: Case one )" in beta
    assert "Basis: editors' judgement (no source makes this call; the note is the editors' reasoning)" in beta
    assert ("Basis: the authors call it: “a textbook case of the thing” ( Doe 2020 , section 2)"
            in beta)  # case one's verdict on beta, a call its source makes in its own words
    assert ("Basis: editors' judgement (no source makes this call; the rationale is the editors' reasoning)"
            in alpha.get_text(" ", strip=True))
    index = page("failure-modes").get_text(" ", strip=True)
    assert "Alpha failure A fixture failure mode at the top of the test taxonomy. No documented instance" in index
    data = json.loads((mini_site / "api/alpha-failure.json").read_text())
    assert data["evidence"] == {"level": None, "example": None}
    data = json.loads((mini_site / "api/gamma-failure.json").read_text())
    assert data["evidence"] == {"level": "deployed", "example": "case-two"}
    heatmap = page("matrix").select_one("tr[data-evidence='no-documented-instance']")
    assert heatmap is not None and "Alpha failure" in heatmap.get_text()


def test_real_knowledge_base_levels_match_its_verdicts(real_site):
    """Every failure mode page of the real site shows a level computed from its own instance examples."""
    data = json.loads((real_site / "taxonomy.json").read_text())
    examples = {e["id"]: e["fields"] for e in data["entries"] if e["kind"] == "example"}
    for e in (x for x in data["entries"] if x["kind"] == "failure-mode"):
        ev = e["evidence"]
        levels = {examples[x]["evidence"] for x, f in examples.items()
                  for c in f["classifications"] if c["failure_mode"] == e["id"] and c["verdict"] == "instance"
                  and f.get("status") != "deprecated"}
        want = ("deployed" if "deployed" in levels else "lab" if "lab" in levels
                else "theoretical" if levels else None)
        assert ev["level"] == want, e["id"]
        assert (ev["level"] is None) == bool(e["fields"].get("no_documented_instance") is not None) or \
            e["fields"].get("status") in ("draft", "deprecated"), e["id"]


def test_map_badges_show_the_computed_level_with_a_legend_mark_for_each(real_site, mini_site):
    """Each failure mode's badge on /map/ is the level computed from its instances (taxonomy.json's
    evidence), never the declared field; 'no documented instance' has its own mark in the legend."""
    marks = {"deployed": "D", "lab": "L", "theoretical": "T", None: "N"}
    for site in (real_site, mini_site):
        data = json.loads((site / "taxonomy.json").read_text())
        computed = {e["id"]: e["evidence"]["level"] for e in data["entries"] if e["kind"] == "failure-mode"}
        page = BeautifulSoup((site / "map/index.html").read_text(), "html.parser")
        badges = page.select("ul.fl-tree abbr.fl-ev")
        assert len(badges) >= len(computed)
        for badge in badges:
            li = badge.find_parent("li")
            fm = li.find("a")["href"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
            level = computed[fm]
            assert badge.get_text() == marks[level] and badge["data-evidence"] == (level or "none"), (fm, badge)
            assert "?" not in badge.get_text()
        legend = {a.get_text(): a.find_parent("li").get_text(" ", strip=True) for a in page.select(".fl-tree-legend abbr")}
        assert legend["N"] == "N no documented instance" and set(legend) == set(marks.values())
    real = BeautifulSoup((real_site / "map/index.html").read_text(), "html.parser").select("ul.fl-tree abbr.fl-ev")
    assert len({b.get_text() for b in real}) >= 3  # the real map is not one level everywhere
