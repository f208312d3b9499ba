"""ProperDocs, the maintained continuation of MkDocs 1.6, builds the real site with our plugin unchanged
(docs/ecosystem.md); bad data fails its build as it fails MkDocs', with the located messages."""
from __future__ import annotations

import json

from conftest import BIN, ROOT, run


def test_properdocs_builds_the_real_site_strictly(tmp_path):
    site = tmp_path / "site"
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-5000:]
    assert "faultlines: generated" in result.stderr  # our plugin ran
    entries = json.loads((site / "taxonomy.json").read_text())["entries"]
    assert len(entries) == len(list((ROOT / "taxonomy").rglob("*.yaml")))
    for entry in entries:  # every entry got its page and its /api/ file
        assert (site / entry["url"] / "index.html").is_file(), entry["url"]
        assert (site / "api" / f"{entry['id']}.json").is_file()
    for page in ("index.html", "matrix/index.html", "map/index.html", "csv/index.html", "ecosystem/index.html",
                 "schema/example.schema.json", "csv/examples-failure-modes.csv"):
        assert (site / page).is_file(), page
    assert "Deceptive alignment" in (site / "failure-modes/deceptive-alignment/index.html").read_text()


def test_properdocs_refuses_bad_data_with_located_messages(project):
    path = project.path / "taxonomy/examples/case-one.yaml"
    path.write_text(path.read_text().replace("verdict: instance", "verdict: instnace"))
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"], cwd=project.path)
    assert result.returncode == 1
    assert "taxonomy/examples/case-one.yaml:9:5: error: classifications[0].verdict" in result.stderr
    assert "Traceback" not in result.stderr
