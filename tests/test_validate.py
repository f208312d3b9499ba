"""`faultlines validate`: one fixture per error class, asserting the message, its location and exit code."""
import json

import pytest

from faultlines.tools.cli import main


def lines(result):
    return [l for l in result.stdout.splitlines() if l.strip()]


def assert_error(result, file, line, path, fragment):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    wanted = [l for l in lines(result) if l.startswith(f"{file}:{line}:") and f"error: {path}: " in l]
    assert wanted, f"no error at {file}:{line} {path}; got:\n{result.stdout}"
    assert any(fragment in l for l in wanted), f"{fragment!r} not in {wanted}"


def test_valid_fixture_exits_zero(project):
    result = project.validate()
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "ok: 14 entries valid" in result.stderr


def test_usage_errors_exit_two(project, tmp_path):
    assert project.validate("no-such-folder").returncode == 2
    assert project.validate("--format", "xml").returncode == 2
    (tmp_path / "bare").mkdir()
    result = project.validate(str(tmp_path / "bare"))
    assert result.returncode == 2 and "no schema folder" in result.stderr


def test_all_errors_in_one_run(project):
    project.write("taxonomy/failure-modes/beta-failure.yaml", """
        id: beta-failure
        name: Beta failure
        summary: Broken in two ways.
        evidence: lab-demo
        parents: [no-such-parent]
        sources: [doe-2020-fixture]
    """)
    project.write("taxonomy/examples/case-one.yaml", """
        id: case-one
        name: Case one
        summary: Broken too.
        evidence: lab
        classifications:
          - failure_mode: beta-failure
            verdict: instnace
            rationale: x
        sources: [doe-2020-fixture]
    """)
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 4, "evidence", "expected one of deployed, lab, theoretical")
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 5, "parents[0]", "unknown failure-mode id 'no-such-parent'")
    assert_error(result, "taxonomy/examples/case-one.yaml", 7, "classifications[0].verdict", "did you mean 'instance'?")
    # case-one no longer says gamma is not an instance: gamma is left without an explicit not-instance
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 1, "id", "no example is an explicit not-instance")
    assert "error(s) in 3 file(s)" in result.stderr


def test_missing_required_field_and_unknown_field(project):
    project.write("taxonomy/failure-modes/gamma-failure.yaml", """
        id: gamma-failure
        name: Gamma failure
        evidance: lab
        sources: [doe-2020-fixture]
    """)
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 1, "(file)", "missing required field 'summary'")
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 3, "evidance", "unknown field 'evidance'; did you mean 'evidence'?")


def test_sources_required_unless_hypothetical(project):
    project.write("taxonomy/examples/case-three.yaml", """
        id: case-three
        name: Case three
        summary: No sources.
        evidence: lab
        classifications:
          - {failure_mode: beta-failure, verdict: instance, rationale: x}
    """)
    result = project.validate()
    assert_error(result, "taxonomy/examples/case-three.yaml", 1, "(file)", "sources are required unless evidence is 'hypothetical'")
    project.write("taxonomy/examples/case-three.yaml", """
        id: case-three
        name: Case three
        summary: Hypothetical, so no sources needed.
        evidence: hypothetical
        classifications:
          - {failure_mode: beta-failure, verdict: instance, rationale: x, editors_judgement: true}
    """)
    assert project.validate().returncode == 0


@pytest.mark.parametrize("id_value,fragment", [
    ('"gamma-failure\\n"', "not a valid entry id"),
    ("Gamma-Failure", "not a valid entry id"),
    ("gamma--failure", "not a valid entry id"),
    ('"gаmma-failure"', "not a valid entry id"),  # Cyrillic а
])
def test_malformed_ids(project, id_value, fragment):
    project.write("taxonomy/failure-modes/gamma-failure.yaml", f"""
        id: {id_value}
        name: Gamma failure
        summary: Id trouble.
        evidence: lab
        sources: [doe-2020-fixture]
    """)
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 1, "id", fragment)


def test_id_must_equal_file_name(project):
    text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/gamma-failure.yaml", text.replace("id: gamma-failure", "id: gamma-failures"))
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 1, "id", "does not match the file name")


def test_bad_file_names_and_layout(project):
    project.write("taxonomy/failure-modes/Bad_Name.yaml", "id: x\n")
    project.write("taxonomy/failure-modes/other.yml", "id: other\n")
    project.write("taxonomy/widgets/w.yaml", "id: w\n")
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/Bad_Name.yaml", 1, "(file)", "is not a valid id")
    assert_error(result, "taxonomy/failure-modes/other.yml", 1, "(file)", "rename it to other.yaml")
    assert_error(result, "taxonomy/widgets", 1, "(file)", "taxonomy/ holds only the folders")


