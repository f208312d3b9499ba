"""The contributor's path: pull-request checks, templates, issue forms, pre-commit, and the docs that explain them."""
import re
import shlex

import pytest
import yaml

from conftest import ROOT
from faultlines.tools.cli import build_parser

WORKFLOWS = ROOT / ".github/workflows"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_pull_request_workflow_runs_every_check():
    wf = workflow("pull-request.yml")
    assert "pull_request" in wf["on"]
    job = wf["jobs"]["check"]
    run = commands(job)
    assert "faultlines validate --format github" in run
    assert 'faultlines changes --since "${{ github.event.pull_request.base.sha }}"' in run
    assert "mkdocs build --strict" in run
    assert "bash .ci/run" in run  # the tests, exactly as CI runs them
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0


def test_publish_workflow_deploys_main_to_pages():
    wf = workflow("publish.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build = wf["jobs"]["build"]
    assert build["steps"][0]["with"] == {"ref": "main", "fetch-depth": 0}
    assert "mkdocs build --strict" in commands(build)
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert wf["jobs"]["deploy"]["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_pull_request_template_has_the_checklist():
    text = (ROOT / ".github/pull_request_template.md").read_text()
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 6
    for needle in ("faultlines new", "make validate", "make serve", "source", "not-instance", "deprecated"):
        assert any(needle in i for i in items), needle


@pytest.mark.parametrize("kind", ["failure-mode", "example", "agenda", "estimate"])
def test_issue_form_for_each_kind(kind):
    form = yaml.safe_load((ROOT / f".github/ISSUE_TEMPLATE/{kind}.yml").read_text())
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert item["attributes"].get("label") or item["type"] == "markdown"
    assert any(item.get("validations", {}).get("required") for item in form["body"])
    assert f"faultlines new {kind}" in form["body"][0]["attributes"]["value"]


def test_pre_commit_runs_validation():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert any(h["id"] == "faultlines-validate" and "validate" in h["entry"] for h in hooks)


def test_readme_keeps_two_setup_commands_and_documents_the_commands():
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^    (\S.*)$", setup, re.M) == ["make serve", "make test"]
    for command in ("faultlines new", "faultlines changes", "faultlines check-refs"):
        assert command in readme, command


def test_commands_in_the_docs_are_real():
    """Every `faultlines ...` command shown in the contributing guide, data page and README parses."""
    parser = build_parser()
    shown = 0
    for page in ("docs/contributing.md", "docs/data.md", "README.md"):
        text = (ROOT / page).read_text()
        shown_as_block = re.findall(r"^(?:    |\t)(?:\.venv/bin/)?faultlines (.+)$", text, re.M)
        shown_inline = re.findall(r"`(?:\.venv/bin/)?faultlines ([^`]+)`", text)
        for block in shown_as_block + shown_inline:
            if re.search(r"[\[\]|…<>]", block):  # a usage line such as `faultlines validate [DIR]`
                continue
            args = shlex.split(block.split("  #")[0])
            if args[0] in ("-h", "--help", "--version"):
                continue
            if len(args) == 1:  # a mention of the command's name
                assert args[0] in parser._subparsers._group_actions[0].choices, args
                continue
            parser.parse_args(args)
            shown += 1
    assert shown >= 4
