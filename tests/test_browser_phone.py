"""A reader on a phone (390×844, touch) in real headless Chromium: glossary terms open on a tap, and no page
is wider than the screen or hides its main column or its links off to the side."""
import pytest

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_tapping_a_glossary_term_shows_its_definition(server, phone):
    phone.goto(server + "/examples/ball-grasping-hand/")
    term = phone.locator("article abbr[tabindex='0']").first
    term.scroll_into_view_if_needed()
    name = term.inner_text()
    term.tap()
    tip = phone.locator(".md-tooltip2--active")
    tip.wait_for(state="visible", timeout=5000)
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] > 10
    assert "overseer" in tip.inner_text()  # camouflage's summary, not just the word again
    assert phone.url.endswith("/examples/ball-grasping-hand/"), name  # a tap shows, it does not navigate
    phone.locator("article h1").tap()  # a tap elsewhere closes it
    tip.wait_for(state="hidden", timeout=5000)


def test_the_keyboard_reaches_a_term_and_shows_its_definition(server, phone):
    phone.goto(server + "/examples/ball-grasping-hand/")
    phone.locator("article abbr[tabindex='0']").first.focus()
    phone.locator(".md-tooltip2--active").wait_for(state="visible", timeout=5000)


# One page of each kind: an entry page of every kind, each index, and every generated page.
PAGES = ["/", "/failure-modes/camouflage/", "/examples/ball-grasping-hand/", "/agendas/debate/",
         "/estimates/carlsmith-2022-overall/", "/claims/lawsen-camouflage-vs-scalable-oversight/",
         "/sources/lawsen-2023-deceptive-failures/", "/failure-modes/", "/examples/", "/agendas/", "/estimates/",
         "/claims/", "/sources/", "/matrix/", "/matrix-by-agenda/", "/map/", "/contrasts/",
         "/contrasts/camouflage--scalable-oversight-failure/", "/scenarios/", "/scenarios/_general--ai-takeover/",
         "/conditionals/", "/what-if/", "/glossary/", "/tags/", "/changelog/"]

LAYOUT = """() => {
  const w = innerWidth, article = document.querySelector("article");
  const box = e => e.getBoundingClientRect();
  const out = {page: document.documentElement.scrollWidth, article: [box(article).left, box(article).right], cells: []};
  // Each table's first column: where a row says what it is (a name, a condition, the link that opens it).
  for (const t of article.querySelectorAll("table")) {
    if (t.closest(".fl-matrix") || !t.offsetParent) continue;  // the heatmap is replaced by a list on a phone
    for (const r of Array.from(t.rows).slice(0, 4)) {
      const c = r.cells[0];
      if (c && c.offsetParent) out.cells.push([c.innerText.slice(0, 30), box(c).left, box(c).right]);
    }
  }
  return out;
}"""


def test_nothing_overflows_the_page_or_hides_its_main_column_at_390_px(server, phone):
    problems = {}
    for path in PAGES:
        assert phone.goto(server + path).ok, path
        seen = phone.evaluate(LAYOUT)
        wrong = []
        if seen["page"] > 390:
            wrong.append(f"page is {seen['page']} px wide")
        if seen["article"][0] < 0 or seen["article"][1] > 391:
            wrong.append(f"article spans {seen['article']}")
        # Each table's first column, where a row says what it is, is wholly on screen.
        wrong += [f"first column {text!r} at {left:.0f}..{right:.0f}" for text, left, right in seen["cells"]
                  if left < 0 or right > 391]
        if wrong:
            problems[path] = wrong[:4]
    assert problems == {}


def test_each_contrast_opens_from_a_link_in_view_on_a_phone(server, phone):
    phone.goto(server + "/contrasts/")
    rows = phone.locator("article table tbody tr")
    assert rows.count() > 5
    for i in range(min(rows.count(), 5)):
        link = rows.nth(i).locator("a").first  # the row's link to its contrast page
        assert "--" in link.get_attribute("href"), i
        b = link.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 390, (i, b)


def test_conditionals_on_a_phone_show_every_estimate_beside_its_condition(server, phone):
    """The grid's outcome columns started off screen: on a phone the same cells are a list, all in view."""
    phone.goto(server + "/conditionals/")
    assert not phone.locator("article .fl-conditionals table").is_visible()
    listed = phone.locator("article .fl-conditionals-list a[href*='estimates/']")
    in_grid = phone.locator("article .fl-conditionals table a[href*='estimates/']").count()
    assert listed.count() == in_grid > 0
    for i in range(listed.count()):
        b = listed.nth(i).bounding_box()
        assert b and b["x"] >= 0 and b["x"] + b["width"] <= 390, (i, b)
