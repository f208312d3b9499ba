"""Who works on what: the Shallow Review crosswalk, FTE figures read as ranges, organisations, and the pages that
show them (failure-mode pages, organisation pages and index, priorities, matrix, exports)."""
import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from faultlines.data.effort import FteRange, parse_fte
from faultlines.data.pipeline import load
from faultlines.data.review_rules import ReviewTable


def page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_fte_parser_reads_every_form_in_the_review_table():
    table = ReviewTable.read(ROOT / "schema")
    figures = [r["estimated_ftes"] for r in table.rows.values() if r.get("estimated_ftes")]
    assert len(figures) > 50
    assert {"10-50", "100+", "5 - 10", "30"} <= set(figures)
    for figure in figures:
        assert parse_fte(figure) is not None, figure
    assert parse_fte("10-50") == FteRange(10, 50)
    assert parse_fte("5 - 10") == FteRange(5, 10)
    assert parse_fte("100+") == FteRange(100, None) and parse_fte("100+").text() == "100+"
    assert parse_fte("30") == FteRange(30, 30) and parse_fte("30").text() == "30"
    for bad in ("lots", "", "10-", "50-10", "~30", "10 to 50"):
        assert parse_fte(bad) is None, bad


def test_every_agenda_row_of_the_review_is_mapped_or_has_its_reason():
    table = ReviewTable.read(ROOT / "schema")
    assert len(table.rows) == 79 and len(table.agenda_rows) == 74
    result = load(ROOT / "taxonomy", ROOT / "schema", cache=False)
    assert result.ok, [d.text() for d in result.diagnostics if d.is_error][:5]
    claimed = {}
    for doc in result.documents:
        if doc.kind.name == "agenda":
            for row in doc.data.get("shallow_review", []):
                claimed.setdefault(row["agenda"], []).append(doc.id)
    missing = [n for n in table.agenda_rows if n not in claimed and n not in table.not_mapped]
    assert missing == []
    agendas = {doc.id for doc in result.documents if doc.kind.name == "agenda"}
    for name, item in table.not_mapped.items():
        assert item["reason"].strip(), name
        assert name not in claimed, name
        assert set(item["spread_over"]) <= agendas, name
    assert all(len(ids) == 1 for ids in claimed.values())


def test_bad_review_name_fte_and_organisation_get_located_messages_with_suggestions(project):
    project.write("taxonomy/agendas/agenda-one.yaml", """
        id: agenda-one
        name: Agenda one
        summary: A fixture agenda.
        theory_of_change: If it works, alpha and beta get easier.
        organisations: [Deepmind]
        shallow_review:
          - agenda: AI scheming eval
            estimated_ftes: '30-60'
          - agenda: Control
            estimated_ftes: lots
        addresses:
          - failure_mode: beta-failure
            relevance: high
            rationale: Its main aim.
        sources: [doe-2020-fixture]
        """)
    project.write("taxonomy/organisations/google-deepmind.yaml", """
        id: google-deepmind
        name: Google DeepMind
        aliases: [DeepMind, GDM]
        summary: A lab.
        """)
    result = project.validate("--format", "json", "--no-cache")
    assert result.returncode != 0
    found = {(d["path"], d["code"]): d for d in json.loads(result.stdout)}
    name = found[("shallow_review[0].agenda", "review-agenda-unknown")]
    assert (name["file"], name["line"], name["column"]) == ("taxonomy/agendas/agenda-one.yaml", 7, 5)
    assert "did you mean 'AI scheming evals'?" in name["message"]
    fte = found[("shallow_review[1].estimated_ftes", "fte-unreadable")]
    assert fte["line"] == 10 and "'lots' is not an FTE estimate" in fte["message"] and "'5-50'" in fte["message"]
    org = [d for (path, _), d in found.items() if path == "organisations[0]" and "google-deepmind" in d["message"]]
    assert org and org[0]["line"] == 5 and "write 'google-deepmind'" in org[0]["message"]
    assert ("shallow_review", "review-note-missing") in found  # two rows, no reason given
    text = project.validate("--no-cache").stdout
    assert "taxonomy/agendas/agenda-one.yaml:7:5: error: shallow_review[0].agenda:" in text


def test_fte_must_be_as_the_review_states_it(project):
    path = "taxonomy/agendas/agenda-two.yaml"
    text = (project.path / path).read_text().replace("  - agenda: Debate\n", "  - agenda: Debate\n    estimated_ftes: '10'\n")
    (project.path / path).write_text(text)
    one = "taxonomy/agendas/agenda-one.yaml"
    (project.path / one).write_text((project.path / one).read_text().replace("'5-50'", "'5 - 50'"))
    found = {d["code"]: d for d in json.loads(project.validate("--format", "json", "--no-cache").stdout)}
    assert "no FTE estimate for 'Debate'" in found["fte-not-in-review"]["message"]
    assert "'5-50'" in found["fte-differs-from-review"]["message"]


