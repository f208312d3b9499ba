"""Evaluations: the schema and rules on bad input (located, coded, all in one run), the "How would we know"
section of a failure-mode page with and without evaluations, the detection matrix and the exports, in real
`faultlines validate` and `mkdocs build --strict` runs."""
import csv
import io
import json
import re
from html import unescape

import pytest
import yaml

from conftest import ROOT

GOOD = """
    id: test-eval
    name: Test evaluation
    summary: A fixture evaluation.
    measures: Puts the model through [[alpha-failure]] tasks and counts the runs that show it.
    method: [behavioural, chain-of-thought-reading]
    published: "2024-12"
    built_by: [Fixture Lab]
    agendas: [agenda-one]
    examples: [case-one]
    looks_for:
      - failure_mode: alpha-failure
        directness: high
        rationale: A positive result is the failure itself.
        basis:
          - source: doe-2020-fixture
            quote: "we test alpha"
            locator: abstract
      - failure_mode: beta-failure
        directness: low
        rationale: A precursor only.
        editors_judgement: true
    defeated_by:
      - failure_mode: gamma-failure
        note: Gamma hides it.
      - note: The tasks leak into training data.
    assumes:
      - The model does not know it is tested.
    results:
      - system: model-a
        condition: default
        occurred: 3
        runs: 10
        source: doe-2020-fixture
        locator: table 1
        date: "2024-12-05"
      - system: model-b
        condition: nudged
        score: 23.5
        scale: {min: 0, max: 100, unit: "% of samples (higher is worse)"}
        source: doe-2020-fixture
        locator: figure 2
        date: "2025-01"
    sources: [doe-2020-fixture]
"""

BAD = """
    id: bad-eval
    name: Bad evaluation
    summary: Wrong in every way a result can be.
    measures: Counts.
    method: [behavioural]
    published: "2024"
    looks_for:
      - failure_mode: no-such-failure
        directness: high
        rationale: Looks for a failure mode that does not exist.
        editors_judgement: true
      - failure_mode: alpha-failure
        directness: medium
        rationale: Graded with no basis.
      - failure_mode: beta-failure
        directness: low
        rationale: Graded with both.
        editors_judgement: true
        basis:
          - {source: doe-2020-fixture, quote: "beta", locator: p. 2}
    results:
      - system: model-a
        condition: more occurrences than runs
        occurred: 12
        runs: 10
        source: doe-2020-fixture
        locator: table 1
        date: "2024"
      - system: model-b
        condition: a score outside its scale
        score: 140
        scale: {min: 0, max: 100, unit: "%"}
        source: doe-2020-fixture
        locator: table 2
        date: "2024"
      - system: model-c
        condition: no source
        occurred: 1
        runs: 2
        locator: table 3
        date: "2024"
      - system: model-d
        condition: no date
        occurred: 1
        runs: 2
        source: doe-2020-fixture
        locator: table 4
      - system: model-e
        condition: both forms
        occurred: 1
        runs: 2
        score: 3
        scale: {min: 0, max: 10, unit: points}
        source: doe-2020-fixture
        locator: table 5
        date: "2024"
      - system: model-f
        condition: no figure
        source: doe-2020-fixture
        locator: table 6
        date: "2024"
      - system: model-g
        condition: an empty scale
        score: 3
        scale: {min: 5, max: 5, unit: points}
        source: doe-2020-fixture
        locator: table 7
        date: "2024"
    sources: [doe-2020-fixture]
"""


def _diagnostics(result) -> list[dict]:
    assert "Traceback" not in result.stdout + result.stderr
    return json.loads(result.stdout)


def _find(diags, path, code):
    found = [d for d in diags if d["path"] == path and d["code"] == code]
    assert found, f"no {code} at {path}; got {[(d['path'], d['code'], d['message']) for d in diags]}"
    return found[0]


def test_a_good_evaluation_validates(project):
    project.write("taxonomy/evaluations/test-eval.yaml", GOOD)
    result = project.validate()
    assert result.returncode == 0, result.stdout
    assert "ok: 15 entries valid" in result.stderr  # the fixture's 14 entries and this one


