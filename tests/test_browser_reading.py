"""Reading the site in headless Chromium at a desktop's and a phone's size: axe-core's accessibility checks,
where each generated page's data comes from, the home page's counts and news, and README's screenshots."""
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = ["/", "/matrix/", "/matrix-by-agenda/", "/contrasts/camouflage--scalable-oversight-failure/",
         "/examples/ball-grasping-hand/", "/failure-modes/camouflage/", "/agendas/debate/", "/scenarios/",
         "/scenarios/_general--ai-takeover/", "/map/", "/glossary/", "/estimates/"]


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport="desktop", scheme="light"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _serious(pg) -> list[str]:
    found = Axe().run(pg).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:5]]}"
            for v in found if v["impact"] in ("serious", "critical")]


# Colours do not depend on the width: the dark scheme is checked at the desktop size.
@pytest.mark.parametrize("viewport, scheme", [("desktop", "light"), ("phone", "light"), ("desktop", "dark")])
def test_axe_finds_no_serious_violation(server, new_page, viewport, scheme):
    """axe-core 4 (bundled by axe-playwright-python) on every kind of page; docs/accessibility.md says more."""
    pg = new_page(viewport, scheme)
    problems = {}
    for path in PAGES:
        pg.goto(server + path)
        pg.wait_for_load_state("load")
        if path.startswith("/matrix"):
            pg.wait_for_selector("table.fl-heatmap[data-ready]", state="attached")
        found = _serious(pg)
        if found:
            problems[path] = found
    assert problems == {}


def test_search_dialog_has_a_name_and_copyright_is_legible(server, new_page):
    pg = new_page()
    pg.goto(server + "/")
    assert pg.get_attribute(".md-search[role=dialog]", "aria-label") == "Search"
    assert pg.evaluate("() => getComputedStyle(document.querySelector('.md-copyright')).color") != "rgba(255, 255, 255, 0.45)"


GENERATED = {  # page -> a folder its "Data:" line must name and link
    "/matrix/": "taxonomy/agendas/", "/matrix-by-agenda/": "taxonomy/agendas/",
    "/contrasts/": "taxonomy/examples/", "/contrasts/camouflage--scalable-oversight-failure/": "taxonomy/examples/",
    "/scenarios/": "taxonomy/estimates/", "/scenarios/_general--ai-takeover/": "taxonomy/estimates/",
    "/map/": "taxonomy/failure-modes/", "/glossary/": "taxonomy/failure-modes/",
    "/estimates/": "taxonomy/estimates/", "/failure-modes/": "taxonomy/failure-modes/",
}


def test_every_generated_page_says_where_its_data_comes_from(server, new_page, viewport):
    pg = new_page(viewport)
    for path, folder in GENERATED.items():
        pg.goto(server + path)
        line = pg.locator("article .fl-provenance")
        assert line.count() == 1, path
        assert folder in line.inner_text() and line.is_visible(), path
        hrefs = line.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert any(h.endswith("/taxonomy.json") for h in hrefs)
        for href in hrefs:  # every link in it works
            assert pg.request.get(href).ok, (path, href)
    pg.goto(server + "/taxonomy.json")
    assert json.loads(pg.locator("body").inner_text())["entries"]


def test_home_opens_with_counts_and_what_is_new(server, new_page, viewport):
    pg = new_page(viewport)
    pg.goto(server + "/")
    data = json.loads(pg.request.get(server + "/taxonomy.json").text())
    counts = pg.locator("article .fl-counts")
    assert counts.is_visible()
    text = counts.inner_text()
    for kind, word in [("failure-mode", "failure modes"), ("example", "examples"), ("agenda", "agendas"),
                       ("estimate", "estimates"), ("claim", "claims"), ("evaluation", "evaluations"),
                       ("source", "sources")]:
        assert f"{data['counts'][kind]} {word}" in text, (kind, text)
    # It opens the page: right after the tagline, above the first section.
    order = pg.evaluate("""() => { const a = document.querySelector("article");
        const c = a.querySelector(".fl-counts"), h = a.querySelector("h2");
        return !!(c.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert order
    new = pg.locator("article .fl-new")
    assert new.inner_text().startswith("New:")
    links = new.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) >= 2 and all(pg.request.get(h).ok for h in links)
    assert re.match(r"New: \d{4}-\d\d-\d\d: \S", new.inner_text())


SHOTS = [  # README's pictures: (file, page, viewport, scheme)
    ("screenshot-home.png", "/", "desktop", "light"),
    ("screenshot-home-phone.png", "/", "phone", "light"),
    ("screenshot-matrix.png", "/matrix/", "desktop", "light"),
    ("screenshot-matrix-dark.png", "/matrix/", "desktop", "dark"),
    ("screenshot-matrix-phone.png", "/matrix/", "phone", "light"),
    ("screenshot-matrix-phone-dark.png", "/matrix/", "phone", "dark"),
    ("screenshot-contrast.png", "/contrasts/camouflage--scalable-oversight-failure/", "desktop", "light"),
    ("screenshot-example.png", "/examples/ball-grasping-hand/", "desktop", "light"),
]


def test_readme_screenshots(server, new_page, screenshot_dir):
    """Each of README's pictures is a real picture of its page at its size and scheme; written to a temporary
    folder, or to docs/images/ by `make screenshots`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, path, viewport, scheme in SHOTS:
        assert f"docs/images/{name}" in readme, name
        pg = new_page(viewport, scheme)
        pg.goto(server + path)
        pg.wait_for_load_state("load")
        if path.startswith("/matrix"):
            pg.wait_for_selector("table.fl-heatmap[data-ready]", state="attached")
            # Down to the table (scrolling down only: scrolling up would show Material's "Back to top").
            pg.evaluate("() => window.scrollTo(0, document.querySelector('#matrix').getBoundingClientRect().top - 56)")
        pg.wait_for_timeout(300)  # Material's header title settles after a scroll
        data = pg.screenshot()
        (screenshot_dir / name).write_bytes(data)
        width = int.from_bytes(data[16:20], "big")
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and width == VIEWPORTS[viewport]["width"]
        assert pg.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
