"""Faultlines: a knowledge base of how AI alignment can fail, as validated YAML and a static site.

Layers, each importing only those before it: `data` (read and check) -> `site` (render) -> `tools`
(contributor commands) -> `plugin` (MkDocs). The public API below is the data layer's; it is imported on
first use, so that `import faultlines` (and the CLI's start) stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from .data.diagnostics import Diagnostic
    from .data.kinds import KINDS, Kind
    from .data.model import Entry, KnowledgeBase
    from .data.pipeline import LoadResult, load

__all__ = ["Diagnostic", "Entry", "KINDS", "Kind", "KnowledgeBase", "LoadResult", "__version__", "load", "validate"]

_HOMES = {"Diagnostic": "diagnostics", "KINDS": "kinds", "Kind": "kinds", "Entry": "model",
          "KnowledgeBase": "model", "LoadResult": "pipeline", "load": "pipeline"}


def __getattr__(name: str):
    if name in _HOMES:
        import importlib
        return getattr(importlib.import_module(f".data.{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'faultlines' has no attribute {name!r}")


def validate(taxonomy_dir: str | Path, schema_dir: str | Path) -> list[Diagnostic]:
    """Every problem in a knowledge base, all at once (empty when it is valid)."""
    from .data.pipeline import load
    from pathlib import Path
    return load(Path(taxonomy_dir), Path(schema_dir)).diagnostics
