"""What each built page carries once and only where it is used: its scripts, and an entry's tags."""
import json
import re

from bs4 import BeautifulSoup

from conftest import ROOT

# Each script in docs/javascripts/ and what in a page needs it (a new script must say which pages need it).
NEEDS = {
    "accessibility.js": lambda html: True,  # names Material's search dialog, on every page
    "matrix.js": lambda html: 'class="fl-heatmap"' in html,
    "estimates.js": lambda html: 'class="fl-estimates"' in html,
    "what-if.js": lambda html: 'id="fl-what-if"' in html,
    "priorities.js": lambda html: 'class="fl-priorities"' in html,
    "results.js": lambda html: 'class="fl-results"' in html,  # an evaluation's results tables, sortable
}


def test_each_script_is_requested_only_by_the_pages_that_need_it(real_site):
    assert sorted(NEEDS) == sorted(p.name for p in (ROOT / "docs" / "javascripts").glob("*.js"))
    wrong: dict[str, list[str]] = {}
    needed = {name: 0 for name in NEEDS}
    for file in real_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        loads = set(re.findall(r'<script src="[^"]*javascripts/([a-z-]+\.js)"', html))
        for name, need in NEEDS.items():
            if need(html):
                needed[name] += 1
            if (name in loads) != need(html):
                wrong.setdefault(name, []).append(file.relative_to(real_site).as_posix())
    assert {name: pages[:5] for name, pages in wrong.items()} == {}
    assert all(needed.values()), needed  # every script is used somewhere


def test_an_entry_page_shows_its_tags_once(real_site):
    entries = json.loads((real_site / "taxonomy.json").read_text())["entries"]
    tagged = [e for e in entries if e["fields"].get("tags") and e["kind"] in ("example", "failure-mode")]
    assert len(tagged) > 10
    for e in tagged:
        folder = "examples" if e["kind"] == "example" else "failure-modes"
        page = BeautifulSoup((real_site / folder / e["id"] / "index.html").read_text(), "html.parser")
        article = page.select_one("article")
        chips = [t.text.strip() for t in article.select(".md-tag")]
        assert sorted(chips) == sorted(e["fields"]["tags"]), e["id"]  # the chips above the title, each tag once
        assert "Tags:" not in article.text, e["id"]
