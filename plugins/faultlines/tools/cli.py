"""The `faultlines` command: a thin shell over the core.

Exit codes: 0 no problems, 1 problems in the data, 2 usage error (bad arguments, missing folders).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import textwrap
from pathlib import Path

from .._version import __version__
from ..data.diagnostics import render
from ..data.kinds import KINDS
from ..data.documents import display_path
from ..data.pipeline import load

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _locate(directory: Path, schema: Path | None) -> tuple[Path, Path]:
    """Accept the project folder (holding taxonomy/ and schema/) or the taxonomy folder itself."""
    taxonomy = directory / "taxonomy" if (directory / "taxonomy").is_dir() else directory
    if schema is None:
        schema = next((p for p in (directory / "schema", taxonomy.parent / "schema") if p.is_dir()), directory / "schema")
    return taxonomy, schema


def cmd_validate(args: argparse.Namespace) -> int:
    # The pipeline pauses the cycle collector while it builds ~100 objects per entry; keep it paused until
    # they are freed, or re-enabling it would make it walk all of them once for nothing (see pipeline.py).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate(args)
    finally:
        if was_enabled:
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"faultlines: error: {directory} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    taxonomy, schema = _locate(directory, Path(args.schema) if args.schema else None)
    if not schema.is_dir():
        print(f"faultlines: error: no schema folder at {schema}; pass --schema DIR", file=sys.stderr)
        return EXIT_USAGE
    result = load(taxonomy, schema, cache=not args.no_cache)
    if _RETAINED is not None:  # the command is exiting right after (run()): keep it from being freed
        _RETAINED.append(result)
    output = render(result.diagnostics, args.format)
    if output or args.format == "json":
        print(output)
    found = [d for d in result.diagnostics if d.is_error]
    warned = len(result.diagnostics) - len(found)
    also = f" and {warned} warning(s)" if warned else ""
    if result.ok:
        if args.format == "text":
            print(f"ok: {len(result.documents)} entries valid" + (f" ({warned} warning(s) above)" if warned else ""),
                  file=sys.stderr)
        return EXIT_OK
    print(f"{len(found)} error(s) in {len({d.file for d in found})} file(s){also}", file=sys.stderr)
    return EXIT_DATA


def _taxonomy_of(directory: Path) -> Path | None:
    """The taxonomy folder of a project folder (or the folder itself if it is one); None if there is none."""
    if (directory / "taxonomy").is_dir():
        return directory / "taxonomy"
    if directory.is_dir() and any((directory / k.plural).is_dir() for k in KINDS):
        return directory
    return None


def _usage(message: str) -> int:
    print(f"faultlines: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create  # subcommand modules load only when used: validate stays lean
    directory = Path(args.dir)
    taxonomy = _taxonomy_of(directory)
    if taxonomy is None:
        return _usage(f"no taxonomy/ folder in {directory}; run this in the project folder or pass --dir DIR")
    _, schema = _locate(directory, Path(args.schema) if args.schema else None)
    if not schema.is_dir():
        return _usage(f"no schema folder at {schema}; pass --schema DIR")
    if args.form:
        return _new_self_reported(args, taxonomy, schema)
    if args.id is None:
        return _usage("give the new entry's id (or, for your own estimate, --form with --value and --estimator)")
    try:
        made = create(taxonomy, schema, args.kind, args.id, force=args.force, url=args.url)
    except ScaffoldError as e:
        print(f"faultlines: error: {e.message}", file=sys.stderr)
        return e.exit_code
    shown = display_path(made.path)
    print(f"created {shown} (a new {made.kind.title.lower()})\n")
    print("Fill in these fields; `faultlines validate` reports each one until it is filled:")
    width = max(len(f.path) for f in made.to_fill) if made.to_fill else 0
    for item in made.to_fill:
        meaning = textwrap.shorten(item.meaning, max(40, 100 - width), placeholder=" …")
        print(f"  {item.path.ljust(width)}  {meaning}")
    print("Optional fields are in the file as comments, each with its meaning: uncomment the ones you use.")
    if made.similar:
        print("\nnote: created with --force although these entries are close; say how yours differs:")
        print("".join(f"  {line}\n" for line in made.similar), end="")
    print(f"""
