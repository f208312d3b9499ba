"""The core stays free of MkDocs, so the CLI and other front ends (ProperDocs, Zensical) can reuse it."""
import subprocess
import sys

import pytest

CORE = ["strict_yaml", "loader", "schemas", "integrity", "cache", "pipeline", "model", "render", "charts",
        "diagrams", "matrix_html", "export", "data_files", "scaffold", "changes", "changelog", "check_refs", "tooltips",
        "cli"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_nothing_from_mkdocs(module):
    code = (f"import sys, faultlines.{module}; "
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')));"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
