"""`faultlines check-refs`: ids cited in another project's Markdown, YAML and CSV files."""
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, Project, run, serve
from faultlines.tools.check_refs import find_citations
from faultlines.tools.cli import build_parser

NOTES = """\
# Our evaluation plan

We test faultlines:beta-failure and faultlines:beta-failur (a typo), and gamma as faultlines:gamma-failure.
Not citations: myfaultlines:beta, "faultlines: spaced", path/faultlines:x.
"""
EVALS_YAML = """\
evals:
  - name: first
    faultlines: [alpha-failure, Gamma_Failure]
  - name: second
    faultlines_id: faultlines:case-one
    notes: see faultlines:nope-nope
"""
EVALS_CSV = 'eval,faultlines_ids,comment\r\nA,"alpha-failure; zzz-top",faultlines:case-one\r\nB,,\r\n'


@pytest.fixture
def other(tmp_path) -> Path:
    """Another project's files that cite Faultlines ids."""
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES)
    (folder / "evals.yaml").write_text(EVALS_YAML)
    (folder / "evals.csv").write_text(EVALS_CSV)
    return folder


@pytest.fixture
def kb(project) -> Project:
    """The fixture knowledge base with gamma-failure deprecated in favour of beta-failure."""
    path = project.path / "taxonomy/failure-modes/gamma-failure.yaml"
    path.write_text(path.read_text() + "status: deprecated\nreplaced_by: beta-failure\n")
    return project


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return run([str(BIN / "faultlines"), "check-refs", *args], cwd=cwd)


