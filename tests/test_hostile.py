"""Hostile and broken input: every case is refused with file and line, no traceback, and no site built.

Each case runs the real `faultlines validate` and the real `mkdocs build --strict` on a scratch project.
"""
import os
import shutil
from pathlib import Path

import pytest
import yaml

from faultlines.data.kinds import KINDS
from faultlines.data.schemas import SchemaSet, iter_pattern

from conftest import ROOT

GAMMA = "taxonomy/failure-modes/gamma-failure.yaml"
GAMMA_OK = b"id: gamma-failure\nname: Gamma failure\nsummary: Fine.\nevidence: deployed\nsources: [doe-2020-fixture]\n"


def refused(project, file: str, line: int, fragment: str) -> None:
    """validate and build both fail, naming file:line with the fragment; no traceback; no site."""
    v = project.validate()
    out = v.stdout + v.stderr
    assert v.returncode == 1, out
    assert "Traceback" not in out
    hits = [l for l in v.stdout.splitlines() if l.startswith(f"{file}:{line}:")]
    assert any(fragment in l for l in hits), f"want {file}:{line} ~ {fragment!r}\n{v.stdout}"
    b = project.build()
    assert b.returncode == 1 and "Traceback" not in b.stderr, b.stderr[-3000:]
    assert any(fragment in l for l in b.stderr.splitlines() if f"{file}:{line}:" in l), b.stderr[-3000:]
    assert not (project.path / "site").exists()


# -- YAML ----------------------------------------------------------------------------------------------

LOL = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    f"{n}: &{n} [{', '.join('*' + p for _ in range(9))}]\n".encode() for p, n in zip("abcdefgh", "bcdefghi"))

