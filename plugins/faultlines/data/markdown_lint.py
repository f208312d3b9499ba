"""Markdown in entry text that would not render as its author meant: a list glued to the paragraph above.

Python-Markdown (what MkDocs uses) starts a list only after a blank line, so "precise:\\n- item" is one
paragraph with a dash in it. A folded YAML block (`>-`) makes this easy to do by accident: one blank line
before a list in the file becomes a single line break in the text, and a list item written directly below
another line of the block is joined to that line. Each is reported where the item stands in the file.
"""
from __future__ import annotations

import re

from .diagnostics import Diagnostic, format_path
from .documents import Document
from .schemas import FieldRoles, iter_pattern

_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
_FOLDED = re.compile(r"[^:]*:[ \t]*>[-+0-9]*[ \t]*(?:#.*)?$")  # key: >- (a folded block scalar follows)
_KEY_START = re.compile(r" *(?:- +)*")  # a key's column: after the indentation and any sequence dashes
# What folding leaves where a list item was joined to the line above: " - item", " 1. item".
_JOINED = re.compile(r" (?:[-*+]|\d{1,9}[.)])[ \t]+\S")


def glued_list_lines(text: str) -> list[int]:
    """The indexes of the lines (in text.split("\\n")) that start a list directly below a paragraph line."""
    if "\n" not in text:
        return []
    out: list[int] = []
    blank_before, in_list, fenced = True, False, False
    for i, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced, blank_before = not fenced, False
            continue
        if fenced:
            continue
        if not line.strip():
            blank_before = True
            continue
        if _ITEM.match(line):
            if not blank_before and not in_list:
                out.append(i)
            in_list = True
        elif blank_before and not line.startswith((" ", "\t")):
            in_list = False  # a new paragraph ends the list
        blank_before = False
    return out


def check_markdown(document: Document, roles: FieldRoles) -> list[Diagnostic]:
    """A located error for every list glued to a paragraph in the entry's Markdown fields.

    Positions cost a second parse of the file, so they are asked for only once a problem is certain: a
    folded join leaves " - item" (or " 1. item") in the text, which most fields never contain, and only
    then is the file's text searched for folded blocks; a glued list is found in the text alone.
    """
    found: list[Diagnostic] = []
    data = document.data
    joins: dict[tuple[int, int], list[tuple[int, int, str]]] | None = None  # by the position of the block's key
    for pattern in roles.markdown:
        if pattern and pattern[0] not in data:
            continue
        for path, value in iter_pattern(data, pattern):
            if not isinstance(value, str):
                continue
            if _JOINED.search(value):
                if joins is None:
                    joins = _folded_joins(document.yaml.source)
                for number, column, item in (joins.get(document.yaml.position(path), ()) if joins else ()):
                    found.append(Diagnostic(
                        document.file, number, column, format_path(path),
                        f"the list item '{item[:40]}' is joined to the line above it: a folded block ('>' or '>-') "
                        f"joins lines that have no blank line between them; put a blank line before it, or write "
                        f"the field as a literal block ('|')", "folded-list-item-joined"))
            lines = value.split("\n")
            for index in glued_list_lines(value):
                item = lines[index].strip()
                line, column = _item_position(document, path, item)
                found.append(Diagnostic(
                    document.file, line, column, format_path(path),
                    f"the list starting '{item[:40]}' is glued to the line above and would render inside that "
                    f"paragraph; put a blank line before the list (in a folded block, '>' or '>-', two blank "
                    f"lines), or write the field as a literal block ('|')", "list-glued-to-paragraph"))
    return found


def _item_position(document: Document, path: tuple, item: str) -> tuple[int, int]:
    """Where the list item stands in the file: found by its text below the field; else the field itself."""
    line, column = document.yaml.position(path)
    source = document.yaml.source
    if source is None:
        return line, column
    for number, text in enumerate(source.decode("utf-8", "replace").split("\n")[line - 1:], start=line):
        stripped = text.strip()
        # A folded block may have joined the item's lines: its first line in the file starts the item.
        if stripped and (item.startswith(stripped) or stripped.startswith(item[:60])):
            return number, len(text) - len(text.lstrip()) + 1
    return line, column


def _folded_joins(source: bytes | None) -> dict[tuple[int, int], list[tuple[int, int, str]]]:
    """List items of folded block scalars that folding joins to the line above, found in the file's text.

    Keyed by the (line, column) of the key that opens the block, which is where the YAML parser puts
    the field; each item as (line, column, item text).
    """
    if source is None:
        return {}
    lines = source.decode("utf-8", "replace").split("\n")
    out: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for index, opening in enumerate(lines):
        column = _KEY_START.match(opening).end() + 1
        if not _FOLDED.match(opening[column - 1:]):
            continue
        body = []
        for number in range(index + 1, len(lines)):  # the block: blank lines and lines indented past the key
            text = lines[number]
            if text.strip() and len(text) - len(text.lstrip(" ")) < column:
                break
            body.append((number + 1, text))
        indents = [len(t) - len(t.lstrip(" ")) for _, t in body if t.strip()]
        if not indents:
            continue
        base, previous = min(indents), None
        for number, text in body:
            if not text.strip():
                previous = None
                continue
            indent = len(text) - len(text.lstrip(" "))
            # Only lines at the block's own indentation are folded; more-indented lines keep their breaks.
            if indent == base and previous == base and _ITEM.match(text[base:]):
                out.setdefault((index + 1, column), []).append((number, base + 1, text.strip()))
            previous = indent
    return out
