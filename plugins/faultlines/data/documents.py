"""A parsed entry file and how messages name files: the leaf that the loader, schemas and references share."""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, format_path
from .kinds import Kind
from .strict_yaml import YamlDocument


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return Path(relative).as_posix() if not relative.startswith("..") else str(path)


@dataclass
class Document:
    """One entry file, parsed; data is None when the file could not be read as a mapping."""

    kind: Kind
    path: Path
    file: str  # as shown in messages
    yaml: YamlDocument
    # Every reference the entry makes, once worked out (or remembered by the cache for this content).
    known_references: list | None = field(default=None, repr=False, compare=False)
    # Its name and work keys for the duplicate checks (duplicates.duplicate_keys), when the cache remembers them.
    known_duplicate_keys: tuple | None = field(default=None, repr=False, compare=False)

    @functools.cached_property  # read ~12 times per entry per run: after the first, a plain attribute
    def data(self):
        return self.yaml.data

    @functools.cached_property
    def id(self) -> str:
        name = os.path.basename(self.file)  # the file name's stem, without pathlib's parsing (10,000 times a run)
        return name.rpartition(".")[0] or name

    def diagnostic(self, path: tuple, message: str, code: str, severity: str = "error") -> Diagnostic:
        """A message about this entry at path's position; code names the rule (see data/codes.yaml)."""
        line, column = self.yaml.position(path)
        return Diagnostic(self.file, line, column, format_path(path), message, code, severity)
