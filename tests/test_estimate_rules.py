"""Estimates as chains, open bounds, date windows and questions: the validator's rules and their messages."""
import pytest

from conftest import FIXTURES, Project
from test_validate import assert_error

from faultlines.data.estimate_rules import parse_date, product_range, running_products, written_precision

E = "taxonomy/estimates/"


@pytest.fixture
def scenarios(tmp_path):
    return Project(tmp_path / "project", taxonomy_from=FIXTURES / "scenarios" / "taxonomy")


def edit(project, name, old, new):
    path = project.path / E / f"{name}.yaml"
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new))


def line_of(project, name, start):
    lines = (project.path / E / f"{name}.yaml").read_text().splitlines()
    return next(i for i, l in enumerate(lines, 1) if l.startswith(start))


@pytest.mark.parametrize("value, precision", [(0.05, 0.005), (0.4, 0.05), (0.0514, 0.00005), (1, 0.5),
                                              (0.0001, 0.00005), (1e-06, 5e-07), (0.65, 0.005)])
def test_precision_follows_the_written_digits(value, precision):
    assert written_precision(value) == pytest.approx(precision)


def test_carlsmith_product_is_within_the_precision_of_five_percent_and_twenty_is_not():
    low, high = product_range([(v, v) for v in (0.65, 0.80, 0.40, 0.65, 0.40, 0.95)])
    assert low == high == pytest.approx(0.0514, abs=5e-5)
    assert abs(0.05 - low) <= written_precision(0.05)
    assert abs(0.2 - low) > written_precision(0.2)
    assert running_products([0.5, 0.4, 0.5]) == pytest.approx([0.5, 0.2, 0.1])


def test_date_windows_parse():
    assert parse_date("2022-06/2022-10") == ((2022, 6), (2022, 10))
    assert parse_date("2024-03-11") == ((2024, 3, 11), (2024, 3, 11))


