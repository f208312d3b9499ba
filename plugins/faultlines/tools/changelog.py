"""The changelog page: per git tag, the entries added, changed, deprecated and removed since the tag before.

Built from the same comparison as `faultlines changes`. A site built outside a git checkout, or from a
repository without tags, still builds: the page says why it has nothing to list. Nothing here imports MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .changes import ChangeSet, GitError, Repository, Snapshot, Tag, diff
from ..data.kinds import BY_NAME, KINDS, with_article
from ..site.markdown_text import MD, plain

PAGE = "changelog.md"
TITLE = "Changelog"


@dataclass
class Release:
    tag: Tag
    previous: Tag | None
    changes: ChangeSet
    counts: dict[str, int] = field(default_factory=dict)  # entries of each kind at this tag


@dataclass
class Changelog:
    releases: list[Release] = field(default_factory=list)  # newest first
    unreleased: ChangeSet | None = None
    latest: Tag | None = None
    note: str | None = None  # why there is nothing to list, when there is not
    for_maintainers: bool = False  # the note is a maintainer's to act on (no tag yet): not said on every build


class SnapshotCache:
    """Snapshots by commit id: a tag's content never changes, so `mkdocs serve` reads each one once."""

    def __init__(self) -> None:
        self._by_commit: dict[str, Snapshot] = {}

    def get(self, repo: Repository, commit: str) -> Snapshot:
        key = f"{repo.root}:{repo.prefix}:{commit}"
        if key not in self._by_commit:
            self._by_commit[key] = repo.snapshot(commit)
        return self._by_commit[key]


def build(taxonomy_dir: Path, current: Snapshot, cache: SnapshotCache | None = None) -> Changelog:
    """Releases from the repository's tags, newest first, and what changed since the last one."""
    cache = cache or SnapshotCache()
    try:
        repo = Repository.find(taxonomy_dir)
    except GitError:
        return Changelog(note="This site was built outside a git checkout, so there is no history to list. "
                              "Build it from a clone of the repository to see the changelog.")
    try:
        tags = repo.tags()
        releases: list[Release] = []
        previous: Tag | None = None
        before = Snapshot()
        for tag in tags:
            snap = cache.get(repo, tag.commit)
            counts = {k.name: sum(1 for e in snap.entries.values() if e.kind == k.name) for k in KINDS}
            releases.append(Release(tag, previous, diff(before, snap), counts))
            previous, before = tag, snap
    except GitError as e:
        return Changelog(note=f"The history could not be read from git ({e}), so there is nothing to list.")
    if not tags:
        return Changelog(note="No release has been tagged yet. Maintainers tag a release with "
                              "`git tag -a vYYYY.MM -m \"…\"`; each tag gets a section here.", for_maintainers=True)
    unreleased = diff(before, current)
    return Changelog(list(reversed(releases)), None if unreleased.empty else unreleased, tags[-1])


# -- rendering -----------------------------------------------------------------------------------------------

Link = Callable[[str], "MD | None"]  # a Markdown link to an entry's page, or None if it has no page


def render(changelog: Changelog, link: Link) -> str:
    out = [f"# {TITLE}", "",
           "What changed in the knowledge base in each tagged release, newest first. Ids are never deleted: an "
           "entry that is replaced stays, marked deprecated, with a pointer to its replacement, so links and "
           "citations keep working. The same list for any two versions is printed by "
           "`faultlines changes --since REV`.", ""]
    if changelog.note:
        out += ["!!! note \"Nothing to list\"", f"    {changelog.note}", ""]
        return "\n".join(out)
    if changelog.unreleased is not None:
        out += ["## Unreleased {#unreleased}", "",
                f"Changes since {plain(changelog.latest.name)}, not yet in a tagged release.", ""]
        out += _changes(changelog.unreleased, link)
    for release in changelog.releases:
        out += [f"## {plain(release.tag.name)}", "", f"Tagged {release.tag.date}."]
        if release.previous is None:
            total = sum(release.counts.values())
            parts = [f"{n} {BY_NAME[k].title_plural.lower() if n != 1 else BY_NAME[k].title.lower()}"
                     for k, n in release.counts.items() if n]
            out += [f"The first tagged release: {total} entries ({', '.join(parts) or 'none'}).", ""]
            continue
        out += [f"Compared with {plain(release.previous.name)}.", ""]
        if release.changes.empty:
            out += ["No entry changed.", ""]
        else:
            out += _changes(release.changes, link)
    return "\n".join(out)


def _changes(changes: ChangeSet, link: Link) -> list[str]:
    out: list[str] = []

    def name(change) -> MD:
        return link(change.id) or MD(f"`{change.id}`")

    sections = [
        ("Added", changes.added, lambda c: f"{name(c)} ({c.kind})"),
        ("Changed", changes.changed, lambda c: f"{name(c)} ({c.kind}): {plain(', '.join(c.fields))}"),
        ("Deprecated", changes.deprecated,
         lambda c: f"{name(c)} ({c.kind})" + (f", replaced by {name(_Ref(c.replaced_by))}" if c.replaced_by else ", with no replacement")),
        ("Moved to another kind", changes.moved, lambda c: f"{name(c)} (was {with_article(c.old_kind)}, now {with_article(c.kind)})"),
        ("Removed", changes.removed, lambda c: f"`{c.id}` ({c.kind}), no longer published"),
    ]
    for title, items, line in sections:
        if items:
            out += [f"**{title}** ({len(items)})", ""]
            out += [f"- {line(c)}" for c in items]
            out.append("")
    return out


@dataclass(frozen=True)
class _Ref:
    id: str
