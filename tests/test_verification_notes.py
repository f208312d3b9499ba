"""Verification notes say what was compared, never which search command found it: a validator rule with its own
code, through the real CLI, and the repository's own sources held to it."""
import json
import re

import pytest

from conftest import ROOT
from faultlines.data.verification_notes import TOOL_WORDS
from test_validate import assert_error

SOURCE = "taxonomy/sources/doe-2020-fixture.yaml"


@pytest.mark.parametrize("note,named", [
    ("Checked with find_string search in reference lists.", "'find_string'"),
    ("Read with read_file in a copy of the post.", "'read_file'"),
    ("Checked with the search tool (pages corpus): title and authors.", "'pages corpus', 'search tool'"),
    ("Date from bibliographies found with the search tool's file index.", "'file index', 'search tool's'"),
    ("A crawled copy in the File-Index gave the date.", "'File-Index'"),
])
def test_note_naming_a_search_command_is_refused(project, note, named):
    path = project.path / SOURCE
    path.write_text(path.read_text() + f"verification_note: \"{note}\"\n")
    result = project.validate()
    assert_error(result, SOURCE, 9, "verification_note", f"names a search command or index ({named}): say instead "
                                                          f"which public copy was compared")
    codes = {d["code"] for d in json.loads(project.validate("--format", "json").stdout)}
    assert codes == {"verification-note-names-a-tool"}


@pytest.mark.parametrize("note", [
    "Checked against the arXiv abstract page: title, authors and abstract.",
    "Read in the PDF's section 4 (the published version); the indexed corpus of 1,000 prompts is the paper's own.",
    "Compared with an archived copy of the post: byline and date.",
])
def test_note_saying_what_was_compared_passes(project, note):
    path = project.path / SOURCE
    path.write_text(path.read_text() + f"verification_note: \"{note}\"\n")
    assert project.validate().returncode == 0


def test_repository_notes_name_no_search_command():
    """Every source in the knowledge base says what was compared (the validator's rule, read here directly too)."""
    offenders = [p.name for p in (ROOT / "taxonomy/sources").glob("*.yaml") if TOOL_WORDS.search(p.read_text())]
    assert offenders == []
    assert len(list((ROOT / "taxonomy/sources").glob("*.yaml"))) > 100  # the rule ran over the real sources
