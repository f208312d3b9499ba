"""/what-if/, /conditionals/, the estimates index and the charts in real headless Chromium, at a desktop's
1440×900 and a phone's 390×844, against a site built from tests/fixtures/scenarios (and the real site for the
README's screenshot)."""
import re

import pytest

from conftest import FIXTURES, ROOT, Project, serve

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("scenarios-browser") / "project",
                      taxonomy_from=FIXTURES / "scenarios" / "taxonomy", assets=True)
    result = project.build()
    assert result.returncode == 0, result.stderr[-5000:]
    with serve(project.path / "site") as url:
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    pg = context.new_page()
    pg.viewport_name = request.param
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def fits_horizontally(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 0.5


def applicable(page) -> list[str]:
    return page.locator("#fl-applicable ul.fl-apply li").evaluate_all("els => els.map(e => e.dataset.estimate)")


def test_what_if_premise_changes_the_product(site_url, page):
    page.goto(f"{site_url}/what-if/")
    product = page.locator("output[data-product='chain-overall']")
    assert product.inner_text() == "10%"
    premise = page.locator("input[data-premise='chain-p1']")
    assert premise.input_value() == "50"
    premise.fill("100")
    assert product.inner_text() == "20%"
    running = page.locator("table[data-chain='chain-overall'] td.fl-running")
    assert running.all_inner_texts() == ["100%", "40%", "20%"]
    premise.fill("25")
    assert product.inner_text() == "5%"
    assert "p.chain-p1=0.25" in page.evaluate("location.href")
    assert fits_horizontally(page, product) and fits_horizontally(page, premise)
    assert page.console_errors == []


def test_what_if_marking_a_failure_mode_solved_changes_what_applies(site_url, page):
    page.goto(f"{site_url}/what-if/")
    assert applicable(page) == []
    assert page.locator("#fl-agendas li[data-agenda='agenda-three']").count() == 1
    page.select_option("select[data-failure-mode='gamma-failure']", "solved")
    assert sorted(applicable(page)) == ["cond-progress-gamma-solved", "estimate-two"]
    # gamma was agenda three's only failure mode: with it solved, the agenda no longer ranks
    assert page.locator("ol.fl-agenda-rank li[data-agenda='agenda-three']").count() == 0
    assert page.locator(".fl-agendas-done [data-agenda='agenda-three']").count() == 1
    page.select_option("select[data-failure-mode='alpha-failure']", "not-an-issue")
    assert sorted(applicable(page)) == ["cond-beta-alpha-fine", "cond-progress-gamma-solved", "estimate-two"]
    page.select_option("select[data-failure-mode='gamma-failure']", "unsolved")
    assert applicable(page) == ["cond-beta-alpha-fine"]
    assert page.console_errors == []


def test_what_if_state_is_in_the_url_and_restored(site_url, page, browser):
    page.goto(f"{site_url}/what-if/")
    page.select_option("select[data-failure-mode='gamma-failure']", "solved")
    page.locator("input[data-premise='chain-p2']").fill("80")
    shared = page.evaluate("location.href")  # page.url follows history.replaceState only eventually
    assert re.search(r"s\.gamma-failure=solved", shared) and "p.chain-p2=0.8" in shared
    other = browser.new_context(viewport=VIEWPORTS[page.viewport_name]).new_page()
    try:
        other.goto(shared)
        assert other.locator("select[data-failure-mode='gamma-failure']").input_value() == "solved"
        assert other.locator("input[data-premise='chain-p2']").input_value() == "80"
        assert other.locator("output[data-product='chain-overall']").inner_text() == "20%"
        assert sorted(applicable(other)) == ["cond-progress-gamma-solved", "estimate-two"]
    finally:
        other.context.close()


def test_what_if_without_javascript_lists_the_chains(site_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/what-if/")
        static = pg.locator(".fl-static")
        assert static.is_visible()
        assert "Chain overall" in static.inner_text() and "Published: 10%" in static.inner_text()
    finally:
        context.close()


def test_what_if_with_javascript_hides_the_static_copy(site_url, page):
    page.goto(f"{site_url}/what-if/")
    page.locator("#fl-world").wait_for()
    assert page.locator(".fl-static").is_hidden()


def test_conditionals_grid_readable(site_url, page):
    page.goto(f"{site_url}/conditionals/")
    grid = page.locator("article .fl-conditionals table")
    if page.viewport_name == "phone":  # the same cells as a list: the grid's outcome columns started off screen
        assert grid.is_hidden()
        table = page.locator("article .fl-conditionals-list")
        first_column = table.locator("li > strong")
    else:
        table = grid
        first_column = table.locator("tbody tr td:first-child")
    assert table.is_visible()
    assert first_column.all_inner_texts()[0] == "Alpha failure: not an issue by default"
    assert table.locator(".fl-gap").count() == 5
    assert fits_horizontally(page, first_column.first)
    # the page itself never scrolls sideways: a wide grid scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    link = table.locator("a[href*='cond-beta-alpha-fine']")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/estimates/cond-beta-alpha-fine/")
    assert page.console_errors == []


def test_estimates_index_sorts_and_filters(site_url, page):
    page.goto(f"{site_url}/estimates/")
    rows = page.locator(".fl-estimates tbody tr:not([hidden])")
    total = rows.count()
    assert total == 12
    if page.viewport_name == "phone":  # the filters are folded away under one line on a phone
        assert page.locator(".fl-estimate-filters").is_hidden()
        page.locator("details.fl-filter-box > summary").click()
    page.select_option(".fl-estimate-filters select[data-key='scenario']", "beta-failure")
    assert rows.count() == 6
    page.select_option(".fl-estimate-filters select[data-key='conditional']", "no")
    assert rows.count() == 3
    assert page.locator(".fl-filter-box .fl-count").inner_text() == "3 of 12 estimates"
    page.select_option(".fl-estimate-filters select[data-key='conditional']", "")
    page.fill(".fl-estimate-filters input[data-key='min']", "25")
    assert rows.locator("td:nth-child(2)").all_inner_texts() == ["30%", "50%"]  # by name, values of 25% and more
    page.fill(".fl-estimate-filters input[data-key='min']", "")
    page.select_option(".fl-estimate-filters select[data-key='scenario']", "")
    page.select_option(".fl-estimate-filters select[data-key='sort']", "1-")
    assert rows.first.locator("td:nth-child(2)").inner_text() == "60%"
    assert rows.last.locator("td:nth-child(2)").inner_text() == "0.01%"
    page.fill(".fl-estimate-filters input[data-key='from']", "2023")
    assert rows.count() == 2  # John Roe's two estimates of 2023
    address = page.evaluate("location.href")
    assert "from=2023" in address and "sort=1-" in address
    page.goto(address)  # the filters come back from the address
    assert rows.count() == 2
    if page.viewport_name == "desktop":
        page.fill(".fl-estimate-filters input[data-key='from']", "")
        header = page.locator(".fl-estimates thead th").nth(5).locator("button")
        header.click()
        assert page.locator(".fl-estimates thead th").nth(5).get_attribute("aria-sort") == "ascending"
        assert rows.first.locator("td:nth-child(6)").inner_text() == "2020-05"
    assert page.console_errors == []


def test_estimates_index_on_a_phone_shows_the_probability(site_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/estimates/")
        for i in range(3):
            cell = pg.locator(".fl-estimates tbody tr").nth(i).locator("td:nth-child(2)")
            cell.scroll_into_view_if_needed()
            assert cell.is_visible() and fits_horizontally(pg, cell), i
            assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 16
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_is_at_least_11px(site_url, browser, scheme):
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            pg = context.new_page()
            pg.goto(f"{site_url}/scenarios/beta-failure--existential-catastrophe/")
            shown = [img for img in pg.locator("article img.fl-chart").all() if img.is_visible()]
            assert len(shown) == 1, name
            src = shown[0].evaluate("e => e.currentSrc")
            assert src.endswith("-narrow.svg") == (name == "phone")
            svg = pg.request.get(src).text()
            view_width = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
            smallest = min(float(x) for x in re.findall(r'font-size="([0-9.]+)"', svg))
            scale = shown[0].evaluate("e => e.getBoundingClientRect().width") / view_width
            assert smallest * scale >= 11, (name, smallest, scale)
        finally:
            context.close()


def test_real_what_if_carlsmith_chain_and_screenshot(server, browser, screenshot_dir):
    """The README's screenshot, from the real knowledge base: Carlsmith's chain recomputed (written to a
    temporary folder, or to docs/images/ by `make screenshots`)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        pg = context.new_page()
        pg.goto(f"{server}/what-if/")
        product = pg.locator("output[data-product='carlsmith-2022-overall']")
        assert product.inner_text() == "5.14%"
        pg.locator("input[data-premise='carlsmith-2022-p3-alignment-harder']").fill("80")
        assert product.inner_text() == "10.3%"
        pg.locator("select[data-failure-mode='scheming']").select_option("solved")
        pg.evaluate("document.getElementById('your-chains').scrollIntoView()")
        pg.screenshot(path=str(screenshot_dir / "screenshot-what-if.png"))
    finally:
        context.close()


def test_page_scripts_run_after_instant_navigation(server, browser):
    """Material's instant navigation swaps the page without reloading: the what-if and estimates scripts,
    which only their own pages load, must still run when a reader arrives by a link."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        pg = context.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{server}/scenarios/")
        pg.locator("article a[href$='what-if/']").first.click()
        pg.wait_for_url("**/what-if/")
        assert pg.locator("output[data-product='carlsmith-2022-overall']").inner_text() == "5.14%"
        pg.locator("nav a[href$='estimates/']").first.click()
        pg.wait_for_url("**/estimates/")
        assert pg.locator("details.fl-filter-box").count() == 1
        pg.go_back()
        pg.wait_for_url("**/what-if/")
        assert pg.locator("#fl-world").count() == 1  # built once, not twice
        assert errors == []
    finally:
        context.close()
