"""Checks across entries that catch a contributor's honest mistakes: one work cited by two source entries,
near-identical names (a warning), contradictory relations, and superseding another estimator's estimate.
Each through `faultlines validate` with the smallest file that breaks the rule."""
from __future__ import annotations

import json

import pytest

from faultlines.data.duplicates import work_keys
from test_validate import assert_error

SOURCE = """\
id: {id}
name: Roe 2021
title: {title}
authors: [Jo Roe]
year: 2021
url: {url}
type: paper
verified: true
"""


@pytest.mark.parametrize("url", [
    "https://example.org/doe-2020",  # the same address
    "http://example.org/doe-2020/",  # http, trailing slash
    "https://www.example.org/doe-2020",
])
def test_a_second_source_for_the_same_address_names_both_files(project, url):
    project.write("taxonomy/sources/roe-2021-copy.yaml", SOURCE.format(id="roe-2021-copy", title="Another title", url=url))
    result = project.validate()
    assert_error(result, "taxonomy/sources/roe-2021-copy.yaml", 6, "url",
                 "the same address (example.org/doe-2020) as taxonomy/sources/doe-2020-fixture.yaml (id 'doe-2020-fixture')")
    assert "cite 'doe-2020-fixture' instead" in result.stdout
    assert "1 error(s) in 1 file(s)" in result.stderr


@pytest.mark.parametrize("first,second", [
    ("https://arxiv.org/abs/2412.14093", "https://arxiv.org/pdf/2412.14093v2.pdf"),
    ("https://arxiv.org/abs/2412.14093v1", "http://www.arxiv.org/html/2412.14093v3/"),
    ("https://doi.org/10.1038/Nature14236", "https://dx.doi.org/10.1038/nature14236"),
    ("https://www.lesswrong.com/posts/iNaB6GA6Seti3biTJ/slug", "https://www.alignmentforum.org/posts/iNaB6GA6Seti3biTJ"),
])
def test_arxiv_doi_and_forum_forms_of_one_work(project, first, second):
    project.write("taxonomy/sources/roe-2021-a.yaml", SOURCE.format(id="roe-2021-a", title="Title A", url=first))
    project.write("taxonomy/sources/roe-2021-b.yaml", SOURCE.format(id="roe-2021-b", title="Title B", url=second))
    assert_error(project.validate(), "taxonomy/sources/roe-2021-b.yaml", 6, "url", "as taxonomy/sources/roe-2021-a.yaml")


def test_a_doi_field_is_compared_with_doi_addresses(project):
    project.write("taxonomy/sources/roe-2021-a.yaml", SOURCE.format(id="roe-2021-a", title="Title A",
                                                                    url="https://doi.org/10.1000/xyz123"))
    project.write("taxonomy/sources/roe-2021-b.yaml", SOURCE.format(id="roe-2021-b", title="Title B",
                                                                    url="https://publisher.example/paper")
                  + "doi: 10.1000/XYZ123\n")
    assert_error(project.validate(), "taxonomy/sources/roe-2021-b.yaml", 9, "doi", "the same DOI (10.1000/xyz123)")


def test_different_comments_on_one_post_and_a_deprecated_copy_are_fine(project):
    post = "https://www.greaterwrong.com/posts/NHqBB9PDp6Nc3zHou/shortform"
    project.write("taxonomy/sources/roe-2021-a.yaml", SOURCE.format(id="roe-2021-a", title="Title A",
                                                                    url=post + "/comment/dYmEf9dNBBunFwPGw"))
    project.write("taxonomy/sources/roe-2021-b.yaml", SOURCE.format(id="roe-2021-b", title="Title B",
                                                                    url=post + "?commentId=njxDrT7FwyaA6DJeG"))
    project.write("taxonomy/sources/roe-2021-c.yaml", SOURCE.format(id="roe-2021-c", title="Title C",
                                                                    url="https://example.org/doe-2020")
                  + "status: deprecated\nreplaced_by: doe-2020-fixture\n")
    result = project.validate()
    assert result.returncode == 0, result.stdout


def test_work_keys():
    assert work_keys("https://arxiv.org/abs/cs/0101001v2") == [("arXiv paper", "arXiv:cs/0101001")]
    assert work_keys("https://example.org/a?id=1") != work_keys("https://example.org/a?id=2")
    assert work_keys(None, "10.1/X") == [("DOI", "doi:10.1/x")]


