"""Citing and pinning: "Cite this entry" on every kind of entry page, CITATION.cff, and dated releases."""
import datetime
import re
import json
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, FIXTURES, ROOT, Project, run
from test_changes import DEPRECATED_GAMMA, commit, git

from faultlines.site.citation import Citing, bibtex, bibtex_escape, fenced, report_url
from faultlines.tools.releases import next_name

KIND_PAGES = {  # one page of each kind in the fixture knowledge base
    "failure-mode": "failure-modes/alpha-failure", "example": "examples/case-one", "agenda": "agendas/agenda-one",
    "estimate": "estimates/estimate-one", "claim": "claims/claim-one", "source": "sources/doe-2020-fixture",
}


def article(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(), "html.parser").find("article")


def cite_blocks(page: BeautifulSoup) -> tuple[str, str]:
    heading = page.find(id="cite")
    assert heading is not None, "no 'Cite this entry' section"
    codes = heading.find_all_next("code", limit=2)
    return codes[0].get_text(), codes[1].get_text()


@pytest.mark.parametrize("kind", sorted(KIND_PAGES))
def test_every_kind_of_entry_page_has_a_citation_whose_bibtex_parses(mini_site, kind):
    page = article(mini_site, KIND_PAGES[kind])
    entry_id = KIND_PAGES[kind].split("/")[1]
    text, bib = cite_blocks(page)
    assert "Faultlines contributors" in text and f"id {entry_id}" in text
    assert f"/{KIND_PAGES[kind]}/" in text  # the entry's stable address
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks, bib
    [record] = library.entries
    assert record.key == f"faultlines:{entry_id}" and record.entry_type == "misc"
    fields = {f.key: f.value for f in record.fields}
    assert fields["url"].endswith(f"/{KIND_PAGES[kind]}/")
    assert "Faultlines" in fields["howpublished"] and "release" in fields["note"]
    assert fields["title"]


def test_bibtex_escapes_what_a_contributor_writes():
    name = "50% of {weird} & odd_name #1 ~ ^ \\ `x`"
    record = bibtex(name, "Example", "odd-one", "examples/odd-one/", Citing(site_url="https://x.org/kb/"), "2026-03-05")
    library = bibtexparser.parse_string(record)
    assert not library.failed_blocks
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["title"] == bibtex_escape(name)
    assert r"50\% of \{weird\} \& odd\_name \#1" in fields["title"]
    assert fields["year"] == "2026" and fields["url"] == "https://x.org/kb/examples/odd-one/"
    assert re.search(r"month +\= mar,", record)


def test_a_fence_cannot_be_closed_by_the_text_inside():
    block = fenced("a ```` b", "text")
    assert block.startswith("`````text\n") and block.endswith("\n`````")


def test_the_citation_names_the_release_the_site_shows():
    exact = bibtex("A", "Example", "a", "examples/a/", Citing(release="2026.12"), None)
    assert "release 2026.12" in exact
    later = bibtex("A", "Example", "a", "examples/a/", Citing(follows="2026.12"), None)
    assert "unreleased version after release 2026.12" in later


def test_report_a_problem_opens_the_correction_form_filled_in():
    url = report_url("case-one", "Case (one) & more", "examples/case-one/",
                     Citing(site_url="https://x.org/", repo_url="https://github.com/o/r", release="2026.12"))
    assert url.startswith("https://github.com/o/r/issues/new?template=correction.yml&")
    assert "entry=case-one" in url and "release=2026.12" in url and "url=https%3A%2F%2Fx.org%2Fexamples%2Fcase-one%2F" in url
    assert "(" not in url and "&" not in url.split("title=")[1].split("&entry")[0]
    assert report_url("a", "A", "a/", Citing()) is None  # no repository: no link
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/correction.yml").read_text())
    ids = {item.get("id") for item in form["body"]}
    assert {"entry", "url", "release"} <= ids  # the query's keys fill these fields


