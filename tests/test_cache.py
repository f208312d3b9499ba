"""The validation cache: what it returns always equals a run from scratch, and it is really used.

Every step edits, reverts, renames, moves or deletes files (or the schemas, or the cache itself), then
compares a cached run with an uncached one: the same diagnostics, in the same words at the same
positions, and the same data.
"""
import os
import shutil
from pathlib import Path

import pytest

from faultlines.data import cache as cache_mod
from faultlines.data import pipeline
from faultlines.tools.cli import main

GAMMA = "taxonomy/failure-modes/gamma-failure.yaml"
CASE = "taxonomy/examples/case-one.yaml"
SOURCE = "taxonomy/sources/doe-2020-fixture.yaml"


def outcome(project, cache: bool = True):
    result = pipeline.load(project.path / "taxonomy", project.path / "schema", cache=cache)
    return [d.text() for d in result.diagnostics], {d.file: d.data for d in result.documents}


@pytest.fixture
def parses(monkeypatch):
    """How many files the pipeline parsed (rather than took from the cache) since the last reset."""
    calls = []
    real = pipeline.parse_entry

    def counting(entry, *a, **k):
        calls.append(entry.file)
        return real(entry, *a, **k)

    monkeypatch.setattr(pipeline, "parse_entry", counting)
    return calls


def same_as_uncached(project, parses=None) -> list[str]:
    """Run cached twice (the first may fill the cache, the second must read it) and uncached; all equal."""
    first = outcome(project)
    if parses is not None:
        parses.clear()
    second = outcome(project)
    if parses is not None:
        assert parses == [], f"re-parsed unchanged files: {parses}"
    scratch = outcome(project, cache=False)
    assert first == scratch
    assert second == scratch
    return scratch[0]


def replace_in(project, relative: str, old: str, new: str) -> None:
    path = project.path / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, relative)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_revert_rename_move_delete(project, parses):
    assert same_as_uncached(project, parses) == []
    assert list((project.path / ".faultlines-cache").glob("entries-*.bin"))

    # An edit of the same length, straight after the last run (same size, maybe the same timestamp).
    replace_in(project, GAMMA, "evidence: deployed", "evidence: deplayed")
    errors = same_as_uncached(project, parses)
    assert any("gamma-failure.yaml:4:1: error: evidence: expected one of deployed" in e for e in errors)
    replace_in(project, GAMMA, "evidence: deplayed", "evidence: deployed")  # revert, same length again
    parses.clear()
    assert outcome(project)[0] == []
    assert len(parses) == 1 and parses[0].endswith("gamma-failure.yaml")  # only the edited file was parsed again
    assert same_as_uncached(project, parses) == []
    replace_in(project, GAMMA, "evidence: deployed", "evidence: deplayed")  # back to content seen before
    assert same_as_uncached(project, parses) == errors

    # The same error one line lower: a stored position must never be reused for other content.
    (project.path / GAMMA).write_text("# a comment\n" + (project.path / GAMMA).read_text())
    moved = same_as_uncached(project, parses)
    assert any("gamma-failure.yaml:5:1: error: evidence:" in e for e in moved)

    # Rename: the id no longer matches the file name, and references to gamma-failure dangle.
    os.rename(project.path / GAMMA, project.path / "taxonomy/failure-modes/delta-failure.yaml")
    renamed = same_as_uncached(project, parses)
    assert any("delta-failure.yaml" in e and "does not match the file name" in e for e in renamed)
    assert any("unknown" in e and "gamma-failure" in e for e in renamed)
    os.rename(project.path / "taxonomy/failure-modes/delta-failure.yaml", project.path / GAMMA)
    replace_in(project, GAMMA, "# a comment\n", "")
    replace_in(project, GAMMA, "evidence: deplayed", "evidence: deployed")
    assert same_as_uncached(project, parses) == []

    # The same bytes in another kind's folder are checked against that kind's schema.
    shutil.move(project.path / SOURCE, project.path / "taxonomy/examples/doe-2020-fixture.yaml")
    as_example = same_as_uncached(project, parses)
    assert any("examples/doe-2020-fixture.yaml" in e and "missing required field 'classifications'" in e
               for e in as_example)
    shutil.move(project.path / "taxonomy/examples/doe-2020-fixture.yaml", project.path / SOURCE)
    assert same_as_uncached(project, parses) == []

    # Delete an entry that others refer to, then bring it back.
    gamma = (project.path / GAMMA).read_bytes()
    (project.path / GAMMA).unlink()
    deleted = same_as_uncached(project, parses)
    assert any("beta-failure.yaml" in e and "gamma-failure" in e for e in deleted)
    (project.path / GAMMA).write_bytes(gamma)
    assert same_as_uncached(project, parses) == []


def test_yaml_problems_and_broken_files(project, parses):
    replace_in(project, GAMMA, "name: Gamma failure", "name: Gamma failure\nname: Again")
    assert any("duplicate key 'name'" in e for e in same_as_uncached(project, parses))
    replace_in(project, GAMMA, "name: Again", "name: [unclosed")
    assert any("YAML syntax" in e for e in same_as_uncached(project, parses))
    (project.path / GAMMA).write_bytes(b"")
    assert any("file is empty" in e for e in same_as_uncached(project, parses))
    (project.path / GAMMA).write_bytes(b"id: gamma-failure\nsummary: caf\xe9\n")
    assert any("invalid UTF-8" in e for e in same_as_uncached(project, parses))


