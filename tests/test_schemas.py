"""The published schemas: valid draft 2020-12, documented for editors, and the source of field roles."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from faultlines.data.kinds import KINDS
from faultlines.data.schemas import SchemaSet

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILES = sorted((ROOT / "schema").glob("*.schema.json"))


def test_one_schema_per_kind_plus_defs():
    assert {p.name for p in SCHEMA_FILES} == {f"{k.name}.schema.json" for k in KINDS} | {"defs.schema.json"}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path):
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            if key not in ("properties", "if", "then", "else", "not"):  # conditions restate, not declare
                yield from _properties(sub, f"{where}/{key}")
        for name, sub in node.get("properties", {}).items():
            yield from _properties(sub, f"{where}.{name}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{where}[{i}]")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_title_and_description(path):
    schemas = SchemaSet(ROOT / "schema")
    missing = []
    for where, sub in _properties(json.loads(path.read_text())):
        target = sub
        if "$ref" in sub and not ("title" in sub and "description" in sub):
            target, _, _ = schemas._resolve(sub["$ref"], path.name)
        if not (target.get("title") and target.get("description")):
            missing.append(where)
    assert not missing, f"properties without title/description in {path.name}: {missing}"


@pytest.mark.parametrize("bad", ["camouflage\n", "Camouflage", "a--b", "-a", "a-", "", "a" * 65, "gаmma", "a b", "../x"])
def test_id_pattern_guards_search_semantics(bad):
    """python-jsonschema applies `pattern` with re.search, so '$' alone would accept a trailing newline."""
    defs = json.loads((ROOT / "schema" / "defs.schema.json").read_text())
    v = Draft202012Validator(defs["$defs"]["id"])
    assert list(v.iter_errors(bad))


def test_field_roles_read_from_schemas():
    roles = SchemaSet(ROOT / "schema").roles
    assert (("classifications", "*", "failure_mode"), "failure-mode") in roles["example"].references
    assert (("given", "*", "estimate"), "estimate") in roles["estimate"].references
    assert (("addresses", "*", "failure_mode"), "failure-mode") in roles["agenda"].references
    assert ("classifications", "*", "rationale") in roles["example"].markdown
    assert ("relations", "*", "note") in roles["failure-mode"].markdown
