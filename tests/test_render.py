"""`faultlines render` and Zensical: the generated site written for a generator with no plugin, built by Zensical,
is the site MkDocs builds with the plugin (docs/ecosystem.md).

Compared in each article: headings, links (resolved, in any order: the themes place tag chips differently) and
tables. Theme chrome may differ, and so may what only the plugin adds: glossary tooltips (unwrapped here).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, Project, run, serve
from faultlines.site.markdown_text import user_markdown
from faultlines.site.search_index import OWN_WORDS_SECTIONS, own_words_only
from faultlines.tools.render_site import MARK, source_relative, standalone
from faultlines.site.page_scripts import PAGE_SCRIPTS
from test_hostile_render import check_nothing_live, hostile_site  # noqa: F401

ZENSICAL = BIN / "zensical"


def render(project: Path, out: Path):
    return run([str(BIN / "faultlines"), "render", str(out)], cwd=project)


def zensical_build(rendered: Path):
    return run([str(ZENSICAL), "build", "-f", str(rendered / "mkdocs.yml")], cwd=rendered)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "out"
    result = render(ROOT, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "zensical build -f" in result.stderr
    return out


@pytest.fixture(scope="module")
def zensical_site(rendered) -> Path:
    result = zensical_build(rendered)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return rendered / "site"


def _article(site: Path, rel: str):
    art = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser").find("article")
    if art is None:
        return None
    for x in art.select("a.headerlink, a#__skip, .md-content__button, .md-source-file, .md-tags"):
        x.decompose()  # theme chrome: permalinks, skip link, edit button, tag chips
    for x in art.find_all("abbr"):
        x.unwrap()  # glossary tooltips: the plugin's, after conversion
    art.smooth()
    base = "http://site/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    heads = [(h.name, h.get("id"), " ".join(h.get_text(" ").split())) for h in art.find_all(re.compile("^h[1-6]$"))]
    links = sorted(urljoin(base, a.get("href") or "") for a in art.find_all("a"))
    tables = [[" ".join(c.get_text(" ").split()) for c in t.find_all(["th", "td"])] for t in art.find_all("table")]
    return heads, links, tables


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_render_writes_the_plugins_markdown_for_every_page(rendered):
    """The plugin's pages (what it adds to MkDocs' files, run in this process) are render's, but for what
    `standalone` adds for a generator with no plugin; data files are the same bytes."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    plugin = config.plugins["faultlines"]
    titles = plugin.build.titles
    generated = [f for f in files if f.generated_by]
    searched = set(plugin.build.site.entry_sources)
    assert len(titles) > 1000 and {f.src_uri for f in generated} >= set(titles)
    docs = rendered / "docs"
    for f in generated:
        text = (docs / f.src_uri).read_bytes().decode("utf-8")
        if f.src_uri in titles:
            again = standalone(f.content_string, f.src_uri, titles[f.src_uri], True, f.src_uri in searched)
            assert text == again, f.src_uri
        else:
            assert text == f.content_string, f.src_uri
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "<!-- faultlines:" not in home and plugin.build.site.overview in home
    assert (rendered / MARK).is_file()
    assert "faultlines" not in json.dumps(_yaml(rendered / "mkdocs.yml")["plugins"])


def _yaml(path: Path):
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_zensical_builds_the_same_site_as_mkdocs(real_site, zensical_site):
    mkdocs_pages, zensical_pages = _pages(real_site), _pages(zensical_site)
    assert zensical_pages == mkdocs_pages
    different = [rel for rel in sorted(mkdocs_pages) if _article(real_site, rel) != _article(zensical_site, rel)]
    assert different == [], different[:10]
    for data in ("taxonomy.json", "what-if.json", "csv/estimates.csv", "csv/evaluation-results.csv", "api/scheming.json",
                 "schema/example.schema.json"):
        assert (zensical_site / data).read_bytes() == (real_site / data).read_bytes(), data
    assert {p.name for p in (zensical_site / "api").iterdir()} == {p.name for p in (real_site / "api").iterdir()}


