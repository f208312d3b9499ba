"""When each entry was added, from git: what the home page lists as new.

One `git log` over the taxonomy folder gives, for each entry file, the date of the newest commit that added
it. Outside a git checkout (or without git) there is nothing to say, and the home page says so.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from .changes import GitError, Repository, _entry_path, _git


def added_dates(taxonomy_dir: Path) -> dict[str, str] | None:
    """Entry id -> the date (YYYY-MM-DD) its file was last added, newest first; None without a history.

    A shallow clone knows only its newest commit, so there every entry seems added that day.
    """
    try:
        repo = Repository.find(taxonomy_dir)
        spec = [repo.prefix] if repo.prefix else ["."]
        out = _git(repo.root, "log", "--diff-filter=A", "--no-renames", "--format=%x00%cs", "--name-only", "-z",
                   "--", *spec)
    except GitError:
        return None
    dates: dict[str, str] = {}
    date = ""
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        record = record.strip("\n")
        if not record:
            continue
        if len(record) == 10 and record[4] == "-" and record[7] == "-" and "/" not in record:
            date = record  # the commit's date; the file names it added follow
            continue
        inside = record[len(repo.prefix) + 1:] if repo.prefix else record
        found = _entry_path(PurePosixPath(inside))
        if found and found[1] not in dates:  # newest first: the first date seen is the latest addition
            dates[found[1]] = date
    return dates
