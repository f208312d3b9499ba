"""The suite leaves a clean checkout clean: the plugin in clean_checkout.py fails a run that rewrites a tracked file."""
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _repo(path: Path, test: str) -> Path:
    path.mkdir()
    (path / "tracked.txt").write_text("as committed\n")
    (path / "test_it.py").write_text(test)
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)
    return path


def _pytest(repo: Path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "FAULTLINES_SCREENSHOTS"}
    environment.update(PYTHONPATH=str(TESTS), **env)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "clean_checkout", "-p", "no:cacheprovider",
                           "test_it.py"], cwd=repo, capture_output=True, text=True, env=environment, timeout=300)


def test_a_run_that_rewrites_a_tracked_file_fails_and_names_it(tmp_path):
    repo = _repo(tmp_path / "repo", "from pathlib import Path\n\n"
                 "def test_passes_but_writes():\n    Path('tracked.txt').write_text('rewritten\\n')\n")
    result = _pytest(repo)
    assert result.returncode == 1, result.stdout
    assert "1 passed" in result.stdout and "tracked files changed" in result.stdout
    assert "  tracked.txt" in result.stdout


def test_untracked_and_earlier_edits_are_not_the_runs_doing(tmp_path):
    repo = _repo(tmp_path / "repo", "from pathlib import Path\n\n"
                 "def test_writes_elsewhere(tmp_path):\n    Path('new-untracked.txt').write_text('x')\n")
    (repo / "tracked.txt").write_text("edited before the run\n")  # a contributor's work in progress
    result = _pytest(repo)
    assert result.returncode == 0, result.stdout


def test_make_screenshots_may_rewrite_the_pictures(tmp_path):
    repo = _repo(tmp_path / "repo", "from pathlib import Path\n\n"
                 "def test_refresh():\n    Path('tracked.txt').write_text('new picture\\n')\n")
    assert _pytest(repo, FAULTLINES_SCREENSHOTS=str(repo)).returncode == 0