def test_zensical_search_finds_every_entry_page(real_site, zensical_site):
    """Zensical cannot take the plugin's search records, so the pages they describe are left for it to index."""
    items = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]
    located = {i["location"].split("#")[0] for i in items}
    entries = json.loads((real_site / "taxonomy.json").read_text(encoding="utf-8"))["entries"]
    assert {e["url"] for e in entries} <= located
    assert any(i["title"] == "Scheming" and i["location"] == "failure-modes/scheming/" for i in items)
    # Each entry page brings its own words only (own_words_only): no list of other entries, no BibTeX.
    entry_urls = {e["url"] for e in entries}
    sections = {i["location"].partition("#")[2] for i in items if i["location"].split("#")[0] in entry_urls}
    assert sections - {""} <= OWN_WORDS_SECTIONS and {"definition", "description"} <= sections, sections
    assert any(i["location"] == "failure-modes/scheming/#definition" for i in items)
    page = (zensical_site / "failure-modes" / "scheming" / "index.html").read_text(encoding="utf-8")
    assert 'id="instances"' in page and "data-search-exclude" not in page  # the section stays; the mark goes


def test_only_our_anchored_headings_outside_an_entrys_own_words_are_left_out_of_search():
    page = ("# Scheming\n\nSummary.\n\n## Definition {#definition}\n\nWords.\n\n## Relations {#relations}\n\n"
            "- x\n\n### Instances {#instances}\n\n## Notes&#123;#notes}\n\n```\n## In code\n```\n")
    out = own_words_only(page)
    assert "## Definition {#definition}\n" in out and "## Relations {#relations data-search-exclude}\n" in out
    assert "### Instances {#instances data-search-exclude}\n" in out
    assert out.replace(" data-search-exclude}", "}") == page  # nothing else changes, escaped braces included


def test_every_address_in_a_zensical_page_leads_to_a_file(zensical_site):
    """Raw HTML (matrices, diagrams, page scripts) included: Zensical rewrites it as it rewrites Markdown links,
    which `source_relative` allows for."""
    missing = []
    for page in sorted(zensical_site.rglob("*.html")):
        rel = page.relative_to(zensical_site).as_posix()
        base = "http://site/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        for el in (article.find_all(["a", "img", "script"]) if article else []) + soup.find_all("script", src=True):
            url = el.get("href") or el.get("src")
            if not url or url.startswith(("#", "mailto:")) or urlsplit(url).scheme:
                continue
            path = urlsplit(urljoin(base, url)).path.removeprefix("/")
            target = zensical_site / path
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.append((rel, url))
    assert missing == [], missing[:10]


def test_the_page_scripts_run_under_zensical(zensical_site, browser):
    with serve(zensical_site) as url:
        pg = browser.new_page(viewport={"width": 390, "height": 844})
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        try:
            pg.goto(f"{url}/what-if/")
            assert pg.locator("#fl-world").count() == 1  # what-if.js built its controls
            premise = pg.locator("input[data-premise]").first
            premise.fill("100")
            assert "p." in pg.evaluate("location.href")  # the world is kept in the address
            pg.goto(f"{url}/estimates/?sort=1-")
            assert pg.locator(".fl-estimates tbody tr").count() > 10  # estimates.js sorted the table
            assert errors == []
        finally:
            pg.close()


def test_render_refuses_a_folder_it_did_not_write_and_rewrites_its_own(tmp_path):
    project = Project(tmp_path / "project")
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    result = render(project.path, mine)
    assert result.returncode == 2 and "was not written by `faultlines render`" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]
    out = tmp_path / "out"
    assert render(project.path, out).returncode == 0
    (out / "docs" / "stale.md").write_text("left from an earlier render")
    assert render(project.path, out).returncode == 0
    assert not (out / "docs" / "stale.md").exists() and (out / "docs" / "failure-modes").is_dir()
    assert render(project.path, project.path).returncode == 2