YAML_CASES = {
    "duplicate-top": (GAMMA_OK + b"name: Again\n", 6, "duplicate key 'name'"),
    "duplicate-deep": (GAMMA_OK.replace(b"sources:", b"relations:\n  - type: overlaps\n    target: beta-failure\n    note: x\n    note: y\nsources:"), 9, "duplicate key 'note'"),
    "anchor-alias": (GAMMA_OK + b"aliases: &x [a]\ntags: *x\n", 6, "anchors (&x) are not allowed"),
    "billion-laughs": (LOL, 2, "aliases (*a) are not allowed"),
    "python-tag": (GAMMA_OK.replace(b"summary: Fine.", b"summary: !!python/object/apply:os.system [echo]"), 3, "tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed"),
    "yaml11-no": (GAMMA_OK.replace(b"summary: Fine.", b"summary: no"), 3, "'no' is a boolean in YAML 1.1"),
    "yaml11-on": (GAMMA_OK.replace(b"summary: Fine.", b"summary: on"), 3, "'on' is a boolean in YAML 1.1"),
    "yaml11-version-number": (GAMMA_OK.replace(b"summary: Fine.", b"summary: 1.10"), 3, "expected text, found number '1.10'; quote it"),
    "yaml11-octal": (GAMMA_OK.replace(b"summary: Fine.", b"summary: 010"), 3, "quote it (\"010\")"),
    "unquoted-date-as-year": (GAMMA_OK.replace(b"summary: Fine.", b"summary: Fine.\naliases: [2023-01-01]\nstatus: 2023-01-01"), 5, "expected one of active, draft, deprecated; found '2023-01-01'"),
    "invalid-utf8": (GAMMA_OK.replace(b"Fine.", b"Fin\xe9."), 3, "invalid UTF-8"),
    "byte-order-mark": (b"\xef\xbb\xbf" + GAMMA_OK, 1, "byte-order mark"),
    "empty": (b"", 1, "file is empty"),
    "a-list": (b"- id: gamma-failure\n", 1, "not a list"),
    "a-scalar": (b"gamma-failure\n", 1, "not a single value"),
    "too-big": (GAMMA_OK + b"description: " + b"x" * 1_100_000 + b"\n", 1, "the limit is 1,000,000"),
    "too-deep": (GAMMA_OK + b"tags: " + b"[" * 40 + b"]" * 40 + b"\n", 6, "nesting deeper than"),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_trouble(project, case):
    data, line, fragment = YAML_CASES[case]
    project.write_bytes(GAMMA, data)
    refused(project, GAMMA, line, fragment)


def test_billion_laughs_uses_little_memory():
    import tracemalloc

    from faultlines.data.strict_yaml import parse_mapping
    tracemalloc.start()
    doc = parse_mapping(LOL)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000  # expanded, it would be 9^9 strings
    assert doc.data["i"] == [None] * 9  # aliases are refused, never expanded


# -- ids -----------------------------------------------------------------------------------------------

ID_CASES = {
    "path-separator": ('"gamma/failure"', "not a valid entry id"),
    "dot-dot": ('"../gamma-failure"', "not a valid entry id"),
    "upper-case": ("Gamma-Failure", "not a valid entry id"),
    "trailing-newline": ('"gamma-failure\\n"', "not a valid entry id"),
    "cyrillic-lookalike": ('"gamma-fаilure"', "not a valid entry id"),
    "bidi-override": ('"gamma-\u202efailure"', "not a valid entry id"),
    "zero-width": ('"gamma\u200b-failure"', "not a valid entry id"),
}


@pytest.mark.parametrize("case", sorted(ID_CASES))
def test_bad_ids(project, case):
    value, fragment = ID_CASES[case]
    project.write_bytes(GAMMA, GAMMA_OK.replace(b"id: gamma-failure", f"id: {value}".encode()))
    refused(project, GAMMA, 1, fragment)


@pytest.mark.parametrize("name,fragment", [
    ("con", "reserved file name on Windows"),
    ("index", "the name of each kind's list page"),
    ("Gamma-failure", "is not a valid id"),
    ("gamma\u200bfailure", "is not a valid id"),
    ("gаmma", "is not a valid id"),
])
def test_bad_file_names(project, name, fragment):
    path = f"taxonomy/failure-modes/{name}.yaml"
    project.write_bytes(path, GAMMA_OK.replace(b"gamma-failure", name.encode()))
    refused(project, path, 1, fragment)


def test_same_id_in_two_files_names_both(project):
    project.write_bytes("taxonomy/sources/gamma-failure.yaml",
                        b"id: gamma-failure\nname: X\ntitle: X\nauthors: [X]\nyear: 2020\nurl: https://example.org\ntype: paper\nverified: true\n")
    refused(project, "taxonomy/sources/gamma-failure.yaml", 1,
            "id 'gamma-failure' is already used by taxonomy/failure-modes/gamma-failure.yaml")


# -- references and logic --------------------------------------------------------------------------------

def _reference_cases():
    """Every place a reference can stand, in every kind, read from the schemas."""
    roles = SchemaSet(ROOT / "schema").roles
    mini = ROOT / "tests/fixtures/mini/taxonomy"
    for kind in KINDS:
        for f in sorted((mini / kind.plural).glob("*.yaml")):
            data = yaml.safe_load(f.read_text())
            for pattern, target in roles[kind.name].references:
                for path, _ in iter_pattern(data, pattern):
                    yield pytest.param(kind.plural, f.stem, path, id=f"{f.stem}:{'.'.join(map(str, path))}")
            for pattern in roles[kind.name].markdown:
                for path, _ in iter_pattern(data, pattern):
                    yield pytest.param(kind.plural, f.stem, path + ("[[inline]]",), id=f"{f.stem}:{'.'.join(map(str, path))}:inline")


@pytest.mark.parametrize("plural,stem,path", list(_reference_cases()))
def test_unknown_reference_everywhere(project, plural, stem, path):
    from faultlines.data.diagnostics import format_path
    file = f"taxonomy/{plural}/{stem}.yaml"
    data = yaml.safe_load((project.path / file).read_text())
    node, inline = data, path[-1] == "[[inline]]"
    real = path[:-1] if inline else path
    for part in real[:-1]:
        node = node[part]
    node[real[-1]] = (node[real[-1]] + " [[no-such-entry]]") if inline else "no-such-entry"
    (project.path / file).write_text(yaml.safe_dump(data, sort_keys=False))
    v = project.validate()
    assert v.returncode == 1 and "Traceback" not in v.stderr
    wanted = f"error: {format_path(real)}: unknown"
    assert any(l.startswith(file + ":") and wanted in l and "no-such-entry" in l for l in v.stdout.splitlines()), v.stdout


def test_replaced_by_loop(project):
    for a, b in (("alpha-failure", "gamma-failure"), ("gamma-failure", "alpha-failure")):
        f = project.path / f"taxonomy/failure-modes/{a}.yaml"
        f.write_text(f.read_text() + f"status: deprecated\nreplaced_by: {b}\n")
    refused(project, "taxonomy/failure-modes/alpha-failure.yaml", 11, "replaced_by links form a cycle: alpha-failure → gamma-failure → alpha-failure")


def test_replaced_by_wrong_kind_and_not_deprecated(project):
    f = project.path / GAMMA
    f.write_text(f.read_text() + "replaced_by: case-one\n")
    v = project.validate()
    assert "replaced_by is only for deprecated entries" in v.stdout
    assert "'case-one' is an example; a failure-mode must be replaced by a failure-mode" in v.stdout


def test_estimate_conditioned_on_estimate_cycle(project):
    f = project.path / "taxonomy/estimates/estimate-one.yaml"
    f.write_text(f.read_text().replace("unconditional: true\n", "given:\n  - estimate: estimate-two\n"))
    refused(project, "taxonomy/estimates/estimate-one.yaml", 13, "conditioned on each other in a cycle")


# -- the file system ------------------------------------------------------------------------------------

def test_symlink_in_taxonomy_refused(project, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_bytes(GAMMA_OK.replace(b"gamma-failure", b"secret"))
    os.symlink(outside, project.path / "taxonomy/failure-modes/secret.yaml")
    refused(project, "taxonomy/failure-modes/secret.yaml", 1, "symbolic links are not allowed")


def test_symlink_in_docs_pointing_outside_is_not_published(project, tmp_path):
    outside = tmp_path / "private.md"
    outside.write_text("# Private\n\nTOP-SECRET-CONTENT\n")
    os.symlink(outside, project.path / "docs/leak.md")
    b = project.build()
    assert b.returncode == 1 and "Traceback" not in b.stderr
    assert "docs/leak.md: a symbolic link to a file outside the project" in b.stderr
    site = project.path / "site"
    assert not site.exists() or "TOP-SECRET-CONTENT" not in "".join(
        p.read_text(errors="ignore") for p in site.rglob("*") if p.is_file())


def test_unreadable_file_is_reported(project, monkeypatch, capsys):
    import builtins

    from faultlines.tools.cli import main
    real_open = builtins.open
    target = str((project.path / GAMMA).resolve())

    def fake_open(path, *a, **k):
        if isinstance(path, (str, Path)) and str(Path(path).resolve()) == target:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.chdir(project.path)
    assert main(["validate"]) == 1
    assert f"{GAMMA}:1:1: error: (file): cannot read file: Permission denied" in capsys.readouterr().out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_really_unreadable(project):
    (project.path / GAMMA).chmod(0)
    refused(project, GAMMA, 1, "cannot read file")


# -- data safety and determinism --------------------------------------------------------------------------

def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_commands_never_rewrite_entries(project):
    before = _tree(project.path / "taxonomy")
    assert project.validate().returncode == 0
    assert project.build().returncode == 0
    assert _tree(project.path / "taxonomy") == before


def test_two_builds_are_byte_identical(project, tmp_path):
    assert project.build().returncode == 0
    first = {k: v for k, v in _tree(project.path / "site").items() if not k.endswith(".gz")}
    shutil.rmtree(project.path / "site")
    assert project.build().returncode == 0
    second = {k: v for k, v in _tree(project.path / "site").items() if not k.endswith(".gz")}
    assert first.keys() == second.keys()
    changed = [k for k in first if first[k] != second[k]]
    assert changed == []
