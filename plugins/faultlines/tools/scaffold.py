"""`faultlines new`: a new entry file with every field either left to fill or commented with its meaning.

The file is written from the kind's JSON Schema, so it follows the schema as it changes. Required fields are
written with no value, so `faultlines validate` reports exactly those until they are filled in; optional
fields are written as comments, ready to uncomment. Nothing here imports MkDocs.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.kinds import BY_NAME, BY_PLURAL, KINDS, Kind
from ..data.loader import ID_MAX, ID_RE, reserved_id_problem, suggest_id
from ..data.schemas import DEFS_FILE, SchemaSet

WIDTH = 100
COMMON_FIRST = ("name", "summary", "description")  # written right after id, in this order
COMMON_LAST = ("sources", "aliases", "tags", "status", "replaced_by")  # written at the end, in this order


class ScaffoldError(Exception):
    """A refusal with a message for the contributor; exit_code 1 (clashes with the data) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True)
class ToFill:
    path: str  # as the validator prints it: "classifications[0].verdict"
    meaning: str


@dataclass
class Scaffold:
    kind: Kind
    id: str
    path: Path
    text: str
    to_fill: list[ToFill] = field(default_factory=list)
    similar: list[str] = field(default_factory=list)  # existing entries close to the new one (went on with force)


# -- arguments -----------------------------------------------------------------------------------------------


def parse_kind(text: str) -> Kind:
    """A kind from its singular or plural name ("example" or "examples")."""
    kind = BY_NAME.get(text) or BY_PLURAL.get(text)
    if kind is not None:
        return kind
    names = [k.name for k in KINDS]
    hint = difflib.get_close_matches(text.lower(), names + [k.plural for k in KINDS], n=1)
    suggestion = f"did you mean '{BY_PLURAL[hint[0]].name if hint[0] in BY_PLURAL else hint[0]}'? " if hint else ""
    raise ScaffoldError(f"unknown kind '{text}'; {suggestion}kinds are: {', '.join(names)}")


def id_problem(entry_id: str) -> str | None:
    if not ID_RE.match(entry_id) or len(entry_id) > ID_MAX:
        hint = suggest_id(entry_id)
        return (f"'{entry_id}' is not a valid id: use lowercase ASCII letters and digits joined by single "
                f"hyphens, at most {ID_MAX} characters" + (f" (for example '{hint}')" if hint and ID_RE.match(hint) else ""))
    return reserved_id_problem(entry_id)


def existing_ids(taxonomy_dir: Path) -> dict[str, Path]:
    """Every id that has a file under taxonomy/, whatever its kind (ids are unique across kinds)."""
    out: dict[str, Path] = {}
    for kind in KINDS:
        folder = taxonomy_dir / kind.plural
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in (".yaml", ".yml") and not path.name.startswith("."):
                    out.setdefault(path.stem, path)
    return out


# -- reading the schema --------------------------------------------------------------------------------------


class _Schemas:
    """The kind schemas with every $ref made absolute ("file#/pointer"), so nodes can be merged freely."""

    def __init__(self, documents: dict[str, Any]):
        self.documents = {name: _absolute_refs(copy.deepcopy(doc), name) for name, doc in documents.items()}

    def lookup(self, ref: str) -> Any:
        file, _, pointer = ref.partition("#")
        node = self.documents[file]
        for part in [p for p in pointer.split("/") if p]:
            node = node[part]
        return node

    def resolve(self, node: Any, depth: int = 0) -> dict:
        """node with its $ref chain folded in; the node's own keys (title, description, minItems) win."""
        if not isinstance(node, dict):
            return {}
        if "$ref" not in node or depth > 20:
            return node
        target = self.resolve(self.lookup(node["$ref"]), depth + 1)
        merged = {k: v for k, v in target.items() if k not in ("$id", "$schema", "$defs")}
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged

    def root(self, kind: Kind) -> tuple[dict, dict[str, Any]]:
        """The kind's root schema and its properties: common ones first, the kind's own overriding them."""
        root = self.documents[kind.schema_file]
        common = self.resolve({"$ref": root["$ref"]}) if "$ref" in root else {}
        properties = dict(common.get("properties", {}))
        properties.update(root.get("properties", {}))
        return root, properties