def test_render_refuses_bad_data_with_located_messages(tmp_path):
    project = Project(tmp_path / "project")
    path = project.path / "taxonomy/examples/case-one.yaml"
    path.write_text(path.read_text().replace("verdict: instance", "verdict: instnace"))
    result = render(project.path, tmp_path / "out")
    assert result.returncode == 1
    assert "taxonomy/examples/case-one.yaml:9:5: error: classifications[0].verdict" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    missing = run([str(BIN / "faultlines"), "render", str(tmp_path / "o2"), "-f", "nowhere.yml"], cwd=project.path)
    assert missing.returncode == 2 and "nowhere.yml" in missing.stderr and "Traceback" not in missing.stderr


def test_render_refuses_a_link_out_of_the_project(tmp_path):
    project = Project(tmp_path / "project")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (project.path / "docs" / "leak.md").symlink_to(secret)
    result = render(project.path, tmp_path / "out")
    assert result.returncode == 2 and "outside the project" in result.stderr
    assert not (tmp_path / "out").exists()


def test_hostile_text_is_inert_in_the_zensical_site(hostile_site, tmp_path):  # noqa: F811
    """Zensical runs no sanitiser: contributed text must already be inert in the Markdown (markdown_text.py)."""
    out = tmp_path / "out"
    assert render(hostile_site.parent, out).returncode == 0
    result = zensical_build(out)
    assert result.returncode == 0, result.stdout[-2000:]
    check_nothing_live(out / "site", frozenset(s.split("/")[-1] for ss in PAGE_SCRIPTS.values() for s in ss))
    page = BeautifulSoup((out / "site" / "failure-modes/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "window.__pwned=1" in page.find("article").get_text()  # shown, as text


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x]( javascript:alert(1))", "[x](<javascript:alert(1)>)", "![x](data:text/html,hi)",
    "[x](java&#115;cript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\\script:alert(1))", "[x](\njavascript:alert(1))",
    "[r]: javascript:alert(1)\n\n[r]", "[r]:\n  javascript:alert(1)\n\n[r]", "Text\n{: onclick=\"alert(1)\" }",
    "a *b*{: onmouseover=\"alert(1)\" }"])
def test_contributed_markdown_cannot_make_a_live_link_or_attribute(text):
    import markdown
    out = markdown.markdown(user_markdown(text, lambda i, label: i), extensions=["attr_list", "md_in_html", "tables"])
    soup = BeautifulSoup(out, "html.parser")
    assert not soup.find_all(["a", "img"]), out
    assert not [a for el in soup.find_all(True) for a in el.attrs if a.startswith("on")], out


def test_safe_links_and_code_are_left_as_written():
    import markdown
    text = "[a](https://example.org/) [b](../failure-modes/scheming.md) [c](mailto:x@example.org) `{: .x }`"
    out = markdown.markdown(user_markdown(text, lambda i, label: i), extensions=["attr_list"])
    assert [a["href"] for a in BeautifulSoup(out, "html.parser").find_all("a")] == [
        "https://example.org/", "../failure-modes/scheming.md", "mailto:x@example.org"]
    assert "<code>{: .x }</code>" in out


def test_raw_addresses_move_to_the_markdown_files_folder():
    assert source_relative('<a href="../evaluations/x/">', "detection.md") == '<a href="evaluations/x/">'
    assert source_relative('<a href="../x/#f" title="t">', "failure-modes/scheming.md") == '<a href="x/#f" title="t">'
    assert source_relative('<script src="../javascripts/w.js">', "what-if.md") == '<script src="javascripts/w.js">'
    for unchanged in ('<a href="#a">', '<a href="https://x.org/">', '&lt;a href="../x/"&gt;'):
        assert source_relative(unchanged, "detection.md") == unchanged
    assert source_relative('<a href="../x/">', "failure-modes/index.md") == '<a href="../x/">'
