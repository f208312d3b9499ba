"""A pytest plugin: the run must leave every tracked file as it found it (a clean checkout stays clean).

Loaded by conftest.py. Tracked files a run rewrites are listed at the end and the run fails, whatever the
tests said. `make screenshots` sets FAULTLINES_SCREENSHOTS to rewrite docs/images/ on purpose, and is exempt.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

SCREENSHOTS_ENV = "FAULTLINES_SCREENSHOTS"
_KEY = pytest.StashKey[dict]()


def tracked_changes(root: Path) -> dict[str, str] | None:
    """Each tracked file that differs from HEAD, with a hash of what is on disk now; None outside git."""
    try:
        out = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--untracked-files=no"], cwd=root,
                             capture_output=True, text=True, timeout=120, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    state, records = {}, iter(out.split("\0"))
    for record in records:
        if not record:
            continue
        status, path = record[:2], record[3:]
        if "R" in status or "C" in status:  # a rename or copy: the next record is the old path
            next(records, None)
        file = root / path
        state[path] = status + (hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "")
    return state


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get(SCREENSHOTS_ENV):
        before = tracked_changes(session.config.rootpath)
        if before is not None:
            session.stash[_KEY] = before


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.stash.get(_KEY, None)
    if before is None:
        return
    after = tracked_changes(session.config.rootpath) or {}
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = ("the tests changed tracked files (tests must leave a clean checkout clean; write to tmp_path):\n"
                   + "".join(f"  {p}\n" for p in changed))
        if reporter:
            reporter.ensure_newline()
            reporter.write_sep("=", "tracked files changed", red=True, bold=True)
            reporter.write_line(message)
        else:
            print(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
