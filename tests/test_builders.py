"""The builders (/record/estimates/) and `faultlines new estimate --form`: one reading of a written figure in
Python and in the browser, the vendored Ajv agreeing with python-jsonschema, and what the builder makes
validating as it is and appearing, labelled self-reported, in the right cell of /conditionals/."""
from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, FIXTURES, ROOT, Project, run, serve
from faultlines.data.codes import registry
from faultlines.data.stated_figures import read_figure
from faultlines.tools.entry_yaml import dump
from faultlines.tools.estimate_forms import estimate_entry

TABLE = json.loads((FIXTURES / "stated_figures.json").read_text(encoding="utf-8"))
NAMES = {"alpha-failure": "Alpha failure", "beta-failure": "Beta failure", "gamma-failure": "Gamma failure"}


@pytest.mark.parametrize("row", TABLE, ids=[r["input"] or "empty" for r in TABLE])
def test_python_reads_the_table(row):
    r = read_figure(row["input"])
    assert (r.stated_as, r.fields, r.problem, r.code) == (
        row.get("stated_as", row["input"].strip()), row.get("fields", {}), row.get("problem"), row.get("code"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    proj = Project(tmp_path_factory.mktemp("builder") / "project", assets=True)
    result = proj.build()
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(proj.path / "site") as url:
        yield url


def test_browser_reads_the_table_alike(site, browser):
    page = browser.new_page()
    page.goto(site + "/record/estimates/")
    page.wait_for_selector(".fl-builder-form")
    got = page.evaluate("rows => rows.map(r => window.FaultlinesBuilder.readFigure(r.input))", TABLE)
    for row, r in zip(TABLE, got):
        assert (r["stated_as"], r["fields"], r.get("problem"), r.get("code")) == (
            row.get("stated_as", row["input"].strip()), row.get("fields", {}), row.get("problem"), row.get("code")), row
    page.close()


def cli_messages(tmp_path, data: dict) -> list[tuple[str, int, int, str, str]]:
    proj = Project(tmp_path / "cli")
    proj.write(f"taxonomy/estimates/{data['id']}.yaml", dump(data))
    result = proj.validate("--format", "json", "--no-cache")
    return sorted((d["path"], d["line"], d["column"], d["message"], d["code"]) for d in json.loads(result.stdout)
                  if d["severity"] == "error")


def fill(page, who, rows):
    page.fill("input[name=estimator]", who)
    page.fill("input[name=date]", "2026-05-01")
    cells = page.locator(".fl-cell")
    for i, (form, b, a, figure) in enumerate(rows):
        cell = cells.nth(i)
        cell.locator("select[name=form]").select_option(form)
        if b is not None:
            cell.locator("input[name=b]").fill(b)
        if a is not None:
            cell.locator("input[name=a]").fill(a)
        cell.locator("input[name=figure]").fill(figure)
    page.click("button[type=submit]")


GOOD = [("unconditional", "Beta failure", None, "5%"), ("not-an-issue", "beta-failure", "Alpha failure", "1–5%"),
        ("solved", "Beta failure", "gamma-failure", ">10%"), ("progress", None, "Gamma failure", "0.3")]


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_builder_output_validates_and_lands_in_its_cell(site, browser, tmp_path, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site + "/record/estimates/")
    page.wait_for_selector(".fl-builder-form")
    # beside each row, the published figures for its cell (none in this knowledge base: a gap)
    assert " ".join(page.locator(".fl-cell").nth(2).locator(".fl-published").inner_text().split()) == "Published for this cell: none yet"
    fill(page, "Jane Doe", GOOD)
    page.wait_for_selector(".fl-output")
    files = page.evaluate("""() => [...document.querySelectorAll('.fl-output')].map(o =>
        [o.dataset.path, o.querySelector('.fl-output-text').textContent])""")
    assert page.locator(".fl-problem").count() == 0
    assert len(files) == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
    proj = Project(tmp_path / "with-mine")
    for path, text in files:
        proj.write(path, text)
    result = proj.validate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert proj.build().returncode == 0
    soup = BeautifulSoup((proj.path / "site" / "conditionals" / "index.html").read_text(), "html.parser")
    mine = soup.select('.fl-conditionals [data-estimate="jane-doe-beta-failure-if-gamma-failure-solved"]')
    assert mine and mine[0]["data-provenance"] == "self-reported" and "self-reported" in mine[0].text
    row = mine[0].find_parent("tr")
    first = row.find(["th", "td"]).text
    assert "gamma failure is solved" in first
    # Python makes the same file from the same inputs (tools/estimate_forms.py)
    data, _ = estimate_entry("solved", "Jane Doe", "2026-05-01", ">10%", NAMES, "beta-failure", "gamma-failure")
    assert dict(files)[f"taxonomy/estimates/{data['id']}.yaml"] == dump(data)


BAD = [  # (rows, who, the Python form of the same file, or None when the figure cannot be read)
    ([("solved", "Beta failure", "Alpha failure", "120%")], "Jane Doe", ("solved", "beta-failure", "alpha-failure", "120%")),
    ([("solved", "Beta failure", "Alpha failure", "5–1%")], "Jane Doe", ("solved", "beta-failure", "alpha-failure", "5–1%")),
    ([("solved", "Beta failure", "Alpha failure", "5%")], "", ("solved", "beta-failure", "alpha-failure", "5%")),
    ([("solved", "Beta failure", "beta-failure", "5%")], "Jane Doe", ("solved", "beta-failure", "beta-failure", "5%")),
    ([("solved", "Beta failure", "delta-failure", "5%")], "Jane Doe", ("solved", "beta-failure", "delta-failure", "5%")),
    ([("solved", "Beta failure", "Alpha failure", "abc")], "Jane Doe", None),
]


@pytest.mark.parametrize("rows,who,same", BAD, ids=["120%", "reversed", "no-name", "a-is-b", "unknown-fm", "abc"])
def test_bad_inputs_get_the_clis_message_before_any_download(site, browser, tmp_path, rows, who, same):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(site + "/record/estimates/")
    page.wait_for_selector(".fl-builder-form")
    fill(page, who, rows)
    page.wait_for_selector(".fl-problem")
    assert page.locator(".fl-output").count() == 0
    shown = page.evaluate("""() => [...document.querySelectorAll('.fl-problem')].map(li =>
        [li.dataset.path, li.querySelector('.fl-problem-where').textContent, li.querySelector('.fl-problem-message').textContent, li.dataset.code])""")
    assert page.locator("[aria-invalid=true]").count() >= 1  # located to the input
    page.close()
    if same is None:
        data, problems = estimate_entry(same or "solved", who, "2026-05-01", rows[0][3], NAMES, "beta-failure", "alpha-failure")
        assert [(p.message, p.code) for p in problems] == [(m, c) for _, _, m, c in shown]
        return
    form, b, a, figure = same
    data, problems = estimate_entry(form, who, "2026-05-01", figure, NAMES, b, a)
    assert not problems
    expected = cli_messages(tmp_path, data)
    got = sorted((p, int(w.split(":")[1]), int(w.split(":")[2]), m, c) for p, w, m, c in shown)
    assert got == expected


VALIDATOR_CASES = [
    {"value": 0.05}, {"value": 1.5}, {"interval": {"low": 0.1, "high": 0.2}}, {"bound": {"lower": 0.1, "upper": 0.2}},
    {"value": 0.1, "bound": {"lower": 0.1}}, {"value": "5%"}, {"value": 0.1, "colour": "red"},
    {"value": 0.1, "given": [{"condition": "x" * 130}]}, {"value": 0.1, "given": [{"failure_mode": "Bad Id", "state": "solved"}]},
    {"value": 0.1, "outcome": "doom"}, {"value": 0.1, "date": "2026-13"}, {"value": 0.1, "provenance": "published"},
]


# The schema's own rules (the /diagnostics/ page's "Fields and values"): what the vendored Ajv checks in the browser.
SCHEMA_CODES = {c.code for c in registry().codes.values() if c.group == "schema"}


def test_vendored_ajv_agrees_with_python_jsonschema(site, browser, tmp_path):
    base, _ = estimate_entry("solved", "Jane Doe", "2026-05-01", "5%", NAMES, "beta-failure", "alpha-failure")
    entries = []
    for i, change in enumerate(VALIDATOR_CASES):
        data = {k: v for k, v in base.items() if k != "value"}
        data.update(change)
        data["id"] = f"case-{i}"
        entries.append(data)
    page = browser.new_page()
    page.goto(site + "/record/estimates/")
    page.wait_for_selector(".fl-builder-form")
    got = page.evaluate("""async entries => {
        const B = window.FaultlinesBuilder;
        const loaded = await B.load(new URL('/', location.href), ['estimate']);
        return entries.map(d => loaded.checker.check('taxonomy/estimates/' + d.id + '.yaml', 'estimate', d, B.dump(d))
            .map(m => [m.path, m.line, m.column, m.message, m.code]));
    }""", entries)
    page.close()
    for data, browser_says in zip(entries, got):
        proj = Project(tmp_path / data["id"], taxonomy_from=None)
        proj.write(f"taxonomy/estimates/{data['id']}.yaml", dump(data))
        result = proj.validate("--format", "json", "--no-cache")
        python_says = sorted([d["path"], d["line"], d["column"], d["message"], d["code"]]
                             for d in json.loads(result.stdout) if d["code"] in SCHEMA_CODES)
        assert sorted(browser_says) == python_says, data


def test_cli_new_estimate_form(tmp_path):
    proj = Project(tmp_path / "p")
    ok = run([str(BIN / "faultlines"), "new", "estimate", "--form", "not-an-issue", "--scenario", "beta-failure",
              "--given", "alpha-failure", "--value", "1–5%", "--estimator", "Jane Doe", "--date", "2026-05-01"], cwd=proj.path)
    assert ok.returncode == 0, ok.stderr
    assert (proj.path / "taxonomy/estimates/jane-doe-beta-failure-if-alpha-failure-not-an-issue.yaml").is_file()
    assert proj.validate().returncode == 0
    bad = run([str(BIN / "faultlines"), "new", "estimate", "--form", "solved", "--scenario", "beta-failure",
               "--given", "beta-failure", "--value", "5%", "--estimator", "Jane Doe"], cwd=proj.path)
    assert bad.returncode == 1 and "an estimate cannot be conditioned on its own scenario 'beta-failure'" in bad.stdout
    assert not list((proj.path / "taxonomy/estimates").glob("jane-doe-beta-failure-if-beta-failure-solved*"))
    unread = run([str(BIN / "faultlines"), "new", "estimate", "--form", "solved", "--scenario", "beta-failure",
                  "--given", "alpha-failure", "--value", "abc", "--estimator", "Jane Doe"], cwd=proj.path)
    assert unread.returncode == 2 and "[stated-figure-unreadable]" in unread.stderr
