"""The priorities page as a careers advisor uses it, in headless Chromium at a desktop's and a phone's size:
gaps first, sorting, weights that move the ranking, state kept in the address, and nothing wider than the screen."""
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser
DESKTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}

ROWS = """() => Array.from(document.querySelectorAll("table.fl-priorities tbody tr")).map(tr => ({
  id: tr.dataset.id, status: tr.dataset.status, effort: tr.querySelector(".fl-effort-range").textContent,
  rank: tr.querySelector(".fl-rank").textContent, estimates: +tr.dataset.estimates, evidence: +tr.dataset.evidence}))"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(url, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.goto(url)
        pg.wait_for_selector("table.fl-priorities[data-ready]", state="attached")
        return pg

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_priorities_gaps_first_sorting_weights_and_url_state(open_page, server, viewport):
    pg = open_page(server + "/priorities/", viewport)
    rows = pg.evaluate(ROWS)
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(statuses, key=["gap", "thin", "covered"].index)  # gaps, then thin, then the rest
    assert pg.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    # Sorting by estimates (the phone has no headers: the sort choice does it at both sizes).
    pg.select_option(".fl-priority-controls select[name=sort]", "estimates")
    counts = [r["estimates"] for r in pg.evaluate(ROWS)]
    assert counts == sorted(counts)
    assert parse_qs(urlparse(pg.url).query)["sort"] == ["estimates"]
    if viewport is DESKTOP:  # a second press on a heading reverses the order
        pg.click("table.fl-priorities th[data-sort=evidence] button")
        pg.click("table.fl-priorities th[data-sort=evidence] button")
        ev = [r["evidence"] for r in pg.evaluate(ROWS)]
        assert ev == sorted(ev, reverse=True)
        assert pg.get_attribute("th[data-sort=evidence]", "aria-sort") == "descending"
    # Weights: counting low-relevance agendas in full moves failure modes in the default order.
    pg.select_option(".fl-priority-controls select[name=sort]", "default")
    before = {r["id"]: r["effort"] for r in pg.evaluate(ROWS)}
    pg.fill(".fl-priority-controls input[name=l]", "1")
    pg.fill(".fl-priority-controls input[name=m]", "1")
    after = pg.evaluate(ROWS)
    assert any(before[r["id"]] != r["effort"] for r in after)
    assert any("▲" in r["rank"] or "▼" in r["rank"] for r in after)
    assert "failure modes moved" in pg.text_content(".fl-priority-status")
    query = parse_qs(urlparse(pg.url).query)
    assert query["l"] == ["1"] and query["m"] == ["1"] and "h" not in query
    for r in after:  # ranges stay ranges: never a decimal score
        assert r["effort"] in ("unknown", "none") or all(part.rstrip("+").isdigit() or part == "<1"
                                                         for part in r["effort"].split("–")), r
    assert pg.evaluate(OVERFLOW) <= 0
    # The address restores the state.
    again = open_page(pg.url, viewport)
    assert again.input_value(".fl-priority-controls input[name=l]") == "1"
    assert [r["effort"] for r in again.evaluate(ROWS)] == [r["effort"] for r in after]
    assert pg.errors == [] and again.errors == []


def test_priorities_without_javascript_is_a_complete_table(browser, server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/priorities/")
    assert pg.locator(".fl-priority-controls").count() == 0
    rows = pg.locator("table.fl-priorities tbody tr")
    assert rows.count() == pg.locator("table.fl-priorities tbody tr th a").count() > 40
    assert "Scheming" in pg.text_content("table.fl-priorities")
    context.close()