def _absolute_refs(node: Any, file: str) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                node[key] = file + value
            else:
                _absolute_refs(value, file)
    elif isinstance(node, list):
        for item in node:
            _absolute_refs(item, file)
    return node


def _meaning(schema: dict) -> str:
    title = schema.get("title", "")
    description = schema.get("description", "")
    if schema.get("enum") and not all(f"'{v}'" in description for v in schema["enum"]):
        description = (description + " " if description else "") + "One of: " + ", ".join(map(str, schema["enum"])) + "."
    return f"{title}: {description}" if title and description else title or description


def _kind_of_value(schema: dict) -> str:
    if "enum" in schema:
        return "enum"
    t = schema.get("type")
    if t == "array":
        return "array"
    if t == "object" or "properties" in schema:
        return "object"
    return "scalar"


# -- writing -------------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, schemas: _Schemas):
        self.schemas = schemas
        self.lines: list[str] = []
        self.to_fill: list[ToFill] = []

    def comment(self, text: str, indent: int) -> None:
        prefix = " " * indent + "# "
        for line in textwrap.wrap(text, WIDTH - len(prefix), break_long_words=False, break_on_hyphens=False) or [""]:
            self.lines.append(prefix + line)

    def field(self, name: str, schema: Any, required: bool, path: str, indent: int = 0,
              note: str | None = None, first_in_item: bool = False) -> None:
        """One field: its meaning as a comment, then the field itself (empty to fill, or commented out)."""
        s = self.schemas.resolve(schema)
        label = note or ("required" if required else "optional")
        meaning = _meaning(s)
        title, _, description = meaning.partition(": ")
        self.comment(f"{title or name} ({label}){': ' + description if description else ''}", indent)
        dash = "- " if first_in_item else ""
        pad = " " * (indent - 2 if first_in_item else indent)
        if required:
            self._required(name, s, path, pad + dash, indent, meaning)
        else:
            self._optional(name, s, pad + dash, indent)

    def _required(self, name: str, s: dict, path: str, lead: str, indent: int, meaning: str) -> None:
        kind = _kind_of_value(s)
        if kind == "array":
            items = self.schemas.resolve(s.get("items", {}))
            self.lines.append(f"{lead}{name}:")
            if _kind_of_value(items) == "object":
                self.item(items, f"{path}[0]", indent + 2, required=True)
            else:
                self.lines.append(" " * (indent + 2) + "-")
                self.to_fill.append(ToFill(f"{path}[0]", meaning))
        elif kind == "object":
            self.lines.append(f"{lead}{name}:")
            self.object_fields(s, path, indent + 2, required=True)
        else:
            self.lines.append(f"{lead}{name}:")
            self.to_fill.append(ToFill(path, meaning))

    def _optional(self, name: str, s: dict, lead: str, indent: int) -> None:
        kind = _kind_of_value(s)
        hash_lead = lead.replace("- ", "# - ", 1) if "- " in lead else lead + "# "
        if kind == "array":
            items = self.schemas.resolve(s.get("items", {}))
            if _kind_of_value(items) == "object":
                self.lines.append(f"{hash_lead}{name}:")
                for alternative in _alternatives(items):
                    self.lines.extend(_commented_item(self.schemas, alternative, indent + 2))
            else:
                self.lines.append(f"{hash_lead}{name}: []")
        elif kind == "object":
            self.lines.append(f"{hash_lead}{name}:")
            for key in s.get("properties", {}):
                self.lines.append(" " * indent + f"#   {key}:")
        else:
            default = "active" if name == "status" else ""
            self.lines.append(f"{hash_lead}{name}: {default}".rstrip())

    def item(self, items: dict, path: str, indent: int, required: bool) -> None:
        """One list item of an array of objects, its first field on the dash line."""
        alternatives = _alternatives(items)
        first, others = alternatives[0], alternatives[1:]
        self.object_fields(first, path, indent + 2, required=required, dash=True)
        for other in others:
            self.comment("or, instead of the item above:", indent)
            self.lines.extend(_commented_item(self.schemas, other, indent))

    def object_fields(self, s: dict, path: str, indent: int, required: bool, dash: bool = False) -> None:
        needed = set(s.get("required", [])) if required else set()
        keys = list(s.get("properties", {}))
        if dash:  # the dash line must hold a field that stays uncommented
            keys.sort(key=lambda k: k not in needed)
        # A verdict or relation cites sources, and a detection grade its basis, unless marked as the editors'
        # judgement (data/case_rules.py, data/evaluation_rules.py).
        cited = "basis" if "basis" in keys else "sources"
        judged = required and "editors_judgement" in keys and cited in keys
        for i, key in enumerate(keys):
            sub = s["properties"][key]
            note = ("required: set it to true, or give basis instead" if judged and key == "editors_judgement"
                    else "required, or set editors_judgement: true instead" if judged and key == cited else None)
            self.field(key, sub, key in needed or note is not None, f"{path}.{key}", indent,
                       note=note, first_in_item=dash and i == 0)


