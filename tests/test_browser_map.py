"""Reading the map in headless Chromium: matrix sorting and filters, tooltips, search, contrasts."""
from pathlib import Path

import pytest
import re
from urllib.parse import parse_qs, urlsplit

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    assert pg.console_errors == []
    context.close()


def _section_text(page, heading_id: str) -> str:
    """The text a reader sees under a heading, up to the next heading."""
    return page.evaluate(
        "id => { let out = '', el = document.getElementById(id).nextElementSibling;"
        " while (el && !/^H[1-3]$/.test(el.tagName)) { out += el.innerText + '\\n'; el = el.nextElementSibling; }"
        " return out; }", heading_id)


def _visible_rows(page):
    return page.locator("table.fl-heatmap tbody tr:not([hidden])")


def test_matrix_sorts_rows_with_its_own_control(server, page):
    page.goto(f"{server}/matrix/")
    weights = lambda: [int(v) for v in page.locator("table.fl-heatmap tbody tr td:last-child").all_inner_texts()]
    page.select_option("select[name=sort]", "sum")
    assert weights() == sorted(weights(), reverse=True) and weights()[0] > 0
    assert page.locator("table.fl-heatmap thead th", has_text="Σ").get_attribute("aria-sort") == "descending"
    page.select_option("select[name=sort]", "name")
    names = page.locator("table.fl-heatmap tbody th").all_inner_texts()
    assert [n.replace(" (gap)", "").casefold() for n in names] == sorted(n.replace(" (gap)", "").casefold() for n in names)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "matrix.png"))


def test_matrix_filters(server, page):
    page.goto(f"{server}/matrix/")
    total = _visible_rows(page).count()
    page.select_option("select[name=evidence]", "theoretical")
    rows = _visible_rows(page)
    assert 0 < rows.count() < total
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.evidence)")) == {"theoretical"}
    page.select_option("select[name=evidence]", "")
    page.select_option("select[name=min]", "3")
    rows = _visible_rows(page)
    assert 0 < rows.count() < total
    assert all(rows.nth(i).locator("td.fl-h").count() > 0 for i in range(rows.count()))
    assert page.locator(".fl-count").inner_text().startswith(f"{rows.count()} of {total} failure modes")
    page.select_option("select[name=min]", "0")
    tag = page.locator("select[name=tag] option").nth(1).get_attribute("value")
    page.select_option("select[name=tag]", tag)
    tags = _visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.tags.split(' '))")
    assert tags and all(tag in t for t in tags)


def test_matrix_by_agenda_filters_failure_mode_columns(server, page):
    page.goto(f"{server}/matrix-by-agenda/")
    page.select_option("select[name=evidence]", "deployed")
    shown = page.locator("table.fl-heatmap thead th.fl-col:not([hidden])")
    assert shown.count() > 0
    assert set(shown.evaluate_all("hs => hs.map(h => h.dataset.evidence)")) == {"deployed"}


def test_glossary_term_shows_tooltip(server, page):
    page.goto(f"{server}/examples/ball-grasping-hand/")
    term = page.locator("article abbr", has_text="Camouflage").first
    summary = term.get_attribute("title")
    assert summary.startswith("Training or selection against bad behaviour")
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(summary[:60])


@pytest.mark.parametrize("query,entry", [
    ("encoded reasoning", "failure-modes/steganography/"),   # an alias
    ("inner optimization", "failure-modes/mesa-optimization/"),  # an alias
    ("mesa-optimization", "failure-modes/mesa-optimization/"),   # an id
    ("going out with a bang", "failure-modes/influence-seeking/"),
    ("deploy-and-hope", "examples/deploy-and-hope/"),  # an example's id
    ("christiano-2017-human-preferences", "sources/christiano-2017-human-preferences/"),  # a source's id
    # Generated pages other than entries, by their names (one lean document each, search_index.py)
    ("matrix", "matrix/"),
    ("taxonomy map", "map/"),
    ("contrasts", "contrasts/"),
    ("conditionals", "conditionals/"),
    ("releases", "releases/"),
])
def test_search_finds_entry_by_alias_or_id_first(server, page, query, entry):
    shown = _settled_results(page, server, query)
    assert shown and shown[0].split("?")[0].endswith(entry), shown


