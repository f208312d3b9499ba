"""What keeps Faultlines fast at 10,000 entries, checked without timing anything.

- The fast YAML path builds exactly what the full, checking path builds, or leaves the file to it.
- jsonschema-rs (the fast "is it valid?" check) agrees with python-jsonschema (the authority, and the
  source of every message), on mutated entries and on every schema pattern code point by code point.
- An entry page does not grow with the knowledge base around it.

Timings live in bench/run.py, never here.
"""
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, run, BIN
from faultlines.data.kinds import KINDS
from faultlines.data.schemas import _CONTROL_ESCAPE, SchemaSet
from faultlines.data.strict_yaml import MAX_DEPTH, _parse_full, parse_mapping

SCHEMAS = SchemaSet(ROOT / "schema")

# -- the fast YAML path --------------------------------------------------------------------------------

SNIPPETS = [
    b"id: x\nlist:\n  - a\n  - b: 1\n", b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", b"a: &x 1\n", b"a: [1]\nb: *x\n",
    b"a: !!python/object:os.system echo\n", b"a: !custom x\n", b"a: !!str 1\n", b'a: "quoted"\nb: \'single\'\n',
    b"a: |\n  block\n  text\nb: >-\n  folded\n  text\n", b"a: 2023-04-27\nb: \"2023-04\"\nc: 1.10\nd: true\ne: 7\n",
    b"", b"# only a comment\n", b"- a\n- b\n", b"just text\n", b"a: 1\n---\nb: 2\n", b"a: [1, 2\n", b"a: \x07\n",
    b"1: x\n", b"null: x\n", b"~: x\n", b"true: x\n", b"yes: x\n", b'"1": x\n', b'"yes": x\n', b"? complex\n: x\n",
    b"a: {b: [c, {d: e}]}\n", b"a: -1\nb: +1\nc: -.5\nd: 1e400\ne: 0x1f\nf: .inf\ng: 010\nh: 1_000\ni: 1:30\n",
    b"a: no\nb: on\nc: Off\nd: y\ne: N\n", b"a: 5e-4\nb: 1E-3\nc: [1e3, -2.5E+2, .5e1]\nd: 010e3\n", b"a: null\nb: ~\nc:\nd: Null\n", b"a: -\nb: +\nc: .\nd: -x\ne: .x\n",
    b"key with spaces: value\n\"quoted key\": 1\n", b"a: caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\n",
    b"a: \"esc \\x1c \\u001f \\t \\n\"\n", b"%YAML 1.2\n---\na: 1\n", b"---\na: 1\n...\n", b"a: 1 # c\n# c\nb: 2\n",
    b"a:\n- 1\n- - 2\n  - 3\n", b"a: []\nb: {}\nc: ''\n", b"\xef\xbb\xbfa: 1\n", b"a: 1\nb: caf\xe9\n",
    b"a: " + b"[" * (MAX_DEPTH - 2) + b"]" * (MAX_DEPTH - 2) + b"\n",
    b"a: " + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"\n",
    b"a: " + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"\n",
    b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n",
]


def _corpus() -> list[bytes]:
    files = sorted((ROOT / "taxonomy").rglob("*.yaml")) + sorted(FIXTURES.rglob("*.yaml"))
    return SNIPPETS + [f.read_bytes() for f in files]


def assert_same_document(raw: bytes) -> None:
    fast, full = parse_mapping(raw), _parse_full(raw)
    assert repr(fast.data) == repr(full.data), raw[:200]  # repr: True is not 1, 1.0 is not 1
    assert fast.positions == full.positions, raw[:200]
    assert fast.raw == full.raw, raw[:200]
    assert [vars(p) for p in fast.problems] == [vars(p) for p in full.problems], raw[:200]


@pytest.mark.parametrize("raw", _corpus(), ids=lambda raw: raw[:30].decode("utf-8", "replace"))
def test_fast_yaml_path_builds_what_the_full_path_builds(raw):
    assert_same_document(raw)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["no", "on", "010", "1_000", "1:30", ".inf", "null", "~",
                                                           "2023-01-01", "0x1f", "-", "1e5", "5e-4", "1E-3", "+3", "-.5", "yes"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                     max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=8), TREES, min_size=1, max_size=5),
       st.sampled_from([None, True, False]), st.sampled_from([None, '"', "'", "|", ">"]))
