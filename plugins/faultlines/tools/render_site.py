"""`faultlines render DIR`: the whole site as Markdown, data files and a config, for a generator with no plugin.

The MkDocs plugin and this command get the site from the same function (`site_for`), so a page is the same
Markdown either way. What this command adds for a generator that runs no plugin of ours: the hand-written docs/
copied alongside, the home page's markers filled in, each page's title (escaped) and script tags written into
its Markdown, and a copy of mkdocs.yml that points at the folder and names no faultlines plugin. Zensical builds
the result (`make build-zensical`); so does MkDocs itself. docs/ecosystem.md says what only the plugin does.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from ..data.diagnostics import render as render_diagnostics
from ..data.history import read_history
from ..data.model import KnowledgeBase
from ..data.pipeline import load
from ..site.generated import GeneratedSite, Settings, generate
from ..site.page_memo import PageMemo
from ..site.page_scripts import with_script_tags
from ..site.search_index import SEARCH_EXCLUDE, own_words_only, page_url
from . import releases

MARK = ".faultlines-render"  # in a folder this command wrote: only such a folder is emptied and written again
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class ConfigError(Exception):
    """mkdocs.yml cannot be read: the message says where and what to do."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, with `!ENV NAME` and `!ENV [NAME, default]` resolved."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *names, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[n] for n in names if n in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)


def read_config(config_file: Path) -> dict:
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except OSError as e:
        raise ConfigError(f"{config_file}: cannot read it ({e.strerror}); pass -f PATH to mkdocs.yml") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{config_file}: not YAML this command can read: {e}".replace("\n", " ")) from None
    if not isinstance(config, dict):
        raise ConfigError(f"{config_file}: expected a mapping of settings (site_name: …, nav: …)")
    return config


def plugin_options(config: dict) -> dict:
    """The faultlines plugin's options in mkdocs.yml (`- faultlines` or `- faultlines: {taxonomy_dir: …}`)."""
    for item in config.get("plugins") or []:
        if item == "faultlines":
            return {}
        if isinstance(item, dict) and "faultlines" in item:
            return dict(item["faultlines"] or {})
    return {}


def settings_of(config_file: Path, config: dict) -> Settings:
    base = config_file.resolve().parent
    options = plugin_options(config)
    return Settings(taxonomy_dir=(base / options.get("taxonomy_dir", "taxonomy")).resolve(),
                    schema_dir=(base / options.get("schema_dir", "schema")).resolve(), base=base,
                    site_url=config.get("site_url") or None, repo_url=config.get("repo_url") or None,
                    edit_uri=config.get("edit_uri") or None,
                    directory_urls=config.get("use_directory_urls", True) is not False)


def site_for(kb: KnowledgeBase, settings: Settings, docs_dir: Path, page_memo: PageMemo | None = None,
             data_memo: dict | None = None) -> GeneratedSite:
    """The generated site for a validated knowledge base: what the plugin adds to MkDocs' files and what
    `render` writes. kb.history must be read (data/history.py)."""
    made = releases.for_site(kb, docs_dir, settings.site_url, settings.repo_url)
    return generate(kb, settings, made, page_memo, data_memo)


def standalone(markdown: str, src_uri: str, title: str, directory_urls: bool, searched: bool = False) -> str:
    """A generated page as Zensical needs it: its title in the front matter, escaped as the plugin escapes it
    (themes print titles unescaped), its script tags at the end, and its raw-HTML addresses as Zensical reads
    them (`source_relative`). searched: an entry page, for which the plugin adds its own search record that
    Zensical cannot take, so the page is left for Zensical to index instead, its own words only
    (`own_words_only`); not the listings: at 10,000 entries /conditionals/ alone exceeds Zensical's limit for a
    search field."""
    if searched and markdown.startswith("---\n"):
        head, rest = markdown[4:].split("---\n", 1)
        markdown = "---\n" + head.replace(SEARCH_EXCLUDE, "", 1) + "---\n" + own_words_only(rest)
    line = f"title: {json.dumps(html.escape(title), ensure_ascii=False)}\n"
    markdown = f"---\n{line}{markdown[4:]}" if markdown.startswith("---\n") else f"---\n{line}---\n\n{markdown}"
    markdown = with_script_tags(src_uri, markdown, directory_urls)
    return source_relative(markdown, src_uri) if directory_urls else markdown


_RAW_URL = re.compile(r'(<[a-zA-Z][a-zA-Z0-9-]*\s[^<>]*?\b(?:href|src)=")([^"]*)(")')


def source_relative(markdown: str, src_uri: str) -> str:
    """Raw-HTML href and src addresses rewritten from the page's address to its Markdown file's folder.

    MkDocs leaves raw HTML alone, so our renderer writes such addresses relative to where the page is served
    (failure-modes/scheming/ for failure-modes/scheming.md). Zensical reads them as it reads Markdown links,
    relative to the file's folder (failure-modes/), and rewrites them for the address: written as they are,
    every one would gain a "../". Only tags we wrote match: contributed text has its "<" escaped (markdown_text.py).
    """
    if posixpath.basename(src_uri) == "index.md":
        return markdown  # an index page is served from its own folder
    page, folder = page_url(src_uri), posixpath.dirname(src_uri)

    def rewrite(m: re.Match) -> str:
        url = m.group(2)
        if not url or url.startswith(("#", "/")) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return m.group(0)
        cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        target = posixpath.normpath(posixpath.join(page, path))
        moved = posixpath.relpath(target, folder or ".") + ("/" if path.endswith("/") or not path else "")
        return f"{m.group(1)}{html.escape(moved, quote=True)}{rest}{m.group(3)}"
    return _RAW_URL.sub(rewrite, markdown)