def _near_twin(project, name: str) -> None:
    """A failure mode whose name differs from gamma-failure's 'Gamma failure' only in case, punctuation or plural."""
    project.write("taxonomy/failure-modes/gamma-failures.yaml", f"""
        id: gamma-failures
        name: "{name}"
        summary: Nearly the name of gamma-failure.
        status: draft
        sources: [doe-2020-fixture]
    """)


def test_near_identical_names_warn_without_failing(project):
    _near_twin(project, "Gamma Failures")
    result = project.validate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("taxonomy/failure-modes/gamma-failures.yaml:2:1: warning: name: nearly the same name as "
            "taxonomy/failure-modes/gamma-failure.yaml ('Gamma failure')") in result.stdout
    assert "ok: 15 entries valid (1 warning(s) above)" in result.stderr
    data = json.loads(project.validate("--format", "json").stdout)
    assert [(d["severity"], d["code"]) for d in data] == [("warning", "similar-name")]
    github = project.validate("--format", "github").stdout
    assert github.startswith("::warning file=taxonomy/failure-modes/gamma-failures.yaml,line=2,col=1,")
    # ... and an error elsewhere still fails, counting errors and warnings apart
    project.write("taxonomy/sources/roe-2021-copy.yaml", SOURCE.format(id="roe-2021-copy", title="T",
                                                                       url="https://example.org/doe-2020"))
    result = project.validate()
    assert result.returncode == 1 and "1 error(s) in 1 file(s) and 1 warning(s)" in result.stderr


def test_a_warning_does_not_fail_a_strict_build(project):
    _near_twin(project, "Gamma-failures")
    result = project.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "warning: name: nearly the same name" in result.stderr


@pytest.mark.parametrize("beta_says,gamma_says,where,line,path", [
    # beta-failure overlaps gamma-failure in the fixture; gamma-failure says they are distinct
    (None, "distinct-from: beta-failure", "gamma-failure", 7, "relations[0].type"),
    # stated both in one file
    ("distinct-from: gamma-failure", None, "beta-failure", 11, "relations[1].type"),
])
def test_overlaps_and_distinct_from_contradict(project, beta_says, gamma_says, where, line, path):
    if gamma_says:
        kind, target = gamma_says.split(": ")
        text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
        project.write("taxonomy/failure-modes/gamma-failure.yaml",
                      text + f"relations:\n  - type: {kind}\n    target: {target}\n    note: Not the same.\n"
                      "    editors_judgement: true\n")
    if beta_says:
        kind, target = beta_says.split(": ")
        text = (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text()
        project.write("taxonomy/failure-modes/beta-failure.yaml", text.replace(
            "sources:", f"  - type: {kind}\n    target: {target}\n    note: Not the same.\n    editors_judgement: true\n"
                        "sources:"))
    result = project.validate()
    assert_error(result, f"taxonomy/failure-modes/{where}.yaml", line, path, "either overlap (many cases are both) or are distinct")
    assert "near-synonym" in result.stdout


def test_parent_and_distinct_from_contradict_in_either_direction(project):
    text = (project.path / "taxonomy/failure-modes/alpha-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/alpha-failure.yaml",
                  text + "relations:\n  - type: distinct-from\n    target: beta-failure\n    note: Not the same.\n")
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 5, "parents[0]",
                 "'beta-failure' is a kind of 'alpha-failure' here, but taxonomy/failure-modes/alpha-failure.yaml says "
                 "'alpha-failure' is distinct from 'beta-failure' (relations[0])")


def test_near_synonym_needs_a_note_and_contradicts_distinct_from(project):
    text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/gamma-failure.yaml",
                  text + "relations:\n  - type: near-synonym\n    target: alpha-failure\n")
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 7, "relations[0]",
                 "missing required field 'note'")
    project.write("taxonomy/failure-modes/gamma-failure.yaml",
                  text + "relations:\n  - type: near-synonym\n    target: alpha-failure\n    note: Gamma is alpha in deployment.\n"
                         "  - type: distinct-from\n    target: alpha-failure\n    note: Different.\n")
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 10, "relations[1].type",
                 "near-synonyms are not distinct failure modes")


