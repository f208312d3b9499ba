"""Diagnostic codes: each names its rule, is in the registry (data/codes.yaml) with an example that really
produces it, is named by every output format, and is on the generated /diagnostics/ page.

The registry and the rules are held to each other from both sides: every code the source can emit is
registered, and every registered code is emitted by its own wrong example, so the page cannot drift.
"""
import ast
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from faultlines.data import codes as codes_module
from faultlines.data.codes import example_diagnostics, registry
from faultlines.data.schemas import _CONST_CODES, _FORM_CODES, _PATTERN_CODES, SchemaSet
from faultlines.site.diagnostics_page import render

PACKAGE = ROOT / "plugins" / "faultlines"
REGISTRY = registry()
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+\Z")  # kebab-case, two words at least: a rule, not a stage
# Kebab-case text in the data layer that is not a diagnostic code. A new rule's code is not added here but to
# data/codes.yaml; a new value of another kind (a kind's name, an enum value) is.
NOT_CODES = {"failure-mode", "failure-modes", "not-instance", "distinct-from", "near-synonym", "alignment-progress",
             "no-documented-instance", "not-an-issue-by-default", "scenario-occurs", "rev-parse", "utf-8", "latin-1",
             "self-reported", "existential-catastrophe", "not-an-issue", "personal-credence",
             "schema-pattern"}  # schema-pattern: the fallback of a pattern without a code, which the test below forbids
# The calls that make a diagnostic, and the index of their code argument.
MAKERS = {"FormProblem": 2, "diagnostic": 2, "Diagnostic": 5, "_problem": 2, "YamlProblem": 4, "problem": 3, "fail": 3}


def _data_modules():
    """The rules' modules: the data layer, and the estimate form's (faultlines new estimate, the builder)."""
    return sorted((PACKAGE / "data").glob("*.py")) + [PACKAGE / "tools" / "estimate_forms.py"]


def test_registry_codes_name_rules_and_say_everything():
    for code in REGISTRY.codes.values():
        assert CODE.match(code.code), f"{code.code}: codes are kebab-case and name the rule"
        assert code.group in REGISTRY.groups, code.code
        assert code.severity in ("error", "warning"), code.code
        assert len(code.meaning) > 20 and len(code.fix) > 10, f"{code.code}: say what it means and how to fix it"
        assert (code.wrong is None) == bool(code.no_example), f"{code.code}: an example, or why there is none"


def test_every_code_the_source_can_emit_is_registered():
    literal_codes, kebab = set(), set()
    for path in _data_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                kebab.add(node.value)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in MAKERS:
                continue
            arg = next((k.value for k in node.keywords if k.arg == "code"), None)
            if arg is None and len(node.args) > MAKERS[name]:
                arg = node.args[MAKERS[name]]
            if isinstance(arg, ast.Constant):
                literal_codes.add((arg.value, f"{path.name}:{node.lineno}"))
    unregistered = sorted((c, where) for c, where in literal_codes if c not in REGISTRY.codes)
    assert not unregistered, f"codes given to a diagnostic but missing from data/codes.yaml: {unregistered}"
    stray = sorted(kebab - set(REGISTRY.codes) - NOT_CODES)
    assert not stray, (f"kebab-case text in data/ that is neither a registered code nor in NOT_CODES: {stray} "
                       f"(a code: add it to data/codes.yaml; anything else: to NOT_CODES)")
    unused = sorted(set(REGISTRY.codes) - kebab)
    assert not unused, f"registered codes that no rule in data/ emits: {unused}"


def _keywords(schema, found):
    """(keyword, title of the schema node that holds it) for every keyword of a schema and its subschemas."""
    if not isinstance(schema, dict):
        return found
    for keyword in schema:
        found.append((keyword, schema.get("title")))
    for keyword in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        for sub in schema.get(keyword, {}).values():
            _keywords(sub, found)
    for keyword in ("items", "not", "if", "then", "else", "additionalProperties", "unevaluatedProperties", "contains"):
        _keywords(schema.get(keyword), found)
    for keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for sub in schema.get(keyword, []):
            _keywords(sub, found)
    return found


def test_every_schema_keyword_has_a_rule_specific_code():
    """A schema rule's code follows from its keyword and its field's title; none falls back to `schema-<keyword>`."""
    with_codes = {"additionalProperties", "unevaluatedProperties", "required", "type", "enum", "pattern", "maxLength",
                  "minLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems",
                  "minItems", "minProperties", "const", "oneOf", "anyOf"}
    # Keywords that only hold or combine other schemas, or annotate: their errors come from the keywords inside.
    structure = {"$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "examples", "default",
                 "properties", "items", "allOf", "if", "then", "else", "not"}
    for file, document in SchemaSet(ROOT / "schema").documents.items():
        for keyword, title in _keywords(document, []):
            assert keyword in with_codes | structure, f"{file}: {keyword!r} has no code; give it one in SchemaSet._diagnostic"
            if keyword == "pattern":
                assert title in _PATTERN_CODES, f"{file}: the pattern of {title!r} has no code in schemas._PATTERN_CODES"
            if keyword in ("oneOf", "anyOf") and title not in (None, "Faultlines probability estimate"):
                assert title in _FORM_CODES, f"{file}: {keyword} of {title!r} has no code in schemas._FORM_CODES"
            if keyword == "const" and title is not None:
                assert title in _CONST_CODES, f"{file}: const of {title!r} has no code in schemas._CONST_CODES"