def test_scenarios_fixture_and_the_repository_are_valid(scenarios):
    result = scenarios.validate()
    assert result.returncode == 0, result.stdout
    # the real knowledge base's chain (Carlsmith's six premises, "~5%") passes the same rule
    from conftest import ROOT, run, BIN
    assert run([str(BIN / "faultlines"), "validate", "--no-cache"], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("name, old, new, line_start, path, fragment", [
    pytest.param("chain-overall", "value: 0.1\n", "value: 0.2\n", "value:", "value",
                 "0.2 is not the product of its premises: 0.5 × 0.4 × 0.5 = 0.1 (off by 0.1, more than the "
                 "precision of its written digits, ±0.05)", id="value-outside-the-product"),
    pytest.param("chain-overall", "method: product", "method: sum", "value:", "value",
                 "0.1 is not the sum of its parts: 0.5 + 0.4 + 0.5 = 1.4", id="value-not-the-sum"),
    pytest.param("chain-overall", "[chain-p1, chain-p2, chain-p3]", "[chain-p1, beta-failure, chain-p3]", "  estimates:",
                 "derived_from.estimates[1]", "'beta-failure' is a failure-mode", id="derived-from-a-non-estimate"),
    pytest.param("chain-overall", "[chain-p1, chain-p2, chain-p3]", "[chain-overall]", "  estimates:",
                 "derived_from.estimates[0]", "cannot be derived from itself", id="derived-from-itself"),
    pytest.param("bound-lower", "bound: {lower: 0.2}", "bound: {lower: 0.2, upper: 0.5}", "bound:", "bound",
                 "use interval: {low: 0.2, high: 0.5} instead", id="bound-with-both-sides"),
    pytest.param("bound-lower", "bound: {lower: 0.2}", "bound: {lower: 0.2}\nvalue: 0.3", "value:", "value",
                 "value and bound are both given; give exactly one of 'value' (a probability), 'interval' ({low, high}) "
                 "and 'bound'", id="bound-and-value"),
    pytest.param("panel-a-2100", 'date: "2022-06/2022-10"', 'date: "2022-10/2022-06"', "date:", "date",
                 "the window '2022-10/2022-06' ends before it starts", id="window-ends-before-it-starts"),
    pytest.param("panel-a-2100", 'date: "2022-06/2022-10"', 'date: "2022-06/22"', "date:", "date",
                 "'2022-06/22' is not a valid date", id="malformed-window"),
    pytest.param("panel-a-2100", 'published: "2023-07"', 'published: "2021"', "published:", "published",
                 "published '2021' is before the estimate was given", id="published-before-elicited"),
])
def test_located_estimate_errors(scenarios, name, old, new, line_start, path, fragment):
    edit(scenarios, name, old, new)
    line = line_of(scenarios, name, line_start) if line_start else 1
    assert_error(scenarios.validate(), E + f"{name}.yaml", line, path, fragment)


def test_an_explicit_precision_widens_or_narrows_the_check(scenarios):
    edit(scenarios, "chain-overall", "value: 0.1\n", "value: 0.12\n")
    assert scenarios.validate().returncode == 1  # 0.12 means ±0.005
    edit(scenarios, "chain-overall", "  method: product\n", "  method: product\n  precision: 0.03\n")
    assert scenarios.validate().returncode == 0


def test_a_product_of_intervals_and_bounds_is_a_range(scenarios):
    edit(scenarios, "chain-p2", "value: 0.4\n", "bound: {lower: 0.3}\n")
    result = scenarios.validate()  # the product can be 0.075 to 0.25: 0.1 is inside
    assert result.returncode == 0, result.stdout
    edit(scenarios, "chain-overall", "value: 0.1\n", "value: 0.03\n")
    assert_error(scenarios.validate(), E + "chain-overall.yaml", line_of(scenarios, "chain-overall", "value:"),
                 "value", "= 0.075 to 0.25")


def test_derivation_cycle_is_reported_once(scenarios):
    edit(scenarios, "chain-p1", "method: personal-credence\n",
         "method: personal-credence\nderived_from: {method: other, estimates: [chain-overall]}\n")
    result = scenarios.validate()
    cycles = [l for l in result.stdout.splitlines() if "derived_from links form a cycle" in l]
    assert len(cycles) == 1, result.stdout
    assert_error(result, E + "chain-overall.yaml", line_of(scenarios, "chain-overall", "  estimates:"),
                 "derived_from.estimates[0]", "chain-overall → chain-p1 → chain-overall")


def test_members_of_a_question_must_share_the_outcome(scenarios):
    edit(scenarios, "panel-b-2100", "outcome: human-extinction", "outcome: existential-catastrophe")
    edit(scenarios, "panel-a-2030", "horizon: by 2030\n", "horizon: by 2030\nquestion: fixture-extinction-2100\n")
    result = scenarios.validate()
    assert_error(result, E + "panel-b-2100.yaml", line_of(scenarios, "panel-b-2100", "outcome:"), "outcome",
                 "'existential-catastrophe' differs from the outcome of the other estimates answering question "
                 "'fixture-extinction-2100' ('human-extinction': panel-a-2030, panel-a-2100)")
    assert len([l for l in result.stdout.splitlines() if "differs from the outcome" in l]) == 1


def _codes(result) -> dict[tuple[str, int, str], str]:
    import json
    return {(d["file"], d["line"], d["path"]): d["code"] for d in json.loads(result.stdout)}


@pytest.mark.parametrize("old, new, line_start, path", [
    pytest.param("unconditional: true\n", "", "proposition:", "given", id="neither-given-nor-unconditional"),
    pytest.param("unconditional: true\n", "given: []\n", "given:", "given", id="given-empty"),
    pytest.param("unconditional: true\n", "unconditional: false\n", "unconditional:", "unconditional",
                 id="unconditional-false"),
])
def test_an_estimate_without_a_condition_is_reported_where_to_add_one(scenarios, old, new, line_start, path):
    edit(scenarios, "panel-a-2030", old, new)
    result = scenarios.validate()
    line = line_of(scenarios, "panel-a-2030", line_start)
    assert_error(result, E + "panel-a-2030.yaml", line, path,
                 "the estimate does not say what it is conditional on")
    assert_error(result, E + "panel-a-2030.yaml", line, path,
                 "{condition: 'AGI is developed by 2070'} in words), or `unconditional: true` if the source gives it")
    assert _codes(scenarios.validate("--format", "json")) == {
        (E + "panel-a-2030.yaml", line, path): "estimate-condition-missing"}


def test_an_estimate_both_conditional_and_unconditional_is_reported(scenarios):
    edit(scenarios, "chain-p2", "given:\n", "unconditional: true\ngiven:\n")
    result = scenarios.validate()
    line = line_of(scenarios, "chain-p2", "unconditional:")
    assert_error(result, E + "chain-p2.yaml", line, "unconditional",
                 "`given` lists 1 condition(s); keep `given` and remove `unconditional: true`")
    assert _codes(scenarios.validate("--format", "json")) == {
        (E + "chain-p2.yaml", line, "unconditional"): "estimate-condition-conflict"}


def test_a_condition_in_words_is_a_condition_and_must_be_short_text(scenarios):
    edit(scenarios, "panel-a-2030", "unconditional: true\n", "given:\n  - condition: 'AGI is developed by 2070'\n")
    assert scenarios.validate().returncode == 0
    edit(scenarios, "panel-a-2030", "'AGI is developed by 2070'", "'" + "very long " * 13 + "'")
    result = scenarios.validate()
    assert_error(result, E + "panel-a-2030.yaml", line_of(scenarios, "panel-a-2030", "  - condition:"),
                 "given[0].condition", "at most 120 allowed")


def test_every_estimate_problem_in_one_run(scenarios):
    edit(scenarios, "chain-overall", "value: 0.1\n", "value: 0.2\n")
    edit(scenarios, "bound-lower", "bound: {lower: 0.2}", "bound: {lower: 0.2, upper: 0.5}")
    edit(scenarios, "panel-a-2100", 'date: "2022-06/2022-10"', 'date: "2022-10/2022-06"')
    edit(scenarios, "panel-b-2100", "outcome: human-extinction", "outcome: other")
    result = scenarios.validate()
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "error(s) in 4 file(s)" in result.stderr, result.stderr
