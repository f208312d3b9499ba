"""Strict YAML: one mapping per file, built from parser events so nothing surprising reaches the data.

PyYAML's loaders silently keep the last of two duplicate keys, expand aliases (a few hundred bytes can
expand to gigabytes), honour tags and apply YAML 1.1 typing (`no` becomes False, `010` becomes 8, an
unquoted date becomes a date object). Building values from the event stream ourselves lets us refuse
each of those with a located message, and record the line and column of every value on the way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

# libyaml's parser is about ten times faster than the pure-Python one; fall back only where it is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: every file takes the full path
    _CParser = None

MAX_BYTES = 1_000_000
MAX_DEPTH = 20

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# YAML 1.2 (and JSON) floats: 0.5, .5, 5., 1.5e-3, and an exponent without a point (5e-4, 1E3) as JSON
# writes them; a whole-number part with a leading zero needs a point (010 stays a YAML 1.1 octal trap).
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
                    r"|(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+)\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
# Forms YAML 1.1 reads as numbers but a person rarely means as one: octal, hex, binary, 1_000, 1:30, .inf.
_YAML11_NUMBERS = re.compile(
    r"""[-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))\Z""", re.X)

Position = tuple[int, int]


@dataclass
class YamlProblem:
    line: int
    column: int
    path: tuple
    message: str
    code: str  # the rule, as in data/codes.yaml


class YamlDocument:
    """A parsed file: plain data plus the 1-based (line, column) of every field path.

    Positions and raw scalar text are only needed for messages, so a file that parsed cleanly keeps its
    bytes (`source`, or `read_source` to fetch them) and records them on first use, by parsing those bytes
    again on the full path.
    """

    def __init__(self, data: Any = None, problems: list[YamlProblem] | None = None, *,
                 positions: dict[tuple, Position] | None = None, raw: dict[tuple, str] | None = None,
                 source: bytes | None = None, read_source: Callable[[], bytes | None] | None = None) -> None:
        self.data = data
        self.problems: list[YamlProblem] = [] if problems is None else problems
        self.source = source
        self._read_source = read_source
        lazy = source is not None or read_source is not None
        self._positions = positions if positions is not None or lazy else {}
        # The source text of unquoted scalars that became numbers, booleans or null, for messages.
        self._raw = raw if raw is not None or lazy else {}

    @property
    def positions(self) -> dict[tuple, Position]:
        if self._positions is None:
            self._record_positions()
        return self._positions

    @property
    def raw(self) -> dict[tuple, str]:
        if self._raw is None:
            self._record_positions()
        return self._raw

    def _record_positions(self) -> None:
        source = self.source if self.source is not None else self._read_source()
        if source is None:  # the file changed or vanished since it was checked: no position to give
            self._positions, self._raw = {}, {}
            return
        full = _parse_full(source)
        self._positions, self._raw = full.positions, full.raw

    def position(self, path: tuple) -> Position:
        """The position of path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def _line_col(text: bytes, offset: int) -> Position:
    line = text.count(b"\n", 0, offset) + 1
    return line, offset - (text.rfind(b"\n", 0, offset) + 1) + 1


