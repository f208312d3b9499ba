"""The detection matrix (failure modes × evaluations) and an evaluation's results table, as a reader uses them in
headless Chromium at a desktop's (1440 px) and a phone's (390 px) width. The matrix is drawn by the same code and
script as the agenda matrix (tests/test_browser_matrix.py holds the keyboard and contrast checks for both)."""
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import Project, serve
from test_browser_legibility import MIN_FONT_PX
from test_browser_matrix import DESKTOP, GRID, MEASURE, PHONE
from test_evaluations import GOOD

pytestmark = pytest.mark.browser
DETECTION = ("/detection/", "/detection-by-evaluation/")
OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(url, viewport=DESKTOP, ready="table.fl-heatmap[data-ready]"):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
        pg.goto(url)
        pg.wait_for_selector(ready, state="attached")
        return pg

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", DETECTION)
def test_at_1440_px_the_page_does_not_overflow_and_the_controls_speak_of_directness(server, open_page, path):
    pg = open_page(server + path)
    scroll, client = pg.evaluate(OVERFLOW)
    assert scroll <= client, (scroll, client)  # the grid may scroll inside its frame; the page does not
    box = pg.evaluate(MEASURE)
    assert box["firstCol"] >= box["sticky"] - 1
    assert box["caption"].startswith("How directly each of") and "evaluations" in box["caption"]
    assert pg.inner_text("label.fl-filter:has(select[name=min])").startswith("Directness at least")
    options = pg.evaluate("() => Array.from(document.querySelectorAll('select[name=sort] option')).map(o => o.textContent)")
    assert any(o.startswith("directness of ") for o in options) and not any(o.startswith("relevance") for o in options)
    assert pg.errors == []


def test_gaps_are_listed_and_marked_in_the_grid(server, open_page):
    pg = open_page(server + "/detection/")
    listed = pg.evaluate("""() => Array.from(document.querySelectorAll("#gaps ~ .admonition li a"))
        .map(a => a.getAttribute("href").split("/").filter(Boolean).pop())""")
    rows = pg.evaluate("""() => Array.from(document.querySelectorAll("table.fl-heatmap tbody tr")).map(tr =>
        [tr.dataset.id, tr.classList.contains("fl-gap"), +tr.cells[tr.cells.length - 2].textContent])""")
    assert listed and sorted(listed) == sorted(i for i, gap, _ in rows if gap)
    assert all(gap == (count == 0) for _, gap, count in rows)  # a gap row is one with no evaluation, and only that


def test_filter_and_sort_live_in_the_address(server, open_page):
    pg = open_page(server + "/detection-by-evaluation/")
    before = pg.evaluate(GRID)
    pg.select_option("select[name=min]", "3")
    grid = pg.evaluate(GRID)
    shown = [r for r in grid["rows"] if not r["hidden"]]
    assert 0 < len(shown) < len(before["rows"])
    assert all(c["v"] == 3 for r in shown for c in r["cells"] if c["counted"])
    pg.select_option("select[name=sort]", "count")
    assert parse_qs(urlparse(pg.url).query) == {"min": ["3"], "sort": ["count"]}
    pg.reload()
    pg.wait_for_selector("table.fl-heatmap[data-ready]", state="attached")
    assert pg.input_value("select[name=min]") == "3" and pg.input_value("select[name=sort]") == "count"
    counts = [r["n"] for r in pg.evaluate(GRID)["rows"] if not r["hidden"]]
    assert counts == sorted(counts, reverse=True)
    assert pg.errors == []


