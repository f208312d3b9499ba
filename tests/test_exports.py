"""What the site publishes for tools: taxonomy.json versions, per-entry JSON, CSV and the JSON Schemas."""
import csv
import hashlib
import io
import json
from pathlib import Path

import yaml

from conftest import ROOT
from faultlines.site.data_files import spreadsheet_safe
from faultlines.site.export import FORMAT_VERSION, SCHEMA_VERSION

# The fingerprint of schema/ for each SCHEMA_VERSION. When you change a schema, raise SCHEMA_VERSION in
# plugins/faultlines/export.py (major for a change that can reject data that was valid, minor otherwise),
# add its fingerprint here, and note the change in docs/data.md.
SCHEMA_FINGERPRINTS = {"1.0": "0f510a48d1605b51", "1.1": "08c31cf1f4d0d2ea", "1.2": "984e73bfde3e254b"}


def schema_fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.schema.json")):
        h.update(p.name.encode() + b"\0" + json.dumps(json.loads(p.read_text()), sort_keys=True).encode() + b"\0")
    return h.hexdigest()[:16]


def test_schema_version_changes_with_the_schemas():
    assert SCHEMA_FINGERPRINTS.get(SCHEMA_VERSION) == schema_fingerprint(ROOT / "schema"), (
        "schema/ changed: raise SCHEMA_VERSION in plugins/faultlines/export.py and record the new fingerprint "
        f"{schema_fingerprint(ROOT / 'schema')} in tests/test_exports.py")


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_per_entry_json_matches_taxonomy_json(mini_site):
    data = json.loads((mini_site / "taxonomy.json").read_text())
    assert data["format_version"] == FORMAT_VERSION and data["schema_version"] == SCHEMA_VERSION
    files = sorted(p.stem for p in (mini_site / "api").glob("*.json"))
    assert files == sorted(e["id"] for e in data["entries"])
    for entry in data["entries"]:
        single = json.loads((mini_site / "api" / f"{entry['id']}.json").read_text())
        versions = {k: data[k] for k in ("format_version", "schema_version", "data_version", "release")}
        assert single == {**versions, **entry}


def test_csv_of_examples_and_agendas_by_failure_mode(mini_site):
    rows = read_csv(mini_site / "csv/examples-failure-modes.csv")
    assert [(r["example"], r["failure_mode"], r["verdict"], r["contested"]) for r in rows] == [
        ("case-one", "beta-failure", "instance", "false"), ("case-one", "gamma-failure", "not-instance", "true"),
        ("case-two", "gamma-failure", "instance", "false"), ("case-two", "alpha-failure", "not-instance", "false"),
        ("case-two", "beta-failure", "not-instance", "false")]
    assert rows[1]["rationale"] == "Nothing was hidden, so it is not gamma."
    assert rows[0]["basis"] == "doe-2020-fixture: “a textbook case of the thing” (section 2)"
    assert rows[1]["basis"] == "editors' judgement"
    assert rows[0]["example_url"] == "http://127.0.0.1/examples/case-one/"
    agendas = read_csv(mini_site / "csv/agendas-failure-modes.csv")
    cells = {(r["agenda"], r["failure_mode"]): (r["relevance"], r["relevance_weight"]) for r in agendas}
    expected = {}
    for f in (ROOT / "tests/fixtures/mini/taxonomy/agendas").glob("*.yaml"):
        for c in yaml.safe_load(f.read_text())["addresses"]:
            expected[(f.stem, c["failure_mode"])] = (c["relevance"], {"high": "3", "medium": "2", "low": "1"}[c["relevance"]])
    assert cells == expected


def test_csv_cells_cannot_become_formulas(project):
    project.write("taxonomy/examples/case-one.yaml", """
        id: case-one
        name: '=HYPERLINK("https://evil.example","click")'
        summary: A hostile case.
        evidence: lab
        classifications:
          - failure_mode: beta-failure
            verdict: instance
            rationale: "-2+3 shows [[gamma-failure]] and [[alpha-failure|the first]]"
            editors_judgement: true
          - failure_mode: gamma-failure
            verdict: not-instance
            rationale: "@SUM(A1:A2)"
            editors_judgement: true
          - failure_mode: alpha-failure
            verdict: borderline
            rationale: "+cmd|' /C calc'!A0"
            editors_judgement: true
        sources: [doe-2020-fixture]
    """)
    assert project.build().returncode == 0
    rows = read_csv(project.path / "site/csv/examples-failure-modes.csv")
    assert rows[0]["example_name"] == "'=HYPERLINK(\"https://evil.example\",\"click\")"
    assert rows[0]["rationale"] == "'-2+3 shows Gamma failure and the first"
    assert rows[1]["rationale"] == "'@SUM(A1:A2)"
    assert rows[2]["rationale"] == "'+cmd|' /C calc'!A0"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_spreadsheet_safe():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("\uff1d1") == "'\uff1d1"  # full-width equals sign, which some spreadsheets accept
    assert spreadsheet_safe("plain - text") == "plain - text"
    assert spreadsheet_safe(True) == "true" and spreadsheet_safe(None) == "" and spreadsheet_safe(2017) == "2017"


def test_schemas_published_as_in_the_repository(mini_site):
    for path in (ROOT / "schema").glob("*.schema.json"):
        assert (mini_site / "schema" / path.name).read_text() == path.read_text()


def test_real_site_publishes_every_entry(real_site):
    data = json.loads((real_site / "taxonomy.json").read_text())
    assert len(list((real_site / "api").glob("*.json"))) == len(data["entries"]) == sum(data["counts"].values())
    rows = read_csv(real_site / "csv/examples-failure-modes.csv")
    expected = sum(len(yaml.safe_load(f.read_text())["classifications"]) for f in (ROOT / "taxonomy/examples").glob("*.yaml"))
    assert len(rows) == expected


def test_data_page_documents_every_published_file_and_key():
    page = (ROOT / "docs/data.md").read_text()
    for needle in ("format_version", "schema_version", "data_version", "api/<id>.json", "csv/examples-failure-modes.csv",
                   "csv/agendas-failure-modes.csv", "schema/<kind>.schema.json", "faultlines check-refs", "faultlines:"):
        assert needle in page, needle


def test_spliced_json_files_are_what_json_dumps_writes():
    """data_files encodes each entry once and splices it into taxonomy.json and its /api/ file: the bytes
    must be exactly those of json.dumps on the whole, for a full, a tiny and an empty knowledge base, and
    the same again when reused from a memo (mkdocs serve)."""
    from conftest import FIXTURES
    from faultlines.site.data_files import data_files
    from faultlines.site.export import export
    from faultlines.data.model import KnowledgeBase
    from faultlines.data.pipeline import load

    def dumps(data):
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    full = load(ROOT / "taxonomy", ROOT / "schema", cache=False).knowledge_base
    tiny = load(FIXTURES / "mini" / "taxonomy", ROOT / "schema", cache=False).knowledge_base
    for kb in (full, tiny, KnowledgeBase.build([], tiny.roles)):
        data = export(kb)
        versions = {k: data[k] for k in ("format_version", "schema_version", "data_version", "release")}
        expected = {"taxonomy.json": dumps(data)}
        expected.update({f"api/{e['id']}.json": dumps({**versions, **e}) for e in data["entries"]})
        memo = {}
        for _ in range(2):
            files = dict(data_files(kb, ROOT / "schema", memo=memo))
            assert {k: files[k] for k in expected} == expected
            assert set(memo) == {e["id"] for e in data["entries"]}