def test_bad_evaluation_gets_every_error_located_and_coded_in_one_run(project):
    path = project.write("taxonomy/evaluations/bad-eval.yaml", BAD)
    text = path.read_text().splitlines()
    result = project.validate("--format", "json")
    assert result.returncode == 1
    diags = [d for d in _diagnostics(result) if d["file"] == "taxonomy/evaluations/bad-eval.yaml"]

    def line_of(fragment, after=0):
        return next(i for i, l in enumerate(text, 1) if i > after and fragment in l)

    unknown = _find(diags, "looks_for[0].failure_mode", "unknown-reference")
    assert "unknown failure-mode id 'no-such-failure'" in unknown["message"]
    assert unknown["line"] == line_of("no-such-failure")
    assert "no basis" in _find(diags, "looks_for[1]", "basis-missing")["message"]
    assert _find(diags, "looks_for[2].editors_judgement", "basis-conflict")["line"] == line_of("editors_judgement", line_of("Graded with both"))
    over = _find(diags, "results[0].occurred", "result-occurred-exceeds-runs")
    assert "occurred (12) is more than runs (10)" in over["message"] and over["line"] == line_of("occurred: 12")
    outside = _find(diags, "results[1].score", "evaluation-score-out-of-scale")
    assert "score 140 is outside its scale (0 to 100" in outside["message"] and outside["line"] == line_of("score: 140")
    assert "missing required field 'source'" in _find(diags, "results[2]", "required-field")["message"]
    assert "missing required field 'date'" in _find(diags, "results[3]", "required-field")["message"]
    assert "not both" in _find(diags, "results[4].score", "evaluation-result-form-conflict")["message"]
    assert "needs a figure" in _find(diags, "results[5]", "evaluation-result-figure-missing")["message"]
    assert "must be more than its min (5)" in _find(diags, "results[6].scale.max", "evaluation-scale-empty")["message"]
    assert all(d["line"] > 1 for d in diags)  # every one points into the file, not at its top


def test_a_grade_repeated_and_a_result_counted_twice_are_refused(project):
    example = yaml.safe_load((project.path / "taxonomy/examples/case-one.yaml").read_text())
    example["results"] = [{"system": "model-a", "condition": "default", "occurred": 3, "runs": 10,
                           "source": "doe-2020-fixture"}]
    (project.path / "taxonomy/examples/case-one.yaml").write_text(yaml.safe_dump(example, sort_keys=False))
    text = GOOD.replace("      - failure_mode: beta-failure\n        directness: low",
                        "      - failure_mode: alpha-failure\n        directness: low")
    project.write("taxonomy/evaluations/test-eval.yaml", text)
    diags = _diagnostics(project.validate("--format", "json"))
    assert "repeats the detection at looks_for[0]" in _find(diags, "looks_for[1]", "evaluation-detection-repeated")["message"]
    assert "already counted in the example 'case-one'" in _find(diags, "results[0]", "evaluation-result-counted-in-example")["message"]


def _article(site, page) -> str:
    html = (site / page / "index.html").read_text()
    return html[html.index("<article"):html.index("</article>")]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start:end if end > 0 else None]


def test_without_any_evaluation_every_failure_mode_says_so(mini_site):
    for fm in ("alpha-failure", "beta-failure", "gamma-failure"):
        section = _text(_section(_article(mini_site, f"failure-modes/{fm}"), "how-would-we-know"))
        assert "No published evaluation looks for this" in section, fm
    gaps = _text(_section(_article(mini_site, "detection"), "gaps"))
    assert "3 of 3 failure modes" in gaps


@pytest.fixture(scope="module")
def eval_site(tmp_path_factory):
    from conftest import Project
    proj = Project(tmp_path_factory.mktemp("evals") / "project")
    proj.write("taxonomy/evaluations/test-eval.yaml", GOOD)
    example = yaml.safe_load((proj.path / "taxonomy/examples/case-one.yaml").read_text())
    example["results"] = [{"system": "model-c", "condition": "from the example", "occurred": 1, "runs": 4,
                           "source": "doe-2020-fixture"}]
    (proj.path / "taxonomy/examples/case-one.yaml").write_text(yaml.safe_dump(example, sort_keys=False))
    result = proj.build()
    assert result.returncode == 0, result.stderr[-3000:]
    return proj.path / "site"


def test_failure_mode_page_ranks_the_evaluations_with_latest_results_and_defeaters(eval_site):
    alpha = _section(_article(eval_site, "failure-modes/alpha-failure"), "how-would-we-know")
    text = _text(alpha)
    assert 'href="../../evaluations/test-eval/"' in alpha
    assert "High : Test evaluation (behavioural, chain-of-thought reading)" in text
    # the newest result in one line: system, figure, condition, date; then how many more there are
    assert "Latest results: model-b, 23.5%, nudged (2025-01) · 2 more" in text
    assert "Defeated by: Gamma failure , and 1 other way" in text
    beta = _text(_section(_article(eval_site, "failure-modes/beta-failure"), "how-would-we-know"))
    assert "Low : Test evaluation" in beta and "(editors' judgement)" in beta
    gamma = _text(_section(_article(eval_site, "failure-modes/gamma-failure"), "how-would-we-know"))
    assert "No published evaluation looks for this" in gamma and "Test evaluation" not in gamma