def _plain_scalar(value: str) -> tuple[Any, str | None]:
    """Type an unquoted scalar the YAML 1.2 way; return (value, problem) for YAML 1.1 traps."""
    if value in _NULLS:
        return None, None
    if value in _BOOLS:
        return _BOOLS[value], None
    if value in _YAML11_BOOLS:
        return value, (f"'{value}' is a boolean in YAML 1.1 but text in YAML 1.2; "
                       f"write true or false for a yes/no field, or quote it (\"{value}\") for text")
    if _INT.match(value):
        return int(value), None
    if _FLOAT.match(value):
        return float(value), None
    if _YAML11_NUMBERS.match(value):
        return value, (f"'{value}' is read as a number in some YAML versions and as text in others; "
                       f"quote it (\"{value}\") for text, or write a plain decimal number")
    return value, None


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    def problem(self, mark, path: tuple, message: str, code: str) -> None:
        self.doc.problems.append(YamlProblem(mark.line + 1, mark.column + 1, path, message, code))

    def node(self, events, event, path: tuple, depth: int) -> Any:
        """Build the value that starts with event; consume events up to its end."""
        if isinstance(event, yaml.AliasEvent):
            self.problem(event.start_mark, path,
                         f"aliases (*{event.anchor}) are not allowed; write the value out in full", "yaml-alias")
            return None
        if event.anchor is not None:
            self.problem(event.start_mark, path,
                         f"anchors (&{event.anchor}) are not allowed; write each value out in full", "yaml-anchor")
        if event.tag is not None:
            self.problem(event.start_mark, path,
                         f"tags ({event.tag}) are not allowed; write plain values and quote text", "yaml-tag")
        if isinstance(event, yaml.ScalarEvent):
            if event.style or event.tag is not None:  # quoted or block text; libyaml says "" for plain
                return event.value
            value, problem = _plain_scalar(event.value)
            if not isinstance(value, str):
                self.doc.raw[path] = event.value
            if problem:
                code = "yaml11-boolean" if event.value in _YAML11_BOOLS else "yaml11-number"
                self.problem(event.start_mark, path, problem, code)
            return value
        if depth >= MAX_DEPTH:
            self.problem(event.start_mark, path, f"nesting deeper than {MAX_DEPTH} levels is not allowed",
                         "nesting-too-deep")
            raise _TooDeep
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                item_path = path + (len(items),)
                self.doc.positions[item_path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                items.append(self.node(events, event, item_path, depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for event in events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                key_mark = event.start_mark
                key = self.node(events, event, path + ("<key>",), depth + 1)
                value_event = next(events)
                if not isinstance(key, str):
                    self.problem(key_mark, path, f"a key must be text, not {type(key).__name__} {key!r}", "non-text-key")
                    self.node(events, value_event, path + ("<key>",), depth + 1)
                    continue
                if key in mapping:
                    first = self.doc.positions[path + (key,)][0]
                    self.problem(key_mark, path + (key,), f"duplicate key '{key}' (first defined on line {first})",
                                 "duplicate-key")
                    self.node(events, value_event, path + (key,), depth + 1)
                    continue
                self.doc.positions[path + (key,)] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = self.node(events, value_event, path + (key,), depth + 1)
        raise AssertionError(f"unexpected YAML event {event!r}")  # the parser guarantees balance


class _TooDeep(Exception):
    pass


class _Defer(Exception):
    """The fast path met something it does not handle; the full path will say what."""


_MAYBE_NOT_TEXT = frozenset("-+.0123456789")  # a plain scalar starting otherwise is text unless in the sets below
_PLAIN_SPECIAL = frozenset(_NULLS) | frozenset(_BOOLS) | frozenset(_YAML11_BOOLS)


def _fast_scalar(event) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _Defer
    value = event.value
    if event.style:  # quoted or block: always text
        return value
    if value in _PLAIN_SPECIAL or value[:1] in _MAYBE_NOT_TEXT:
        value, problem = _plain_scalar(value)
        if problem:
            raise _Defer
    return value


def _fast_mapping(get, depth: int) -> dict:
    mapping: dict[str, Any] = {}
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent:
            return mapping
        if kind is not ScalarEvent:
            raise _Defer
        key = _fast_scalar(event)
        if type(key) is not str or key in mapping:
            raise _Defer
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            mapping[key] = _fast_scalar(event)
        elif kind is MappingStartEvent and event.anchor is None and event.tag is None and depth + 1 < MAX_DEPTH:
            mapping[key] = _fast_mapping(get, depth + 1)
        elif kind is SequenceStartEvent and event.anchor is None and event.tag is None and depth + 1 < MAX_DEPTH:
            mapping[key] = _fast_sequence(get, depth + 1)
        else:
            raise _Defer


def _fast_sequence(get, depth: int) -> list:
    items: list[Any] = []
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            items.append(_fast_scalar(event))
        elif kind is SequenceEndEvent:
            return items
        elif kind is MappingStartEvent and event.anchor is None and event.tag is None and depth + 1 < MAX_DEPTH:
            items.append(_fast_mapping(get, depth + 1))
        elif kind is SequenceStartEvent and event.anchor is None and event.tag is None and depth + 1 < MAX_DEPTH:
            items.append(_fast_sequence(get, depth + 1))
        else:
            raise _Defer


def _parse_fast(raw: bytes) -> dict:
    """The data of a clean entry file, straight from libyaml's events without recording positions.

    Accepts only what the full path accepts without a problem, and builds the same data from it;
    anything else (a syntax error, an anchor, a tag, a duplicate key, a YAML 1.1 scalar, too much
    nesting, not exactly one mapping) raises _Defer so that the full path reports it.
    """
    parser = _CParser(raw)
    try:
        get = parser.get_event
        get()  # stream start
        if type(get()) is not DocumentStartEvent:
            raise _Defer
        event = get()
        if type(event) is not MappingStartEvent or event.anchor is not None or event.tag is not None:
            raise _Defer
        data = _fast_mapping(get, 0)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Defer
        return data
    except yaml.YAMLError:
        raise _Defer from None
    finally:
        parser.dispose()


def _tab_indent(text: str, line: int) -> int | None:
    """The line (1-based) at or just before an error whose indentation holds a tab, if one does."""
    lines = text.splitlines()
    for n in (line, line - 1):
        if 1 <= n <= len(lines) and "\t" in lines[n - 1][:len(lines[n - 1]) - len(lines[n - 1].lstrip(" \t"))]:
            return n
    return None


def parse_mapping(raw: bytes, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse raw file bytes holding one YAML mapping; never raises for bad input.

    A clean file takes the fast path and records its positions only if a message needs them; any
    file with a problem takes the full path, which reports every problem with its position.
    """
    if _CParser is not None and len(raw) <= max_bytes and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            raw.decode("utf-8")  # libyaml would decode too, but the full path words this error better
            return YamlDocument(_parse_fast(raw), source=raw)
        except (_Defer, UnicodeDecodeError):
            pass
    return _parse_full(raw, max_bytes)


def _parse_full(raw: bytes, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Build from parser events, checking everything and recording every position."""
    doc = YamlDocument(positions={}, raw={}, source=raw)

    def fail(line: int, column: int, message: str, code: str) -> YamlDocument:
        doc.problems.append(YamlProblem(line, column, (), message, code))
        doc.data = None
        return doc

    if len(raw) > max_bytes:
        return fail(1, 1, f"file is {len(raw):,} bytes; the limit is {max_bytes:,}", "file-too-large")
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return fail(1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM", "byte-order-mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _line_col(raw, e.start)
        return fail(line, column, f"invalid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8", "invalid-utf8")
    builder = _Builder(doc)
    documents = 0
    try:
        events = yaml.parse(text, Loader=_Loader)
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return fail(event.start_mark.line + 1, 1, "a file holds one YAML document; remove the extra '---'",
                                "multiple-documents")
                node = next(events)
                doc.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
                doc.data = builder.node(events, node, (), 0)
    except _TooDeep:
        doc.data = None
        return doc
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tab = _tab_indent(text, line)
        if tab:  # PyYAML's own words ("cannot start any token") do not say that a tab is the trouble
            return fail(tab, 1 + len(text.splitlines()[tab - 1]) - len(text.splitlines()[tab - 1].lstrip(" ")),
                        "YAML syntax: indented with a tab; YAML indents with spaces only: "
                        f"replace the tab with spaces ({e.problem or e.context})", "tab-indent")
        return fail(line, column, f"YAML syntax: {e.problem or e.context}", "yaml-syntax")
    except yaml.YAMLError as e:  # reader errors (e.g. control characters) carry a position of their own
        line, column = _line_col(text.encode("utf-8"), getattr(e, "position", 0) or 0)
        return fail(line, column, f"YAML: {e}".splitlines()[0], "control-character")
    if documents == 0 or doc.data is None:
        return fail(1, 1, "file is empty; an entry is a YAML mapping of fields (id: ..., name: ...)", "empty-file")
    if not isinstance(doc.data, dict):
        kind = "list" if isinstance(doc.data, list) else "single value"
        return fail(*doc.positions[()], f"an entry must be a mapping of fields (id: ..., name: ...), not a {kind}",
                    "not-a-mapping")
    return doc