def standalone_config(config: dict, site: GeneratedSite) -> dict:
    """mkdocs.yml for the rendered folder: its docs/ and site/, no faultlines plugin (the pages exist), nothing
    to watch, and the footer's release line the plugin would add."""
    out = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir", "watch")}
    out["plugins"] = [p for p in config.get("plugins") or []
                      if p != "faultlines" and not (isinstance(p, dict) and "faultlines" in p)]
    out["docs_dir"], out["site_dir"] = "docs", "site"
    line = f"Faultlines: {site.label}"
    copyright = config.get("copyright")
    out["copyright"] = f"{copyright} · {line}" if copyright else line
    return {k: v for k, v in out.items() if v is not None}


def write(out: Path, site: GeneratedSite, docs_dir: Path, config: dict, directory_urls: bool) -> int:
    """Write the rendered site into `out` (docs/ and mkdocs.yml); the number of files written."""
    root = Path(docs_dir).resolve().parent
    outside = [p for p in Path(docs_dir).rglob("*") if p.is_symlink() and not p.resolve().is_relative_to(root)]
    if outside:  # as the plugin refuses them: a link in docs/ must not publish a file such as ~/.ssh/id_rsa
        raise ConfigError(f"{outside[0]} is a symbolic link to a file outside the project; copy the content in, "
                          f"or remove the link")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARK).write_text("This folder is written by `faultlines render`; it is emptied on the next render.\n")
    docs = out / "docs"
    shutil.copytree(docs_dir, docs, symlinks=False, dirs_exist_ok=False,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    home = docs / "index.md"
    if home.is_file():
        home.write_text(site.fill_home(home.read_text(encoding="utf-8")), encoding="utf-8")
    written = 0
    for page in site.pages:
        target = docs / page.src_uri
        if target.exists():
            raise ConfigError(f"docs/{page.src_uri} clashes with a generated page; rename or remove it")
        _write(target, standalone(page.markdown, page.src_uri, page.title, directory_urls,
                                  page.src_uri in site.entry_sources))
        written += 1
    for path, content in site.files:
        target = docs / path
        if target.exists():
            raise ConfigError(f"docs/{path} clashes with a generated file; rename or remove it")
        _write(target, content)
        written += 1
    (out / "mkdocs.yml").write_text(
        "# Written by `faultlines render` from the project's mkdocs.yml; build this folder, do not edit it.\n"
        + yaml.safe_dump(standalone_config(config, site), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written


def _write(target: Path, content: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="")  # the CSV files' \r\n stay as they are


def _prepare(out: Path, project: Path) -> str | None:
    """Empty a folder this command wrote before; refuse any other non-empty folder (never lose a file)."""
    if out.resolve() == project.resolve() or project.resolve().is_relative_to(out.resolve()):
        return f"{out} holds the project itself; render into a folder of its own, e.g. build/render"
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder"
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARK).is_file():
            return (f"{out} is not empty and was not written by `faultlines render`; choose an empty or new "
                    f"folder (nothing in it was changed)")
        shutil.rmtree(out)
    return None


def cmd_render(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    try:
        config = read_config(config_file)
    except ConfigError as e:
        print(f"faultlines: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    settings = settings_of(config_file, config)
    docs_dir = settings.base / config.get("docs_dir", "docs")
    for what, folder in (("taxonomy", settings.taxonomy_dir), ("schema", settings.schema_dir), ("docs", docs_dir)):
        if not folder.is_dir():
            print(f"faultlines: error: no {what} folder at {folder} (from {config_file})", file=sys.stderr)
            return EXIT_USAGE
    out = Path(args.directory)
    refused = _prepare(out, settings.base)
    if refused:
        print(f"faultlines: error: {refused}", file=sys.stderr)
        return EXIT_USAGE
    result = load(settings.taxonomy_dir, settings.schema_dir)
    if result.diagnostics:
        print(render_diagnostics(result.diagnostics, "text"), file=sys.stderr)
    if not result.ok:
        print("faultlines: the knowledge base has errors; nothing was rendered. Fix them (faultlines validate "
              "lists the same) and render again.", file=sys.stderr)
        return EXIT_DATA
    kb = result.knowledge_base
    kb.history = read_history(settings.taxonomy_dir)
    site = site_for(kb, settings, docs_dir)
    try:
        written = write(out, site, docs_dir, config, settings.directory_urls)
    except ConfigError as e:
        print(f"faultlines: error: {e}; nothing usable was rendered", file=sys.stderr)
        return EXIT_USAGE
    print(f"rendered {len(site.pages)} pages and {written - len(site.pages)} other files into {out / 'docs'}; "
          f"build it with: zensical build -f {out / 'mkdocs.yml'}", file=sys.stderr)
    return EXIT_OK