@pytest.mark.parametrize("code", [c for c in REGISTRY.codes.values() if c.wrong is not None], ids=lambda c: c.code)
def test_each_example_produces_its_code_and_its_fix_none(code):
    wrong = example_diagnostics(code.wrong, ROOT / "schema")
    mine = [d for d in wrong if d.code == code.code]
    assert mine, f"{code.code}: the wrong example gives {[d.text() for d in wrong]}"
    assert {d.severity for d in mine} == {code.severity}
    assert not [d for d in wrong if d.code.startswith("schema-") and d.code not in REGISTRY.codes]
    right = example_diagnostics(code.right, ROOT / "schema")
    assert right == [], f"{code.code}: the right example gives {[d.text() for d in right]}"


def test_the_examples_knowledge_base_is_valid():
    assert example_diagnostics({}, ROOT / "schema") == []


def test_unreadable_file_is_reported_with_its_code(project, monkeypatch):
    """The one code without an example (as root every file is readable): a read the system refuses."""
    from faultlines.data import loader, pipeline
    refuse = "case-one.yaml"
    real = loader.read_entry_file

    def read(path, *args):
        if path.name == refuse:
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(loader, "read_entry_file", read)
    result = pipeline.load(project.path / "taxonomy", project.path / "schema", cache=False)
    assert [d.code for d in result.diagnostics if d.file.endswith(refuse)] == ["unreadable-file"]
    assert not [c for c in REGISTRY.codes.values()
                if c.wrong is None and c.code != "unreadable-file" and c.code not in FORM_CASES]


# The estimate form's codes (faultlines new estimate and the browser's builder): what is typed, not a file.
# code -> (form, figure, scenario, condition) that gives it; the same with the named part fixed gives nothing.
FORM_CASES = {
    "stated-figure-empty": (("unconditional", "  ", "reward-hacking", None), "5%"),
    "stated-figure-unreadable": (("unconditional", "about a third", "reward-hacking", None), "33%"),
    "stated-figure-ambiguous": (("unconditional", "5", "reward-hacking", None), "5%"),
    "estimate-form-scenario-missing": (("unconditional", "5%", None, None), "reward-hacking"),
    "estimate-form-condition-missing": (("solved", "5%", "reward-hacking", None), "goal-misgeneralization"),
}


@pytest.mark.parametrize("code", sorted(FORM_CASES))
def test_each_estimate_form_code_is_given_and_its_fix_gives_none(code):
    from faultlines.tools.estimate_forms import estimate_entry
    (form, figure, scenario, condition), fixed = FORM_CASES[code]
    names = {"reward-hacking": "Reward hacking", "goal-misgeneralization": "Goal misgeneralization"}
    _, problems = estimate_entry(form, "Ann Smith", "2020-05", figure, names, scenario=scenario, condition=condition)
    assert [p.code for p in problems] == [code]
    assert REGISTRY.codes[code].group == "figures"
    if code.startswith("stated-figure"):
        figure = fixed
    elif code == "estimate-form-scenario-missing":
        scenario = fixed
    else:
        condition = fixed
    assert estimate_entry(form, "Ann Smith", "2020-05", figure, names, scenario=scenario, condition=condition)[1] == []


def test_text_and_github_formats_name_the_code(project):
    path = project.path / "taxonomy/examples/case-one.yaml"
    path.write_text(path.read_text().replace("verdict: instance", "verdict: instnace", 1))
    text = [l for l in project.validate().stdout.splitlines() if "case-one.yaml" in l and "verdict" in l]
    assert text == [l for l in text if re.match(r"taxonomy/examples/case-one\.yaml:\d+:\d+: error: .* \[enum-value\]$", l)]
    assert text
    github = project.validate("--format", "github").stdout
    assert re.search(r"^::error file=taxonomy/examples/case-one\.yaml,line=\d+,col=\d+,title=Faultlines enum-value::"
                     r".*\[enum-value\]$", github, re.M), github
    data = json.loads(project.validate("--format", "json").stdout)
    assert "enum-value" in {d["code"] for d in data}


def test_page_is_generated_from_the_registry_and_listed_under_about(mini_site):
    soup = BeautifulSoup((mini_site / "diagnostics" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for code in REGISTRY.codes.values():
        heading = article.find(id=code.code)
        assert heading is not None and heading.name == "h3", code.code
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(sibling.get_text())
        text = " ".join(section)
        assert " ".join(code.meaning.replace("`", "").split())[:60] in " ".join(text.split()), code.code
        assert "Fix:" in text and (code.wrong is None or ("Wrong:" in text and "Right:" in text)), code.code
    nav = json.dumps(__import__("yaml").load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTag)["nav"])
    assert '"About"' in nav and nav.index('"diagnostics.md"') > nav.index('"About"')
    assert render() == render(), "the page is a function of the registry alone"


class _AnyTag(__import__("yaml").SafeLoader):
    pass


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def test_registry_refuses_a_code_given_twice(tmp_path, monkeypatch):
    twice = tmp_path / "codes.yaml"
    text = codes_module.REGISTRY.read_text(encoding="utf-8")
    twice.write_text(text + "\n  enum-value:\n    group: schema\n", encoding="utf-8")
    monkeypatch.setattr(codes_module, "REGISTRY", twice)
    codes_module.registry.cache_clear()
    try:
        with pytest.raises(Exception, match="given twice"):
            codes_module.registry()
    finally:
        monkeypatch.undo()
        codes_module.registry.cache_clear()
