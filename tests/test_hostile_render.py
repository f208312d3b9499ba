"""Markup planted in every text field of every kind: shown as text, never live, in HTML, search and a browser."""
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, Project, serve
from faultlines.data.kinds import BY_PLURAL
from faultlines.data.schemas import SchemaSet, iter_pattern

SHORT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & "quotes" <b>bold?</b>'
PAYLOAD = SHORT + ('<a href="javascript:window.__pwned=3">js</a> [md](javascript:window.__pwned=4) '
                   '[d](data:text/html,hi) <iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
                   '<object data="x.swf"></object>')
ATTR_LIST = '\n\n{: onclick="window.__pwned=5" }'
PLAIN_FIELDS = {"name", "summary", "system", "held_by", "estimator", "proposition", "stated_as", "population",
                "horizon", "title", "venue", "verification_note", "author", "epistemic_status", "organisations_note"}
LIST_FIELDS = {"aliases", "authors", "people"}


def _poison(data: dict, markdown_paths: set) -> None:
    def walk(node, path):
        if isinstance(node, dict):
            for k, v in list(node.items()):
                p = path + (k,)
                if isinstance(v, str) and p in markdown_paths:
                    node[k] = v + " " + PAYLOAD + ATTR_LIST
                elif isinstance(v, str) and k in PLAIN_FIELDS:
                    node[k] = v + " " + SHORT
                elif k in LIST_FIELDS and isinstance(v, list):
                    node[k] = [s + " " + SHORT for s in v]
                else:
                    walk(v, p)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
    walk(data, ())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("hostile") / "project", assets=True)
    roles = SchemaSet(ROOT / "schema").roles
    for f in sorted((project.path / "taxonomy").rglob("*.yaml")):
        kind = BY_PLURAL[f.parent.name].name
        data = yaml.safe_load(f.read_text())
        md_paths = {path for pattern in roles[kind].markdown for path, _ in iter_pattern(data, pattern)}
        _poison(data, md_paths)
        data.setdefault("description", PAYLOAD + ATTR_LIST)
        f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return project.path / "site"


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_payload_reached_every_generated_page(hostile_site):
    pages = [p for p in _pages(hostile_site) if p.parent.parent.name in ("failure-modes", "examples", "agendas", "estimates", "claims", "sources")]
    assert len(pages) == 12
    for p in pages:
        assert "window.__pwned=1" in BeautifulSoup(p.read_text(), "html.parser").find("article").text, p


def test_nothing_live_in_any_page(hostile_site):
    check_nothing_live(hostile_site)


def check_nothing_live(site: Path, own_scripts: frozenset[str] = frozenset()) -> None:
    """No markup of a contributor's is live. own_scripts: the site's script files that may sit in an article
    (a generator with no plugin of ours loads a page's script from its Markdown: test_render.py)."""
    for p in _pages(site):
        soup = BeautifulSoup(p.read_text(), "html.parser")
        assert not soup.find_all(["iframe", "object", "embed"]), p
        for script in soup.find_all("script"):
            assert "__pwned" not in script.text, p
        article = soup.find("article")
        if article:
            live = [el for el in article.find_all(["style", "script"])
                    if not (el.name == "script" and not el.text and el.get("src", "").split("/")[-1] in own_scripts)]
            assert not live, p
            for img in article.find_all("img"):  # only our own build-time charts
                assert re.fullmatch(r"\.\./[a-z0-9_-]+--[a-z-]+\.svg", img["src"]) and set(img.attrs) <= {"src", "alt", "class"}, img
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                assert not (attr.startswith("on") and "__pwned" in value), (p, tag)
                if attr in ("href", "src", "data", "action"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (p, tag)


def test_charts_hold_text_not_markup(hostile_site):
    import xml.etree.ElementTree as ET
    charts = sorted(hostile_site.glob("scenarios/*.svg"))
    assert charts
    for chart in charts:
        root = ET.parse(chart).getroot()  # well-formed XML: every name was escaped
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        assert tags <= {"svg", "style", "title", "line", "text", "circle", "g", "rect", "defs", "marker", "path"}, tags
        assert not [el for el in root.iter() if el.tag.split("}")[-1] in ("image", "use", "a", "foreignObject", "script")]
        assert not [a for el in root.iter() for a in el.attrib if a.startswith("on")]
    assert "window.__pwned=1" in "".join(el.text or "" for el in ET.parse(charts[0]).getroot().iter())


def test_names_escaped_in_title_heading_tables(hostile_site):
    page = BeautifulSoup((hostile_site / "failure-modes/beta-failure/index.html").read_text(), "html.parser")
    assert page.title.text.startswith("Beta failure <script>window.__pwned=1</script>")
    assert page.find("article").h1.text.startswith('Beta failure <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">')
    index = BeautifulSoup((hostile_site / "failure-modes/index.html").read_text(), "html.parser")
    cell = index.find("article").table.tbody.tr.td
    assert '& "quotes" <b>bold?</b>' in cell.text
    matrix = BeautifulSoup((hostile_site / "matrix/index.html").read_text(), "html.parser")
    header_link = matrix.find("div", class_="fl-matrix").thead.find_all("a")[0]
    assert header_link.text.startswith('Agenda one <script>window.__pwned=1</script>')
    assert not matrix.find("table", class_="fl-heatmap").find_all(title=True)  # no titles: no sticky tooltips


def test_search_index_holds_text_not_markup(hostile_site):
    index = json.loads((hostile_site / "search/search_index.json").read_text())
    blob = json.dumps(index)
    assert "window.__pwned=1" in blob  # the text is searchable...
    for doc in index["docs"]:
        for field in ("title", "text"):
            soup = BeautifulSoup(doc[field], "html.parser")
            assert not soup.find_all(["script", "img", "iframe", "object", "style"]), (doc["location"], field)


@pytest.mark.browser
def test_no_script_runs_in_chromium(hostile_site, browser):
    with serve(hostile_site) as url:
        context = browser.new_context()
        page = context.new_page()
        dialogs, errors = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in ("failure-modes/beta-failure/", "examples/case-one/", "agendas/agenda-one/",
                     "estimates/estimate-two/", "claims/claim-one/", "sources/doe-2020-fixture/",
                     "failure-modes/", "matrix/"):
            page.goto(f"{url}/{path}")
            for link in page.locator("article a").all()[:40]:
                href = link.get_attribute("href") or ""
                assert not href.lower().startswith(("javascript:", "data:"))
            for el in page.locator("article p, article li").all()[:20]:
                el.click(position={"x": 1, "y": 1}, force=True, no_wait_after=True)  # would fire onclick
            assert page.evaluate("window.__pwned") is None, path
        context.close()
    assert dialogs == [] and errors == []
