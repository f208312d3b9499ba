"""Real `mkdocs build --strict` runs on fixture sites and on the repository itself, checked in the HTML."""
import json
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def section_links(soup: BeautifulSoup, heading_id: str) -> list[str]:
    """Hrefs of the list that follows the heading with this id."""
    return [a["href"] for a in section(soup, heading_id).find_all("a")]


def section(soup: BeautifulSoup, heading_id: str) -> BeautifulSoup:
    """The elements between the heading with this id and the next heading, as one fragment."""
    heading = soup.find(id=heading_id)
    assert heading is not None, f"no #{heading_id}"
    parts = []
    for sib in heading.find_next_siblings():
        if sib.name in ("h1", "h2", "h3", "h4"):
            break
        parts.append(str(sib))
    return BeautifulSoup("".join(parts), "html.parser")


# -- the fixture site -----------------------------------------------------------------------------------


def test_every_entry_and_index_gets_a_page(mini_site):
    for url in ["failure-modes/alpha-failure", "failure-modes/beta-failure", "failure-modes/gamma-failure",
                "examples/case-one", "agendas/agenda-one", "agendas/agenda-two", "estimates/estimate-one",
                "estimates/estimate-two", "claims/claim-one", "claims/claim-two", "sources/doe-2020-fixture", "failure-modes", "examples", "agendas",
                "estimates", "sources", "matrix"]:
        assert (mini_site / url / "index.html").is_file(), url


def test_failure_mode_page_groups_instances_and_non_instances(mini_site):
    beta = page(mini_site, "failure-modes/beta-failure")
    assert section_links(beta, "instances")[0] == "../../examples/case-one/"
    gamma = page(mini_site, "failure-modes/gamma-failure")
    assert section_links(gamma, "non-instances")[0] == "../../examples/case-one/"
    item = section(gamma, "non-instances").ul.li
    assert "Nothing was hidden" in item.text and "contested" in item.text
    assert "A dissenting reader holds instance" in item.text


def test_failure_mode_page_shows_taxonomy_relations_agendas_backlinks(mini_site):
    beta = page(mini_site, "failure-modes/beta-failure")
    text = beta.find(id="taxonomy").find_next_sibling("ul").text
    assert "A kind of: Alpha failure" in text
    alpha = page(mini_site, "failure-modes/alpha-failure")
    assert "More specific kinds: Beta failure" in alpha.find(id="taxonomy").find_next_sibling("ul").text
    items = beta.find(id="agendas").find_next_sibling("ul").find_all("li", recursive=False)
    assert [li.find("a").text for li in items] == ["Agenda one", "Agenda two"]  # ranked: high before medium
    assert "Overlaps" in beta.find(id="relations").find_next_sibling("ul").text
    backlinks = [a.text for a in beta.find(id="referenced-by").find_next_sibling("ul").find_all("a")]
    assert backlinks == ["Alpha failure", "Gamma failure", "Case one", "Case two", "Agenda one", "Agenda two", "Doe on beta given gamma solved, 2021", "Doe on beta, 2020", "An earlier statement", "Beta drifts"]
    gamma = page(mini_site, "failure-modes/gamma-failure")
    assert "Gap" in gamma.find(id="agendas").find_next_sibling("div").text


def test_inline_reference_becomes_link(mini_site):
    alpha = page(mini_site, "failure-modes/alpha-failure")
    links = {a.text: a["href"] for a in alpha.find(id="definition").find_next_sibling("p").find_all("a")}
    assert links == {"Beta failure": "../beta-failure/", "the third one": "../gamma-failure/"}


