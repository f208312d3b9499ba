"""An entry page's "Referenced by" names every entry page that lists it, in either direction of a reference."""
from collections import defaultdict
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from conftest import Project

KINDS = ["failure-modes", "examples", "agendas", "estimates", "claims", "sources", "evaluations"]  # an organisation page lists failure modes through agendas


def _links(site):
    """Per entry page: the entry pages it links to, the ones in its "Referenced by" list, and its text there."""
    pages = {f"/{kind}/{f.parent.name}/": f for kind in KINDS for f in (site / kind).glob("*/index.html")}
    out = {}
    for url, file in pages.items():
        article = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select_one("article")
        heading = article.find(id="referenced-by")
        section = heading.find_next_sibling() if heading else None
        listed = ({urljoin(url, a["href"]) for a in section.find_all("a", href=True)}
                  if section is not None and section.name == "ul" else set())
        for second_hand in article.select("p"):  # "Defeated by" under an evaluation: the evaluation's reference
            if second_hand.strong is not None and second_hand.strong.text.startswith("Defeated by"):
                second_hand.decompose()
        to = {urljoin(url, a["href"]).split("#")[0] for a in article.find_all("a", href=True)} & pages.keys()
        out[url] = (to - {url}, listed, section.text if section is not None else "")
    return out


def test_every_entry_page_that_lists_another_is_in_its_referenced_by(real_site):
    """e.g. /examples/tetris-pause/ is listed on specification gaming's page, so its Referenced by names it. A
    source page's "Cited by" is the mirror of the citing page's own Sources section, shown there already."""
    pages = _links(real_site)
    linked_from = defaultdict(set)
    for url, (to, _, _) in pages.items():
        for target in to:
            linked_from[target].add(url)
    missing = {}
    for url, (to, listed, text) in pages.items():
        if url.startswith("/sources/"):
            continue
        cited = {q for q in linked_from[url] if q.startswith("/sources/") and q in to}  # its own Sources section
        absent = linked_from[url] - listed - cited
        if absent or ("no other entry" in text and linked_from[url] - cited):
            missing[url] = sorted(absent)
    assert not missing, f"{len(missing)} pages, e.g. {dict(list(missing.items())[:5])}"
    assert "/failure-modes/specification-gaming/" in pages["/examples/tetris-pause/"][1]


def test_an_entry_listed_in_reverse_says_so(tmp_path):
    """A case classified under beta appears on beta's page: its own page says beta lists it."""
    proj = Project(tmp_path / "project")
    assert proj.build().returncode == 0
    page = BeautifulSoup((proj.path / "site/examples/case-one/index.html").read_text(), "html.parser")
    items = [li.text for li in page.find(id="referenced-by").find_next_sibling("ul").find_all("li")]
    assert "Beta failure (failure mode, which lists this example)" in items
    assert "No other entry refers" not in page.text
