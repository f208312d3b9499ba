"""Estimates as the founding question asks for them, in the built site: charts that cannot mislead, chains,
questions, the conditionals grid and the what-if page's data."""
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

import faultlines
from conftest import FIXTURES, ROOT, Project
from faultlines.data.conditions import condition_phrase

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scenario_site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("scenarios") / "project", taxonomy_from=FIXTURES / "scenarios" / "taxonomy")
    result = project.build()
    assert result.returncode == 0, result.stderr[-5000:]
    return project.path / "site"


def article(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser").find("article")


def charts(site):
    out = {}
    for path in sorted((site / "scenarios").glob("*.svg")):
        out[path.name] = ET.parse(path).getroot()
    assert out
    return out


def rows(root):
    """(panel element, row element) for every drawn estimate."""
    return [(panel, row) for panel in root.iter(f"{SVG}g") if panel.get("class") == "panel"
            for row in panel.iter(f"{SVG}g") if row.get("class") == "row"]


def label(row):
    """The row's label as drawn (its lines joined), without the condition lines under it."""
    return " ".join(t.text for t in row.iter(f"{SVG}text") if (t.get("class") or "") == "label")


def condition_lines(row):
    return " ".join(t.text for t in row.iter(f"{SVG}text") if (t.get("class") or "") == "label cond")


def heading(panel):
    return " ".join(t.text for t in panel.iter(f"{SVG}text") if t.get("class") == "head")


def assert_no_conditional_on_an_unconditional_axis(site, taxonomy):
    """Each conditional row sits in its condition's panel, and its condition is drawn whole under its label."""
    kb = faultlines.load(taxonomy, ROOT / "schema").knowledge_base
    drawn = 0
    for name, root in charts(site).items():
        for panel, row in rows(root):
            est = kb.entries[row.get("data-estimate")]
            drawn += 1
            phrase = condition_phrase(kb, est)
            if est.get("given"):
                assert panel.get("data-conditional") == "1" and panel.get("data-condition") == phrase, (name, est.id)
                assert row.get("data-conditional") == "1" and row.get("data-condition") == phrase
                assert condition_lines(row) == phrase, (name, condition_lines(row))  # whole, never cut short
                assert heading(panel) == phrase[:1].upper() + phrase[1:]
            else:
                assert panel.get("data-conditional") == "0", (name, est.id)
                assert condition_lines(row) == "" and heading(panel) == "Unconditional"
    assert drawn >= 2 * len([e for e in kb.of_kind("estimate")])  # every estimate, in the wide and narrow charts


def test_no_conditional_estimate_sits_on_an_unconditional_axis(scenario_site):
    assert_no_conditional_on_an_unconditional_axis(scenario_site, FIXTURES / "scenarios" / "taxonomy")


def test_carlsmiths_premise_six_is_drawn_under_premises_one_to_five(real_site):
    assert_no_conditional_on_an_unconditional_axis(real_site, ROOT / "taxonomy")
    where = {}
    for name, root in charts(real_site).items():
        if not name.endswith("-narrow.svg"):
            for panel, row in rows(root):
                where.setdefault(row.get("data-estimate"), []).append((name, panel.get("data-condition"), label(row)))
    [(chart, condition, text)] = where["carlsmith-2022-p6-catastrophe"]
    assert condition == "given premises 1–5 and power-seeking occurs"
    assert [c for _, c, _ in where["carlsmith-2022-overall"]] == [""]
    assert all(c == "" for _, c, _ in where["carlsmith-2022-update-may"])


def test_an_open_bound_is_an_arrow_from_the_bound_not_a_bar_to_one_hundred_percent(scenario_site, real_site):
    for site, slug, est, shown in ((scenario_site, "beta-failure--existential-catastrophe", "bound-lower", "> 20%"),
                                   (real_site, "power-seeking--existential-catastrophe", "carlsmith-2022-update-may", "> 10%")):
        root = ET.parse(site / "scenarios" / f"{slug}.svg").getroot()
        row = next(r for _, r in rows(root) if r.get("data-estimate") == est)
        assert row.get("data-shape") == "lower"
        assert [t.text for t in row.iter(f"{SVG}text") if "value" in (t.get("class") or "")] == [shown]
        assert any(line.get("marker-end") for line in row.iter(f"{SVG}line"))
        assert not list(row.iter(f"{SVG}circle"))
        page = article(site, f"scenarios/{slug}")
        assert shown in page.get_text() and "–100%" not in page.get_text()
    headline = article(real_site, "estimates/carlsmith-2022-update-may").find("h2", id="value")
    assert headline.get_text().strip().startswith("> 10%")


def test_axes_fit_the_data(scenario_site, real_site):
    scales = {}
    for site in (scenario_site, real_site):
        for name, root in charts(site).items():
            for panel in (g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"):
                scales[(name, panel.get("data-condition"))] = panel.get("data-scale")
    assert scales[("scheming--scenario-occurs.svg", "")] == "linear"  # 20-25%: no log axis
    assert scales[("_general--human-extinction.svg", "")] == "log"  # 0.01% to 20%: spans decades
    root = ET.parse(scenario_site / "scenarios" / "_general--human-extinction.svg").getroot()
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "muted"]
    assert ticks[0] == "0.01%" and "100%" in ticks  # starts at the smallest figure's decade, not at 0.0001%


def test_chart_rows_are_numbered_named_and_unique_with_their_full_text_in_the_table(scenario_site, real_site):
    root = ET.parse(scenario_site / "scenarios" / "_general--human-extinction.svg").getroot()
    labels = {row.get("data-estimate"): label(row) for _, row in rows(root)}
    assert labels["panel-a-2030"] == "1. Panel A on extinction by 2030"  # the name says the horizon: not twice
    for site in (scenario_site, real_site):
        for name, root in charts(site).items():
            drawn = {row.get("data-estimate"): label(row) for _, row in rows(root)}
            assert len(set(drawn.values())) == len(drawn), (name, drawn)  # unique, however long the names
            table = article(site, f"scenarios/{name.removesuffix('-narrow.svg').removesuffix('.svg')}").find("table")
            numbered = {tr.find_all("td")[1].find("a")["href"].rsplit("/", 2)[-2]: tr.find("td").get_text().strip()
                        for tr in table.find("tbody").find_all("tr")}
            for i, text in drawn.items():  # the chart's number leads to the table row with the whole text
                assert text.startswith(f"{numbered[i]}. "), (name, i, text)


def test_gridlines_lie_under_the_marks_and_open_bounds_stop_clear_of_the_axis_end(scenario_site, real_site):
    for site in (scenario_site, real_site):
        for name, root in charts(site).items():
            for panel in (g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"):
                children = list(panel)
                first_grid = next(i for i, c in enumerate(children) if c.get("class") == "grid" or
                                  any(x.get("class") == "grid" for x in c.iter(f"{SVG}line")))
                first_row = next(i for i, c in enumerate(children) if c.get("class") == "row")
                assert first_grid < first_row, name  # drawn first: a dot covers the line, not the other way
                grid_x = sorted(float(line.get("x1")) for line in panel.iter(f"{SVG}line") if line.get("class") == "grid")
                for row in (c for c in children if c.get("class") == "row" and c.get("data-shape") in ("lower", "upper")):
                    arrow = next(line for line in row.iter(f"{SVG}line") if line.get("marker-end"))
                    end, start = float(arrow.get("x2")), float(arrow.get("x1"))
                    assert grid_x[0] + 6 <= end <= grid_x[-1] - 6, (name, row.get("data-estimate"), end)
                    assert abs(end - start) >= 40, (name, row.get("data-estimate"))  # visibly an arrow
    root = ET.parse(real_site / "scenarios" / "deceptive-alignment--scenario-occurs.svg").getroot()
    [(panel, row)] = rows(root)
    assert panel.get("data-scale") == "log" and row.get("data-shape") == "upper"  # '< 1%' has a decade to point into


def test_charts_stay_legible_on_a_phone(scenario_site):
    for name, root in charts(scenario_site).items():
        width = float(root.get("viewBox").split()[2])
        sizes = [float(t.get("font-size", root.get("font-size"))) for t in root.iter(f"{SVG}text")]
        if name.endswith("-narrow.svg"):
            # shown at most at its own width, and a 390 px screen leaves 358 px: text scales by 358/360
            assert width == 360 and min(sizes) * 358 / width >= 11, name
        style = root.find(f"{SVG}style").text
        assert "prefers-color-scheme: dark" in style and ".bg{" in style  # its own background in light and dark
    page = article(scenario_site, "scenarios/beta-failure--existential-catastrophe")
    images = [img["src"] for img in page.find_all("img")]
    assert images == ["../beta-failure--existential-catastrophe.svg", "../beta-failure--existential-catastrophe-narrow.svg"]


def test_an_estimate_page_shows_its_chain_with_the_running_product(scenario_site):
    page = article(scenario_site, "estimates/chain-overall")
    chain = page.find("h2", id="chain")
    assert chain is not None
    text = " ".join(chain.find_next("p").get_text().split())
    assert "Recomputed: 10%" in text and "stated: 10%" in text
    table = chain.find_next("table")
    cells = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert [c[0] for c in cells] == ["1", "2", "3"]
    assert [c[2] for c in cells] == ["50%", "40% given premise 1", "50% given premises 1–2"]
    assert [c[3] for c in cells] == ["50%", "20%", "10%"]
    premise = article(scenario_site, "estimates/chain-p2")
    assert "Premise 2 of the chain behind Chain overall" in " ".join(premise.get_text().split())


def test_the_real_carlsmith_chain(real_site):
    page = article(real_site, "estimates/carlsmith-2022-overall")
    text = " ".join(page.find("h2", id="chain").find_next("p").get_text().split())
    assert "Recomputed: 5.138%" in text and "stated: 5%" in text
    tds = page.find("h2", id="chain").find_next("table").find("tbody").find_all("tr")[-1].find_all("td")
    assert " ".join(tds[2].get_text().split()) == "95% given premises 1–5 and power-seeking occurs"
    assert tds[3].get_text().strip() == "5.138%"


def test_question_pages_show_members_side_by_side(scenario_site, real_site):
    page = article(scenario_site, "questions/fixture-extinction-2100")
    heads = [th.get_text().strip() for th in page.find("table").find("thead").find_all("th")]
    assert heads == ["", "Panel A, 2022-06 to 2022-10", "Panel B, 2022-06 to 2022-10"]
    body = {tr.find_all("td")[0].get_text().strip(): [td.get_text().strip() for td in tr.find_all("td")[1:]]
            for tr in page.find("table").find("tbody").find_all("tr")}
    assert body["Probability"] == ["1%", "20%"] and body["Elicited"] == ["2022-06 to 2022-10"] * 2
    assert body["Published"] == ["2023-07"] * 2
    xpt = article(real_site, "questions/xpt-2022-ai-catastrophe-2100")
    heads = [th.get_text().strip() for th in xpt.find("table").find("thead").find_all("th")]
    assert heads == ["", "XPT AI domain experts, 2022-06 to 2022-10", "XPT superforecasters, 2022-06 to 2022-10"]
    estimate = article(real_site, "estimates/xpt-2022-experts-ai-catastrophe-2100")
    assert "Elicited: 2022-06 to 2022-10" in " ".join(estimate.get_text().split())


def test_conditionals_grid_rows_columns_and_gaps(scenario_site):
    page = article(scenario_site, "conditionals")
    table = page.find("table")
    columns = [" ".join(th.get_text().split()) for th in table.find("thead").find_all("th")][1:]
    assert columns == ["Beta failure leads to existential catastrophe", "AI-powered alignment progress before doom"]
    grid = {" ".join(tr.find("td").find("strong").get_text().split()): tr.find_all("td")[1:]
            for tr in table.find("tbody").find_all("tr")}
    assert list(grid) == ["If alpha failure is not an issue by default", "Given alpha failure is solved",
                          "If gamma failure is not an issue by default", "Given gamma failure is solved"]
    fine = grid["If alpha failure is not an issue by default"][0]
    assert fine.find("a")["href"].endswith("estimates/cond-beta-alpha-fine/")
    assert "30% if alpha failure is not an issue by default" in " ".join(fine.get_text().split())
    assert grid["Given alpha failure is solved"][0].find(class_="fl-gap") is not None  # a gap worth forecasting
    solved = grid["Given gamma failure is solved"]
    # estimate-two is also conditional on another estimate: not P(beta | gamma solved), so not in a cell
    assert {a["href"].rsplit("/", 2)[-2] for td in solved for a in td.find_all("a")} == {"cond-progress-gamma-solved"}
    also = " ".join(page.find("h2", id="premises").find_next("ul").get_text().split())
    assert "1%–10% given that Doe on beta, 2020 holds and gamma failure is solved" in also
    text = " ".join(page.get_text().split())
    assert "6 of 8 cells are gaps" in text
    assert "Not answered by any publication in the knowledge base: P(… given alpha failure is solved); " \
           "P(… if gamma failure is not an issue by default)." in text
    wording = page.find("h2", id="wording").find_next("ul").get_text()
    assert "Meaningful AI-powered alignment progress is possible before doom if gamma is solved." in wording


def test_what_if_data_is_small_and_made_for_the_page(scenario_site, real_site):
    data = json.loads((scenario_site / "what-if.json").read_text())
    assert set(data) == {"states", "failure_modes", "conditionals", "agendas", "chains"}
    chain = data["chains"][0]
    assert chain["id"] == "chain-overall" and chain["published"] == "10%"
    assert [(p["id"], p["value"], p["condition"]) for p in chain["premises"]] == [
        ("chain-p1", 0.5, ""), ("chain-p2", 0.4, "given premise 1"), ("chain-p3", 0.5, "given premises 1–2")]
    # what each premise depends on: the last is a step by which beta leads to catastrophe
    assert [(p["arises"], p["through"], p["given"]) for p in chain["premises"]] == [
        ([], [], []), ([], [], []), ([], ["beta-failure"], [])]
    conditions = {c["id"]: c["conditions"] for c in data["conditionals"]}
    assert conditions["cond-progress-gamma-solved"] == [["gamma-failure", "solved"]]
    # the whole condition, failure modes included, goes next to every figure
    assert {c["id"]: c["condition"] for c in data["conditionals"]}["estimate-two"] == "given that Doe on beta, 2020 holds and gamma failure is solved"
    # each selector says what depends on it
    depends = {f["id"]: (f["estimates"], f["chains"], f["agendas"]) for f in data["failure_modes"]}
    assert depends == {"alpha-failure": (1, 0, 1), "beta-failure": (0, 1, 2), "gamma-failure": (2, 0, 1)}
    assert {a["id"]: a["addresses"] for a in data["agendas"]}["agenda-three"] == [["gamma-failure", 3]]
    real = (real_site / "what-if.json").stat().st_size
    assert real < (real_site / "taxonomy.json").stat().st_size / 20
    real_data = json.loads((real_site / "what-if.json").read_text())
    carlsmith = real_data["chains"][0]
    assert carlsmith["id"] == "carlsmith-2022-overall"
    # premise 4 is power-seeking arising; premises 5 and 6 are steps by which it leads to catastrophe
    assert [(p["arises"], p["through"]) for p in carlsmith["premises"]] == [
        ([], []), ([], []), ([], []), (["power-seeking"], []), ([], ["power-seeking"]), ([], ["power-seeking"])]
    power_seeking = next(f for f in real_data["failure_modes"] if f["id"] == "power-seeking")
    assert (power_seeking["estimates"], power_seeking["chains"]) == (4, 1)


def test_what_if_without_javascript_lists_the_chains_and_published_values(scenario_site):
    html = (scenario_site / "what-if" / "index.html").read_text()
    assert re.search(r'</article><script src="\.\./javascripts/what-if\.js"></script>', html)
    page = article(scenario_site, "what-if")
    static = page.find(class_="fl-static")
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in static.find("tbody").find_all("tr")]
    assert [r[2:] for r in rows] == [["50%", "50%"], ["40% given premise 1", "20%"], ["50% given premises 1–2", "10%"]]
    # each published figure is marked, with its condition inside the mark (site/figures.py)
    marked = [(m["data-estimate"], m["data-conditional"], " ".join(m.get_text().split()))
              for m in static.select(".fl-figure[data-conditional]")]
    assert marked == [("chain-overall", "false", "10%"), ("chain-p1", "false", "50%"),
                      ("chain-p2", "true", "40% given premise 1"), ("chain-p3", "true", "50% given premises 1–2")]
    # the four marks are defined on the page itself
    states = page.find(id="states").find_next("ul").get_text(" ")
    assert all(w in states for w in ("not an issue by default", "solved", "unsolved", "unknown", "given it occurs, not that it is solved"))
    assert "Published: 10%" in static.get_text()
    # the script is on its own page only
    assert "what-if.js" not in (scenario_site / "conditionals" / "index.html").read_text()
    assert "estimates.js" in (scenario_site / "estimates" / "index.html").read_text()


def test_estimates_index_rows_carry_their_data(scenario_site):
    page = article(scenario_site, "estimates")
    markers = {m.find_parent("tr").find("a")["href"].rsplit("/", 2)[-2]: m for m in page.select(".fl-estimates span.fl-row")}
    assert markers["bound-lower"]["data-value"] == "0.2" and markers["bound-lower"]["data-scenario"] == "beta-failure"
    assert markers["panel-a-2100"]["data-year"] == "2022" and markers["panel-a-2100"]["data-outcome"] == "human-extinction"
    assert markers["cond-beta-alpha-fine"]["data-conditional"] == "1"
    probability = {k: " ".join(m.find_parent("tr").find_all("td")[1].get_text().split()) for k, m in markers.items()}
    assert probability["bound-lower"] == "> 20%"
    assert probability["estimate-two"] == "1%–10% given that Doe on beta, 2020 holds and gamma failure is solved"
