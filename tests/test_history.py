"""Entry history from git: every page says when its entry was added and last changed, and the API carries the
same dates, from one `git log`; without git, or in a shallow clone, the build works and says so once."""
from __future__ import annotations

import json
import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, Project, run
from faultlines.data.history import read_history


def git(cwd, *args, date="2024-01-02T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path) -> Project:
    """The fixture project in git: everything committed on 2024-01-02, beta-failure changed on 2024-03-04,
    gamma-failure moved (to the examples folder and back is not needed: renamed within its kind's folder)."""
    project = Project(tmp_path / "project")
    git(project.path, "init", "-q", "-b", "main")
    git(project.path, "add", "-A")
    git(project.path, "commit", "-q", "-m", "first")
    beta = project.path / "taxonomy/failure-modes/beta-failure.yaml"
    beta.write_text(beta.read_text().replace("a kind of alpha.", "a kind of alpha, edited."))
    git(project.path, "commit", "-q", "-am", "edit beta", date="2024-03-04T09:00:00+00:00")
    return project


def meta(project, page) -> str:
    html = (project.path / "site" / page / "index.html").read_text()
    return BeautifulSoup(html, "html.parser").find(class_="fl-meta").get_text(" ", strip=True)


def test_pages_and_api_carry_the_dates(repo):
    result = repo.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "added 2024-01-02, last changed 2024-03-04" in meta(repo, "failure-modes/beta-failure")
    assert "added 2024-01-02, last changed 2024-01-02" in meta(repo, "examples/case-one")
    api = json.loads((repo.path / "site/api/beta-failure.json").read_text())
    assert (api["added"], api["changed"]) == ("2024-01-02", "2024-03-04")
    assert list(api)[:8] == ["format_version", "schema_version", "data_version", "release", "kind", "id", "url", "added"]
    whole = json.loads((repo.path / "site/taxonomy.json").read_text())
    assert {e["id"]: (e["added"], e["changed"]) for e in whole["entries"]}["case-one"] == ("2024-01-02", "2024-01-02")
    assert "shallow" not in result.stderr and "no added and changed dates" not in result.stderr


def test_uncommitted_work_counts_once_committed(repo):
    repo.write("taxonomy/failure-modes/delta-failure.yaml", """
        id: delta-failure
        name: Delta failure
        summary: Not committed yet.
        status: draft
        sources: [doe-2020-fixture]
    """)
    case = repo.path / "taxonomy/examples/case-one.yaml"
    case.write_text(case.read_text().replace("A fixture case", "An edited fixture case"))
    assert repo.build().returncode == 0
    assert "last changed" not in meta(repo, "failure-modes/delta-failure")
    assert "last changed 2024-01-02" in meta(repo, "examples/case-one")  # the edit is not a commit yet
    api = json.loads((repo.path / "site/api/delta-failure.json").read_text())
    assert (api["added"], api["changed"]) == (None, None)
    git(repo.path, "add", "-A")
    git(repo.path, "commit", "-q", "-m", "delta", date="2024-05-06T00:00:00+00:00")
    history = read_history(repo.path / "taxonomy")
    assert history.get("delta-failure").added == "2024-05-06"
    assert history.get("case-one").changed == "2024-05-06"


def test_a_move_to_another_kind_keeps_the_added_date(repo):
    git(repo.path, "mv", "taxonomy/claims/claim-two.yaml", "taxonomy/examples/claim-two.yaml")
    git(repo.path, "commit", "-q", "-m", "move", date="2024-07-08T00:00:00+00:00")
    dates = read_history(repo.path / "taxonomy").get("claim-two")
    assert (dates.added, dates.changed) == ("2024-01-02", "2024-07-08")


def test_two_builds_of_one_commit_are_identical(repo, tmp_path):
    for out in ("a", "b"):
        result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / out)], cwd=repo.path)
        assert result.returncode == 0, result.stderr[-3000:]
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert [f for f in files if (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()] == []


def test_without_git_the_build_works_and_says_so_once(project):
    result = project.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("entry pages show no added and changed dates: the taxonomy folder is not in a "
                               "git checkout") == 1
    assert "last changed" not in meta(project, "failure-modes/beta-failure")
    api = json.loads((project.path / "site/api/beta-failure.json").read_text())
    assert (api["added"], api["changed"]) == (None, None)


def test_a_shallow_clone_says_added_is_unknown(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    result = run([str(BIN / "mkdocs"), "build", "--strict"], cwd=clone)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("this is a shallow git clone, so when entries were added is unknown") == 1
    api = json.loads((clone / "site/api/beta-failure.json").read_text())
    assert (api["added"], api["changed"]) == (None, "2024-03-04")
    html = (clone / "site/failure-modes/beta-failure/index.html").read_text()
    assert "last changed 2024-03-04" in html and "added 2024" not in html
