"""Property-based: random damage to valid entries never crashes validation, and every error names a file."""
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT
from faultlines.site.export import export_json
from faultlines.data.pipeline import load
from faultlines.site.render import Renderer

MINI = FIXTURES / "mini" / "taxonomy"
FILES = sorted(p.relative_to(MINI) for p in MINI.rglob("*.yaml"))
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
                   st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3),
                   st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _mutate_data(data, draw):
    """Drop, duplicate or retype a field somewhere in the entry."""
    node = data
    for _ in range(draw(st.integers(0, 3))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        containers = [(k, v) for k, v in children if isinstance(v, (dict, list)) and v]
        if not containers:
            break
        _, node = draw(st.sampled_from(containers))
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        action = draw(st.sampled_from(["drop", "retype", "rename"]))
        if action == "drop":
            del node[key]
        elif action == "retype":
            node[key] = draw(VALUES)
        else:
            node[key + draw(st.text("abc_", min_size=1, max_size=3))] = node.pop(key)
    elif isinstance(node, list) and node:
        i = draw(st.integers(0, len(node) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "retype"]))
        if action == "drop":
            node.pop(i)
        elif action == "duplicate":
            node.append(node[i])
        else:
            node[i] = draw(VALUES)
    return data


@st.composite
def damaged_files(draw):
    rel = draw(st.sampled_from(FILES))
    raw = (MINI / rel).read_bytes()
    mode = draw(st.sampled_from(["data", "data", "truncate", "corrupt", "duplicate-key"]))
    if mode == "data":
        data = _mutate_data(yaml.safe_load(raw), draw)
        raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    elif mode == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif mode == "corrupt":
        raw = bytearray(raw)
        for _ in range(draw(st.integers(1, 5))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        raw = bytes(raw)
    else:
        lines = raw.splitlines(keepends=True)
        raw = b"".join(lines + [draw(st.sampled_from([l for l in lines if b":" in l and not l.startswith(b" ")]))])
    return rel, raw


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_files())
def test_damage_never_crashes_and_every_error_names_a_file(damage):
    rel, raw = damage
    with tempfile.TemporaryDirectory() as tmp:
        taxonomy = Path(tmp) / "taxonomy"
        shutil.copytree(MINI, taxonomy)
        (taxonomy / rel).write_bytes(raw)
        result = load(taxonomy, ROOT / "schema")
        for d in result.diagnostics:
            assert d.file.endswith(".yaml") or "taxonomy" in d.file, d
            assert d.line >= 1 and d.column >= 1 and d.message, d
        if result.ok:  # still-valid data must also render and export
            assert Renderer(result.knowledge_base).pages()
            assert export_json(result.knowledge_base)