Next:
  1. Open {shown} in your editor (VS Code with the YAML extension completes and checks fields as you type).
  2. Run `make validate` (or `faultlines validate`) until it prints only "ok: … entries valid".
  3. Run `make serve` and look at http://127.0.0.1:8000/{made.kind.plural}/{made.id}/
  4. Commit the file and open a pull request: docs/contributing.md walks through it.""")
    return EXIT_OK


def _new_self_reported(args: argparse.Namespace, taxonomy: Path, schema: Path) -> int:
    """`new estimate --form …`: the estimates builder's entry, from flags (tools/self_report.py)."""
    from .scaffold import ScaffoldError
    from .self_report import record
    if args.kind not in ("estimate", "estimates"):
        return _usage("--form is for estimates: faultlines new estimate --form solved --scenario B --given A ...")
    missing = [flag for flag, value in (("--value", args.value), ("--estimator", args.estimator)) if value is None]
    if missing:
        return _usage(f"--form needs {' and '.join(missing)}")
    try:
        made = record(taxonomy, schema, args.form, args.estimator, args.value, args.date, args.scenario, args.given,
                      args.horizon, args.reasoning, args.statement_url, args.id)
    except ScaffoldError as e:
        print(f"faultlines: error: {e.message}", file=sys.stderr)
        return e.exit_code
    for p in made.problems:
        print(f"faultlines: error: --{p.field.replace('condition', 'given')}: {p.message} [{p.code}]", file=sys.stderr)
    if made.problems:
        return EXIT_USAGE
    if made.diagnostics:
        print(render(made.diagnostics, "text"))
        print(f"not written: {display_path(made.path)} would have {len(made.diagnostics)} error(s)", file=sys.stderr)
        return EXIT_DATA
    print(f"created {display_path(made.path)} (your own estimate, provenance: self-reported):\n")
    print(made.text)
    print("Next: commit the file and open a pull request (docs/contributing.md), or paste it into GitHub's "
          "new-file page; the estimates builder on the site makes the same file without a clone.")
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    """Make a dated release: freeze taxonomy.json under docs/releases/<name>/, commit it, tag it."""
    import datetime
    from ..data.history import read_history
    from ..site.export import export_json
    from .changes import Snapshot
    from .releases import FOLDER, ReleaseError, check_clean, make_release
    directory = Path(args.dir)
    taxonomy = _taxonomy_of(directory)
    if taxonomy is None:
        return _usage(f"no taxonomy/ folder in {directory}; run this in the project folder or pass --dir DIR")
    _, schema = _locate(directory, Path(args.schema) if args.schema else None)
    docs = Path(args.docs) if args.docs else taxonomy.parent / "docs"
    if not docs.is_dir():
        return _usage(f"no docs folder at {docs}; pass --docs DIR (the site's docs_dir)")
    try:
        check_clean(taxonomy.parent.resolve())
    except ReleaseError as e:
        print(f"faultlines: error: {e.message}", file=sys.stderr)
        return e.exit_code
    result = load(taxonomy, schema, cache=False)
    if not result.ok:
        print(render([d for d in result.diagnostics if d.is_error], "text"))
        print("faultlines: error: the knowledge base does not validate; a release must. Fix the errors above "
              "(`faultlines validate` lists the same).", file=sys.stderr)
        return EXIT_DATA
    kb = result.knowledge_base
    kb.history = read_history(taxonomy)
    current = Snapshot.from_entries((e.kind.name, e.id, e.file, e.data) for e in kb.entries.values())
    today = datetime.date.fromisoformat(args.date) if args.date else datetime.datetime.now(datetime.timezone.utc).date()
    try:
        made = make_release(taxonomy.parent.resolve(), docs.resolve(), lambda release: export_json(kb, release),
                            current, today, args.name, citation_file=taxonomy.parent / "CITATION.cff")
    except ReleaseError as e:
        print(f"faultlines: error: {e.message}", file=sys.stderr)
        return e.exit_code
    c = made.changes
    print(f"release {made.name}: {display_path(made.path)} committed and tagged '{made.name}'")
    print(f"  since {made.previous or 'nothing (the first release)'}: {len(c.added)} added, {len(c.changed)} changed, "
          f"{len(c.deprecated)} deprecated")
    print(f"Publish it: git push origin HEAD {made.name}  (the site then serves /{FOLDER}/{made.name}/taxonomy.json)")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from .render_site import cmd_render as render  # loads the whole renderer: only when rendering
    return render(args)


