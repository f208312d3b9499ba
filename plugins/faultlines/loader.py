"""Find and parse the entry files under taxonomy/: one YAML mapping per file, one folder per kind."""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, format_path
from .kinds import BY_PLURAL, KINDS, Kind
from .strict_yaml import MAX_BYTES, YamlDocument, parse_mapping

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ID_MAX = 64
# Names Windows cannot create as files, whatever the extension: an id must work on every contributor's machine.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when it lies below it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass
class Document:
    """One entry file, parsed; data is None when the file could not be read as a mapping."""

    kind: Kind
    path: Path
    file: str  # as shown in messages
    yaml: YamlDocument

    @property
    def data(self):
        return self.yaml.data

    @property
    def id(self) -> str:
        return self.path.stem

    def diagnostic(self, path: tuple, message: str, code: str = "error") -> Diagnostic:
        line, column = self.yaml.position(path)
        return Diagnostic(self.file, line, column, format_path(path), message, code)


def _problem(path: Path, message: str, code: str) -> Diagnostic:
    return Diagnostic(display_path(path), 1, 1, "(file)", message, code)


def load_taxonomy(root: Path, max_bytes: int = MAX_BYTES) -> tuple[list[Document], list[Diagnostic]]:
    """Parse every entry file below root; report every file that is not where or what it should be."""
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    expected = ", ".join(k.plural + "/" for k in KINDS)
    if not root.is_dir():
        return documents, [_problem(root, "taxonomy folder not found", "missing")]
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or (folder.name.lower() == "readme.md" and folder.is_file()):
            continue
        if folder.is_symlink():
            problems.append(_problem(folder, "symbolic links are not allowed in taxonomy/; move the real folder here", "symlink"))
            continue
        kind = BY_PLURAL.get(folder.name)
        if kind is None or not folder.is_dir():
            problems.append(_problem(folder, f"unexpected {'folder' if folder.is_dir() else 'file'}: "
                                             f"taxonomy/ holds only the folders {expected}", "layout"))
            continue
        try:
            children = sorted(folder.iterdir())
        except OSError as e:
            problems.append(_problem(folder, f"cannot read folder: {e.strerror}", "unreadable"))
            continue
        for path in children:
            if path.name.startswith("."):
                continue
            problem = _check_file(path)
            if problem:
                problems.append(_problem(path, problem, "layout"))
                continue
            try:
                with open(path, "rb") as f:
                    raw = f.read(max_bytes + 1)
            except OSError as e:
                problems.append(_problem(path, f"cannot read file: {e.strerror}", "unreadable"))
                continue
            doc = parse_mapping(raw, max_bytes)
            document = Document(kind, path, display_path(path), doc)
            for p in doc.problems:
                problems.append(Diagnostic(document.file, p.line, p.column, format_path(p.path), p.message, "yaml"))
            if doc.data is not None:  # checked further even with YAML problems: every error in one run
                documents.append(document)
    return documents, problems


def _check_file(path: Path) -> str | None:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return "symbolic links are not allowed in taxonomy/; put the file itself here"
    if not stat.S_ISREG(mode):
        return "only .yaml entry files belong in a kind folder"
    if path.suffix == ".yml":
        return f"entry files end in .yaml; rename it to {path.stem}.yaml"
    if path.suffix != ".yaml":
        return "only .yaml entry files belong in a kind folder"
    if not ID_RE.match(path.stem) or len(path.stem) > ID_MAX:
        return (f"file name {path.stem!r} is not a valid id: use lowercase ASCII letters and digits "
                f"joined by single hyphens, at most {ID_MAX} characters")
    if path.stem in WINDOWS_RESERVED:
        return f"'{path.stem}' is a reserved file name on Windows; choose another id"
    return None
