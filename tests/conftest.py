"""Shared fixtures: the repository, scratch knowledge bases, and real `mkdocs build` runs."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

pytest_plugins = ["clean_checkout"]  # fails the run if it rewrote a tracked file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent

FIXTURE_MKDOCS = """\
site_name: Fixture
site_url: http://127.0.0.1/
theme: {name: material, font: false}
plugins: [search, faultlines]
watch: [taxonomy, schema]
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc: {permalink: true}
  - pymdownx.superfences
validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn}
nav:
  - index.md
  - failure-modes/index.md
  - examples/index.md
  - agendas/index.md
  - organisations/index.md
  - priorities.md
  - matrix.md
  - matrix-by-agenda.md
  - evaluations/index.md
  - detection.md
  - detection-by-evaluation.md
  - map.md
  - glossary.md
  - tags.md
  - contrasts/index.md
  - estimates/index.md
  - scenarios/index.md
  - questions/index.md
  - conditionals.md
  - what-if.md
  - record/estimates.md
  - claims/index.md
  - sources/index.md
  - releases/index.md
  - crosswalks.md
"""


def run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600, **kw)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as !ENV and !!python/name become None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class Project:
    """A scratch project folder: schema/ copied from the repository, taxonomy/ to fill in."""

    def __init__(self, path: Path, taxonomy_from: Path | None = FIXTURES / "mini" / "taxonomy",
                 assets: bool = False):
        """assets=True copies the site's scripts and styles (matrix.js, stylesheets) for browser tests."""
        self.path = path
        shutil.copytree(ROOT / "schema", path / "schema")
        if taxonomy_from:
            shutil.copytree(taxonomy_from, path / "taxonomy")
        else:
            for kind in ("failure-modes", "examples", "agendas", "estimates", "claims", "evaluations", "sources", "organisations"):
                (path / "taxonomy" / kind).mkdir(parents=True)
        (path / "docs").mkdir()
        (path / "docs" / "index.md").write_text("# Home\n")
        config = FIXTURE_MKDOCS
        if assets:
            for folder in ("javascripts", "stylesheets"):
                shutil.copytree(ROOT / "docs" / folder, path / "docs" / folder)
            site = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader)
            config += "extra_javascript:\n" + "".join(f"  - {js}\n" for js in site["extra_javascript"])
            config += "extra_css:\n" + "".join(f"  - {css}\n" for css in site["extra_css"])
        (path / "mkdocs.yml").write_text(config)

    def write(self, relative: str, text: str) -> Path:
        p = self.path / relative
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    def write_bytes(self, relative: str, data: bytes) -> Path:
        p = self.path / relative
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        return p

    def validate(self, *args: str) -> subprocess.CompletedProcess:
        return run([str(BIN / "faultlines"), "validate", *args], cwd=self.path)

    def build(self) -> subprocess.CompletedProcess:
        return run([str(BIN / "mkdocs"), "build", "--strict"], cwd=self.path)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project", taxonomy_from=None)


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    """Where README's screenshots go: a temporary folder, or docs/images/ under `make screenshots`."""
    from clean_checkout import SCREENSHOTS_ENV
    target = os.environ.get(SCREENSHOTS_ENV)
    return Path(target) if target else tmp_path


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own site, built once per session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-5000:]
    return site


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The small fixture knowledge base, built with `mkdocs build --strict`."""
    proj = Project(tmp_path_factory.mktemp("mini") / "project")
    result = proj.build()
    assert result.returncode == 0, result.stderr[-5000:]
    return proj.path / "site"


# -- the browser ---------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; skipped only off CI when no chromium is installed."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no chromium is installed: .ci/run must install Debian's chromium")
        pytest.skip("no chromium installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(real_site):
    """The repository's own site on a loopback port, for the browser tests."""
    with serve(real_site) as url:
        yield url