def test_reports_unknown_and_deprecated_ids_with_locations(other, kb):
    result = check(other, "notes.md", "evals.yaml", "evals.csv", "--kb", str(kb.path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "notes.md:3:37: error: unknown Faultlines id 'beta-failur'; did you mean 'beta-failure'?",
        "notes.md:3:83: warning: Faultlines id 'gamma-failure' is deprecated; use 'beta-failure' instead",
        "evals.yaml:3:33: error: unknown Faultlines id 'Gamma_Failure'; did you mean 'gamma-failure'?",
        "evals.yaml:6:16: error: unknown Faultlines id 'nope-nope'",
        "evals.csv:2:1: error: unknown Faultlines id 'zzz-top'",
    ]
    assert "4 unknown and 1 deprecated" in result.stderr
    assert "Traceback" not in result.stderr


def test_deprecated_alone_fails_unless_allowed(tmp_path, kb):
    (tmp_path / "a.md").write_text("See faultlines:gamma-failure.\n")
    assert check(tmp_path, "a.md", "--kb", str(kb.path)).returncode == 1
    result = check(tmp_path, "a.md", "--kb", str(kb.path), "--allow-deprecated")
    assert result.returncode == 0 and "deprecated" in result.stdout


def test_current_ids_pass(tmp_path, kb):
    (tmp_path / "a.md").write_text("faultlines:beta-failure and faultlines:case-one.\n")
    result = check(tmp_path, "a.md", "--kb", str(kb.path))
    assert result.returncode == 0 and result.stdout == ""
    assert "ok: 2 Faultlines citation(s) in 1 file(s), all current" in result.stderr


def test_folders_json_and_github_formats(other, kb):
    result = check(other, ".", "--kb", str(kb.path / "taxonomy"), "--format", "json")
    found = json.loads(result.stdout)
    assert {(f["file"], f["id"], f["severity"]) for f in found} == {
        ("notes.md", "beta-failur", "error"), ("notes.md", "gamma-failure", "warning"),
        ("evals.yaml", "Gamma_Failure", "error"), ("evals.yaml", "nope-nope", "error"), ("evals.csv", "zzz-top", "error")}
    github = check(other, "notes.md", "--kb", str(kb.path), "--format", "github")
    assert "::error file=notes.md,line=3,col=37,title=Faultlines reference::unknown Faultlines id 'beta-failur'" in github.stdout
    assert "::warning file=notes.md,line=3,col=83," in github.stdout


def test_against_a_published_taxonomy_json_by_file_and_url(other, kb):
    assert kb.build().returncode == 0
    site = kb.path / "site"
    result = check(other, "notes.md", "--kb", str(site / "taxonomy.json"))
    assert result.returncode == 1 and "beta-failur" in result.stdout and "is deprecated" in result.stdout
    with serve(site) as base:
        (other / "links.md").write_text(
            f"[a]({base}/failure-modes/beta-failure/) [b]({base}/examples/alpha-failure/) "
            f"[c]({base}/api/nothing-here.json) [d]({base}/failure-modes/) [e](https://elsewhere.example/examples/x/)\n")
        result = check(other, "links.md", "--kb", f"{base}/taxonomy.json")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert "'alpha-failure' is a failure-mode, not an example: its page is failure-modes/alpha-failure/" in lines[0]
    assert "unknown Faultlines id 'nothing-here'" in lines[1]


def test_site_url_option_makes_page_links_count(tmp_path, kb):
    (tmp_path / "a.md").write_text("https://faultlines.example/failure-modes/gamma-failure/\n")
    assert check(tmp_path, "a.md", "--kb", str(kb.path)).returncode == 0  # unknown site: not a citation
    result = check(tmp_path, "a.md", "--kb", str(kb.path), "--site-url", "https://faultlines.example")
    assert result.returncode == 1 and "'gamma-failure' is deprecated" in result.stdout


def test_usage_errors_exit_two(tmp_path, kb):
    (tmp_path / "a.md").write_text("faultlines:x\n")
    result = check(tmp_path, "a.md")
    assert result.returncode == 2 and "pass --kb" in result.stderr
    result = check(tmp_path, "missing.md", "--kb", str(kb.path))
    assert result.returncode == 2 and "not a file or folder: missing.md" in result.stderr
    result = check(tmp_path, "a.md", "--kb", str(tmp_path))
    assert result.returncode == 2 and "is not a Faultlines project" in result.stderr
    (tmp_path / "bad.json").write_text('{"entries": 3}')
    result = check(tmp_path, "a.md", "--kb", str(tmp_path / "bad.json"))
    assert result.returncode == 2 and "is not a Faultlines taxonomy.json" in result.stderr
    result = check(tmp_path, "a.md", "--kb", "http://127.0.0.1:9/taxonomy.json")
    assert result.returncode == 2 and "cannot fetch" in result.stderr
    for r in (result,):
        assert "Traceback" not in r.stderr


def test_unreadable_files_are_skipped_with_a_note(tmp_path, kb):
    (tmp_path / "latin1.md").write_bytes("caf\xe9 faultlines:nope".encode("latin-1"))
    (tmp_path / "bad.yaml").write_text("a: [unclosed\nfaultlines: nope-too\n")
    result = check(tmp_path, "latin1.md", "bad.yaml", "--kb", str(kb.path))
    assert "latin1.md: note: not UTF-8 text; skipped" in result.stderr
    assert "unknown Faultlines id" not in result.stdout  # unparsable YAML: only faultlines:ID in its text counts
    assert result.returncode == 0


def test_citation_forms():
    text = "a faultlines:one, b faultlines:two. faultlines:three-3) x-faultlines:no faultlines:"
    assert [c.id for c in find_citations("f.md", text)] == ["one", "two", "three-3"]
    yml = "x:\n  faultlines: faultlines:dup\n  faultlines_ids: [a, b]\n  y: {FaultLines: c}\n"
    assert [(c.id, c.line) for c in find_citations("f.yml", yml)] == [("dup", 2), ("a", 3), ("b", 3), ("c", 4)]


def test_pre_commit_hooks_for_other_repositories():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    check_hook = hooks["faultlines-check-refs"]
    assert check_hook["entry"] == "faultlines check-refs" and check_hook["language"] == "python"
    assert set(check_hook["types_or"]) == {"markdown", "yaml", "csv"}
    for hook in hooks.values():  # every entry is a real subcommand
        build_parser().parse_args(hook["entry"].split()[1:] + (["x.md"] if hook.get("pass_filenames", True) else []))