def test_matrix_cells_equal_the_yaml(mini_site):
    soup = page(mini_site, "matrix")
    table = soup.find("div", class_="fl-matrix").table
    header = [th.text.strip() for th in table.thead.find_all("th")]
    assert header == ["Failure mode", "Agenda one", "Agenda two", "#", "Σ"]
    rows = {tr.th.a.text: [td.text.strip() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    assert rows["Beta failure"] == ["H", "M", "2", "5"]
    assert rows["Alpha failure"] == ["L", "", "1", "1"]
    assert rows["Gamma failure"] == ["", "", "0", "0"]
    assert table.tbody.find("tr", class_="fl-gap").th.a.text == "Gamma failure"
    assert [td.text for td in table.tfoot.find_all("td")][:2] == ["2", "1"]
    gaps = [a.text for a in section(soup, "gaps").find_all("a")]
    assert gaps == ["Gamma failure"]


def test_matrix_by_agenda_is_the_transpose(mini_site):
    table = page(mini_site, "matrix-by-agenda").find("div", class_="fl-matrix").table
    header = [th.text.strip() for th in table.thead.find_all("th")]
    assert header == ["Agenda", "Alpha failure", "Beta failure", "Gamma failure", "#", "Σ"]
    rows = {tr.th.a.text: [td.text.strip() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    assert rows == {"Agenda one": ["L", "H", "", "2", "4"], "Agenda two": ["", "M", "", "1", "2"]}
    evidence = [th.get("data-evidence") for th in table.thead.find_all("th", class_="fl-col")]
    assert evidence == ["no-documented-instance", "lab", "deployed"]  # computed from the instance examples


def test_estimate_page_shows_conditions(mini_site):
    soup = page(mini_site, "estimates/estimate-two")
    value = " ".join(soup.find(id="value").text.split())
    assert value.startswith("1%–10% given that Doe on beta, 2020 holds and gamma failure is solved")
    given = " ".join(soup.find(id="given").find_next_sibling("ul").text.split())
    assert "Given gamma failure is solved (the failure mode's state: solved)" in given
    assert "Given the proposition of Doe on beta, 2020: Beta leads to catastrophe." in given
    one = " ".join(page(mini_site, "estimates/estimate-one").find(id="given").find_next("p").text.split())
    assert one == "Nothing: the source gives this figure unconditionally."


def test_taxonomy_json(mini_site):
    data = json.loads((mini_site / "taxonomy.json").read_text())
    assert data["format_version"] == "1.3" and data["schema_version"] == "1.2" and len(data["data_version"]) == 16
    assert list(data) == ["format_version", "schema_version", "data_version", "release", "counts", "entries"]
    assert data["counts"] == {"failure-mode": 3, "example": 2, "agenda": 2, "estimate": 2, "claim": 2, "evaluation": 0, "source": 1, "organisation": 2}
    case = next(e for e in data["entries"] if e["id"] == "case-one")
    assert case["kind"] == "example" and case["url"] == "examples/case-one/"
    assert {"path": "classifications[0].failure_mode", "id": "beta-failure", "kind": "failure-mode",
            "url": "failure-modes/beta-failure/", "inline": False} in case["references"]
    beta = next(e for e in data["entries"] if e["id"] == "beta-failure")
    assert beta["backlinks"] == ["agenda-one", "agenda-two", "alpha-failure", "case-one", "case-two", "claim-one", "claim-two", "estimate-one", "estimate-two"]
    assert beta["fields"] == yaml.safe_load((ROOT / "tests/fixtures/mini/taxonomy/failure-modes/beta-failure.yaml").read_text())


def test_entry_pages_stay_out_of_the_sidebar(mini_site):
    nav = page(mini_site, "failure-modes/beta-failure").find("nav", class_="md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.find_all("a")]
    assert not any("alpha-failure" in h or "case-one" in h for h in hrefs)


def test_nothing_written_into_docs(project):
    before = sorted(p.relative_to(project.path) for p in (project.path / "docs").rglob("*"))
    assert project.build().returncode == 0
    assert sorted(p.relative_to(project.path) for p in (project.path / "docs").rglob("*")) == before


# -- invalid data fails the build the same way ------------------------------------------------------------


def test_invalid_data_fails_build_with_validator_messages(project):
    project.write("taxonomy/failure-modes/gamma-failure.yaml", """
        id: gamma-failure
        name: Gamma failure
        summary: Broken.
        evidence: sometimes
        parents: [nowhere]
        sources: [doe-2020-fixture]
    """)
    build = project.build()
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    validate = project.validate()
    for line in validate.stdout.splitlines():
        assert line in build.stderr
    assert "2 error(s) in the knowledge base" in build.stderr
    assert not (project.path / "site").exists()


def test_generated_page_clashing_with_docs_is_refused(project):
    project.write("docs/matrix.md", "# My matrix\n")
    build = project.build()
    assert build.returncode == 1 and "docs/matrix.md clashes with a generated page" in build.stderr


# -- untrusted text --------------------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def test_markup_in_fields_is_shown_not_run(project):
    project.write("taxonomy/failure-modes/gamma-failure.yaml", f"""
        id: gamma-failure
        name: 'Gamma <b>&</b> "quoted" {HOSTILE}'
        summary: 'Summary {HOSTILE}'
        evidence: deployed
        description: |-
          Text {HOSTILE} and [click](javascript:alert(3)) and <iframe src="https://evil.example"></iframe>
          {{: onclick="alert(4)" }}

          <style>body{{display:none}}</style>
        sources: [doe-2020-fixture]
    """)
    assert project.build().returncode == 0
    site = project.path / "site"
    html = (site / "failure-modes/gamma-failure/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article")
    assert not article.find_all(["script", "iframe", "style", "img"])
    assert not [t for t in article.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert "javascript:" not in " ".join(a.get("href", "") for a in soup.find_all("a"))
    assert article.h1.text.startswith('Gamma <b>&</b> "quoted" <script>alert(1)</script>')
    assert soup.title.text.startswith('Gamma <b>&</b> "quoted" <script>')
    assert "<script>alert(1)" not in html.split("<title>")[1].split("</title>")[0]
    index = (site / "search/search_index.json").read_text()
    assert "<script>" not in index and "onerror=" not in index.replace("onerror=alert(2)&gt;", "")
    listing = BeautifulSoup((site / "failure-modes/index.html").read_text(), "html.parser").find("article")
    assert not listing.find_all(["script", "img"])


# -- the repository's own knowledge base -----------------------------------------------------------------


def test_real_site_builds_and_has_every_entry(real_site):
    for kind in ("failure-modes", "examples", "agendas", "estimates", "sources"):
        for f in (ROOT / "taxonomy" / kind).glob("*.yaml"):
            assert (real_site / kind / f.stem / "index.html").is_file(), f


def test_ball_grasping_hand_classifications(real_site):
    soup = page(real_site, "examples/ball-grasping-hand")
    instance_of = section_links(soup, "instance-of")
    not_instance_of = section_links(soup, "not-instance-of")
    assert "../../failure-modes/camouflage/" in instance_of
    assert "../../failure-modes/oversight-failure/" in instance_of
    assert "../../failure-modes/scalable-oversight-failure/" in not_instance_of
    item = next(li for li in soup.find(id="not-instance-of").find_next_sibling("ul").find_all("li", recursive=False)
                if "Scalable-oversight failure" in li.a.text or "scalable" in li.a["href"])
    assert "contested" in item.text and "Dissent" in item.text
    camouflage = page(real_site, "failure-modes/camouflage")
    assert "../../examples/ball-grasping-hand/" in section_links(camouflage, "instances")
    sof = page(real_site, "failure-modes/scalable-oversight-failure")
    assert "../../examples/ball-grasping-hand/" in section_links(sof, "non-instances")


def test_real_matrix_cells_equal_the_yaml(real_site):
    soup = page(real_site, "matrix")
    table = soup.find("div", class_="fl-matrix").table
    agendas = [a["href"].split("/")[-2] for a in table.thead.find_all("a")]
    letters = {"high": "H", "medium": "M", "low": "L"}
    expected = {}
    for f in (ROOT / "taxonomy/agendas").glob("*.yaml"):
        for c in yaml.safe_load(f.read_text())["addresses"]:
            expected[(f.stem, c["failure_mode"])] = letters[c["relevance"]]
    assert len(agendas) == len(list((ROOT / "taxonomy/agendas").glob("*.yaml")))
    for tr in table.tbody.find_all("tr"):
        fm = tr.th.a["href"].split("/")[-2]
        for agenda, td in zip(agendas, tr.find_all("td")):
            assert td.text.strip() == expected.get((agenda, fm), ""), (agenda, fm)


def test_edit_button_opens_the_entry_yaml(project):
    config = (project.path / "mkdocs.yml").read_text()
    config = config.replace("theme: {name: material, font: false}",
                            "theme: {name: material, font: false, features: [content.action.edit]}")
    (project.path / "mkdocs.yml").write_text(config + "repo_url: https://github.com/example/kb\nedit_uri: edit/main/docs/\n")
    assert project.build().returncode == 0
    beta = page(project.path / "site", "failure-modes/beta-failure")
    edit = beta.find("a", class_="md-content__button")
    assert edit["href"] == "https://github.com/example/kb/edit/main/taxonomy/failure-modes/beta-failure.yaml"
    home = page(project.path / "site", "")
    assert home.find("a", class_="md-content__button")["href"] == "https://github.com/example/kb/edit/main/docs/index.md"


def test_csv_index_lists_each_file_with_what_it_holds(mini_site):
    soup = page(mini_site, "csv")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.find("article").find("table").find_all("tr")[1:]]
    assert [r[0] for r in rows] == ["examples-failure-modes.csv", "agendas-failure-modes.csv", "estimates.csv",
                                    "evaluations-failure-modes.csv", "evaluation-results.csv"]
    assert "One row per classification" in rows[0][1] and "verdict" in rows[0][2]
    for row, link in zip(rows, soup.find("article").find("table").find_all("a")):
        target = (mini_site / "csv" / link["href"]).resolve()
        assert target.is_file()
        assert target.read_text(encoding="utf-8-sig").splitlines()[0] == row[2].replace(" ", "")


def test_every_generated_page_is_one_lean_search_document(mini_site):
    """Matrix, map, contrasts, tags, scenarios, questions, releases, ...: each found by search as one document
    (site/search_index.py), none indexed section by section; tags get a document each."""
    docs = json.loads((mini_site / "search/search_index.json").read_text())["docs"]
    pages = {d["location"] for d in docs if "#" not in d["location"]}
    sections = [d["location"] for d in docs if "#" in d["location"]]
    generated = ["matrix/", "matrix-by-agenda/", "map/", "contrasts/", "tags/", "glossary/", "conditionals/",
                 "what-if/", "scenarios/", "releases/", "estimates/", "csv/"]
    generated += [p.parent.relative_to(mini_site).as_posix() + "/" for folder in ("contrasts", "scenarios", "questions")
                  for p in (mini_site / folder).glob("*/index.html")]
    assert len(generated) > 14  # the fixture has contrast and scenario pages
    for location in generated:
        assert [d["location"] for d in docs].count(location) == 1, location
    own = [s for s in sections if s.split("#")[0] in generated and not s.startswith("tags/#tag:")]
    assert own == [], "generated pages indexed section by section"
    matrix = next(d for d in docs if d["location"] == "matrix/")
    assert "matrix" in matrix["tags"] and matrix["text"].startswith("Which research agendas")
    tags = {d["location"] for d in docs if d["location"].startswith("tags/#tag:")}
    fixture_tags = {t for f in (ROOT / "tests/fixtures/mini/taxonomy").rglob("*.yaml")
                    for t in (yaml.safe_load(f.read_text()) or {}).get("tags", [])}
    assert tags == {f"tags/#tag:{t}" for t in fixture_tags}
    assert "contrast" in next(d for d in docs if d["location"].startswith("contrasts/") and d["location"] != "contrasts/")["tags"]


def test_each_tag_is_a_search_document_pointing_at_its_section():
    import faultlines
    from faultlines.site.search_index import tag_documents
    kb = faultlines.load(ROOT / "taxonomy", ROOT / "schema").knowledge_base
    docs = {d["location"]: d for d in tag_documents(kb)}
    games = docs["tags/#tag:games"]
    tagged = [e.name for e in kb.entries.values() if "games" in e.get("tags", [])]
    assert games["title"] == "Tag: games" and games["tags"] == ["games"]
    assert games["text"].startswith(f"{len(tagged)} entries tagged games: ")
