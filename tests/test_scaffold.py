"""`faultlines new`: the scaffold fails validation only on the fields left to fill, and refuses bad ids."""
import json
import re

import pytest

from conftest import BIN, ROOT, run
from faultlines.data.kinds import KINDS
from faultlines.tools.scaffold import create
from faultlines.data.schemas import SchemaSet
from faultlines.data.strict_yaml import parse_mapping

# A valid value for every field a scaffold leaves to fill, by the path the validator reports.
FILLS = {
    "name": "A new entry",
    "summary": "One plain sentence.",
    "title": "A title",
    "authors[0]": "Jane Doe",
    "year": "2021",
    "url": "https://example.org/new",
    "type": "paper",
    "evidence": "lab",
    "verified": "true",
    "theory_of_change": "If it works, beta gets easier.",
    "addresses[0].failure_mode": "beta-failure",
    "addresses[0].relevance": "high",
    "addresses[0].rationale": "Its main aim.",
    "classifications[0].failure_mode": "beta-failure",
    "classifications[0].verdict": "instance",
    "classifications[0].rationale": "It shows beta.",
    "classifications[0].editors_judgement": "true",
    "bears_on[0].failure_mode": "beta-failure",
    "bears_on[0].note": "Makes beta worse.",
    "statement": "Beta drifts.",
    "measures": "Counts the runs that show beta.",
    "method[0]": "behavioural",
    "published": '"2024-12"',
    "looks_for[0].failure_mode": "beta-failure",
    "looks_for[0].directness": "high",
    "looks_for[0].rationale": "A positive result is beta itself.",
    "looks_for[0].basis[0].source": "doe-2020-fixture",
    "looks_for[0].basis[0].quote": "we test beta",
    "looks_for[0].basis[0].locator": "abstract",
    "author": "Jane Doe",
    "epistemic_status": "not stated",
    "estimator": "Jane Doe",
    "date": '"2021-03"',
    "proposition": "Beta leads to catastrophe.",
    "outcome": "existential-catastrophe",
    "value": "0.1",
    "unconditional": "true",
    "method": "personal-credence",
    "sources[0]": "doe-2020-fixture",
}


def new(project, *args: str):
    return run([str(BIN / "faultlines"), "new", *args], cwd=project.path)


def validation_paths(result) -> list[str]:
    return [d["path"] for d in json.loads(result.stdout)]