@pytest.mark.parametrize("query,found", [
    # The claim lawsen-camouflage-vs-scalable-oversight is as good a first answer; the contrast page is next.
    ("camouflage vs scalable-oversight failure", "contrasts/camouflage--scalable-oversight-failure/"),
    ("tag games", "tags/"),  # the tags page, whose section for the tag is its document's child
])
def test_search_finds_generated_pages_by_their_names_among_the_first_results(server, page, query, found):
    shown = _settled_results(page, server, query)[:5]
    path, _, fragment = found.partition("#")
    assert any(urlsplit(h).path.endswith(path) and (not fragment or urlsplit(h).fragment == fragment)
               for h in shown), shown


def _settled_results(page, server, query) -> list[str]:
    """The result links once the search worker has settled on an answer to `query`, typed as a reader would."""
    page.goto(f"{server}/")
    box = page.locator(".md-search__input")
    box.click()
    results = page.locator(".md-search-result__item > a")
    for _ in range(30):  # the search worker ignores input that arrives before its index has loaded: retype
        box.fill("")
        box.press_sequentially(query, delay=20)  # real key events, as a reader types
        try:
            results.first.wait_for(timeout=1000)
            break
        except Exception:
            continue
    # Results of earlier keystrokes may still be showing while the search worker catches up (slowly on a
    # busy machine): wait until the first result has stayed the same for three looks over 1.2 s and its link
    # highlights every word typed (?h=...), or, since the highlight leaves out words the document matched
    # only by stem or not at all ("games", "and"), until it has stayed the same for six looks.
    words = {w for w in re.split(r"[\s\-]+", query.lower()) if w}
    last, same = None, 0
    for _ in range(60):
        page.wait_for_timeout(400)
        href = results.first.get_attribute("href") or ""
        same = same + 1 if href == last else 1
        last = href
        answered = set(re.split(r"[+\s\-]+", parse_qs(urlsplit(href).query).get("h", [""])[0].lower()))
        if (same >= 3 and words <= answered) or same >= 6:
            break
    return [results.nth(i).get_attribute("href") for i in range(min(10, results.count()))]


def test_contrast_page_puts_examples_in_the_right_cells(server, page):
    page.goto(f"{server}/contrasts/camouflage--scalable-oversight-failure/")
    cell = lambda anchor: _section_text(page, anchor)
    assert "U-Sophistry" in cell("both")
    assert "Ball-grasping robot hand" in cell("only-a")
    assert "contested" in cell("only-a")
    assert "Deploy and hope" in cell("only-b")
    assert "Ball-grasping" not in cell("both")
    summary = page.locator("article table").first.inner_text()
    # Each count in the 2x2 is the number of cases listed under its heading (editors add cases over time).
    listed = lambda anchor: page.locator(f"#{anchor} + ul > li").count()
    assert listed("both") >= 1 and listed("only-a") >= 1 and listed("only-b") >= 1
    assert f"Both: {listed('both')}" in summary and f"Camouflage only: {listed('only-a')}" in summary
    assert f"Scalable-oversight failure only: {listed('only-b')}" in summary
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "contrast.png"))


def test_home_leads_with_the_contrast_and_pages_have_no_console_errors(server, page):
    page.goto(f"{server}/")
    first_link = page.locator("article a[href*='contrasts/']").first
    assert "camouflage--scalable-oversight-failure" in first_link.get_attribute("href")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"))
    for path in ("glossary/", "map/", "scenarios/", "tags/", "contrasts/", "matrix-by-agenda/", "claims/",
                 "estimates/carlsmith-2022-p3-alignment-harder/", "agendas/ai-control/", "sources/"):
        page.goto(f"{server}/{path}")
        assert page.locator("article h1").count() == 1, path


def test_phone_width_and_dark_palette(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(f"{server}/failure-modes/camouflage/")
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # nothing but the matrix and wide tables may scroll sideways on a phone
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_entry_page_prints_without_navigation(server, page):
    page.goto(f"{server}/examples/ball-grasping-hand/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("article h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
