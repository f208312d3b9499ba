"""Dated content releases: what a paper or a tool pins, and what changed from one to the next.

A release is a folder `docs/releases/<name>/` holding the knowledge base's `taxonomy.json` as it was when the
release was made, committed and tagged `<name>` in git. Because the file is committed, the site serves every
release's data at a stable path (`/releases/<name>/taxonomy.json`) without rebuilding old versions, and the list
of releases, the diff between two of them and the entries each one changed come from those files alone: a site
built from a tarball lists them too. Names are dates: `2026.12`, then `2026.12.1` for a second one that month.
The schema keeps its own semantic version (site/export.py).

`faultlines release` (make_release) writes the folder, commits it and tags it, refusing a dirty work tree or a
knowledge base that does not validate. Nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..data.history import GitError, run_git
from ..data.kinds import BY_NAME, KINDS
from ..data.model import KnowledgeBase
from ..site.citation import Citing
from ..site.generated import ReleasePages
from ..site.markdown_text import MD, plain
from .changes import Change, ChangeSet, Snapshot, diff

FOLDER = "releases"  # under the docs folder, so the site serves each release's files as they are
PAGE = "releases/index.md"
TITLE = "Releases"
DATA_FILE = "taxonomy.json"
NAME_RE = re.compile(r"^(?P<year>[0-9]{4})\.(?P<month>0[1-9]|1[0-2])(?:\.(?P<n>[1-9][0-9]*))?$")


class ReleaseError(Exception):
    """A release that cannot be made, with the message to show and the exit code (1 data or tree, 2 usage)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message, self.exit_code = message, exit_code


@dataclass
class Release:
    name: str
    date: str  # YYYY-MM-DD, when it was made
    snapshot: Snapshot
    data_version: str
    counts: dict[str, int]
    previous: str | None = None
    changes: ChangeSet = field(default_factory=ChangeSet)  # against the release before (everything: the first)

    @property
    def data_path(self) -> str:
        return f"{FOLDER}/{self.name}/{DATA_FILE}"


def sort_key(name: str) -> tuple[int, int, int]:
    m = NAME_RE.match(name)
    return (int(m["year"]), int(m["month"]), int(m["n"] or 0)) if m else (0, 0, 0)


def snapshot_of(export: dict[str, Any]) -> Snapshot:
    """The entries of an exported taxonomy.json, as `faultlines changes` compares them."""
    return Snapshot.from_entries(
        (e["kind"], e["id"], f"taxonomy/{BY_NAME[e['kind']].plural}/{e['id']}.yaml", e["fields"])
        for e in export.get("entries", []) if e.get("kind") in BY_NAME)