def test_entry_pages_link_to_report_a_problem_when_the_site_has_a_repository(project):
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text() + "repo_url: https://github.com/owner/faultlines\n")
    assert project.build().returncode == 0
    link = article(project.path / "site", "examples/case-one").find("a", string="Report a problem with this entry")
    assert link is not None and "entry=case-one" in link["href"]


def test_the_home_page_cites_the_knowledge_base(project):
    project.write("docs/index.md", "# Home\n\n<!-- faultlines:cite -->\n")
    assert project.build().returncode == 0
    page = BeautifulSoup((project.path / "site/index.html").read_text(), "html.parser").find("article")
    bib = [c.get_text() for c in page.find_all("code") if "@misc" in c.get_text()]
    assert bib and not bibtexparser.parse_string(bib[0]).failed_blocks
    assert "<!-- faultlines:cite -->" not in str(page)


def test_citation_cff_is_valid_citation_file_format():
    """check-jsonschema (a standard JSON Schema tool) with the Citation File Format's own 1.2.0 schema
    (tests/fixtures/cff/, from the citation-file-format repository; cffconvert, the format's own checker,
    pins jsonschema < 4, which the project cannot install beside its own)."""
    result = run([str(BIN / "check-jsonschema"), "--schemafile", str(FIXTURES / "cff/schema-1.2.0.json"),
                  str(ROOT / "CITATION.cff")], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["title"].startswith("Faultlines")


def test_a_broken_citation_cff_fails_the_same_check(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text((ROOT / "CITATION.cff").read_text().replace("cff-version: 1.2.0", "cff-version: one"))
    result = run([str(BIN / "check-jsonschema"), "--schemafile", str(FIXTURES / "cff/schema-1.2.0.json"), str(bad)],
                 cwd=tmp_path)
    assert result.returncode == 1


# -- releases ------------------------------------------------------------------------------------------------


def test_release_names_are_dates_with_a_counter_within_a_month():
    day = datetime.date(2026, 12, 6)
    assert next_name(set(), day) == "2026.12"
    assert next_name({"2026.12"}, day) == "2026.12.1"
    assert next_name({"2026.12", "2026.12.1"}, day) == "2026.12.2"


@pytest.fixture
def released(project) -> Project:
    """The fixture project as a git repository with a CITATION.cff, committed."""
    shutil.copy(ROOT / "CITATION.cff", project.path / "CITATION.cff")
    (project.path / ".gitignore").write_text("site/\n.faultlines-cache/\n")
    git(project.path, "init", "-q", "-b", "main")
    commit(project.path, "first")
    return project


def release(project: Project, *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "faultlines"), "release", *args], cwd=project.path)


def test_release_refuses_a_dirty_tree_and_an_invalid_knowledge_base(released):
    released.write("taxonomy/examples/extra.yaml", "id: extra\n")  # untracked, and invalid
    result = release(released, "--date", "2026-12-06")
    assert result.returncode == 1 and "uncommitted changes" in result.stderr and "Traceback" not in result.stderr
    commit(released.path, "an invalid entry")
    result = release(released, "--date", "2026-12-06")
    assert result.returncode == 1 and "does not validate" in result.stderr
    assert "taxonomy/examples/extra.yaml" in result.stdout
    assert git(released.path, "tag", "--list") == "" and not (released.path / "docs/releases").exists()


def test_release_refuses_a_name_that_is_not_a_date(released):
    result = release(released, "--name", "v1")
    assert result.returncode == 2 and "YYYY.MM" in result.stderr


