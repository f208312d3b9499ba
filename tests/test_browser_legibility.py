"""Reading the taxonomy in headless Chromium on a desktop (1440×900) and a phone (390×844): the map's tree,
neighbourhood diagrams, lists in entry text, what a page weighs, and what search results show."""
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

TAXONOMY = Path(__file__).resolve().parent.parent / "taxonomy"
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}

# The smallest font size (px) of any element that shows text of its own inside the first match of selector.
MIN_FONT_PX = """sel => {
  let least = Infinity;
  for (const el of document.querySelector(sel).querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && el.getClientRects().length) least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
  }
  return least;
}"""
FITS_WIDTH = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    yield pg
    assert pg.errors == []
    context.close()


def test_map_outline_is_a_nested_list_of_links(server, page):
    page.goto(f"{server}/map/")
    outline = page.locator("article ul.fl-tree")
    assert outline.is_visible()
    text = page.locator("article").inner_text()
    assert "](" not in text and "&#" not in text and "[AI collusion]" not in text  # no raw Markdown
    # A more specific kind is a link inside a list nested in its parent's item.
    parent = outline.locator(":scope > li", has=page.locator(":scope > a", has_text="Distributional shift"))
    child = parent.locator(":scope > ul > li > a", has_text="Goal misgeneralization")
    assert child.count() == 1 and child.evaluate("a => new URL(a.href).pathname") == "/failure-modes/goal-misgeneralization/"
    assert "inputs or environment it meets in deployment differ" in parent.locator(":scope > .fl-tree-summary").inner_text()
    # Every failure mode has its place, and one with two parents is named under the second with a link back.
    listed = set(outline.locator("a[href*='failure-modes/']").evaluate_all("as => as.map(a => new URL(a.href).pathname)"))
    assert listed == {f"/failure-modes/{f.stem}/" for f in (TAXONOMY / "failure-modes").glob("*.yaml")}
    again = outline.locator("li.fl-tree-again").first
    assert again.locator("a[href*='#map-']").count() == 1
    # A legend says what the letters mean; text stays legible and nothing scrolls sideways.
    legend = page.locator(".fl-tree-legend").inner_text()
    assert "observed in deployed systems" in legend and "lab demonstration" in legend and "theoretical" in legend
    assert page.evaluate(MIN_FONT_PX, "article") >= 11
    assert page.evaluate(FITS_WIDTH)
    child.click()
    page.wait_for_url(re.compile(r"/failure-modes/goal-misgeneralization/$"))


def test_neighbourhood_groups_neighbours_by_relation_without_overlap(server, page):
    page.goto(f"{server}/failure-modes/deceptive-alignment/")
    figure = page.locator("figure.fl-hood")
    assert figure.is_visible()
    groups = dict(zip(figure.locator(".fl-hood-label").all_inner_texts(),
                      [g.locator("a").all_inner_texts() for g in figure.locator(".fl-hood-group").all()]))
    groups = {k.strip("▲▼↔≠→← ").strip(): v for k, v in groups.items()}
    assert "Inner misalignment" in groups["A kind of"]
    assert "Treacherous turn" in groups["Precedes"]
    assert "Gradient hacking" in groups["Enabled by"]
    assert "Scheming" in groups["Overlaps"] and "Camouflage" in groups["Distinct from"]
    assert figure.locator("p.fl-hood-self").inner_text() == "Deceptive alignment"
    # No two labels or links share a pixel.
    boxes = figure.locator("a, .fl-hood-label, .fl-hood-self").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5]
    assert not overlapping and len(boxes) > 15
    assert page.evaluate(MIN_FONT_PX, "figure.fl-hood") >= 11
    assert page.evaluate(FITS_WIDTH)
    assert "How to read it" in figure.locator("figcaption").inner_text()


def test_lists_in_a_definition_render_as_lists(server, page):
    page.goto(f"{server}/failure-modes/camouflage/")
    items = page.locator("#definition ~ ul").first.locator(":scope > li")
    assert items.first.inner_text().startswith("No intent is required.")
    assert items.count() == 3
    paragraphs = page.locator("article p").all_inner_texts()
    assert not [p for p in paragraphs if re.search(r"\S - \w|: - ", p)], "a list glued into a paragraph"


def test_example_page_weighs_under_400_kb_and_loads_no_diagram_library(server, page):
    sizes = {}
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
    page.goto(f"{server}/examples/ball-grasping-hand/", wait_until="networkidle")
    assert not [u for u in sizes if "mermaid" in u.lower()]
    total = sum(size for url, size in sizes.items() if not url.endswith("search_index.json"))
    assert 50_000 < total <= 400_000, sorted(sizes.items(), key=lambda kv: -kv[1])


def test_search_results_show_the_summary_not_raw_ids(server, page):
    page.goto(f"{server}/")
    box = page.locator(".md-search__input")
    if page.viewport_size["width"] < 960:  # on a phone the search box opens from the header's icon
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(30):  # the search worker ignores input that arrives before its index has loaded: retype
        box.fill("")
        box.press_sequentially("camouflage", delay=20)
        try:
            results.first.wait_for(timeout=1000)
            break
        except Exception:
            continue
    page.wait_for_timeout(800)
    first = results.first
    assert first.locator("a").first.get_attribute("href").split("?")[0].endswith("failure-modes/camouflage/")
    shown = first.inner_text()
    assert "Training or selection against bad behaviour" in shown  # the summary
    assert not re.search(r"Also known as:?\s*camouflage\b(?! failure)", shown)  # no raw id
    assert not first.locator(".md-tags").first.is_visible()
    everything = page.locator(".md-search-result").inner_text()
    ids = {f.stem for f in TAXONOMY.glob("*/*.yaml") if "-" in f.stem}
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", everything)], "a raw id is shown"
