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