def read_releases(docs_dir: Path) -> list[Release]:
    """Every release under docs/releases/, oldest first, each with its changes against the one before.

    A folder whose name is not a release name, or without a readable taxonomy.json, is not a release (the
    release command never writes one); it is skipped rather than failing the build.
    """
    folder = docs_dir / FOLDER
    names = sorted((p.name for p in folder.iterdir() if p.is_dir() and NAME_RE.match(p.name)), key=sort_key) \
        if folder.is_dir() else []
    out: list[Release] = []
    before, previous = Snapshot(), None
    for name in names:
        try:
            data = json.loads((folder / name / DATA_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        meta = data.get("release") or {}
        snap = snapshot_of(data)
        out.append(Release(name, str(meta.get("date", "")), snap, str(data.get("data_version", "")),
                           dict(data.get("counts", {})), previous, diff(before, snap)))
        before, previous = snap, name
    return out


def next_name(taken: set[str], today: _dt.date) -> str:
    """`YYYY.MM` for the month of `today`, or `YYYY.MM.N` with the first N not taken."""
    base = f"{today.year:04d}.{today.month:02d}"
    if base not in taken:
        return base
    n = 1
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


@dataclass
class Status:
    """Where the working tree stands against the releases: what the footer and taxonomy.json say."""
    latest: Release | None
    unreleased: ChangeSet | None  # changes since the latest release; None when there is no release

    @property
    def exact(self) -> bool:
        return self.latest is not None and self.unreleased is not None and self.unreleased.empty

    def label(self) -> str:
        if self.latest is None:
            return "no release yet"
        if self.exact:
            return f"release {self.latest.name}"
        return f"release {self.latest.name} with later changes"

    def as_json(self) -> dict[str, Any]:
        """taxonomy.json's `release`: the release this data is, or the one it follows."""
        if self.latest is None:
            return {"name": None, "follows": None, "date": None}
        if self.exact:
            return {"name": self.latest.name, "follows": None, "date": self.latest.date}
        return {"name": None, "follows": self.latest.name, "date": None}


def status(releases: list[Release], current: Snapshot) -> Status:
    latest = releases[-1] if releases else None
    return Status(latest, diff(latest.snapshot, current) if latest else None)


def entry_releases(releases: list[Release]) -> dict[str, list[tuple[str, str]]]:
    """For each entry id, the releases in which it changed, oldest first: (release, what happened)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in releases:
        c = r.changes
        for label, items in (("added", c.added), ("changed", c.changed), ("deprecated", c.deprecated),
                             ("moved", c.moved)):
            for change in items:
                what = label if label != "changed" else f"changed: {', '.join(change.fields)}"
                out.setdefault(change.id, []).append((r.name, what))
    return out


# -- making a release ----------------------------------------------------------------------------------------


@dataclass
class Made:
    name: str
    path: Path
    changes: ChangeSet
    previous: str | None


def make_release(root: Path, docs_dir: Path, export: Callable[[dict[str, Any]], str], current: Snapshot,
                 today: _dt.date, name: str | None = None, citation_file: Path | None = None) -> Made:
    """Write docs/releases/<name>/taxonomy.json (and the release into CITATION.cff), commit, tag `<name>`.

    `export(release)` returns the taxonomy.json text with that `release` object in it; the caller has already
    validated the knowledge base. Refuses (ReleaseError) a work tree with uncommitted changes, a name that is
    not a date name or is taken (as a folder or a tag), and a knowledge base identical to the latest release.
    """
    check_clean(root)
    try:
        tags = set(run_git(root, "tag", "--list").decode().split())
    except GitError as e:
        raise ReleaseError(f"cannot read the repository: {e}", 2) from None
    releases = read_releases(docs_dir)
    taken = tags | {r.name for r in releases}
    if name is None:
        name = next_name(taken, today)
    elif not NAME_RE.match(name):
        raise ReleaseError(f"'{name}' is not a release name: use YYYY.MM, or YYYY.MM.N for another release in "
                           f"the same month (e.g. {next_name(taken, today)})", 2)
    elif name in taken:
        raise ReleaseError(f"release {name} exists already (as a tag or under {FOLDER}/); "
                           f"the next free name is {next_name(taken, today)}")
    if releases and sort_key(name) <= sort_key(releases[-1].name):
        raise ReleaseError(f"release {name} would come before the latest release, {releases[-1].name}", 2)
    previous = releases[-1] if releases else None
    changes = diff(previous.snapshot if previous else Snapshot(), current)
    if previous is not None and changes.empty:
        raise ReleaseError(f"nothing changed since release {previous.name}; there is nothing to release")
    folder = docs_dir / FOLDER / name
    folder.mkdir(parents=True, exist_ok=False)
    path = folder / DATA_FILE
    path.write_text(export({"name": name, "follows": None, "date": today.isoformat()}), encoding="utf-8")
    paths = [path.resolve().relative_to(root.resolve()).as_posix()]
    if citation_file is not None and citation_file.is_file():
        citation_file.write_text(with_release(citation_file.read_text(encoding="utf-8"), name, today),
                                 encoding="utf-8")
        paths.append(citation_file.resolve().relative_to(root.resolve()).as_posix())
    try:
        run_git(root, "add", "--", *paths)
        run_git(root, "commit", "--quiet", "-m", f"Release {name}", "-m", summary(changes, previous), "--", *paths)
        run_git(root, "tag", "-a", name, "-m", f"Faultlines release {name}\n\n{summary(changes, previous)}")
    except GitError as e:
        raise ReleaseError(f"git could not commit or tag the release: {e}", 2) from None
    return Made(name, path, changes, previous.name if previous else None)


def with_release(cff: str, name: str, today: _dt.date) -> str:
    """CITATION.cff with `version` and `date-released` set to the release; every other line kept as it is."""
    lines = cff.splitlines()
    for key, value in (("version", f'"{name}"'), ("date-released", f'"{today.isoformat()}"')):
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if at is None:
            lines.append(f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


def check_clean(root: Path) -> None:
    """ReleaseError unless `root` is a git work tree with nothing uncommitted (untracked files included)."""
    try:
        dirty = run_git(root, "status", "--porcelain", "--untracked-files=normal").decode()
    except GitError as e:
        raise ReleaseError(f"cannot read the repository: {e}", 2) from None
    if dirty.strip():
        shown = "\n".join("  " + line for line in dirty.splitlines()[:10])
        raise ReleaseError("the work tree has uncommitted changes; a release must be exactly a commit. "
                           f"Commit or stash them first:\n{shown}")


def summary(changes: ChangeSet, previous: Release | None) -> str:
    parts = [f"{len(items)} {label}" for label, items in (("added", changes.added), ("changed", changes.changed),
                                                           ("deprecated", changes.deprecated)) if items]
    since = f"since {previous.name}" if previous else "in the first release"
    return f"{', '.join(parts) or 'no entry changed'} {since}."


# -- the /releases/ page -------------------------------------------------------------------------------------

Link = Callable[[str], "MD | None"]


def render_page(releases: list[Release], state: Status, link: Link) -> str:
    out = [f"# {TITLE}", "",
           "Each release is a dated, frozen copy of the knowledge base that a paper or a tool can pin: its "
           "`taxonomy.json` stays at the address below for good, and its git tag has the same name. Releases are "
           "named by date (`2026.12`, then `2026.12.1` for a second one in the same month); the schema has its own "
           "version, inside each file. The same comparison for any two versions is printed by "
           "`faultlines changes --since REV`.", "{: .fl-summary }", ""]
    if not releases:
        out += ["No release has been made yet. Maintainers make one with `faultlines release` "
                "(docs/data.md, Releases).", ""]
        return "\n".join(out)
    if state.unreleased is not None and not state.unreleased.empty:
        out += ["## Since the latest release {#unreleased}", "",
                f"Changes since {plain(state.latest.name)}, in no release yet (the site shows them; "
                f"`/taxonomy.json` has them, with `release.follows` set to {plain(state.latest.name)}).", ""]
        out += changes_markdown(state.unreleased, link)
    for r in reversed(releases):
        out += [f"## {plain(r.name)} {{#release-{r.name.replace('.', '-')}}}", "",
                f"Made {plain(r.date) or 'on an unrecorded date'} · data: [`{r.data_path}`]({r.name}/{DATA_FILE}) "
                f"(data version `{plain(r.data_version)}`) · git tag `{plain(r.name)}`", ""]
        if r.previous is None:
            total = sum(r.counts.values())
            parts = [f"{n} {BY_NAME[k].title_plural.lower() if n != 1 else BY_NAME[k].title.lower()}"
                     for k, n in r.counts.items() if n and k in BY_NAME]
            out += [f"The first release: {total} entries ({', '.join(parts) or 'none'}).", ""]
            continue
        out += [f"Compared with {plain(r.previous)}.", ""]
        out += changes_markdown(r.changes, link) if not r.changes.empty else ["No entry changed.", ""]
    return "\n".join(out)


def changes_markdown(changes: ChangeSet, link: Link) -> list[str]:
    """Added, changed (with the fields), deprecated, moved and removed entries, grouped by kind."""
    def name(entry_id: str) -> str:
        return link(entry_id) or MD(f"`{entry_id}`")

    sections: list[tuple[str, list[Change], Callable[[Change], str]]] = [
        ("Added", changes.added, lambda c: name(c.id)),
        ("Changed", changes.changed, lambda c: f"{name(c.id)}: {plain(', '.join(c.fields))}"),
        ("Deprecated", changes.deprecated,
         lambda c: name(c.id) + (f", replaced by {name(c.replaced_by)}" if c.replaced_by else ", with no replacement")),
        ("Moved to another kind", changes.moved, lambda c: f"{name(c.id)} (was {plain(c.old_kind)})"),
        ("Removed", changes.removed, lambda c: f"`{c.id}`, no longer published"),
    ]
    out: list[str] = []
    for title, items, line in sections:
        if not items:
            continue
        out += [f"**{title}** ({len(items)})", ""]
        for kind in KINDS:
            of_kind = [c for c in items if c.kind == kind.name]
            if of_kind:
                out.append(f"- {kind.title_plural}: " + "; ".join(line(c) for c in of_kind))
        out.append("")
    return out


def for_site(kb: KnowledgeBase, docs_dir: Path, site_url: str | None, repo_url: str | None) -> ReleasePages:
    """What the dated releases under docs/releases/ give a build: where this data stands against them, the
    /releases/ page (and /changelog/, which points to it), and what citations need to know."""
    current = Snapshot.from_entries((e.kind.name, e.id, e.file, e.data) for e in kb.entries.values())
    made = read_releases(Path(docs_dir))
    state = status(made, current)

    def link(entry_id: str):
        entry = kb.entries.get(entry_id)
        return MD(f"[{plain(entry.name)}](../{entry.src_uri})") if entry else None

    pages = [(PAGE, TITLE, render_page(made, state, link), True),
             ("changelog.md", "Changelog", "# Changelog\n\nWhat changed in each release, and since the latest "
              "one, is on the [Releases](releases/index.md) page.\n", False)]
    latest = state.latest
    citing = Citing(site_url=site_url or None, release=latest.name if state.exact else None,
                    follows=latest.name if latest is not None and not state.exact else None,
                    repo_url=repo_url or None,
                    entry_releases={k: tuple(v) for k, v in entry_releases(made).items()})
    since = None if latest is None else (latest.name, len(state.unreleased.added), len(state.unreleased.changed))
    year = latest.date[:4] if state.exact else str(_dt.date.today().year)
    return ReleasePages(pages, citing, state.as_json(), state.label(), since, year)