def test_same_id_in_two_kinds_names_both_files(project):
    project.write("taxonomy/sources/gamma-failure.yaml", """
        id: gamma-failure
        name: Clash
        title: A clash
        authors: [X]
        year: 2020
        url: https://example.org/x
        type: paper
        verified: true
    """)
    result = project.validate()
    clash = [l for l in lines(result) if "already used by" in l]
    assert len(clash) == 1
    assert "taxonomy/failure-modes/gamma-failure.yaml" in clash[0] and "taxonomy/sources/gamma-failure.yaml" in clash[0]


def test_reference_to_wrong_kind(project):
    text = (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/beta-failure.yaml", text.replace("parents: [alpha-failure]", "parents: [case-one]"))
    assert_error(project.validate(), "taxonomy/failure-modes/beta-failure.yaml", 5, "parents[0]",
                 "'case-one' is an example (taxonomy/examples/case-one.yaml), but a failure-mode id is expected here")


def test_an_alias_used_as_an_id_names_its_entry(project):
    """alpha-failure has the alias 'First failure': 'first-failure' is not a near miss of some other id."""
    text = (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/beta-failure.yaml", text.replace("parents: [alpha-failure]", "parents: [first-failure]"))
    text = (project.path / "taxonomy/examples/case-one.yaml").read_text()
    project.write("taxonomy/examples/case-one.yaml", text.replace("failure_mode: beta-failure", "failure_mode: doe-2020"))
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 5, "parents[0]",
                 "unknown failure-mode id 'first-failure': 'First failure' is an alias of a failure-mode whose id is "
                 "'alpha-failure' (taxonomy/failure-modes/alpha-failure.yaml); write 'alpha-failure'")
    assert "did you mean" not in result.stdout.split("parents[0]")[1].splitlines()[0]
    assert_error(result, "taxonomy/examples/case-one.yaml", 8, "classifications[0].failure_mode",
                 "'Doe 2020' is the name of a source whose id is 'doe-2020-fixture' (taxonomy/sources/doe-2020-fixture.yaml), "
                 "but a failure-mode id is expected here")


def test_inline_reference_in_markdown(project):
    text = (project.path / "taxonomy/failure-modes/alpha-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/alpha-failure.yaml", text.replace("[[gamma-failure|the third one]]", "[[gamma-falure]] and [[Bad Id]]"))
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/alpha-failure.yaml", 6, "description", "unknown id [[gamma-falure]]; did you mean 'gamma-failure'?")
    assert_error(result, "taxonomy/failure-modes/alpha-failure.yaml", 6, "description", "[[Bad Id]] is not a valid id")


def test_parent_cycles_long_and_self(project):
    project.write("taxonomy/failure-modes/alpha-failure.yaml", """
        id: alpha-failure
        name: Alpha failure
        summary: Now a child of gamma.
        evidence: lab
        parents: [gamma-failure]
        sources: [doe-2020-fixture]
    """)
    project.write("taxonomy/failure-modes/gamma-failure.yaml", """
        id: gamma-failure
        name: Gamma failure
        summary: Now a child of beta and of itself.
        evidence: lab
        parents: [beta-failure, gamma-failure]
        sources: [doe-2020-fixture]
    """)
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/alpha-failure.yaml", 5, "parents[0]",
                 "parent links form a cycle: alpha-failure → gamma-failure → beta-failure → alpha-failure")
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 5, "parents[1]", "cannot be its own parent")


def test_estimate_logic(project):
    project.write("taxonomy/estimates/estimate-two.yaml", """
        id: estimate-two
        name: Broken estimate
        summary: Conditioned on its own scenario and on itself, interval reversed.
        estimator: Jane Doe
        date: "2021"
        proposition: Beta leads to catastrophe.
        outcome: existential-catastrophe
        scenario: beta-failure
        given:
          - failure_mode: beta-failure
            state: solved
          - estimate: estimate-two
        interval: {low: 0.3, high: 0.1}
        method: personal-credence
        sources: [doe-2020-fixture]
    """)
    result = project.validate()
    f = "taxonomy/estimates/estimate-two.yaml"
    assert_error(result, f, 10, "given[0].failure_mode", "cannot be conditioned on its own scenario")
    assert_error(result, f, 12, "given[1].estimate", "cannot be conditioned on itself")
    assert_error(result, f, 13, "interval", "low (0.3) is greater than high (0.1)")


