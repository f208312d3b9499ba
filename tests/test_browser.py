"""What a reader sees and clicks, in real headless Chromium (Debian's) against the built site."""
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def test_follow_example_link_and_back(server, page):
    page.goto(f"{server}/failure-modes/camouflage/")
    assert page.locator("h1").first.inner_text().strip().startswith("Camouflage")
    link = page.locator("#instances ~ ul a[href*='/examples/ball-grasping-hand/']").first
    link.click()
    page.wait_for_url("**/examples/ball-grasping-hand/")
    assert "Ball" in page.locator("h1").first.inner_text()
    not_instance = page.locator("#not-instance-of + ul").inner_text()
    assert "Scalable-oversight failure" in not_instance or "scalable-oversight" in not_instance.lower()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "example.png"))
    page.go_back()
    page.wait_for_url("**/failure-modes/camouflage/")
    assert page.locator("h1").first.inner_text().strip().startswith("Camouflage")
    assert page.console_errors == []


def test_matrix_and_home_render_without_console_errors(server, page):
    for path in ("/", "/matrix/", "/failure-modes/", "/estimates/"):
        page.goto(server + path)
        assert page.locator("h1").count() >= 1
    page.goto(server + "/matrix/")
    assert page.locator("article table td").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "matrix.png"), full_page=False)
    assert page.console_errors == []
