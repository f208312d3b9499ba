"""The JSON Schemas: loading them, checking entries against them, and reading field roles off them.

The schemas are the single statement of which fields hold references to which kind and which hold
Markdown; the integrity checks and the renderer read those roles from here instead of keeping a copy.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .crosswalks import load_frameworks
from .diagnostics import Diagnostic
from .kinds import BY_NAME, KINDS, Kind
from .documents import Document, display_path

DEFS_FILE = "defs.schema.json"
REF_DEFS = {f"{k.name}-ref": k.name for k in KINDS}  # "failure-mode-ref" -> "failure-mode"

Pattern = tuple  # a field path with "*" for any list item: ("classifications", "*", "failure_mode")

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# YAML escapes that can put a control character into text (\x1c, \u001f, \U0000001e, ...). Python's
# `re` counts U+001C-U+001F as whitespace (\s) and Rust's regex does not, so the two engines disagree on
# patterns such as the URL's for those characters; an entry that may hold one is checked by python-jsonschema
# alone. (tests/test_scale.py checks every schema pattern against both engines, code point by code point.)
_CONTROL_ESCAPE = re.compile(rb"\\(?:x|u00|U000000)[0-9a-fA-F]{2}")


@dataclass
class FieldRoles:
    references: list[tuple[Pattern, str]] = field(default_factory=list)  # (pattern, target kind)
    markdown: list[Pattern] = field(default_factory=list)
    properties: dict[Pattern, set[str]] = field(default_factory=dict)  # allowed keys of each object


class SchemaSet:
    """All kind schemas, their validators and the field roles derived from them."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.documents: dict[str, Any] = {}
        self.problems: list[Diagnostic] = []
        fingerprint = hashlib.blake2b(digest_size=20)
        for name in [DEFS_FILE] + [k.schema_file for k in KINDS]:
            path = directory / name
            try:
                text = path.read_bytes()
                fingerprint.update(name.encode() + b"\0" + text + b"\0")
                self.documents[name] = json.loads(text.decode("utf-8"))
            except OSError as e:
                self.problems.append(Diagnostic(display_path(path), 1, 1, "(file)", f"cannot read schema: {e.strerror}", "schema-unreadable"))
            except UnicodeDecodeError as e:
                self.problems.append(Diagnostic(display_path(path), 1, 1, "(file)", f"invalid UTF-8: {e.reason}", "schema-unreadable"))
            except json.JSONDecodeError as e:
                self.problems.append(Diagnostic(display_path(path), e.lineno, e.colno, "(file)", f"invalid JSON: {e.msg}", "schema-invalid-json"))
        self.fingerprint = fingerprint.digest()  # what a cached result checked against these schemas depends on
        # Other taxonomies' ids and names (crosswalks.py); checked across entries, so never cached per file.
        self.frameworks, framework_problems = load_frameworks(directory)
        self.problems.extend(framework_problems)
        if self.problems:
            return
        self._validators: dict[str, Any] | None = None
        self._fast: dict[str, Any] | None = None
        self.roles = {k.name: self._roles(k) for k in KINDS}

    @property
    def validators(self) -> dict[str, Any]:
        """python-jsonschema validators by kind: the authority on every entry, and the source of its messages.

        Built on first use (importing jsonschema costs more than checking thousands of valid entries fast).
        """
        if self._validators is None:
            from jsonschema import Draft202012Validator
            from referencing import Registry, Resource
            registry = Registry().with_resources(
                (name, Resource.from_contents(doc)) for name, doc in self.documents.items())
            self._validators = {k.name: Draft202012Validator(self.documents[k.schema_file], registry=registry)
                                for k in KINDS}
        return self._validators

    @property
    def fast_validators(self) -> dict[str, Any]:
        """jsonschema-rs validators by kind (about 80 times faster than python-jsonschema at saying "valid"),
        built on first use; none where it is missing or cannot compile a schema."""
        if self._fast is None:
            self._fast = {}
            try:
                import jsonschema_rs
                registry = jsonschema_rs.Registry(list(self.documents.items()))
                self._fast = {k.name: jsonschema_rs.Draft202012Validator(
                    self.documents[k.schema_file], registry=registry, base_uri=k.schema_file, offline=True)
                    for k in KINDS}
            except Exception:  # noqa: BLE001 - without it, or for a schema it cannot take, every entry goes the slow way
                self._fast = {}
        return self._fast

    # -- field roles ------------------------------------------------------------------------------------

    def _resolve(self, ref: str, current: str) -> tuple[Any, str, str]:
        file, _, pointer = ref.partition("#")
        file = file or current
        node = self.documents[file]
        for part in [p for p in pointer.split("/") if p]:
            node = node[part]
        return node, file, pointer.rsplit("/", 1)[-1]

    def _roles(self, kind: Kind) -> FieldRoles:
        roles = FieldRoles()

        def walk(schema: Any, file: str, path: Pattern, depth: int = 0) -> None:
            if not isinstance(schema, dict) or depth > 30:
                return
            if "$ref" in schema:
                target, target_file, name = self._resolve(schema["$ref"], file)
                if target_file == DEFS_FILE and name in REF_DEFS:
                    roles.references.append((path, REF_DEFS[name]))
                elif target_file == DEFS_FILE and name == "markdown":
                    roles.markdown.append(path)
                else:
                    walk(target, target_file, path, depth + 1)
            for name, sub in schema.get("properties", {}).items():
                roles.properties.setdefault(path, set()).add(name)
                walk(sub, file, path + (name,), depth + 1)
            if "items" in schema:
                walk(schema["items"], file, path + ("*",), depth + 1)
            for key in ("oneOf", "anyOf", "allOf"):
                for sub in schema.get(key, []):
                    walk(sub, file, path, depth + 1)

        walk(self.documents[kind.schema_file], kind.schema_file, ())
        roles.references = sorted(set(roles.references))
        roles.markdown = sorted(set(roles.markdown))
        return roles

    # -- validation -------------------------------------------------------------------------------------

    def validate(self, document: Document) -> list[Diagnostic]:
        """Every schema error in the entry, located and explained.

        jsonschema-rs checks the entry first; only when it finds a problem (or cannot judge the entry) does
        python-jsonschema check it again, to report every error with the messages below.
        """
        fast = self.fast_validators.get(document.kind.name)
        source = document.yaml.source
        if fast is not None and source is not None and not _CONTROL_ESCAPE.search(source):
            try:
                if fast.is_valid(document.data):
                    return []
            except Exception:  # noqa: BLE001 - e.g. a number it cannot represent: ask the authority
                pass
        validator = self.validators[document.kind.name]
        return [self._diagnostic(document, error) for error in validator.iter_errors(document.data)]

    def _diagnostic(self, document: Document, error: ValidationError) -> Diagnostic:
        import difflib  # (only an invalid entry needs it)
        path = tuple(error.absolute_path)
        instance = error.instance
        raw = document.yaml.raw.get(path)
        shown = repr(raw) if raw is not None else _short(instance)
        keyword = error.validator
        schema = error.schema if isinstance(error.schema, dict) else {}
        if keyword in ("unevaluatedProperties", "additionalProperties"):
            allowed = self.roles[document.kind.name].properties.get(tuple("*" if isinstance(p, int) else p for p in path), set())
            extras = sorted(set(instance) - allowed) if isinstance(instance, dict) else []
            if extras:
                key = extras[0]
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                message = f"unknown field '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else
                                                       f"; allowed fields: {', '.join(sorted(allowed))}")
                if len(extras) > 1:
                    message += f" (also unknown: {', '.join(extras[1:])})"
                return document.diagnostic(path + (key,), message, "unknown-field")
        if keyword == "required":
            missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
            message = f"missing required field '{missing}'"
            if "then" in error.schema_path:
                message += f" ({self._condition_note(document.kind, error)})"
            return document.diagnostic(path, message, "required-field")
        if keyword == "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            if instance is None:  # `field:` with nothing after it, as a scaffolded file starts
                message = f"empty: fill it in with {_TYPE_WORDS.get(expected, expected)}"
            else:
                message = f"expected {_TYPE_WORDS.get(expected, expected)}, found {_describe(instance)} {shown}"
            if expected == "string" and not isinstance(instance, (dict, list, type(None))):
                message += "; quote it to make it text"
            return document.diagnostic(path, message, "empty-field" if instance is None else "wrong-type")
        if keyword == "enum":
            options = [str(o) for o in error.validator_value]
            hint = difflib.get_close_matches(str(instance), options, n=1) if isinstance(instance, str) else []
            message = f"expected one of {', '.join(options)}; found " + ("nothing (empty)" if instance is None else shown)
            return document.diagnostic(path, message + (f" (did you mean '{hint[0]}'?)" if hint else ""), "enum-value")
        if keyword == "pattern":
            return document.diagnostic(path, _pattern_message(path, instance, shown, schema),
                                       _PATTERN_CODES.get(schema.get("title", "value"), "schema-pattern"))
        if keyword in ("maxLength", "minLength"):
            size = len(instance) if isinstance(instance, str) else 0
            word = "at most" if keyword == "maxLength" else "at least"
            return document.diagnostic(path, f"text is {size:,} characters; {word} {error.validator_value:,} allowed",
                                       "text-too-long" if keyword == "maxLength" else "empty-text")
        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            word = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
                    "exclusiveMaximum": "less than"}[keyword]
            return document.diagnostic(path, f"{shown} is out of range: must be {word} {error.validator_value}",
                                       _RANGE_CODES.get(schema.get("title"), "number-range"))
        if keyword in ("oneOf", "anyOf"):
            branch = _chosen_branch(error)
            if branch is not None:  # the form the item's keys pick (e.g. {condition}): its own error, located
                return self._diagnostic(document, branch)
            title = schema.get("title")
            if document.kind.name == "estimate" and path == ():
                from .estimate_rules import probability_forms
                return document.diagnostic(*probability_forms(document.data), "estimate-one-figure")
            from jsonschema.exceptions import best_match
            detail = best_match(error.context) if error.context else None
            message = f"does not fit {title.lower() if title else 'any allowed form'}: {schema.get('description', '')}".rstrip(": ")
            if detail is not None:
                message += f" ({detail.message})" if len(detail.message) < 200 else ""
            return document.diagnostic(path, message, _FORM_CODES.get(title, f"schema-{keyword}"))
        if keyword == "uniqueItems":
            return document.diagnostic(path, "list has a repeated item; each item may appear once", "repeated-item")
        if keyword == "minItems":
            return document.diagnostic(path, f"list needs at least {error.validator_value} item(s)", "empty-list")
        if keyword == "minProperties":
            return document.diagnostic(path, f"{shown} is empty: give at least {error.validator_value} of its fields",
                                       "empty-mapping")
        if keyword == "const" and schema.get("title") in _CONST_CODES:
            return document.diagnostic(path, f"{shown} is not allowed: write {json.dumps(error.validator_value)}, "
                                             f"or leave the field out", _CONST_CODES[schema["title"]])
        message = error.message if len(error.message) < 300 else error.message[:300] + "…"
        # A keyword without a rule of its own above: tests/test_codes.py asks every keyword the schemas use for one.
        return document.diagnostic(path, message, f"schema-{keyword}")

    def _condition_note(self, kind: Kind, error: ValidationError) -> str:
        node: Any = self.documents[kind.schema_file]
        for part in error.schema_path:
            if not isinstance(node, (dict, list)):
                break
            if part == "then":
                break
            node = node[part]
        if isinstance(node, dict) and isinstance(node.get("then"), dict):
            return node["then"].get("description", "required by another field's value")
        return "required by another field's value"