@pytest.mark.parametrize("value,fragment", [
    ("1.3", "out of range: must be at most 1"),
    ("-0.1", "out of range: must be at least 0"),
    ('"5%"', "expected a number, found text '5%'"),
    (".nan", "quote it"),
])
def test_probabilities(project, value, fragment):
    text = (project.path / "taxonomy/estimates/estimate-one.yaml").read_text()
    project.write("taxonomy/estimates/estimate-one.yaml", text.replace("value: 0.05", f"value: {value}"))
    assert_error(project.validate(), "taxonomy/estimates/estimate-one.yaml", 9, "value", fragment)


@pytest.mark.parametrize("value", ["5e-4", "1E-3", "2.5e-1"])
def test_exponent_probabilities_are_numbers(project, value):
    text = (project.path / "taxonomy/estimates/estimate-one.yaml").read_text()
    project.write("taxonomy/estimates/estimate-one.yaml", text.replace("value: 0.05", f"value: {value}"))
    result = project.validate()
    assert result.returncode == 0, result.stdout


def test_exponent_probability_out_of_range_is_located(project):
    text = (project.path / "taxonomy/estimates/estimate-one.yaml").read_text()
    project.write("taxonomy/estimates/estimate-one.yaml", text.replace("value: 0.05", "value: 5e2"))
    assert_error(project.validate(), "taxonomy/estimates/estimate-one.yaml", 9, "value",
                 "'5e2' is out of range: must be at most 1")


def test_value_and_interval_are_exclusive(project):
    """Reported at the value's own line, saying it lies outside the interval given beside it."""
    text = (project.path / "taxonomy/estimates/estimate-one.yaml").read_text()
    project.write("taxonomy/estimates/estimate-one.yaml", text + "interval: {low: 0.1, high: 0.2}\n")
    result = project.validate()
    assert_error(result, "taxonomy/estimates/estimate-one.yaml", 9, "value",
                 "value 0.05 is outside this estimate's own interval (0.1 to 0.2); give exactly one of 'value'")
    assert "estimate-one.yaml:1:" not in result.stdout


def test_no_probability_at_all_is_the_files(project):
    text = (project.path / "taxonomy/estimates/estimate-one.yaml").read_text()
    project.write("taxonomy/estimates/estimate-one.yaml", text.replace("value: 0.05\n", ""))
    assert_error(project.validate(), "taxonomy/estimates/estimate-one.yaml", 1, "(file)", "give exactly one of 'value'")


def test_duplicate_classification(project):
    text = (project.path / "taxonomy/examples/case-one.yaml").read_text()
    project.write("taxonomy/examples/case-one.yaml", text.replace("classifications:\n", "classifications:\n  - {failure_mode: beta-failure, verdict: instance, rationale: again}\n"))
    assert_error(project.validate(), "taxonomy/examples/case-one.yaml", 9, "classifications[1]", "repeats the classification at classifications[0]")


def test_opposite_verdicts_on_one_failure_mode_contradict(project):
    """Not a repeat to merge: two verdicts that disagree, one of which belongs under dissent."""
    text = (project.path / "taxonomy/examples/case-one.yaml").read_text()
    project.write("taxonomy/examples/case-one.yaml", text.replace("classifications:\n", "classifications:\n  - {failure_mode: beta-failure, verdict: not-instance, rationale: Not beta., editors_judgement: true}\n"))
    result = project.validate()
    assert_error(result, "taxonomy/examples/case-one.yaml", 10, "classifications[1].verdict",
                 "contradicts the classification at classifications[0] (beta-failure: instance here, not-instance there)")
    assert "'dissent'" in result.stdout and "merge them" not in result.stdout


def test_a_tab_indent_says_indent_with_spaces(project):
    project.write_bytes("taxonomy/failure-modes/gamma-failure.yaml",
                        b"id: gamma-failure\nname: Gamma\nsummary: Tabs.\nevidence: lab\nsources:\n\t- doe-2020-fixture\n")
    assert_error(project.validate(), "taxonomy/failure-modes/gamma-failure.yaml", 6, "(file)",
                 "indented with a tab; YAML indents with spaces only: replace the tab with spaces")