def test_fast_yaml_path_on_generated_documents(data, flow, style):
    """Whatever PyYAML writes (in any style), both paths read the same way."""
    try:
        text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, allow_unicode=True)
    except yaml.YAMLError:
        return
    assert_same_document(text.encode("utf-8"))


# -- jsonschema-rs against python-jsonschema -----------------------------------------------------------

MINI = FIXTURES / "mini" / "taxonomy"
ENTRIES = [(k.name, yaml.safe_load(f.read_text())) for k in KINDS for f in sorted((MINI / k.plural).glob("*.yaml"))]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=False, allow_infinity=False),
                   st.text(max_size=30), st.just(""), st.just("x" * 700), st.just("a\nb"), st.just("gamma-failure"),
                   st.just("https://example.org/x"), st.just("2024-13"), st.just(1.0), st.just(2020.0),
                   st.lists(st.text(max_size=5), max_size=3), st.lists(st.just("doe-2020-fixture"), max_size=3),
                   st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _agree(kind: str, data) -> None:
    slow = not list(SCHEMAS.validators[kind].iter_errors(data))
    assert SCHEMAS.fast_validators[kind].is_valid(data) == slow, (kind, data)


def test_fast_validators_exist():
    assert set(SCHEMAS.fast_validators) == {k.name for k in KINDS}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ENTRIES), st.data())
def test_jsonschema_rs_agrees_with_python_jsonschema(entry, draw):
    kind, original = entry
    data = json.loads(json.dumps(original))
    node = data
    for _ in range(draw.draw(st.integers(0, 3))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        containers = [v for _, v in children if isinstance(v, (dict, list)) and v]
        if not containers:
            break
        node = draw.draw(st.sampled_from(containers))
    if isinstance(node, dict):
        key = draw.draw(st.sampled_from(sorted(node) + ["extra_field", "status", "interval", "value"]))
        if draw.draw(st.booleans()) and key in node:
            del node[key]
        else:
            node[key] = draw.draw(VALUES)
    elif node:
        node[draw.draw(st.integers(0, len(node) - 1))] = draw.draw(VALUES)
    _agree(kind, data)


def _patterns(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                out.add(value)
            _patterns(value, out)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, out)
    return out


def test_schema_patterns_agree_code_point_by_code_point():
    """Rust's regex and Python's re differ only on U+001C..U+001F (whitespace to Python's \\s), and every
    way to write those in YAML sends the entry to python-jsonschema."""
    import jsonschema_rs
    patterns = _patterns([json.loads(p.read_text()) for p in (ROOT / "schema").glob("*.json")], set())
    assert patterns
    points = list(range(0x3000)) + [0x3000, 0xFEFF, 0xFFFC, 0xFFFD, 0x10000, 0x1F600, 0xE0001, 0x10FFFF]
    differ = set()
    for pattern in patterns:
        rust, python = jsonschema_rs.validator_for({"pattern": pattern}), re.compile(pattern)
        for cp in points:
            if 0xD800 <= cp <= 0xDFFF:
                continue
            for text in (chr(cp), f"a{chr(cp)}b", f"https://a{chr(cp)}b", f"2020{chr(cp)}", f"a-{chr(cp)}"):
                if rust.is_valid(text) != (python.search(text) is not None):
                    differ.add(cp)
    assert differ <= {0x1C, 0x1D, 0x1E, 0x1F}, sorted(map(hex, differ))
    for cp in range(0x1C, 0x20):
        for written in (f'"\\x{cp:02x}"', f'"\\x{cp:02X}"', f'"\\u{cp:04x}"', f'"\\U{cp:08x}"'):
            assert _CONTROL_ESCAPE.search(written.encode()), written
        assert parse_mapping(f"a: b{chr(cp)}c\n".encode()).problems  # and raw, YAML refuses them


def test_entry_with_an_escaped_control_character_is_judged_by_python_jsonschema(project):
    path = project.path / "taxonomy/sources/doe-2020-fixture.yaml"
    text = path.read_text()
    url = re.search(r"url: (\S+)", text).group(1)
    path.write_text(text.replace(f"url: {url}", f'url: "{url.strip(chr(34))}\\x1cx"'))
    result = project.validate("--no-cache")
    assert result.returncode == 1 and "url" in result.stdout, result.stdout


# -- positions only for a file with a problem ----------------------------------------------------------

def _full_parses(monkeypatch, taxonomy: Path) -> tuple[list[str], list]:
    """Load with no cache, noting every file parsed a second time for positions; (files, diagnostics)."""
    from faultlines.data import pipeline, strict_yaml
    parsed: list[bytes] = []
    full = strict_yaml._parse_full
    monkeypatch.setattr(strict_yaml, "_parse_full", lambda raw, *a: parsed.append(raw) or full(raw, *a))
    files = {p.read_bytes(): p.name for p in taxonomy.rglob("*.yaml")}
    result = pipeline.load(taxonomy, ROOT / "schema", cache=False)
    return [files.get(raw, "?") for raw in parsed], result.diagnostics


def test_a_clean_file_is_parsed_once(project, monkeypatch):
    # Folded blocks with lists written the right way, and a dash in running text that is not a joined item.
    project.write("taxonomy/failure-modes/beta-failure.yaml", """
        id: beta-failure
        name: Beta failure
        summary: Its definition has lists - written the right way.
        evidence: lab
        description: >-
          Three points - and a dash:


          - first point,
            wrapped.

          - second point.
        sources: [doe-2020-fixture]
    """)
    parsed, diagnostics = _full_parses(monkeypatch, project.path / "taxonomy")
    assert not [d for d in diagnostics if d.is_error], diagnostics
    assert parsed == []
    parsed, diagnostics = _full_parses(monkeypatch, ROOT / "taxonomy")
    # The repository's own entries: a file is parsed again only for a message about it, and only once.
    assert sorted(parsed) == sorted({d.file.rsplit("/", 1)[-1] for d in diagnostics})


def test_a_file_with_a_joined_list_item_is_parsed_again_and_located(project, monkeypatch):
    project.write("taxonomy/failure-modes/beta-failure.yaml", """
        id: beta-failure
        name: Beta failure
        summary: Its definition has a list joined by folding.
        evidence: lab
        description: >-
          Three points:

          - first point,
          - second point.
        sources: [doe-2020-fixture]
    """)
    parsed, diagnostics = _full_parses(monkeypatch, project.path / "taxonomy")
    assert parsed == ["beta-failure.yaml"]
    # Glued to the paragraph (one blank line in a folded block), and joined to the item above.
    assert [(d.line, d.column, d.path) for d in diagnostics if d.is_error] == [(8, 3, "description"),
                                                                               (9, 3, "description")], diagnostics


# -- pages that must not grow with the knowledge base ---------------------------------------------------

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory):
    sites = {}
    for n in (40, 400):
        project = tmp_path_factory.mktemp(f"scale{n}") / "project"
        generate.write_project(project, n)
        result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(project / "site")], cwd=project)
        assert result.returncode == 0, result.stderr[-5000:]
        sites[n] = project / "site"
    return sites