# Diagnostic codes (data/codes.yaml) of the schema rules whose code depends on the field's kind of value, by the
# title of the schema node that holds the keyword: a probability out of range is not the same mistake as a year.
_PATTERN_CODES = {"Entry id": "invalid-id", "Framework": "invalid-framework", "Statement URL": "invalid-url", "Tag": "invalid-tag", "Question": "invalid-question",
                  "Single line of plain text": "multi-line-text", "One sentence of plain text": "multi-line-text",
                  "Date": "invalid-date", "URL": "invalid-url", "DOI": "invalid-doi"}
_RANGE_CODES = {"Probability": "probability-range", "Year": "year-range", "Horizon year": "year-range"}
_FORM_CODES = {"Condition": "condition-form"}
_CONST_CODES = {"Editors' judgement": "editors-judgement-value"}

_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping of fields", "null": "nothing"}


def _chosen_branch(error: ValidationError) -> ValidationError | None:
    """In a oneOf of mappings told apart by their required keys, the first error of the one form whose
    required keys the mapping has: a too-long {condition} is reported as that, not as fitting no form."""
    forms = error.validator_value if isinstance(error.validator_value, list) else []
    if not isinstance(error.instance, dict) or not error.context:
        return None
    keyed = [i for i, form in enumerate(forms) if isinstance(form, dict) and form.get("required")
             and all(k in error.instance for k in form["required"])]
    if len(keyed) != 1:
        return None
    inner = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == keyed[0]]
    return min(inner, key=lambda e: len(e.path), default=None) if inner else None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "mapping"


