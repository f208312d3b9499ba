"""Where generated pages say their data comes from, and the home page's counts and news (no browser)."""
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

import faultlines
from faultlines.site import home, provenance
from faultlines.data.history import read_history


def added_dates(taxonomy):
    return read_history(taxonomy).newest_added()

from conftest import ROOT, Project

GENERATED = ["matrix", "matrix-by-agenda", "detection", "detection-by-evaluation", "map", "glossary", "contrasts",
             "scenarios", "failure-modes", "examples", "agendas", "estimates", "claims", "evaluations", "sources"]


def test_generated_pages_name_their_yaml_folders(mini_site):
    for url in GENERATED:
        soup = BeautifulSoup((mini_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        lines = soup.find_all(class_="fl-provenance")
        assert len(lines) == 1, url
        assert "taxonomy/" in lines[0].text and "one YAML file per entry" in lines[0].text
        hrefs = [a["href"] for a in lines[0].find_all("a")]
        assert "../taxonomy.json" in hrefs
        for href in hrefs:  # each link resolves to a built file
            target = (mini_site / url / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (url, href)
    entry = BeautifulSoup((mini_site / "examples/case-one/index.html").read_text(), "html.parser")
    assert not entry.find_all(class_="fl-provenance")  # an entry page names its own file instead


def test_folders_link_to_the_repository_when_it_is_known(tmp_path):
    assert provenance.repository_tree("https://github.com/o/r", "edit/main/docs/") == "https://github.com/o/r/tree/main/"
    assert provenance.repository_tree("https://github.com/o/r/", "blob/dev/docs") == "https://github.com/o/r/tree/dev/"
    assert provenance.repository_tree(None, "edit/main/docs/") is None
    assert provenance.repository_tree("https://github.com/o/r", "https://elsewhere/edit/") is None
    line = provenance.line("matrix/part-2.md", "taxonomy", "https://github.com/o/r/tree/main/")
    assert "[`taxonomy/agendas/`](https://github.com/o/r/tree/main/taxonomy/agendas/)" in line
    assert "(../agendas/index.md)" in line and "(../taxonomy.json)" in line
    assert provenance.line("failure-modes/camouflage.md") is None and provenance.line("index.md") is None


def test_home_counts_every_kind_and_lists_the_newest_entries_but_not_sources():
    kb = faultlines.load(ROOT / "tests/fixtures/mini/taxonomy", ROOT / "schema").knowledge_base
    ids = list(kb.entries)
    source = next(i for i in ids if kb.entries[i].kind.name == "source")
    others = [i for i in ids if i != source]
    added = {source: "2026-03-01", others[0]: "2026-02-01", others[1]: "2026-01-01"}
    text = home.overview(kb, added, ("v2026.01", 3, 1))
    assert "**3** [failure modes](failure-modes/index.md)" in text and "**1** [source](sources/index.md)" in text
    new = text.split("**New:**")[1]
    assert new.index(kb.entries[others[0]].name) < new.index(kb.entries[others[1]].name)
    assert "2026-03-01" not in new and "Since release v2026.01: 3 added, 1 changed" in text
    assert "without its git history" in home.overview(kb, None)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=T", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_added_dates_newest_first_from_git(tmp_path):
    proj = Project(tmp_path / "p")
    assert added_dates(proj.path / "taxonomy") is None  # not a git checkout
    git(proj.path, "init", "-q")
    git(proj.path, "add", ".")
    git(proj.path, "commit", "-qm", "first", "--date=2026-01-02T00:00:00")
    proj.write("taxonomy/sources/new-2026-source.yaml", "id: new-2026-source\n")  # git does not validate
    git(proj.path, "add", ".")
    git(proj.path, "commit", "-qm", "second")
    dates = added_dates(proj.path / "taxonomy")
    assert list(dates)[0] == "new-2026-source"
    assert set(dates) >= {p.stem for p in (proj.path / "taxonomy").glob("*/*.yaml")}