def _alternatives(items: dict) -> list[dict]:
    """An item schema, or each of its oneOf forms (an estimate's condition is one of two shapes)."""
    if items.get("oneOf"):
        return [dict({k: v for k, v in items.items() if k != "oneOf"}, **alt) for alt in items["oneOf"]]
    return [items]


def _commented_item(schemas: _Schemas, item: dict, indent: int) -> list[str]:
    out = []
    for i, key in enumerate(item.get("properties", {})):
        sub = schemas.resolve(item["properties"][key])
        meaning = _meaning(sub)
        short = meaning.split(":")[0] if meaning else ""
        required = key in item.get("required", [])
        value = "" if _kind_of_value(sub) != "array" else " []"
        lead = "#   - " if i == 0 else "#     "
        note = f"  # {short}{', required in an item' if required else ''}" if short else ""
        out.append(" " * (indent - 2) + f"{lead}{key}:{value}{note}")
    return out


def render(kind: Kind, entry_id: str, schema_set: SchemaSet) -> tuple[str, list[ToFill]]:
    """The text of a new entry file and the fields left to fill in it."""
    schemas = _Schemas(schema_set.documents)
    root, properties = schemas.root(kind)
    required = list(root.get("required", []))
    notes: dict[str, str] = {}
    then = root.get("then") if isinstance(root.get("then"), dict) else None
    for name in (then or {}).get("required", []):  # e.g. an example's sources unless it is hypothetical
        if name not in required:
            required.append(name)
            note = then.get("description", "required")
            notes[name] = re.sub(rf"^{re.escape(name)} (?:is|are) ", "", note)  # "sources are required unless …"
    one_of = [alt.get("required", []) for alt in root.get("oneOf", []) if isinstance(alt, dict)]
    if one_of and all(len(r) == 1 for r in one_of):  # an estimate gives value or interval
        names = [r[0] for r in one_of]
        required.append(names[0])
        notes[names[0]] = f"required, or give {' or '.join(names[1:])} instead"
        for name in names[1:]:
            notes[name] = f"optional: give this instead of {names[0]}"

    if "unconditional" in properties and "given" in properties:  # an estimate says what it is conditional on
        required.append("unconditional")
        notes["unconditional"] = ("required: true if the source gives the figure unconditionally; if it is "
                                  "conditional, delete this line and fill in given above instead")
    w = _Writer(schemas)
    w.lines += [
        f"# yaml-language-server: $schema=../../schema/{kind.schema_file}",
        f"# A new {kind.title.lower()}: {entry_id}. Fill in every field left empty; `faultlines validate` lists",
        "# each one until it is filled. Optional fields are commented out: uncomment those you use. These",
        "# comments may stay or go. Write long Markdown text as `field: >-` followed by indented lines, refer",
        "# to other entries with [[id]], and cite sources by their id (see docs/contributing.md).",
        "",
        f"id: {entry_id}",
    ]
    order = [n for n in COMMON_FIRST if n in properties]
    order += [n for n in properties if n not in COMMON_FIRST and n not in COMMON_LAST and n != "id"]
    order += [n for n in COMMON_LAST if n in properties]
    for name in order:
        w.lines.append("")
        w.field(name, properties[name], name in required, name, note=notes.get(name))
    text = "\n".join(w.lines) + "\n"
    if kind.name == "failure-mode":  # the case rules (data/case_rules.py) apply once it is active
        text = text.replace(
            "\n# status: active\n",
            "\n# A new failure mode starts as a draft: make it active (remove this line) once an example is an\n"
            "# instance of it (or no_documented_instance says why none is) and one is an explicit not-instance.\n"
            "status: draft\n", 1)
    return text, w.to_fill


