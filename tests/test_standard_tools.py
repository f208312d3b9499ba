"""The published schemas in the standard JSON Schema CLI (check-jsonschema), as an outside tool uses them:
from the repository root, from any other folder, from the published site's URL, and relative to an entry
file as an editor's `# yaml-language-server: $schema=../../schema/...` comment names them."""
from __future__ import annotations

import re

import pytest

from conftest import BIN, ROOT, run, serve
from faultlines.data.kinds import KINDS

CHECK = str(BIN / "check-jsonschema")


def _entries(kind) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "taxonomy" / kind.plural).glob("*.yaml"))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_passes_from_the_repository_root(kind):
    files = _entries(kind)
    assert files
    result = run([CHECK, "--schemafile", f"schema/{kind.schema_file}", *files], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation done" in result.stdout


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_passes_from_another_folder(kind, tmp_path):
    files = [str(ROOT / f) for f in _entries(kind)]
    result = run([CHECK, "--schemafile", str(ROOT / "schema" / kind.schema_file), *files], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_kind_passes_with_the_published_schema_url(mini_site):
    """The schemas as the site publishes them (/schema/), fetched over HTTP with nothing local to lean on."""
    with serve(mini_site) as url:
        for kind in KINDS:
            files = [str(ROOT / f) for f in _entries(kind)]
            result = run([CHECK, "--no-cache", "--schemafile", f"{url}/schema/{kind.schema_file}", *files],
                         cwd=mini_site)
            assert result.returncode == 0, (kind.name, result.stdout + result.stderr)


def test_the_editor_comment_names_a_schema_that_resolves():
    """`faultlines new` writes `# yaml-language-server: $schema=../../schema/<kind>.schema.json`: relative to
    the entry file, as the editor resolves it, that path checks the entry."""
    for kind in KINDS:
        entry = ROOT / _entries(kind)[0]
        comment = f"../../schema/{kind.schema_file}"
        result = run([CHECK, "--schemafile", comment, entry.name], cwd=entry.parent)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_entry_fails_in_check_jsonschema_too(project):
    path = project.path / "taxonomy/estimates/estimate-one.yaml"
    path.write_text(path.read_text().replace("value: 0.05", "value: 5e2"))
    result = run([CHECK, "--schemafile", "schema/estimate.schema.json", "taxonomy/estimates/estimate-one.yaml"],
                 cwd=project.path)
    assert result.returncode == 1
    assert re.search(r"500(\.0)? is greater than the maximum of 1", result.stdout + result.stderr)