def test_failure_mode_page_lists_agendas_organisations_and_effort_range(mini_site):
    beta = page(mini_site, "failure-modes/beta-failure")
    section = beta.find(id="agendas")
    summary = section.find_next_sibling("p", class_="fl-effort")
    # agenda one (high, 5-50 in full) + agenda two (medium, no estimate: not counted)
    assert "about 5–50 full-time equivalents" in summary.text and "1 of them has no FTE estimate" in summary.text
    assert "Evidence:" in summary.text and "How worried people are:" in summary.text
    assert summary.find("a", string=lambda s: s and "published estimate" in s)["href"].endswith("#estimates")
    note = section.find_next_sibling("div", class_="admonition")
    assert "counted in full for a high-relevance agenda, at 0.5 for a medium one" in note.text and "overlap" in note.text
    first = section.find_next_sibling("ul").find("li")
    assert "5–50 FTEs" in first.text
    assert first.find("a", string="Lab One")["href"] == "../../organisations/lab-one/"
    orgs = section.find_next_sibling("p", class_="fl-organisations")
    assert [a.text for a in orgs.find_all("a")] == ["Institute Two", "Lab One"]


def test_organisation_pages_and_index(mini_site):
    index = page(mini_site, "organisations")
    rows = index.find("table").find("tbody").find_all("tr")
    named = {a.text for r in rows for a in r.find_all("a")}
    assert {"Lab One", "Institute Two", "Agenda one", "Agenda two"} <= named
    lab = page(mini_site, "organisations/lab-one")
    agendas = [tr.find("a").text for tr in lab.find(id="agendas").find_next_sibling("table").find("tbody").find_all("tr")]
    assert agendas == ["Agenda one", "Agenda two"]
    works = [li.find("a").text for li in lab.find(id="failure-modes").find_next_sibling("ul").find_all("li")]
    assert works == ["Beta failure", "Alpha failure"]  # high (through agenda one) before low
    agenda = page(mini_site, "agendas/agenda-two")
    facts = agenda.find("article").get_text(" ", strip=True)
    assert "The Shallow Review 2025 gives no FTE estimate ('Debate': no estimate)" in facts


def test_priorities_page_static_table_has_gaps_first(mini_site):
    soup = page(mini_site, "priorities")
    rows = soup.find("table", class_="fl-priorities").find("tbody").find_all("tr")
    assert [r["data-id"] for r in rows][0] == "gamma-failure"  # no agenda: a gap, first
    assert rows[0]["data-status"] == "gap"
    beta = next(r for r in rows if r["data-id"] == "beta-failure")
    assert beta.find(class_="fl-effort-range").text == "5–50" and beta["data-h"] == "5:50" and beta["data-nm"] == "1"
    assert "never a single score" not in soup.text and "Not a single score" in soup.text
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.endswith("javascripts/priorities.js") for s in scripts)
    other = page(mini_site, "failure-modes/beta-failure")
    assert not any(s.get("src", "").endswith("priorities.js") for s in other.find_all("script"))


def test_matrix_and_exports_carry_fte_ranges_and_organisations(mini_site):
    matrix = page(mini_site, "matrix")
    row = matrix.find("tr", class_="fl-fte-row")
    assert [td.text for td in row.find_all("td")][:2] == ["5–50", "—"]
    data = json.loads((mini_site / "taxonomy.json").read_text())
    by_id = {e["id"]: e for e in data["entries"]}
    assert by_id["agenda-one"]["effort"]["fte"] == {"low": 5, "high": 50}
    assert by_id["agenda-two"]["effort"]["fte"] is None
    assert by_id["beta-failure"]["effort"]["fte"] == {"low": 5, "high": 50}
    assert by_id["lab-one"]["agendas"] == ["agenda-one", "agenda-two"]
    api = json.loads((mini_site / "api" / "agenda-one.json").read_text())
    assert api["fields"]["organisations"] == ["lab-one"]
    rows = list(csv.DictReader(io.StringIO((mini_site / "csv" / "agendas-failure-modes.csv").read_text(encoding="utf-8-sig"))))
    one = next(r for r in rows if r["agenda"] == "agenda-one")
    assert (one["agenda_fte_low"], one["agenda_fte_high"], one["agenda_fte_as_stated"], one["agenda_organisations"]) == (
        "5", "50", "Control: 5-50", "lab-one")
    assert (mini_site / "schema" / "shallow-review-2025.json").is_file()
