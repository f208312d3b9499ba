"""Stable ids: `faultlines changes` against real git repositories, deprecated pages, and the releases page."""
import json
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, Project, run

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ, **GIT_ENV))
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(project) -> Project:
    """The fixture project as a git repository with one commit on main."""
    git(project.path, "init", "-q", "-b", "main")
    commit(project.path, "first")
    return project


def changes(project: Project, *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "faultlines"), "changes", *args], cwd=project.path)


DEPRECATED_GAMMA = """
    id: gamma-failure
    name: Gamma failure
    summary: A fixture failure mode that no agenda addresses.
    evidence: deployed
    sources: [doe-2020-fixture]
    status: deprecated
    replaced_by: beta-failure
"""


def test_no_change_exits_zero(repo):
    result = changes(repo, "--since", "HEAD")
    assert result.returncode == 0 and "none" in result.stdout


def test_deleting_an_entry_exits_one_naming_it_and_deprecating_it_exits_zero(repo):
    path = repo.path / "taxonomy/examples/case-one.yaml"
    text = path.read_text()
    path.unlink()
    result = changes(repo, "--since", "main")
    assert result.returncode == 1
    assert "case-one" in result.stderr and "without being deprecated" in result.stdout
    assert "taxonomy/examples/case-one.yaml: error:" in result.stdout
    assert "Traceback" not in result.stderr
    path.write_text(text + "status: deprecated\n")  # kept, marked deprecated (nothing replaces it)
    result = changes(repo, "--since", "main")
    assert result.returncode == 0, result.stdout
    assert "deprecated (1):" in result.stdout and "! case-one" in result.stdout and "no replacement" in result.stdout