def test_evaluation_page_shows_what_it_catches_measures_found_assumes_and_what_defeats_it(eval_site):
    page = _article(eval_site, "evaluations/test-eval")
    looks = _text(_section(page, "looks-for"))
    assert looks.index("Alpha failure") < looks.index("Beta failure")  # most direct first
    assert "Basis: “we test alpha” ( Doe 2020 , abstract)" in looks
    rows = re.findall(r"<tr>(.*?)</tr>", _section(page, "results"), re.S)[1:]
    cells = [[_text(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in rows]
    assert [c[0] for c in cells] == ["model-b", "model-a", "model-c"]  # newest first
    assert cells[1][2] == "3 of 10 runs (30%)" and cells[1][3] == "2024-12-05" and cells[1][4] == "Doe 2020 , table 1"
    assert cells[0][2] == "23.5 on 0–100: % of samples (higher is worse)"
    assert "counted in Case one" in cells[2][4] and cells[2][3] == "2020"  # an example's result, dated by its source
    assert "results.js" in (eval_site / "evaluations/test-eval/index.html").read_text()
    assert "The model does not know it is tested." in _text(_section(page, "assumes"))
    assert "Gamma failure : Gamma hides it." in _text(_section(page, "defeated-by"))
    assert 'href="../../examples/case-one/"' in _section(page, "examples")
    assert 'href="../../agendas/agenda-one/"' in page


def test_the_agenda_and_the_example_name_the_evaluation_back(eval_site):
    agenda = _text(_section(_article(eval_site, "agendas/agenda-one"), "evaluations"))
    assert "Evaluations from this agenda" in agenda and "Test evaluation" in agenda
    example = _section(_article(eval_site, "examples/case-one"), "evaluations")
    assert "Runs of this evaluation produced this case" in _text(example) and "../../evaluations/test-eval/" in example
    assert 'id="evaluations"' not in _article(eval_site, "examples/case-two")  # named by no evaluation's examples


def test_detection_matrix_cells_equal_the_yaml_in_both_orientations(eval_site):
    data = yaml.safe_load(GOOD.replace("\n    ", "\n"))
    want = {(d["failure_mode"], "test-eval"): d["directness"][0].upper() for d in data["looks_for"]}
    for page, fm_rows in (("detection", True), ("detection-by-evaluation", False)):
        html = _article(eval_site, page)
        table = html[html.index("<table"):html.index("</table>")]
        cols = re.findall(r'<th class="fl-col"[^>]*data-id="([^"]+)"', table)
        got = {}
        for row_id, cells in re.findall(r'<tr[^>]*data-id="([^"]+)"[^>]*>.*?</th>(.*?)</tr>', table, re.S):
            for col, cell in zip(cols, re.findall(r"<td[^>]*>(.*?)</td>", cells)):
                if cell in "HML" and cell:
                    got[(row_id, col) if fm_rows else (col, row_id)] = cell
        assert got == want, page
        assert 'data-other="evaluations"' in table and 'data-grade="directness"' in table
    gaps = _text(_section(_article(eval_site, "detection"), "gaps"))
    assert "1 of 3 failure modes" in gaps and "Gamma failure" in gaps


def test_exports_carry_evaluations_and_one_csv_row_per_result(eval_site):
    data = json.loads((eval_site / "taxonomy.json").read_text())
    assert data["counts"]["evaluation"] == 1
    entry = next(e for e in data["entries"] if e["id"] == "test-eval")
    assert entry["kind"] == "evaluation" and entry["fields"]["looks_for"][0]["failure_mode"] == "alpha-failure"
    assert [(r["system"], r["date"], r["example"]) for r in entry["results"]] == [
        ("model-b", "2025-01", None), ("model-a", "2024-12-05", None), ("model-c", "2020", "case-one")]
    api = json.loads((eval_site / "api" / "test-eval.json").read_text())
    assert api["results"] == entry["results"] and api["schema_version"] == data["schema_version"]
    rows = list(csv.DictReader(io.StringIO((eval_site / "csv/evaluation-results.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["evaluation"], r["system"], r["condition"]) for r in rows] == [
        ("test-eval", "model-b", "nudged"), ("test-eval", "model-a", "default"), ("test-eval", "model-c", "from the example")]
    assert rows[0]["score"] == "23.5" and rows[0]["scale_max"] == "100" and rows[1]["occurred"] == "3" and rows[1]["runs"] == "10"
    assert rows[2]["counted_in_example"] == "case-one" and rows[1]["locator"] == "table 1"
    grades = list(csv.DictReader(io.StringIO((eval_site / "csv/evaluations-failure-modes.csv").read_text(encoding="utf-8-sig"))))
    assert [(g["failure_mode"], g["directness"], g["editors_judgement"]) for g in grades] == [
        ("alpha-failure", "high", "false"), ("beta-failure", "low", "true")]


def test_the_real_knowledge_base_lists_failure_modes_no_evaluation_looks_for(real_site):
    """The gaps are a finding: the real detection matrix names them, and each such page says so."""
    page = _article(real_site, "detection")
    gap_links = re.findall(r'href="\.\./failure-modes/([^/"]+)/"', _section(page, "gaps"))
    evaluated = set()
    for f in (ROOT / "taxonomy" / "evaluations").glob("*.yaml"):
        evaluated |= {d["failure_mode"] for d in yaml.safe_load(f.read_text())["looks_for"]}
    all_fms = {f.stem for f in (ROOT / "taxonomy" / "failure-modes").glob("*.yaml")}
    assert set(gap_links) == all_fms - evaluated
    for fm in gap_links:
        assert "No published evaluation looks for this" in _text(_section(_article(real_site, f"failure-modes/{fm}"), "how-would-we-know"))