def test_entry_page_does_not_grow_with_the_knowledge_base(two_sizes):
    kind, entry = generate.FIXED_ENTRY
    small, large = (two_sizes[n] / kind / entry / "index.html" for n in (40, 400))
    growth = large.stat().st_size - small.stat().st_size
    assert growth <= 2048, f"{entry} grew by {growth} bytes from 40 to 400 entries"


def test_a_large_conditionals_grid_is_listed_with_every_figure_beside_its_condition(two_sizes):
    """/conditionals/ stays a table while it can be read as one; past that (42 conditions x 19 outcomes at 400
    entries) it lists each condition's figures, so the page grows with the estimates, not with their square."""
    from bs4 import BeautifulSoup

    from faultlines.data.pipeline import load
    from faultlines.data.scenarios import conditional_grid
    small, large = (BeautifulSoup((two_sizes[n] / "conditionals/index.html").read_text(encoding="utf-8"),
                                  "html.parser").find("article") for n in (40, 400))
    assert small.select(".fl-conditionals table") and not small.select(".fl-conditionals-sparse")
    assert not large.select(".fl-conditionals, .fl-conditionals-list, table")
    kb = load(two_sizes[400].parent / "taxonomy", two_sizes[400].parent / "schema", cache=False).knowledge_base
    grid = conditional_grid(kb)
    assert len(grid.columns) > 8 and grid.gaps > 0
    items = large.select_one(".fl-conditionals-sparse").find("ul").find_all("li", recursive=False)
    labels = [" ".join(li.find("strong").get_text(" ").split()) for li in items]
    expected = [(r, label) for r, label in grid.rows if grid.answered(r) or grid.premises.get(r)]
    assert labels == [label for _, label in expected]
    for li, (row, _) in zip(items, expected):
        outcomes = li.find("ul").find_all("li", recursive=False) if li.find("ul") else []
        assert [" ".join(o.get_text(" ").split()).split(":")[0].strip() for o in outcomes] == \
            [label.split(":")[0] for _, label in grid.answered(row)]
        for outcome, (column, _) in zip(outcomes, grid.answered(row)):
            marks = outcome.select(".fl-figure[data-conditional='true']")
            assert [m["data-estimate"] for m in marks] == [e.id for e in grid.cell(row, column)]
            assert all(m.select_one(".fl-condition").get_text(strip=True) for m in marks)
    figures = sum(len(v) for v in grid.cells.values())
    assert len(str(large)) < 20_000 + 1_500 * (figures + sum(len(v) for v in grid.premises.values())), len(str(large))