def cmd_changes(args: argparse.Namespace) -> int:
    from . import changes as changes_mod
    directory = Path(args.directory)
    if not directory.is_dir():
        return _usage(f"{directory} is not a folder")
    taxonomy = _taxonomy_of(directory)
    if taxonomy is None:
        return _usage(f"no taxonomy/ folder in {directory}")
    try:
        _, commit, found = changes_mod.compare_with_working_tree(taxonomy, args.since)
    except changes_mod.GitError as e:
        return _usage(str(e))
    if args.format == "json":
        print(json.dumps(changes_mod.render_json(found, args.since, commit), indent=2, ensure_ascii=False))
    elif args.format == "github":
        print(changes_mod.render_github(found, args.since, commit))
    else:
        print(changes_mod.render_text(found, args.since, commit))
    if not found.ok:
        gone = [c.id for c in found.removed + found.moved]
        print(f"faultlines: {len(gone)} id(s) disappeared without being deprecated: {', '.join(gone)}", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _files_to_check(paths: list[str]) -> tuple[list[Path], list[str]]:
    from . import check_refs as refs_mod
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in refs_mod.SCANNED_SUFFIXES
                            and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    return files, missing


def cmd_check_refs(args: argparse.Namespace) -> int:
    from . import check_refs as refs_mod  # pulls in urllib and ssl for --kb URLs
    source = args.kb or os.environ.get("FAULTLINES_KB") or ("." if Path("taxonomy").is_dir() else None)
    if source is None:
        return _usage("which knowledge base? pass --kb with a Faultlines checkout, a taxonomy.json file or its URL "
                      "(or set FAULTLINES_KB)")
    files, missing = _files_to_check(args.files)
    if missing:
        return _usage(f"not a file or folder: {', '.join(missing)}")
    try:
        catalogue = refs_mod.Catalogue.load(source)
    except refs_mod.KnowledgeBaseError as e:
        return _usage(str(e))
    site_urls = list(args.site_url or []) + ([catalogue.site_url] if catalogue.site_url else [])
    findings, cited = [], 0
    for path in files:
        try:
            text = refs_mod.read_text(path)
        except (OSError, ValueError) as e:
            print(f"{display_path(path)}: note: {getattr(e, 'strerror', None) or e}", file=sys.stderr)
            continue
        citations = refs_mod.find_citations(display_path(path), text, site_urls)
        cited += len(citations)
        findings += refs_mod.check(citations, catalogue)
    output = refs_mod.render(findings, args.format)
    if output or args.format == "json":
        print(output)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        print(f"ok: {cited} Faultlines citation(s) in {len(files)} file(s), all current", file=sys.stderr)
        return EXIT_OK
    print(f"{errors} unknown and {warnings} deprecated Faultlines id(s) cited in "
          f"{len({f.file for f in findings})} file(s)", file=sys.stderr)
    return EXIT_DATA if errors or not args.allow_deprecated else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faultlines", description="Validate and publish the Faultlines knowledge base.")
    parser.add_argument("--version", action="version", version=f"faultlines {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check every entry against its schema and every reference",
                       description="Check every entry file against its kind's schema and the cross-entry rules; "
                                   "report every problem as FILE:LINE:COL: error: FIELD: message.")
    v.add_argument("directory", nargs="?", default=".", metavar="DIR",
                   help="project folder holding taxonomy/ and schema/, or a taxonomy folder (default: .)")
    v.add_argument("--schema", metavar="DIR", help="schema folder (default: DIR/schema)")
    v.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (default), github (workflow annotations) or json (a list for tools)")
    v.add_argument("--no-cache", action="store_true",
                   help="check every file from scratch, neither reading nor writing .faultlines-cache/ "
                        "(the cache only ever reuses results for identical file content, schemas and code)")
    v.set_defaults(func=cmd_validate)

    kinds = ", ".join(k.name for k in KINDS)
    n = sub.add_parser("new", help="start a new entry file with every field to fill or commented",
                       description=f"Write taxonomy/<kind-plural>/ID.yaml with every required field left empty "
                                   f"to fill and every optional field commented with its meaning. Kinds: {kinds}.")
    n.add_argument("kind", metavar="KIND", help=f"one of {kinds} (or the plural)")
    n.add_argument("id", metavar="ID", nargs="?",
                   help="the new id: lowercase words joined by hyphens, e.g. coastrunners-boat-loop (made for you with --form)")
    n.add_argument("--dir", default=".", metavar="DIR", help="project folder holding taxonomy/ (default: .)")
    n.add_argument("--schema", metavar="DIR", help="schema folder (default: DIR/schema)")
    n.add_argument("--url", metavar="URL", help="the work's address (for a source): refuse if a source already records it")
    n.add_argument("--force", action="store_true",
                   help="create the file even though entries with a close id, name, alias or URL exist")
    own = n.add_argument_group("your own estimate (the estimates builder's forms, written and validated at once)")
    own.add_argument("--form", choices=("unconditional", "not-an-issue", "solved", "progress"),
                     help="unconditional: P(B leads to existential catastrophe); not-an-issue / solved: the same "
                          "given A not an issue by default / solved; progress: P(meaningful AI-powered alignment "
                          "progress is possible before catastrophe | A solved)")
    own.add_argument("--scenario", metavar="B", help="the failure mode B the probability is about")
    own.add_argument("--given", metavar="A", help="the failure mode A (or C) it is conditional on")
    own.add_argument("--value", metavar="FIGURE", help="as you would write it: 5%%, 0.05, >10%%, <1%%, 1–5%%, 5e-3")
    own.add_argument("--estimator", metavar="NAME", help="your name as it should appear")
    own.add_argument("--date", metavar="YYYY-MM-DD", help="when you gave it (default: today)")
    own.add_argument("--horizon", metavar="WORDS", help="the period it covers, e.g. 'by 2100'")
    own.add_argument("--reasoning", metavar="TEXT", help="why, in a few sentences (Markdown)")
    own.add_argument("--statement-url", metavar="URL", help="where you have said it publicly, if anywhere")
    n.set_defaults(func=cmd_new)

    c = sub.add_parser("changes", help="list entries added, changed, deprecated and removed since a git revision",
                       description="Compare the entries at a git revision with the working tree. Exit 1 when an id "
                                   "disappeared (or changed kind) without being deprecated: ids are never deleted.")
    c.add_argument("directory", nargs="?", default=".", metavar="DIR",
                   help="project folder holding taxonomy/ (default: .)")
    c.add_argument("--since", required=True, metavar="REV", help="a branch, tag or commit, e.g. origin/main or v2025.06")
    c.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (default), github (text plus workflow annotations) or json")
    c.set_defaults(func=cmd_changes)

    rel = sub.add_parser("release", help="make a dated release: freeze taxonomy.json, commit and tag it",
                         description="Refuses a work tree with uncommitted changes or a knowledge base that does not "
                                     "validate. Writes docs/releases/NAME/taxonomy.json and CITATION.cff's version, "
                                     "commits them and tags the commit NAME (YYYY.MM, or YYYY.MM.N for another "
                                     "release in the same month).")
    rel.add_argument("--dir", default=".", help="the project folder (holding taxonomy/ and docs/); default: here")
    rel.add_argument("--schema", help="the schema folder (default: DIR/schema)")
    rel.add_argument("--docs", help="the site's docs folder (default: DIR/docs)")
    rel.add_argument("--name", help="the release name (default: YYYY.MM of today, or the next YYYY.MM.N)")
    rel.add_argument("--date", help="the release date, YYYY-MM-DD (default: today, UTC)")
    rel.set_defaults(func=cmd_release)

    r = sub.add_parser("check-refs", help="check Faultlines ids cited in other files (Markdown, YAML, CSV)",
                       description="Find Faultlines ids cited in files (faultlines:ID, links to entry pages, and "
                                   "'faultlines' YAML keys or CSV columns) and report unknown and deprecated ones.")
    r.add_argument("files", nargs="+", metavar="FILE", help="files or folders to check")
    r.add_argument("--kb", metavar="SOURCE",
                   help="the knowledge base: a Faultlines checkout, a taxonomy.json file or its URL "
                        "(default: $FAULTLINES_KB, or . when it holds taxonomy/)")
    r.add_argument("--site-url", action="append", metavar="URL",
                   help="the published site's address, so links to entry pages count as citations (repeatable)")
    r.add_argument("--allow-deprecated", action="store_true", help="report deprecated ids but exit 0 for them")
    r.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (default), github (workflow annotations) or json")
    r.set_defaults(func=cmd_check_refs)
    r = sub.add_parser("render", help="write the whole site (pages, data files, a config) for a generator "
                                      "with no plugin, such as Zensical",
                       description="Validate the knowledge base and write every generated page's Markdown, every "
                                   "data file, the hand-written docs/ and a copy of mkdocs.yml without the faultlines "
                                   "plugin into DIR, so that Zensical (or MkDocs with no plugin) builds the complete "
                                   "site: zensical build -f DIR/mkdocs.yml. DIR must be new, empty, or a folder this "
                                   "command wrote before. Exit 1: the data has errors; 2: a usage error.")
    r.add_argument("directory", metavar="DIR", help="the folder to write (e.g. build/render)")
    r.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="PATH",
                   help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    r.set_defaults(func=cmd_render)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


_RETAINED: list | None = None  # a list only while run() is the caller; main() called as a library frees as usual


def run() -> None:
    """The `faultlines` command: main(), then exit without freeing what it loaded.

    The process ends here, so tearing down a loaded knowledge base object by object (a fifth of a
    `validate` after one edit at 10,000 entries) would be work for nothing. Output is flushed first.
    """
    global _RETAINED
    _RETAINED = []
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