def test_near_synonym_is_shown_on_both_pages(project):
    text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/gamma-failure.yaml",
                  text + "relations:\n  - type: near-synonym\n    target: alpha-failure\n    note: Gamma is alpha seen in deployment.\n"
                  "    editors_judgement: true\n    sources: [doe-2020-fixture]\n")
    result = project.build()
    assert result.returncode == 0, result.stderr[-3000:]
    for page in ("gamma-failure", "alpha-failure"):
        html = (project.path / f"site/failure-modes/{page}/index.html").read_text()
        assert "Near-synonym of" in html and "Gamma is alpha seen in deployment." in html
        assert 'class="fl-hood-group fl-hood-synonym"' in html  # the neighbourhood gives it a box of its own


SUPERSEDES = "supersedes: estimate-one\n"


def test_supersedes_another_estimators_estimate_needs_a_reason(project):
    path = "taxonomy/estimates/estimate-two.yaml"
    text = (project.path / path).read_text().replace("estimator: Jane Doe", "estimator: John Roe")
    text = text.replace("  - estimate: estimate-one\n", "")
    project.write(path, text + SUPERSEDES)
    assert_error(project.validate(), path, 15, "supersedes",
                 "'estimate-one' is by Jane Doe, not John Roe: an estimate supersedes an earlier one by the same "
                 "estimator; if this one really replaces another estimator's, say why in supersedes_reason")
    project.write(path, text + SUPERSEDES + "supersedes_reason: The survey's second round, run by its new team.\n")
    result = project.validate()
    assert result.returncode == 0, result.stdout
    result = project.build()
    assert result.returncode == 0, result.stderr[-3000:]
    html = (project.path / "site/estimates/estimate-two/index.html").read_text()
    assert "The survey&rsquo;s second round, run by its new team." in html or "The survey's second round" in html


def test_same_estimator_may_supersede_whatever_the_spacing_and_case(project):
    path = "taxonomy/estimates/estimate-two.yaml"
    text = (project.path / path).read_text().replace("estimator: Jane Doe", "estimator: jane  DOE")
    project.write(path, text.replace("  - estimate: estimate-one\n", "") + SUPERSEDES)
    assert project.validate().returncode == 0


RESULTS = """results:
  - {system: o3, condition: told to allow shutdown, occurred: 7, runs: 100, source: doe-2020-fixture}
  - {system: "Model | B", condition: not told, occurred: 79, runs: 100, source: doe-2020-fixture}
"""


def test_results_are_validated(project):
    path = "taxonomy/examples/case-one.yaml"
    text = (project.path / path).read_text()
    project.write(path, text + RESULTS.replace("occurred: 79", "occurred: 101").replace("source: doe-2020-fixture}\n", "}\n", 1)
                  .replace("occurred: 7,", "occurred: -1,"))
    result = project.validate()
    line = text.count("\n") + 2
    assert_error(result, path, line, "results[0]", "missing required field 'source'")
    assert_error(result, path, line, "results[0].occurred", "'-1' is out of range: must be at least 0")
    assert_error(result, path, line + 1, "results[1].occurred", "occurred (101) is more than runs (100)")
    project.write(path, text + RESULTS.replace("occurred: 7,", "occurred: 7.5,").replace("doe-2020-fixture}\n", "doe-2020}\n"))
    result = project.validate()
    assert_error(result, path, line, "results[0].occurred", "expected a whole number, found number '7.5'")
    assert_error(result, path, line + 1, "results[1].source", "unknown source id 'doe-2020'")


def test_results_show_as_a_table_and_in_the_api(project):
    path = "taxonomy/examples/case-one.yaml"
    project.write(path, (project.path / path).read_text() + RESULTS)
    result = project.build()
    assert result.returncode == 0, result.stderr[-3000:]
    from bs4 import BeautifulSoup
    page = BeautifulSoup((project.path / "site/examples/case-one/index.html").read_text(), "html.parser")
    table = page.find(id="results").find_next("table")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    assert rows == [["o3", "told to allow shutdown", "7 of 100", "7%", "Doe 2020"],
                    ["Model | B", "not told", "79 of 100", "79%", "Doe 2020"]]
    api = json.loads((project.path / "site/api/case-one.json").read_text())
    assert api["fields"]["results"][1] == {"system": "Model | B", "condition": "not told", "occurred": 79, "runs": 100,
                                           "source": "doe-2020-fixture"}
    assert {"path": "results[0].source", "id": "doe-2020-fixture", "kind": "source",
            "url": "sources/doe-2020-fixture/", "inline": False} in api["references"]