def test_large_matrix_is_split_into_linked_pages(tmp_path, monkeypatch):
    """Past MATRIX_CELLS_PER_PAGE cells a heatmap is split by rows; together the parts hold every row once."""
    from bs4 import BeautifulSoup

    from faultlines.site import render
    from faultlines.data.pipeline import load
    generate.write_project(tmp_path / "project", 100)
    kb = load(tmp_path / "project/taxonomy", tmp_path / "project/schema", cache=False).knowledge_base
    assert len(render.Renderer(kb).matrix_pages()) == 2  # 20 x 6 fits on one page each way
    monkeypatch.setattr(render, "MATRIX_CELLS_PER_PAGE", 40)
    pages = render.Renderer(kb).matrix_pages()
    m = kb.matrix()
    for first, rows, columns in (("matrix.md", m.failure_modes, m.agendas), ("matrix-by-agenda.md", m.agendas, m.failure_modes)):
        parts = [p for p in pages if p.src_uri == first or p.src_uri.startswith(first[:-3] + "/part-")]
        per_page = 40 // len(columns)
        assert len(parts) == -(-len(rows) // per_page) > 1
        assert [p.in_nav for p in parts] == [True] + [False] * (len(parts) - 1)
        seen = []
        for i, part in enumerate(parts):
            table = BeautifulSoup(part.markdown, "html.parser").find("table", class_="fl-heatmap")
            body = table.tbody.find_all("tr")
            assert len(body) <= per_page and len(table.thead.find_all("th", class_="fl-col")) == len(columns)
            seen += [tr.th.a["href"].rstrip("/").split("/")[-1] for tr in body]
            linked = {link.split("](")[1].split(")")[0] for link in part.markdown.split("[") if "](" in link and ".md" in link}
            others = {render.relative(part.src_uri, p.src_uri) for p in parts if p is not part}
            assert others <= linked, (part.src_uri, others - linked)  # every part links to all the others
            assert ('id="gaps"' in part.markdown or "{#gaps}" in part.markdown) == (i == 0)
        assert seen == [r.id for r in rows]


# -- mkdocs serve: unchanged pages are reused, and the result equals a fresh build -------------------------

SERVE_TWICE = r"""
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, edited, text = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` does, once
build(config)
edited.write_text(text, encoding="utf-8")
config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)  # serve reloads; plugins stay
build(config)
plugin = config.plugins["faultlines"]
print(plugin.session.reuse.reused, sum(1 for _ in plugin.session.reuse.made), plugin.session.reuse.search_reused)
"""


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.name.endswith(".gz")}


@pytest.mark.parametrize("relative,old,new,page,shows,reuses", [
    # An example's name appears on the pages that link to it; other pages are reused.
    ("taxonomy/examples/case-one.yaml", "name: Case one", "name: Case renamed", "examples/case-one", "Case renamed", True),
    # A failure mode's summary is the tooltip of its name: only the pages that use the name are made afresh.
    ("taxonomy/failure-modes/gamma-failure.yaml", "A fixture failure mode that no agenda addresses.",
     "Edited while serving.", "failure-modes/gamma-failure", "Edited while serving.", True),
    # A new glossary term could match the text of any page: every page is made afresh.
    ("taxonomy/failure-modes/gamma-failure.yaml", "evidence: deployed",
     "evidence: deployed\naliases: [Fixture slip]", "failure-modes/gamma-failure", "Fixture slip", False),
])
def test_serve_rebuild_reuses_pages_and_equals_a_fresh_build(project, tmp_path, relative, old, new, page, shows,
                                                             reuses):
    path = project.path / relative
    assert old in path.read_text()
    edited = path.read_text().replace(old, new)
    serve = run([sys.executable, "-c", SERVE_TWICE, str(project.path), str(tmp_path / "served"), str(path), edited],
                cwd=project.path)
    assert serve.returncode == 0, serve.stderr[-5000:]
    reused, remembered, search_reused = map(int, serve.stdout.split())
    assert (0 < reused < remembered) if reuses else reused == 0
    assert search_reused >= reused  # a replayed page's search entries are replayed too, not made again
    fresh = run([str(BIN / "mkdocs"), "build", "--site-dir", str(tmp_path / "fresh")], cwd=project.path)
    assert fresh.returncode == 0, fresh.stderr[-5000:]
    served, built = _tree(tmp_path / "served"), _tree(tmp_path / "fresh")
    assert served.keys() == built.keys()
    assert [k for k in built if served[k] != built[k]] == []
    assert shows in served[f"{page}/index.html"].decode()