def test_schema_change_starts_afresh(project):
    replace_in(project, "taxonomy/sources/doe-2020-fixture.yaml", "type: paper", "type: rumour")
    assert any("type: expected one of" in e for e in same_as_uncached(project))
    schema = project.path / "schema/source.schema.json"
    schema.write_text(schema.read_text().replace('"enum": ["paper", ', '"enum": ["rumour", "paper", '))
    assert same_as_uncached(project) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "other-context", "a-folder", "empty"])
def test_damaged_cache_is_ignored_and_rebuilt(project, parses, damage):
    replace_in(project, GAMMA, "evidence: deployed", "evidence: rumoured")
    expected = same_as_uncached(project)
    shards = sorted((project.path / ".faultlines-cache").glob("entries-*.bin"))
    assert shards
    for store in shards:  # every shard damaged the same way
        blob = store.read_bytes()
        if damage == "garbage":
            store.write_bytes(os.urandom(4096))
        elif damage == "truncated":
            store.write_bytes(blob[: len(blob) // 2])
        elif damage == "flipped":  # one bit in the payload, past the header
            i = len(blob) - 10
            store.write_bytes(blob[:i] + bytes([blob[i] ^ 1]) + blob[i + 1:])
        elif damage == "other-context":
            context = blob.split(b"\n")[1]
            store.write_bytes(blob.replace(context, b"0" * len(context), 1))
        elif damage == "a-folder":
            store.unlink()
            store.mkdir()
        else:
            store.write_bytes(b"")
    assert outcome(project) == outcome(project, cache=False)
    assert outcome(project)[0] == expected
    if damage != "a-folder":  # rebuilt: the run after reads it again
        parses.clear()
        assert outcome(project)[0] == expected
        assert parses == []


def test_an_edit_rewrites_one_shard(project):
    assert same_as_uncached(project) == []
    before = {p.name: p.stat().st_ino for p in (project.path / ".faultlines-cache").glob("entries-*.bin")}
    assert len(before) > 1
    replace_in(project, GAMMA, "evidence: deployed", "evidence: rumoured")
    outcome(project)
    after = {p.name: p.stat().st_ino for p in (project.path / ".faultlines-cache").glob("entries-*.bin")}  # rewritten: a new file
    assert 1 <= sum(after.get(name) != inode for name, inode in before.items()) + len(after.keys() - before.keys()) <= 2


def test_unwritable_cache_only_costs_speed(project):
    (project.path / ".faultlines-cache").write_text("not a folder")
    replace_in(project, GAMMA, "evidence: deployed", "evidence: rumoured")
    assert outcome(project) == outcome(project, cache=False)


def test_no_cache_flag_neither_reads_nor_writes(project, monkeypatch, capsys):
    monkeypatch.chdir(project.path)
    assert main(["validate", "--no-cache"]) == 0
    assert not (project.path / ".faultlines-cache").exists()
    assert main(["validate"]) == 0
    assert (project.path / ".faultlines-cache" / ".gitignore").read_text().strip().endswith("*")


def test_unchanged_files_are_not_read_again(project, monkeypatch):
    """Files whose identity proves them unchanged are not even read; any change to one is still seen.

    The cache trusts an identity only for files changed SETTLE_NS before the run; here every file counts
    as settled, so the edits below change the size or the inode (an in-place edit of the same size within
    one timestamp tick is the case SETTLE_NS guards against, tested above with the real setting).
    """
    monkeypatch.setattr(cache_mod, "SETTLE_NS", -10**12)
    if not cache_mod.IDENTITY_IS_PROOF:
        pytest.skip("file identities are not proof of content here")
    reads = []
    import faultlines.data.loader as loader_mod
    real_read = loader_mod.read_entry_file

    def counting(path, *a, **k):
        reads.append(Path(path).name)
        return real_read(path, *a, **k)

    monkeypatch.setattr(loader_mod, "read_entry_file", counting)
    monkeypatch.setattr(pipeline, "read_entry_file", counting)
    assert same_as_uncached(project) == []
    reads.clear()
    assert outcome(project)[0] == []
    assert reads == []  # nothing read: every file vouched for by its identity

    replace_in(project, GAMMA, "evidence: deployed", "evidence: rumoured")  # longer
    reads.clear()
    errors = outcome(project)[0]
    assert reads == ["gamma-failure.yaml"]
    assert errors == outcome(project, cache=False)[0] and any("rumoured" in e for e in errors)

    # Replaced by another file of the same size (a new inode), as editors that save atomically do.
    path = project.path / GAMMA
    tmp = path.with_name(".tmp-gamma")
    tmp.write_text(path.read_text().replace("rumoured", "theoreticl"))
    os.replace(tmp, path)
    assert outcome(project) == outcome(project, cache=False)

    # An unread file's error positions come from reading it when the message needs them.
    replace_in(project, GAMMA, "theoreticl", "deployed")  # what its deployed instance (case-two) makes it
    assert outcome(project)[0] == []
    (project.path / SOURCE).unlink()  # gamma (unchanged, unread) now cites a missing source
    reads.clear()
    errors = outcome(project)[0]
    assert "gamma-failure.yaml" in reads  # read for the position of its error
    assert errors == outcome(project, cache=False)[0]
    assert any("gamma-failure.yaml:5:" in e and "doe-2020-fixture" in e for e in errors)
