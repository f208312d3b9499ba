"""What changed in the knowledge base between two versions, read from git: the basis of stable ids.

An id, once published, is cited from elsewhere (papers, spreadsheets, other projects' files), so an entry is
never deleted or renamed silently: it stays, with `status: deprecated` and `replaced_by`, and keeps its page.
`faultlines changes --since REV` and the site's releases page both come from `diff()` here. Old versions are read
with git (`git ls-tree`, `git cat-file`) and parsed with the same strict YAML loader as the working tree.
Nothing here imports MkDocs.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from ..data.diagnostics import github_annotation
from ..data.history import GitError, run_git as _git  # GitError here: git missing, no repository, unknown revision
from ..data.kinds import BY_PLURAL, KINDS, with_article
from ..data.loader import ID_MAX, ID_RE
from ..data.strict_yaml import MAX_BYTES, parse_mapping


# -- snapshots: every entry of one version ------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotEntry:
    kind: str  # singular kind name
    id: str
    file: str  # path as shown in messages, e.g. taxonomy/examples/case.yaml
    data: Any  # the parsed mapping, or None when the file does not parse
    raw: bytes = b""

    @property
    def deprecated(self) -> bool:
        return isinstance(self.data, dict) and self.data.get("status") == "deprecated"

    @property
    def replaced_by(self) -> str | None:
        value = self.data.get("replaced_by") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def name(self) -> str:
        value = self.data.get("name") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else self.id


@dataclass
class Snapshot:
    entries: dict[str, SnapshotEntry] = field(default_factory=dict)

    def add(self, kind: str, entry_id: str, file: str, raw: bytes) -> None:
        data = parse_mapping(raw, MAX_BYTES).data  # None when the file is not a readable mapping
        if entry_id not in self.entries:  # a duplicate id across kinds is the validator's to report
            self.entries[entry_id] = SnapshotEntry(kind, entry_id, file, data, raw)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str, str, Any]]) -> "Snapshot":
        """From already-parsed entries: (kind, id, file, data)."""
        snap = cls()
        for kind, entry_id, file, data in entries:
            snap.entries[entry_id] = SnapshotEntry(kind, entry_id, file, data)
        return snap


def _entry_path(relative: PurePosixPath) -> tuple[str, str] | None:
    """(kind, id) for <kind-plural>/<id>.yaml, else None."""
    if len(relative.parts) != 2 or relative.suffix != ".yaml":
        return None
    kind = BY_PLURAL.get(relative.parts[0])
    entry_id = relative.stem
    if kind is None or not ID_RE.match(entry_id) or len(entry_id) > ID_MAX:
        return None
    return kind.name, entry_id


def snapshot_dir(taxonomy_dir: Path, shown_as: str = "taxonomy") -> Snapshot:
    """The entries in a taxonomy folder on disk (a missing folder is an empty knowledge base)."""
    snap = Snapshot()
    for kind in KINDS:
        folder = taxonomy_dir / kind.plural
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            found = _entry_path(PurePosixPath(kind.plural, path.name))
            if found is None or not path.is_file() or path.is_symlink():
                continue
            try:
                raw = path.read_bytes()
            except OSError:
                raw = b""
            snap.add(found[0], found[1], f"{shown_as}/{kind.plural}/{path.name}", raw)
    return snap


# -- git -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Repository:
    root: Path  # the work tree's top folder
    prefix: str  # the taxonomy folder relative to root, e.g. "taxonomy" or "site/taxonomy"

    @classmethod
    def find(cls, taxonomy_dir: Path) -> "Repository":
        """The git repository holding taxonomy_dir (which need not exist any more)."""
        start = taxonomy_dir if taxonomy_dir.is_dir() else taxonomy_dir.parent
        if not start.is_dir():
            raise GitError(f"{start} is not a folder")
        try:
            root = Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())
        except GitError as e:
            if "not a git repository" in str(e):
                raise GitError(f"{start} is not in a git repository; comparing versions needs a clone") from None
            raise
        prefix = Path(os.path.relpath(taxonomy_dir.resolve(), root.resolve())).as_posix()
        if prefix.startswith(".."):
            raise GitError(f"{taxonomy_dir} is outside the repository at {root}")
        return cls(root, "" if prefix == "." else prefix)

    def commit(self, rev: str) -> str:
        """The full commit id a revision names; GitError with a clear message if there is none."""
        if not rev or rev.startswith("-"):
            raise GitError(f"'{rev}' is not a revision")
        try:
            return _git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"unknown revision '{rev}' (a branch, tag or commit of {self.root}; "
                           f"in a shallow clone, fetch it first)") from None

    def snapshot(self, rev: str) -> Snapshot:
        """The entries as they were at a revision, parsed with the strict loader."""
        commit = self.commit(rev)
        spec = [self.prefix] if self.prefix else []
        listing = _git(self.root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *spec)
        wanted: list[tuple[str, str, str, str]] = []  # (kind, id, file, blob)
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, otype, blob = meta.decode().split()
            if otype != "blob" or mode not in ("100644", "100755"):
                continue
            rel = path.decode("utf-8", "surrogateescape")
            inside = rel[len(self.prefix) + 1:] if self.prefix else rel
            found = _entry_path(PurePosixPath(inside))
            if found:
                wanted.append((found[0], found[1], rel, blob))
        snap = Snapshot()
        if not wanted:
            return snap
        out = _git(self.root, "cat-file", "--batch", input="".join(b + "\n" for *_, b in wanted).encode())
        pos = 0
        for kind, entry_id, file, blob in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            size = int(header[2])
            raw = out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
            snap.add(kind, entry_id, file, raw)
        return snap

    def tags(self) -> list["Tag"]:
        """Tags that point at commits (annotated or lightweight), oldest first."""
        fmt = "%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(creatordate:short)%00%(creatordate:unix)"
        out = _git(self.root, "for-each-ref", f"--format={fmt}", "refs/tags").decode("utf-8", "replace")
        tags = []
        for line in out.splitlines():
            name, otype, obj, peeled, date, stamp = line.split("\0")
            commit = obj if otype == "commit" else peeled
            if otype == "tag":
                try:  # an annotated tag of a tag, or of a tree or blob: follow it to a commit, if any
                    commit = self.commit(f"refs/tags/{name}")
                except GitError:
                    continue
            elif otype != "commit":
                continue
            tags.append(Tag(name, commit, date, int(stamp or 0)))
        order = self._topological_order([t.commit for t in tags])
        return sorted(tags, key=lambda t: (order.get(t.commit, -1), t.timestamp, t.name))

    def _topological_order(self, commits: list[str]) -> dict[str, int]:
        """Position of each commit in history, oldest first, so a tag on a later commit sorts later."""
        if not commits:
            return {}
        out = _git(self.root, "rev-list", "--topo-order", "--reverse", *sorted(set(commits))).decode()
        wanted = set(commits)
        return {c: i for i, c in enumerate(out.split()) if c in wanted}


@dataclass(frozen=True)
class Tag:
    name: str
    commit: str
    date: str  # YYYY-MM-DD
    timestamp: int


# -- the comparison ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    id: str
    kind: str
    file: str
    name: str = ""
    fields: tuple[str, ...] = ()  # top-level fields that changed
    replaced_by: str | None = None
    old_kind: str | None = None  # for an id that moved to another kind
    hint: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "file": self.file, "name": self.name}
        if self.fields:
            out["fields"] = list(self.fields)
        if self.replaced_by is not None:
            out["replaced_by"] = self.replaced_by
        if self.old_kind is not None:
            out["old_kind"] = self.old_kind
        if self.hint:
            out["hint"] = self.hint
        return out


@dataclass
class ChangeSet:
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    deprecated: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)  # the same id under another kind: its URL changed

    @property
    def ok(self) -> bool:
        """True when no id disappeared (or moved) silently."""
        return not self.removed and not self.moved

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deprecated or self.removed or self.moved)

    def as_json(self) -> dict[str, Any]:
        return {name: [c.as_json() for c in getattr(self, name)]
                for name in ("added", "changed", "deprecated", "removed", "moved")}


def diff(old: Snapshot, new: Snapshot) -> ChangeSet:
    out = ChangeSet()
    for entry_id in sorted(set(old.entries) | set(new.entries)):
        before, after = old.entries.get(entry_id), new.entries.get(entry_id)
        if before is None:
            out.added.append(Change(entry_id, after.kind, after.file, after.name))
        elif after is None:
            out.removed.append(Change(entry_id, before.kind, before.file, before.name, hint=_removal_hint(before, old, new)))
        elif after.kind != before.kind:
            out.moved.append(Change(entry_id, after.kind, after.file, after.name, old_kind=before.kind,
                                    hint=f"its page moved from /{BY_PLURAL_NAME[before.kind]}/{entry_id}/ to "
                                         f"/{BY_PLURAL_NAME[after.kind]}/{entry_id}/; keep the old entry "
                                         f"(deprecated) and give the new one a new id"))
        elif after.deprecated and not before.deprecated:
            out.deprecated.append(Change(entry_id, after.kind, after.file, after.name,
                                         _changed_fields(before, after), after.replaced_by))
        else:
            fields = _changed_fields(before, after)
            if fields:
                out.changed.append(Change(entry_id, after.kind, after.file, after.name, fields))
    return out


BY_PLURAL_NAME = {k.name: k.plural for k in KINDS}


def _changed_fields(before: SnapshotEntry, after: SnapshotEntry) -> tuple[str, ...]:
    if isinstance(before.data, dict) and isinstance(after.data, dict):
        keys = list(before.data) + [k for k in after.data if k not in before.data]
        return tuple(k for k in keys if before.data.get(k, _MISSING) != after.data.get(k, _MISSING))
    if before.raw and after.raw:  # a file that does not parse: compare its bytes
        return ("(file)",) if before.raw != after.raw else ()
    return ("(file)",) if before.data != after.data else ()


_MISSING = object()


def _removal_hint(gone: SnapshotEntry, old: Snapshot, new: Snapshot) -> str:
    """How to put it right; names the likely new id when the entry looks renamed."""
    renamed = None
    added = [e for i, e in new.entries.items() if i not in old.entries and e.kind == gone.kind]
    for candidate in added:
        if isinstance(candidate.data, dict) and isinstance(gone.data, dict):
            same = {k: v for k, v in candidate.data.items() if k != "id"} == {k: v for k, v in gone.data.items() if k != "id"}
            if same or candidate.name == gone.name:
                renamed = candidate.id
                break
    if renamed is None:
        close = difflib.get_close_matches(gone.id, [e.id for e in added], n=1, cutoff=0.6)
        renamed = close[0] if close else None
    if renamed:
        return (f"it looks renamed to '{renamed}': restore {gone.file} with status: deprecated and "
                f"replaced_by: {renamed}, so links to '{gone.id}' keep working")
    return (f"restore {gone.file} and mark it status: deprecated (with replaced_by: ID if another entry "
            f"replaces it); ids are never deleted")


def compare_with_working_tree(taxonomy_dir: Path, rev: str) -> tuple[Repository, str, ChangeSet]:
    """The changes from a revision to the taxonomy folder on disk; raises GitError on a usage problem."""
    repo = Repository.find(taxonomy_dir)
    commit = repo.commit(rev)
    old = repo.snapshot(commit)
    new = snapshot_dir(taxonomy_dir, repo.prefix or ".")
    return repo, commit, diff(old, new)


# -- reports -------------------------------------------------------------------------------------------------

SECTIONS = (("added", "+"), ("changed", "~"), ("deprecated", "!"), ("moved", "?"), ("removed", "-"))


def problems(changes: ChangeSet) -> list[tuple[Change, str]]:
    """(change, message) for every id that disappeared or moved without a deprecation."""
    out = [(c, f"'{c.id}' ({c.kind}) was removed without being deprecated: {c.hint}") for c in changes.removed]
    out += [(c, f"'{c.id}' changed kind from {c.old_kind} to {c.kind}: {c.hint}") for c in changes.moved]
    return out


def render_text(changes: ChangeSet, since: str, commit: str) -> str:
    lines = [f"Changes to the knowledge base since {since} ({commit[:12]}):"]
    if changes.empty:
        return lines[0][:-1] + ": none."
    for name, mark in SECTIONS:
        items = getattr(changes, name)
        if not items:
            continue
        lines.append(f"{name} ({len(items)}):")
        width = max(len(c.id) for c in items)
        for c in items:
            detail = ""
            if name == "changed":
                detail = "fields: " + ", ".join(c.fields)
            elif name == "deprecated":
                detail = f"replaced by {c.replaced_by}" if c.replaced_by else "no replacement"
            elif name == "moved":
                detail = f"was {with_article(c.old_kind)}"
            lines.append(f"  {mark} {c.id.ljust(width)}  {c.kind:<12} {detail}".rstrip())
    found = problems(changes)
    if found:
        lines.append("")
        lines += [f"{c.file}: error: {message}" for c, message in found]
    return "\n".join(lines)


def render_github(changes: ChangeSet, since: str, commit: str) -> str:
    """The text report plus one workflow error annotation per id that disappeared."""
    notes = [github_annotation("error", c.file, "Faultlines id removed", message) for c, message in problems(changes)]
    return "\n".join([render_text(changes, since, commit), *notes])


def render_json(changes: ChangeSet, since: str, commit: str) -> dict[str, Any]:
    return {"since": since, "commit": commit, "ok": changes.ok, **changes.as_json()}