def fill(text: str, to_fill: list[str]) -> str:
    """Put a valid value after every empty field and empty list item the scaffold left to fill."""
    out, top = [], None
    for line in text.splitlines():
        path = None
        if m := re.match(r"^([a-z_]+):$", line):
            top = path = m.group(1)
        elif m := re.match(r"^(?:  - |    )([a-z_]+):$", line):
            sub = m.group(1)
            path = f"{top}[0].{sub}"
        elif m := re.match(r"^(?:      - |        )([a-z_]+):$", line):  # a field of an item inside the first item
            path = f"{top}[0].{sub}[0].{m.group(1)}"
        elif re.match(r"^  -$", line):
            path = f"{top}[0]"
        elif re.match(r"^      -$", line):  # an item of a list inside the first item
            path = f"{top}[0].{sub}[0]"
        out.append(f"{line} {FILLS[path]}" if path in to_fill else line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_scaffold_fails_only_on_fields_left_to_fill(project, kind):
    entry_id = f"new-{kind}"
    result = new(project, kind, entry_id)
    assert result.returncode == 0, result.stderr
    path = project.path / "taxonomy" / next(k.plural for k in KINDS if k.name == kind) / f"{entry_id}.yaml"
    text = path.read_text()
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    assert f"id: {entry_id}" in text.splitlines()
    paths = [f.path for f in create(project.path / "taxonomy", project.path / "schema", kind, "another-id", write=False).to_fill]
    for p in paths:  # the command prints what to fill in next
        assert re.search(rf"^  {re.escape(p)}\s", result.stdout, re.M), (p, result.stdout)
    assert "faultlines validate" in result.stdout and "make serve" in result.stdout

    check = project.validate("--format", "json")
    assert check.returncode == 1
    assert sorted(validation_paths(check)) == sorted(paths), check.stdout  # one error per field, no other

    path.write_text(fill(text, paths))
    check = project.validate()
    assert check.returncode == 0, check.stdout + path.read_text()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_schema_field_is_present_or_commented(kind):
    """Uncommenting every commented field gives YAML that parses and holds every field of the schema."""
    text = create(ROOT / "taxonomy", ROOT / "schema", kind.name, "zz-not-an-entry", write=False).text
    uncommented = "\n".join(re.sub(r"^(\s*)# (\s*(?:- )?[a-z_]+:(?: \[\]| active)?(?:  #.*)?)$", r"\1\2", line)
                            for line in text.splitlines())
    doc = parse_mapping(uncommented.encode())
    assert not doc.problems, [p.message for p in doc.problems]
    schemas = SchemaSet(ROOT / "schema")
    top = {p[0] for p in schemas.roles[kind.name].properties if len(p) == 1} | set(schemas.roles[kind.name].properties[()])
    assert set(doc.data) == top


def test_refuses_an_id_that_exists_in_any_kind(project):
    before = (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text()
    result = new(project, "example", "beta-failure")
    assert result.returncode == 1
    assert "already exists: taxonomy/failure-modes/beta-failure.yaml" in result.stderr
    assert not (project.path / "taxonomy/examples/beta-failure.yaml").exists()
    assert (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text() == before


@pytest.mark.parametrize("bad, fragment", [
    ("My Case", "(for example 'my-case')"),
    ("double--hyphen", "not a valid id"),
    ("x" * 65, "at most 64 characters"),
    ("con", "reserved file name on Windows"),
    ("index", "list page"),
    ("../escape", "not a valid id"),
])
def test_refuses_a_malformed_id(project, bad, fragment):
    result = new(project, "example", bad)
    assert result.returncode == 2 and fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project.path / "taxonomy/examples").iterdir()) == ["case-one.yaml", "case-two.yaml"]


def test_kind_errors_and_plural_kinds(project, tmp_path):
    result = new(project, "exmaple", "fine-id")
    assert result.returncode == 2 and "did you mean 'example'?" in result.stderr
    assert new(project, "examples", "plural-kind").returncode == 0
    assert (project.path / "taxonomy/examples/plural-kind.yaml").is_file()
    (tmp_path / "elsewhere").mkdir()
    result = run([str(BIN / "faultlines"), "new", "example", "fine-id"], cwd=tmp_path / "elsewhere")
    assert result.returncode == 2 and "no taxonomy/ folder" in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    result = new(project, "example", "fine-id", "--schema", str(tmp_path / "no-schemas"))
    assert result.returncode == 2 and "no schema folder" in result.stderr
    assert not (project.path / "taxonomy/examples/fine-id.yaml").exists()


def test_refuses_a_close_id_until_forced(project):
    path = project.path / "taxonomy/failure-modes/beta-failures.yaml"
    result = new(project, "failure-mode", "beta-failures")
    assert result.returncode == 1 and not path.exists()
    assert "taxonomy/failure-modes/beta-failure.yaml (failure-mode; a close id)" in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    result = new(project, "failure-mode", "beta-failures", "--force")
    assert result.returncode == 0 and path.exists()
    assert "taxonomy/failure-modes/beta-failure.yaml" in result.stdout.split("although these entries are close")[1]


@pytest.mark.parametrize("args,why", [
    (("failure-mode", "first-failure-in-agents"), "alias 'First failure'"),  # alpha-failure's alias
    (("example", "case-one-again"), "a close id"),
    (("failure-mode", "gamma-failure-in-llms"), "a close id"),  # a narrower case of an existing entry?
    (("source", "jane-2020-paper", "--url", "http://www.example.org/doe-2020/"), "the same work"),
])
def test_lists_entries_with_a_close_id_name_alias_or_url(project, args, why):
    result = new(project, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert why in result.stderr


def test_an_unrelated_id_is_not_held_up(project):
    result = new(project, "example", "coastrunners-boat-loop", "--url", "https://example.org/other")
    assert result.returncode == 0, result.stderr
    assert "close" not in result.stdout


def test_every_entry_file_names_its_schema():
    """Editors find the schema through the first line of every entry file (the scaffold writes it too)."""
    for kind in KINDS:
        for path in sorted((ROOT / "taxonomy" / kind.plural).glob("*.yaml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schema/{kind.schema_file}", path


def test_vscode_settings_map_each_kind_folder_to_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        key = f"./schema/{kind.schema_file}"
        assert mapping[key] == [f"taxonomy/{kind.plural}/*.yaml"]
        assert (ROOT / key).is_file()
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]


def test_new_source_writes_the_url_it_was_given(project):
    """`--url` is the source's address: written into the file, not left for validate to call empty."""
    url = "https://example.org/papers/é-2021?a=1&b=2"
    result = new(project, "source", "roe-2021-paper", "--url", url)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^  url\s", result.stdout, re.M)  # not among the fields left to fill
    path = project.path / "taxonomy" / "sources" / "roe-2021-paper.yaml"
    assert parse_mapping(path.read_bytes()).data["url"] == url
    check = project.validate("--format", "json")
    assert "url" not in validation_paths(check), check.stdout