def test_an_uppercase_id_gets_the_lowercase_one(project):
    text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/gamma-failure.yaml", text.replace("id: gamma-failure", "id: Gamma-Failure"))
    project.write("taxonomy/failure-modes/Delta-Failure.yaml", text.replace("id: gamma-failure", "id: Delta-Failure"))
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 1, "id", "Did you mean 'gamma-failure'?")
    assert_error(result, "taxonomy/failure-modes/Delta-Failure.yaml", 1, "(file)",
                 "rename it to delta-failure.yaml (and its id to 'delta-failure')")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/paper"])
def test_a_url_that_is_not_http_says_what_is_accepted(project, url):
    text = (project.path / "taxonomy/sources/doe-2020-fixture.yaml").read_text()
    assert "\nurl: " in text
    project.write("taxonomy/sources/doe-2020-fixture.yaml",
                  "\n".join(f'url: "{url}"' if l.startswith("url: ") else l for l in text.splitlines()) + "\n")
    result = project.validate()
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("url: "))
    assert_error(result, "taxonomy/sources/doe-2020-fixture.yaml", line, "url",
                 "is not a web address: a URL starts with http:// or https://")


def test_yaml_errors_reach_the_cli(project):
    project.write_bytes("taxonomy/failure-modes/gamma-failure.yaml",
                        b"id: gamma-failure\nname: Gamma\nname: Again\nsummary: no\nevidence: lab\nsources: [doe-2020-fixture]\n")
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 3, "name", "duplicate key 'name'")
    assert_error(result, "taxonomy/failure-modes/gamma-failure.yaml", 4, "summary", "boolean in YAML 1.1")


def test_github_and_json_formats(project):
    text = (project.path / "taxonomy/failure-modes/gamma-failure.yaml").read_text()
    project.write("taxonomy/failure-modes/gamma-failure.yaml", text.replace("evidence: deployed", "evidence: sometimes"))
    gh = project.validate("--format", "github")
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=taxonomy/failure-modes/gamma-failure.yaml,line=4,col=1,")
    assert "::evidence%3A" not in gh.stdout and "::evidence: expected one of" in gh.stdout
    js = project.validate("--format", "json")
    assert js.returncode == 1
    data = json.loads(js.stdout)
    assert data == [{"file": "taxonomy/failure-modes/gamma-failure.yaml", "line": 4, "column": 1, "path": "evidence",
                     "message": "expected one of deployed, lab, theoretical; found 'sometimes'", "code": "enum-value",
                     "severity": "error"}]


def test_json_format_when_valid_is_an_empty_list(project):
    result = project.validate("--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_in_process_main_accepts_taxonomy_folder(project, monkeypatch, capsys):
    monkeypatch.chdir(project.path)
    assert main(["validate", "taxonomy"]) == 0


def test_list_glued_to_a_paragraph_is_located(project):
    # One blank line before a list in a folded block becomes one line break: the list would join the paragraph.
    project.write("taxonomy/failure-modes/beta-failure.yaml", """
        id: beta-failure
        name: Beta failure
        summary: Its definition has lists.
        evidence: lab
        description: >-
          Three points:

          - first point,
            wrapped.

          - second point.


          Two more, whose lines the folding joins as well:

          1. one
          2. two
        sources: [doe-2020-fixture]
    """)
    project.write("taxonomy/examples/case-one.yaml", """
        id: case-one
        name: Case one
        summary: A literal block with the same mistake, and a fenced dash that is not one.
        evidence: hypothetical
        description: |
          In short:
          * glued
          ```
          text
          - not a list
          ```
        classifications:
          - failure_mode: beta-failure
            verdict: instance
            rationale: x
    """)
    result = project.validate()
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 8, "description", "the list starting '- first point,' is glued")
    assert_error(result, "taxonomy/examples/case-one.yaml", 7, "description", "put a blank line before the list")
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 16, "description", "the list starting '1. one 2. two'")
    assert_error(result, "taxonomy/failure-modes/beta-failure.yaml", 17, "description", "the list item '2. two' is joined")
    markdown = lambda r: [l for l in lines(r) if ": error: description: " in l]  # noqa: E731 (other rules apply too)
    assert len(markdown(result)) == 4, result.stdout
    fixed = (project.path / "taxonomy/failure-modes/beta-failure.yaml").read_text().replace("Three points:\n", "Three points:\n\n")
    (project.path / "taxonomy/failure-modes/beta-failure.yaml").write_text(fixed)
    assert len(markdown(project.validate())) == 3