def _with_workers(project, workers: int) -> None:
    config = project.path / "mkdocs.yml"
    text = config.read_text()
    text = re.sub(r"plugins: \[search, faultlines(?:: \{workers: \d+\})?\]",
                  f"plugins: [search, faultlines: {{workers: {workers}}}]", text)
    config.write_text(text)


def test_build_with_worker_processes_equals_a_build_without(project, tmp_path):
    """prerender.py converts generated pages in forked workers; the site must be byte-for-byte the same."""
    trees = {}
    for workers in (1, 3):
        _with_workers(project, workers)
        result = run([str(BIN / "mkdocs"), "build", "--strict", "--verbose", "--site-dir", str(tmp_path / f"w{workers}")],
                     cwd=project.path)
        assert result.returncode == 0, result.stderr[-5000:]
        trees[workers] = _tree(tmp_path / f"w{workers}")
        converted = re.search(r"(\d+) pages converted by (\d+) workers", result.stderr)
        themed = re.search(r"(\d+) pages themed by workers", result.stderr)
        if workers == 1:
            assert converted is None or converted.group(1) == "0"
        else:  # the workers really did the work (nearly every page is an entry or contrast page)
            assert converted and int(converted.group(1)) >= 10, result.stderr[-3000:]
            assert themed and themed.group(1) == converted.group(1), result.stderr[-3000:]
    assert trees[1].keys() == trees[3].keys()
    assert [k for k in trees[1] if trees[1][k] != trees[3][k]] == []


def test_broken_link_in_an_entry_is_reported_once_with_worker_processes(project):
    """A page whose conversion logs a warning is converted again by MkDocs itself, which reports and counts it."""
    _with_workers(project, 3)
    path = project.path / "taxonomy/examples/case-one.yaml"
    text = path.read_text()
    path.write_text(text.replace("\ndescription: ", "\ndescription: See [the notes](no-such-page.md). ", 1)
                    if "\ndescription: " in text else text + "description: See [the notes](no-such-page.md).\n")
    result = project.build()
    assert result.returncode == 1
    assert result.stderr.count("contains a link 'no-such-page.md'") == 1, result.stderr[-3000:]
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


BUILD_WITH_FAILING_WORKERS = r"""
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
import faultlines.plugin.prerender as prerender
# Every worker gives up on every page: the parent must do all of it itself, as MkDocs would.
prerender._convert = lambda uris: [(u, None) for u in uris]
prerender._theme = lambda uris: [(u, None) for u in uris]
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
build(config)
plugin = config.plugins["faultlines"]
print(plugin.build.prerender.used, plugin.build.prerender.themed_pages)
"""


def test_build_whose_workers_give_up_equals_a_build_without_workers(project, tmp_path):
    """A page a worker could not convert or theme is done by the parent: the same bytes as without workers."""
    _with_workers(project, 1)
    result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "w1")], cwd=project.path)
    assert result.returncode == 0, result.stderr[-5000:]
    _with_workers(project, 2)
    given_up = run([sys.executable, "-c", BUILD_WITH_FAILING_WORKERS, str(project.path / "mkdocs.yml"),
                    str(tmp_path / "w2")], cwd=project.path)
    assert given_up.returncode == 0, given_up.stderr[-5000:]
    assert given_up.stdout.split() == ["0", "0"]
    one, two = _tree(tmp_path / "w1"), _tree(tmp_path / "w2")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def test_negative_workers_is_refused_with_a_message(project):
    _with_workers(project, 1)
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("{workers: 1}", "{workers: -2}"))
    result = project.build()
    assert result.returncode != 0
    assert "'workers' is -2 in mkdocs.yml" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
