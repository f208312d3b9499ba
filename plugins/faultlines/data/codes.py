"""The diagnostic code registry (codes.yaml beside this module): every code the validator emits, with what it
means, how to fix it, and a minimal wrong and right example, each checked by running the validator on it.

The registry is the one place a code is described: the site's /diagnostics/ page is generated from it and
tests/test_codes.py holds the rules and the registry to each other, so neither can drift.
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

REGISTRY = Path(__file__).with_name("codes.yaml")


@dataclass(frozen=True)
class Code:
    code: str
    group: str  # a key of the registry's `groups`
    meaning: str
    fix: str
    severity: str = "error"
    wrong: dict[str, Any] | None = None  # path -> file (see codes.yaml for the forms); None with no_example
    right: dict[str, Any] | None = None
    no_example: str = ""  # why no file content can produce it, for the rare code that has no example


@dataclass(frozen=True)
class Registry:
    groups: dict[str, str]
    base: dict[str, Any]
    codes: dict[str, Code]


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice (a code entered twice would silently lose one)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"{REGISTRY.name}: {repeated[0]!r} is given twice",
                                                    node.start_mark)
        return super().construct_mapping(node, deep)


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    raw = yaml.load(REGISTRY.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    codes = {name: Code(code=name, **fields) for name, fields in raw["codes"].items()}
    return Registry(raw["groups"], raw["base"], codes)


def file_bytes(value: Any) -> bytes | None:
    """What an example file holds: its text, `{text, pad_to}`, `{latin1}`; None for a link or a removal."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, dict) and "latin1" in value:
        return value["latin1"].encode("latin-1")
    if isinstance(value, dict) and "pad_to" in value:
        text = value["text"].encode("utf-8")
        line = b"# padding\n"
        return text + line * ((value["pad_to"] - len(text)) // len(line) + 1)
    return None


def write_project(folder: Path, schema_dir: Path, files: dict[str, Any]) -> None:
    """The registry's small knowledge base in folder (with a copy of schema_dir), with files laid over it."""
    shutil.copytree(schema_dir, folder / "schema", dirs_exist_ok=True)
    layers = {**registry().base, **files}
    for relative, value in layers.items():
        path = folder / relative
        if value is None:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, dict) and "link" in value:
            os.symlink(value["link"], path)
        else:
            path.write_bytes(file_bytes(value))
    for relative, value in files.items():  # a removal may name a folder the base fills
        if value is None and (folder / relative).exists():
            shutil.rmtree(folder / relative)


def example_diagnostics(files: dict[str, Any], schema_dir: Path) -> list[Diagnostic]:
    """What `faultlines validate` says about the registry's knowledge base with files laid over it,
    with file names as they are in the project (taxonomy/examples/new-case.yaml)."""
    from .pipeline import load
    with tempfile.TemporaryDirectory(prefix="faultlines-example-") as tmp:
        folder = Path(tmp)
        write_project(folder, schema_dir, files)
        result = load(folder / "taxonomy", folder / "schema", cache=False)
        prefix = folder.as_posix().rstrip("/") + "/"
        shown = []
        for d in result.diagnostics:
            file = Path(d.file).as_posix() if os.path.isabs(d.file) else (Path.cwd() / d.file).as_posix()
            shown.append(Diagnostic(file.removeprefix(prefix), d.line, d.column, d.path, d.message, d.code, d.severity))
        return shown