def _pattern_message(path: tuple, instance: Any, shown: str, schema: dict) -> str:
    """What a text that does not fit its pattern should be; for an id and an address, the fix itself."""
    if path and path[-1] == "url":
        return f"{shown} is not a web address: a URL starts with http:// or https:// (e.g. an arXiv abstract page)"
    what = schema.get("title", "value")
    message = f"{shown} is not a valid {what.lower()}: {schema.get('description', '')}".rstrip(": ")
    if path == ("id",) and isinstance(instance, str):
        from .loader import ID_RE, suggest_id
        hint = suggest_id(instance)
        if hint and ID_RE.match(hint):
            message += f" Did you mean '{hint}'?"
    return message


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def iter_pattern(data: Any, pattern: Pattern, prefix: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Yield (path, value) for every value in data matching a field pattern, in document order."""
    found = [(prefix, data)]
    for head in pattern:  # one level at a time: no generator per level, and most patterns stop at the first
        if head == "*":
            found = [(path + (i,), item) for path, node in found if isinstance(node, list) for i, item in enumerate(node)]
        else:
            found = [(path + (head,), node[head]) for path, node in found if isinstance(node, dict) and head in node]
        if not found:
            break
    return iter(found)


__all__ = ["SchemaSet", "FieldRoles", "iter_pattern", "BY_NAME"]
