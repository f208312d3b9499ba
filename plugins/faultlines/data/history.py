"""When each entry was added and last changed, read from git in one pass over the taxonomy folder's history.

An entry's dates are those of the first and the latest commit that touched a file with its id (in any kind's
folder, so a move to another kind keeps the date it was added). Edits not yet committed do not count until
they are committed, and an entry with no commit yet has no dates: a build of the same commit is the same
bytes, whenever it runs. Outside a git checkout, or without git, there are no dates and `note` says why; in a
shallow clone the commits before the cut are missing, so `added` is unknown and `note` says so.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a git command failed; the message says which."""


def run_git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    """git's output; GitError with git's first line of complaint when it fails."""
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed; install it to compare versions")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # the folder decides the repository, not the caller
        env.pop(var, None)
    try:
        done = subprocess.run([exe, *args], cwd=cwd, input=input, capture_output=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise GitError(f"git {args[0]} failed: {e}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Dates:
    added: str | None  # ISO date (YYYY-MM-DD) of the first commit with the entry; None when unknown
    changed: str  # ISO date of the latest commit that touched it


@dataclass
class History:
    dates: dict[str, Dates] = field(default_factory=dict)  # by entry id
    note: str | None = None  # why some or all dates are missing, to say once
    added_order: list[str] = field(default_factory=list)  # ids by the commit that added them, newest first

    def get(self, entry_id: str) -> Dates | None:
        return self.dates.get(entry_id)

    def newest_added(self) -> dict[str, str] | None:
        """Entry id -> date added, newest first in git's commit order; None when no entry's date is known (no git
        history, or a shallow clone): what the home page lists as new."""
        return {i: self.dates[i].added for i in self.added_order if self.dates[i].added} or None


_MARK = "\x1e"  # starts each commit's header line in the log below (no path contains it)


def read_history(taxonomy_dir: Path) -> History:
    """Every entry's dates from one `git log` over the taxonomy folder (newest commit first)."""
    taxonomy_dir = Path(taxonomy_dir)
    try:
        shallow = run_git(taxonomy_dir, "rev-parse", "--is-shallow-repository").strip() == b"true"
        # --relative: paths relative to the taxonomy folder; -c core.quotepath=off: names as they are.
        log = run_git(taxonomy_dir, "-c", "core.quotepath=off", "log", f"--format={_MARK}%cs", "--name-only",
                      "--no-renames", "--relative", "--", ".")
    except GitError as e:
        reason = str(e)
        if "not a git repository" in reason:
            reason = "the taxonomy folder is not in a git checkout"
        return History(note=f"entry pages show no added and changed dates: {reason}")
    dates: dict[str, list[str]] = {}  # id -> [first seen (latest) date, last seen (earliest) date]
    date = ""
    commit = 0  # the log's commits, newest first
    adding: dict[str, int] = {}  # id -> the oldest commit that touched it: the one that added it
    for line in log.decode("utf-8", "replace").split("\n"):  # (not splitlines(): it splits at \x1e too)
        if line.startswith(_MARK):
            date = line[1:]
            commit += 1
            continue
        path = PurePosixPath(line)
        if len(path.parts) != 2 or path.suffix not in (".yaml", ".yml") or not date:
            continue  # not an entry file (a README, a nested folder, an empty line)
        adding[path.stem] = commit
        seen = dates.get(path.stem)
        if seen is None:
            dates[path.stem] = [date, date]
        else:  # (commit dates need not fall in log order: take the extremes)
            seen[0], seen[1] = max(seen[0], date), min(seen[1], date)
    note = ("this is a shallow git clone, so when entries were added is unknown (fetch the whole history, "
            "e.g. actions/checkout with fetch-depth: 0)") if shallow else None
    return History({i: Dates(None if shallow else first, last) for i, (last, first) in dates.items()}, note,
                   sorted(adding, key=adding.__getitem__))