def test_releases_are_tagged_pinned_and_diffed(released):
    first = release(released, "--date", "2026-12-06")
    assert first.returncode == 0, first.stderr + first.stdout
    assert "release 2026.12" in first.stdout
    assert git(released.path, "tag", "--list").split() == ["2026.12"]
    assert git(released.path, "status", "--porcelain") == ""  # committed
    cff = yaml.safe_load((released.path / "CITATION.cff").read_text())
    assert cff["version"] == "2026.12" and str(cff["date-released"]) == "2026-12-06"
    # nothing changed: no second release
    again = release(released, "--date", "2026-12-07")
    assert again.returncode == 1 and "nothing changed" in again.stderr
    # a change, then a second release in the same month
    released.write("taxonomy/failure-modes/gamma-failure.yaml", DEPRECATED_GAMMA)
    beta = released.path / "taxonomy/failure-modes/beta-failure.yaml"
    beta.write_text(beta.read_text().replace("A fixture failure mode that is a kind of alpha.", "Reworded."))
    commit(released.path, "second")
    second = release(released, "--date", "2026-12-20")
    assert second.returncode == 0, second.stderr
    assert git(released.path, "tag", "--list").split() == ["2026.12", "2026.12.1"]
    assert "1 changed, 1 deprecated" in second.stdout
    # the same diff as `faultlines changes` between the two tags' data
    changes = json.loads(run([str(BIN / "faultlines"), "changes", "--since", "2026.12", "--format", "json"],
                             cwd=released.path).stdout)
    # after the release, the working tree is the second release exactly
    assert [c["id"] for c in changes["changed"]] == ["beta-failure"]
    assert [c["id"] for c in changes["deprecated"]] == ["gamma-failure"]
    # one more change, unreleased
    case = released.path / "taxonomy/examples/case-one.yaml"
    case.write_text(case.read_text().replace("summary:", "summary: Newly", 1))
    build = released.build()
    assert build.returncode == 0, build.stderr
    site = released.path / "site"
    page = article(site, "releases")
    headings = [h.get_text().strip("¶ ") for h in page.find_all("h2")]
    assert headings == ["Since the latest release", "2026.12.1", "2026.12"]
    text = " ".join(page.get_text().split())
    assert "The first release: 14 entries" in text
    assert "Changed (1)" in text and "Beta failure: summary" in text
    assert "Deprecated (1)" in text and "replaced by Beta failure" in text
    # every release's taxonomy.json is the file from its tag, byte for byte, at a stable path
    for name in ("2026.12", "2026.12.1"):
        pinned = (site / "releases" / name / "taxonomy.json").read_bytes()
        tagged = subprocess.run(["git", "show", f"{name}:docs/releases/{name}/taxonomy.json"], cwd=released.path,
                                capture_output=True, check=True).stdout
        assert pinned == tagged
        assert json.loads(pinned)["release"]["name"] == name
    live = json.loads((site / "taxonomy.json").read_text())
    assert live["release"] == {"name": None, "follows": "2026.12.1", "date": None}
    # each entry page lists the releases in which it changed; the footer names the release
    beta_page = article(site, "failure-modes/beta-failure")
    line = beta_page.find(class_="fl-releases").get_text()
    assert "2026.12 (added)" in line and "2026.12.1 (changed: summary)" in line
    footer = BeautifulSoup((site / "index.html").read_text(), "html.parser").find(class_="md-copyright")
    assert "release 2026.12.1 with later changes" in footer.get_text()
    _, bib = cite_blocks(article(site, "examples/case-one"))
    assert "unreleased version after release 2026.12.1" in bib


def test_a_site_built_at_a_release_says_it_is_that_release(released):
    assert release(released, "--date", "2026-12-06").returncode == 0
    assert released.build().returncode == 0
    site = released.path / "site"
    assert json.loads((site / "taxonomy.json").read_text())["release"] == {"name": "2026.12", "follows": None,
                                                                           "date": "2026-12-06"}
    _, bib = cite_blocks(article(site, "examples/case-one"))
    assert "release 2026.12;" in bib


# -- in the browser --------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_the_bibtex_copies_with_the_keyboard_alone(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    try:
        page = context.new_page()
        page.goto(f"{server}/failure-modes/camouflage/")
        button = page.locator("#cite ~ div.highlight button.md-code__button[data-md-type=copy]").nth(1)  # BibTeX
        button.wait_for(state="attached")
        button.focus()  # reached by Tab like any button; no pointer involved
        assert page.evaluate("document.activeElement.dataset.mdType === 'copy'")
        page.keyboard.press("Enter")
        page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('@misc'))", timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert not bibtexparser.parse_string(copied).failed_blocks
        assert "faultlines:camouflage" in copied
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the citation blocks widen the page"
    finally:
        context.close()
