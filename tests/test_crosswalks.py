"""Crosswalks to other taxonomies: every id and name checked against the framework's own file, and the
/crosswalks/ page, crosswalks.json and one CSV per framework, both ways with the gaps."""
import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

from faultlines.data.crosswalks import load_frameworks

MAPPING = """
crosswalks:
- framework: {framework}
  id: '{id}'
  name: {name}
  match: narrower
  note: Alpha is one way an AI pursues goals in conflict with ours.
"""


def add_mapping(project, **fields) -> None:
    path = project.path / "taxonomy/failure-modes/alpha-failure.yaml"
    values = {"framework": "mit-ai-risk-repository", "id": "7.1",
              "name": "AI pursuing its own goals in conflict with human goals or values", **fields}
    path.write_text(path.read_text() + MAPPING.format(**values))


def errors(project) -> list[dict]:
    result = project.validate("--format", "json")
    return [d for d in json.loads(result.stdout) if d["severity"] == "error"]


def test_every_framework_file_reads_and_every_repository_mapping_validates():
    frameworks, problems = load_frameworks(ROOT / "schema")
    assert not problems
    assert {"mit-ai-risk-repository", "deepmind-clarifying-ai-x-risk", "davidad-orthodox-problems"} <= set(frameworks)
    assert len(frameworks["davidad-orthodox-problems"].items) == 13
    assert list(frameworks["mit-ai-risk-repository"].items) == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]


def test_a_correct_mapping_validates(project):
    add_mapping(project)
    assert project.validate().returncode == 0


@pytest.mark.parametrize("fields,code,words", [
    ({"framework": "mit-risk-repository"}, "crosswalk-unknown-framework", "did you mean 'mit-ai-risk-repository'"),
    ({"id": "7.9"}, "crosswalk-unknown-id", "has no id '7.9'"),
    ({"id": "1.7"}, "crosswalk-unknown-id", "the name given is that of '7.1'"),
    ({"id": "7.7", "name": "Something else"}, "crosswalk-unknown-id", "did you mean '7.6', 'Multi-agent risks'"),
    ({"name": "AI pursuing its own goals"}, "crosswalk-name-mismatch",
     "calls 7.1 'AI pursuing its own goals in conflict with human goals or values'"),
    ({"id": "7.2"}, "crosswalk-name-mismatch", "calls 7.2 'AI possessing dangerous capabilities'"),
])
def test_a_wrong_mapping_gets_a_located_message_with_the_rule(project, fields, code, words):
    add_mapping(project, **fields)
    found = errors(project)
    assert [d["code"] for d in found] == [code], found
    [problem] = found
    assert problem["file"] == "taxonomy/failure-modes/alpha-failure.yaml" and problem["line"] > 1
    assert problem["path"].startswith("crosswalks[0].")
    assert words in problem["message"]


def test_the_same_id_twice_and_a_kind_the_framework_does_not_map_are_errors(project):
    add_mapping(project)
    path = project.path / "taxonomy/failure-modes/alpha-failure.yaml"
    path.write_text(path.read_text() + MAPPING.format(framework="mit-ai-risk-repository", id="7.1",
                                                      name="AI pursuing its own goals in conflict with human goals or values").split("\n", 2)[2])
    assert [d["code"] for d in errors(project)] == ["crosswalk-duplicate"]
    case = project.path / "taxonomy/examples/case-one.yaml"
    case.write_text(case.read_text() + MAPPING.format(framework="mit-ai-risk-repository", id="7.1",
                                                      name="AI pursuing its own goals in conflict with human goals or values"))
    assert "crosswalk-wrong-kind" in [d["code"] for d in errors(project)]


def test_a_broken_framework_file_is_a_located_error(project):
    (project.path / "schema/frameworks/broken.json").write_text('{"title": "x"}')
    result = project.validate()
    assert result.returncode == 1 and "schema/frameworks/broken.json:1:1" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_crosswalks_page_and_data_show_both_ways_with_gaps(project):
    add_mapping(project)
    assert project.build().returncode == 0
    site = project.path / "site"
    page = BeautifulSoup((site / "crosswalks/index.html").read_text(), "html.parser").find("article")
    section = page.find(id="mit-ai-risk-repository")
    assert section is not None
    tables = section.find_all_next("table", limit=2)
    theirs = {r.find_all("td")[0].text: r.find_all("td")[2].text for r in tables[0].find_all("tr")[1:]}
    assert theirs["7.1"].startswith("Alpha failure") and "narrower than theirs" in theirs["7.1"]
    assert theirs["7.5"] == "gap: no entry maps here"
    ours = {r.find_all("td")[0].text: r.find_all("td")[1].text for r in tables[1].find_all("tr")[1:]}
    assert ours["Beta failure"] == "not mapped" and ours["Alpha failure"].startswith("7.1")
    data = json.loads((site / "crosswalks.json").read_text())
    mit = next(f for f in data["frameworks"] if f["id"] == "mit-ai-risk-repository")
    assert mit["items"][0]["ours"] == [{"id": "alpha-failure", "kind": "failure-mode", "url": "failure-modes/alpha-failure/",
                                        "match": "narrower", "note": "Alpha is one way an AI pursues goals in conflict with ours."}]
    rows = list(csv.DictReader(io.StringIO((site / "csv/crosswalk-mit-ai-risk-repository.csv").read_text("utf-8-sig"))))
    assert [r["their_id"] for r in rows] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert rows[0]["our_id"] == "alpha-failure" and rows[1]["our_id"] == ""
    entry = BeautifulSoup((site / "failure-modes/alpha-failure/index.html").read_text(), "html.parser")
    assert "narrower than theirs" in entry.find(id="crosswalks").find_next("ul").text
    fields = json.loads((site / "taxonomy.json").read_text())["entries"]
    assert next(e for e in fields if e["id"] == "alpha-failure")["fields"]["crosswalks"][0]["id"] == "7.1"


def test_the_crosswalks_page_lists_every_shallow_review_agenda_row_with_ours_or_the_reason():
    import faultlines
    from faultlines.site.crosswalks_page import review_section
    kb = faultlines.load(ROOT / "taxonomy", ROOT / "schema").knowledge_base
    lines = review_section(kb)
    table = kb.review
    import html
    rows = [line for line in lines if line.startswith("| ") and " | " in line]
    theirs = {html.unescape(line.split(" | ")[0][2:]): line for line in rows}
    for name in table.agenda_rows:
        assert name in theirs, name
        assert "](agendas/" in theirs[name] or "**not mapped:**" in theirs[name], theirs[name]
    assert not any("**gap:**" in line for line in rows)  # every row is accounted for