def close_to(taxonomy_dir: Path, schema_dir: Path, entry_id: str, url: str | None) -> list[str]:
    """Existing entries whose id, name, alias or URL is close to the new one: one line each, closest first."""
    from ..data.duplicates import close_entries
    from ..data.pipeline import load
    documents = load(taxonomy_dir, schema_dir).documents  # (whatever parses: a broken file elsewhere is no reason to stop)
    return [f"{doc.file} ({doc.kind.name}; {why})" for doc, why in close_entries(documents, entry_id, url)[:8]]


def create(taxonomy_dir: Path, schema_dir: Path, kind_text: str, entry_id: str, write: bool = True,
           force: bool = False, url: str | None = None) -> Scaffold:
    """Check the kind and id, then write taxonomy/<kind-plural>/<id>.yaml (refusing to overwrite anything).

    Refuses (exit 1) when existing entries are close to the new id (or URL) unless force is set."""
    kind = parse_kind(kind_text)
    problem = id_problem(entry_id)
    if problem:
        raise ScaffoldError(problem)
    if not taxonomy_dir.is_dir():
        raise ScaffoldError(f"no taxonomy folder at {taxonomy_dir}; run this in the project folder or pass --dir")
    ids = existing_ids(taxonomy_dir)
    if entry_id in ids:
        raise ScaffoldError(f"id '{entry_id}' already exists: {ids[entry_id].as_posix()}; ids are unique across "
                            f"all kinds, so edit that file or choose another id", exit_code=1)
    schema_set = SchemaSet(schema_dir)
    if schema_set.problems:
        raise ScaffoldError("; ".join(d.text() for d in schema_set.problems), exit_code=1)
    if DEFS_FILE not in schema_set.documents:
        raise ScaffoldError(f"no {DEFS_FILE} in {schema_dir}", exit_code=1)
    text, to_fill = render(kind, entry_id, schema_set)
    if url and any(f.path == "url" for f in to_fill):  # a source records the address it was started from
        text = re.sub(r"^url:$", lambda _: f"url: {json.dumps(url, ensure_ascii=False)}", text, count=1, flags=re.M)
        to_fill = [f for f in to_fill if f.path != "url"]
    path = taxonomy_dir / kind.plural / f"{entry_id}.yaml"
    similar = close_to(taxonomy_dir, schema_dir, entry_id, url)
    if similar and not force:
        raise ScaffoldError(f"'{entry_id}' may already be recorded; these entries are close:\n"
                            + "".join(f"  {line}\n" for line in similar)
                            + "Edit one of them (an alias or a classification may be all you need), or, if yours is a "
                              "different thing, run the same command again with --force.", exit_code=1)
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
                f.write(text)
        except FileExistsError:
            raise ScaffoldError(f"{path.as_posix()} already exists", exit_code=1) from None
        except OSError as e:
            raise ScaffoldError(f"cannot write {path.as_posix()}: {e.strerror}", exit_code=1) from None
    return Scaffold(kind, entry_id, path, text, to_fill, similar)