@pytest.mark.parametrize("path", DETECTION)
def test_phone_shows_a_list_ranked_by_directness_and_no_sideways_scroll(server, open_page, path):
    pg = open_page(server + path, PHONE)
    assert not pg.is_visible(".fl-matrix") and pg.is_visible("ol.fl-matrix-list")
    scroll, client = pg.evaluate(OVERFLOW)
    assert scroll <= PHONE["width"] and scroll <= client
    items = pg.evaluate("""() => Array.from(document.querySelectorAll("ol.fl-matrix-list > li")).map(li => ({
        marks: Array.from(li.querySelectorAll("ol li .fl-swatch")).map(s => s.textContent),
        none: (li.querySelector(":scope > p") || {}).textContent || ""}))""")
    grid = pg.evaluate(GRID)
    assert len(items) == len(grid["rows"])
    order = {"H": 3, "M": 2, "L": 1}
    for item in items:
        assert [order[m] for m in item["marks"]] == sorted((order[m] for m in item["marks"]), reverse=True)
    if path == "/detection/":  # a failure mode no evaluation looks for says so in the list
        assert any(i["none"] == "No evaluation looks for it." for i in items)
    assert pg.errors == []


RESULTS = """() => Array.from(document.querySelectorAll(".fl-results tbody tr"))
    .map(tr => [tr.cells[0].textContent.trim(), tr.cells[1].textContent.trim(), tr.cells[3].textContent.trim()])"""


# Results from several dates whose systems sort in another order than their dates (the real evaluations report
# each of their results on one date, which would make sorting by date untestable).
RESULTS_YAML = GOOD.replace("""    sources: [doe-2020-fixture]
""", "").replace("""    results:
""", """    results:
      - {system: alpha-model, condition: newest, score: 40, scale: {min: 0, max: 100, unit: "%"}, source: doe-2020-fixture, locator: table 3, date: "2025-06"}
      - {system: zeta-model, condition: oldest, occurred: 1, runs: 4, source: doe-2020-fixture, locator: table 4, date: "2023"}
""") + "    sources: [doe-2020-fixture]\n"


@pytest.fixture(scope="module")
def results_site(tmp_path_factory):
    proj = Project(tmp_path_factory.mktemp("results") / "project", assets=True)
    proj.write("taxonomy/evaluations/test-eval.yaml", RESULTS_YAML)
    result = proj.build()
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(proj.path / "site") as url:
        yield url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_results_table_sorts_by_system_and_date_and_keeps_the_order_in_the_address(results_site, open_page, viewport):
    pg = open_page(results_site + "/evaluations/test-eval/", viewport, ready=".fl-results[data-ready]")
    rows = pg.evaluate(RESULTS)
    assert [r[0] for r in rows] == ["alpha-model", "model-b", "model-a", "zeta-model"]  # newest first, as built
    dates = [r[2] for r in rows]
    assert dates == ["2025-06", "2025-01", "2024-12-05", "2023"]
    pg.select_option(".fl-filters select[name=sort]", "system")
    systems = [r[0] for r in pg.evaluate(RESULTS)]
    assert systems == ["alpha-model", "model-a", "model-b", "zeta-model"]
    assert parse_qs(urlparse(pg.url).query) == {"sort": ["system"]}
    assert pg.get_attribute(".fl-results thead th:nth-child(1)", "aria-sort") == "ascending"
    pg.reload()
    pg.wait_for_selector(".fl-results[data-ready]", state="attached")
    assert [r[0] for r in pg.evaluate(RESULTS)] == systems
    pg.select_option(".fl-filters select[name=sort]", "date")
    assert [r[2] for r in pg.evaluate(RESULTS)] == dates and urlparse(pg.url).query == ""
    scroll, client = pg.evaluate(OVERFLOW)
    assert scroll <= client
    # On a phone each result is a card with labelled cells (no table head, nothing scrolls sideways in the table).
    assert pg.is_visible(".fl-results thead") == (viewport is DESKTOP)
    width = pg.evaluate("() => { const t = document.querySelector('.fl-results table'); return [t.scrollWidth, t.clientWidth]; }")
    assert viewport is DESKTOP or width[0] <= width[1] + 1
    assert pg.evaluate(MIN_FONT_PX, ".fl-results") >= 11
    assert pg.errors == []