def test_deprecating_instead_exits_zero(repo):
    repo.write("taxonomy/failure-modes/gamma-failure.yaml", DEPRECATED_GAMMA)
    result = changes(repo, "--since", "main", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["removed"] == []
    assert data["deprecated"] == [{"id": "gamma-failure", "kind": "failure-mode", "file": "taxonomy/failure-modes/gamma-failure.yaml",
                                   "name": "Gamma failure", "fields": ["status", "replaced_by"], "replaced_by": "beta-failure"}]
    assert repo.validate().returncode == 0  # and it is valid data


def test_added_changed_deprecated_removed_all_listed(repo):
    repo.write("taxonomy/failure-modes/gamma-failure.yaml", DEPRECATED_GAMMA)
    repo.write("taxonomy/failure-modes/delta-failure.yaml", """
        id: delta-failure
        name: Delta failure
        summary: New.
        status: draft
        sources: [doe-2020-fixture]
    """)
    beta = repo.path / "taxonomy/failure-modes/beta-failure.yaml"
    beta.write_text(beta.read_text().replace("A fixture failure mode that is a kind of alpha.", "Reworded."))
    alpha = repo.path / "taxonomy/failure-modes/alpha-failure.yaml"
    alpha.write_text("# a comment only\n" + alpha.read_text())  # formatting only: not a change
    (repo.path / "taxonomy/claims/claim-two.yaml").unlink()
    result = changes(repo, "--since", "main", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["added"]] == ["delta-failure"]
    assert [(c["id"], c["fields"]) for c in data["changed"]] == [("beta-failure", ["summary"])]
    assert [c["id"] for c in data["deprecated"]] == ["gamma-failure"]
    assert [c["id"] for c in data["removed"]] == ["claim-two"]
    text = changes(repo, "--since", "main")
    assert "+ delta-failure" in text.stdout and "~ beta-failure" in text.stdout and "fields: summary" in text.stdout
    assert "! gamma-failure" in text.stdout and "replaced by beta-failure" in text.stdout
    assert "- claim-two" in text.stdout and "alpha-failure" not in text.stdout


def test_a_rename_is_a_removal_with_a_hint(repo):
    old = repo.path / "taxonomy/examples/case-one.yaml"
    repo.write("taxonomy/examples/case-uno.yaml", old.read_text().replace("id: case-one", "id: case-uno"))
    old.unlink()
    result = changes(repo, "--since", "main", "--format", "github")
    assert result.returncode == 1
    assert "looks renamed to 'case-uno'" in result.stdout and "replaced_by: case-uno" in result.stdout
    assert "::error file=taxonomy/examples/case-one.yaml,title=Faultlines id removed::" in result.stdout


def test_moving_an_id_to_another_kind_breaks_its_url(repo):
    old = repo.path / "taxonomy/claims/claim-two.yaml"
    moved = repo.path / "taxonomy/examples/claim-two.yaml"
    moved.write_text(old.read_text())
    old.unlink()
    result = changes(repo, "--since", "HEAD")
    assert result.returncode == 1 and "changed kind from claim to example" in result.stdout


def test_old_revision_is_read_with_the_strict_loader(repo):
    """A file that did not parse at the old revision still counts as present, not as a new id."""
    repo.write("taxonomy/failure-modes/delta-failure.yaml", "id: delta-failure\nname: a\nname: b\n")
    commit(repo.path, "broken")
    repo.write("taxonomy/failure-modes/delta-failure.yaml", "id: delta-failure\nname: b\n")
    data = json.loads(changes(repo, "--since", "HEAD", "--format", "json").stdout)
    assert data["added"] == [] and [c["id"] for c in data["changed"]] == ["delta-failure"]


def test_compares_with_any_revision_and_a_nested_taxonomy(tmp_path):
    outer = tmp_path / "outer"
    project = Project(outer / "kb")
    git(outer, "init", "-q", "-b", "main")
    commit(outer, "first")
    git(outer, "tag", "-a", "v1", "-m", "first release")
    (project.path / "taxonomy/examples/case-one.yaml").unlink()
    commit(outer, "remove")
    result = run([str(BIN / "faultlines"), "changes", "--since", "v1"], cwd=project.path)
    assert result.returncode == 1 and "kb/taxonomy/examples/case-one.yaml: error:" in result.stdout
    result = run([str(BIN / "faultlines"), "changes", "kb", "--since", "HEAD~1"], cwd=outer)
    assert result.returncode == 1


def test_usage_errors_exit_two(repo, tmp_path):
    result = changes(repo, "--since", "no-such-branch")
    assert result.returncode == 2 and "unknown revision 'no-such-branch'" in result.stderr
    result = changes(repo, "--since", "--format=json")
    assert result.returncode == 2
    assert changes(repo).returncode == 2  # --since is required
    outside = Project(tmp_path / "not-git")
    result = run([str(BIN / "faultlines"), "changes", "--since", "HEAD"], cwd=outside.path)
    assert result.returncode == 2 and "not in a git repository" in result.stderr
    for r in (result,):
        assert "Traceback" not in r.stderr


# -- deprecated entries keep their pages ----------------------------------------------------------------------


def test_deprecated_entry_keeps_its_page_with_a_banner(project):
    project.write("taxonomy/failure-modes/gamma-failure.yaml", DEPRECATED_GAMMA)
    assert project.build().returncode == 0
    soup = BeautifulSoup((project.path / "site/failure-modes/gamma-failure/index.html").read_text(), "html.parser")
    banner = soup.find("div", class_="admonition")
    assert "Deprecated" in banner.text
    assert banner.find("a")["href"] == "../beta-failure/"
    api = json.loads((project.path / "site/api/gamma-failure.json").read_text())
    assert api["fields"]["status"] == "deprecated" and api["fields"]["replaced_by"] == "beta-failure"


# -- the releases page (tests/test_citations_releases.py makes releases) ---------------------------------------


def test_without_a_release_the_releases_page_says_so_and_changelog_points_to_it(mini_site):
    page = BeautifulSoup((mini_site / "releases/index.html").read_text(), "html.parser").find("article")
    assert "No release has been made yet" in page.text and "faultlines release" in page.text
    old = BeautifulSoup((mini_site / "changelog/index.html").read_text(), "html.parser").find("article")
    assert old.find("a", string="Releases")["href"] == "../releases/"


def test_a_contributors_build_says_nothing_about_releases(repo):
    """Releases are a maintainer's business: an ordinary build prints no note about them (it used to say, on
    every build, that no release had been tagged)."""
    build = repo.build()
    assert build.returncode == 0
    assert "release" not in (build.stderr + build.stdout).lower()
