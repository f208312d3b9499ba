"""Find and parse the entry files under taxonomy/: one YAML mapping per file, one folder per kind."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostic, format_path
from .documents import Document, display_path
from .kinds import BY_PLURAL, KINDS, Kind
from .strict_yaml import MAX_BYTES, parse_mapping

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ID_MAX = 64


def suggest_id(text: str) -> str:
    """The nearest valid id to what someone typed: 'Ball grasping Hand!' -> 'ball-grasping-hand'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:ID_MAX].rstrip("-")
# Names Windows cannot create as files, whatever the extension: an id must work on every contributor's machine.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def reserved_id_problem(entry_id: str) -> str | None:
    """Ids that match the pattern but cannot be used: file names Windows refuses, and the list page's name."""
    if entry_id in WINDOWS_RESERVED:
        return f"'{entry_id}' is a reserved file name on Windows; choose another id"
    if entry_id == "index":
        return "'index' is the name of each kind's list page; choose another id"
    return None


def _problem(path: Path, message: str, code: str) -> Diagnostic:
    return Diagnostic(display_path(path), 1, 1, "(file)", message, code)


@dataclass
class EntryFile:
    """One entry file, found and read (raw), or known unchanged since it was last read (key, raw None)."""

    kind: Kind
    path: Path
    file: str  # as shown in messages
    raw: bytes | None
    name: str = ""  # <kind-plural>/<file name>: where it is in the taxonomy, wherever the taxonomy is
    stat: os.stat_result | None = None  # taken before reading, when a cache asked for it
    key: bytes | None = None  # set by the cache when the file is provably unchanged


# Given a file's taxonomy name and lstat, the key of its cached content if the file provably has not changed.
KnownFile = Callable[[str, os.stat_result], "bytes | None"]


def scan_taxonomy(root: Path, max_bytes: int = MAX_BYTES, known: KnownFile | None = None
                  ) -> tuple[list[EntryFile], list[Diagnostic]]:
    """Read every entry file below root; report every file that is not where or what it should be.

    With `known`, each file is lstat-ed first, and a file that `known` vouches for is not read.
    """
    files: list[EntryFile] = []
    problems: list[Diagnostic] = []
    expected = ", ".join(k.plural + "/" for k in KINDS)
    if not root.is_dir():
        return files, [_problem(root, "taxonomy folder not found", "taxonomy-missing")]
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or (folder.name.lower() == "readme.md" and folder.is_file()):
            continue
        if folder.is_symlink():
            problems.append(_problem(folder, "symbolic links are not allowed in taxonomy/; move the real folder here",
                                     "symbolic-link"))
            continue
        kind = BY_PLURAL.get(folder.name)
        if kind is None or not folder.is_dir():
            problems.append(_problem(folder, f"unexpected {'folder' if folder.is_dir() else 'file'}: "
                                             f"taxonomy/ holds only the folders {expected}", "unexpected-folder"))
            continue
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda entry: entry.name)
        except OSError as e:
            problems.append(_problem(folder, f"cannot read folder: {e.strerror}", "unreadable-file"))
            continue
        shown = display_path(folder)
        prefix = "" if shown == "." else shown.rstrip("/") + "/"
        for child in children:
            if child.name.startswith("."):
                continue
            path = _child(folder, child.name)
            file = prefix + child.name
            problem = _check_file(child)
            if problem:
                problems.append(Diagnostic(file, 1, 1, "(file)", *problem))
                continue
            name, stat = f"{folder.name}/{child.name}", None
            if known is not None:
                try:
                    stat = child.stat(follow_symlinks=False)
                except OSError:
                    stat = None
                key = known(name, stat) if stat is not None else None
                if key is not None:
                    files.append(EntryFile(kind, path, file, None, name, stat, key))
                    continue
            try:
                raw = read_entry_file(path, max_bytes)
            except OSError as e:
                problems.append(Diagnostic(file, 1, 1, "(file)", f"cannot read file: {e.strerror}", "unreadable-file"))
                continue
            files.append(EntryFile(kind, path, file, raw, name, stat))
    return files, problems


# folder / name without parsing name again (it is one component, from the directory listing): a third of
# the time of looking at 10,000 files. pathlib's iterdir() does the same; any Python without it joins.
_child = getattr(Path, "_make_child_relpath", None) or Path.joinpath


def read_entry_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, at most max_bytes + 1 of them (enough to tell that it is too big)."""
    with open(path, "rb") as f:
        return f.read(max_bytes + 1)


def parse_entry(entry: EntryFile, max_bytes: int = MAX_BYTES) -> tuple[Document, list[Diagnostic]]:
    """The entry's document (its data is None when the file is not a readable mapping) and its YAML problems."""
    doc = parse_mapping(entry.raw, max_bytes)
    problems = [Diagnostic(entry.file, p.line, p.column, format_path(p.path), p.message, p.code) for p in doc.problems]
    return Document(entry.kind, entry.path, entry.file, doc), problems


def load_taxonomy(root: Path, max_bytes: int = MAX_BYTES) -> tuple[list[Document], list[Diagnostic]]:
    """Parse every entry file below root; report every file that is not where or what it should be."""
    files, problems = scan_taxonomy(root, max_bytes)
    documents: list[Document] = []
    for entry in files:
        document, found = parse_entry(entry, max_bytes)
        problems.extend(found)
        if document.data is not None:  # checked further even with YAML problems: every error in one run
            documents.append(document)
    return documents, problems


def _check_file(entry: os.DirEntry) -> tuple[str, str] | None:
    """(message, code) for a file that cannot be an entry file; None for one that can."""
    if entry.is_symlink():
        return "symbolic links are not allowed in taxonomy/; put the file itself here", "symbolic-link"
    not_entry = "only .yaml entry files belong in a kind folder", "not-an-entry-file"
    if not entry.is_file(follow_symlinks=False):
        return not_entry
    stem, dot, suffix = entry.name.rpartition(".")
    if not dot or not stem:  # no suffix at all (".yaml" alone is a hidden file, skipped earlier)
        return not_entry
    if suffix == "yml":
        return f"entry files end in .yaml; rename it to {stem}.yaml", "yml-extension"
    if suffix != "yaml":
        return not_entry
    if not ID_RE.match(stem) or len(stem) > ID_MAX:
        hint = suggest_id(stem)
        return (f"file name {stem!r} is not a valid id: use lowercase ASCII letters and digits "
                f"joined by single hyphens, at most {ID_MAX} characters"
                + (f"; rename it to {hint}.yaml (and its id to '{hint}')" if hint and ID_RE.match(hint) else "")), "invalid-file-name"
    reserved = reserved_id_problem(stem)
    return (reserved, "reserved-id") if reserved else None
