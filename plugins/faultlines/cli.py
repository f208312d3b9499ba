"""The `faultlines` command: a thin shell over the core.

Exit codes: 0 no problems, 1 problems in the data, 2 usage error (bad arguments, missing folders).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import render
from .pipeline import load

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _locate(directory: Path, schema: Path | None) -> tuple[Path, Path]:
    """Accept the project folder (holding taxonomy/ and schema/) or the taxonomy folder itself."""
    taxonomy = directory / "taxonomy" if (directory / "taxonomy").is_dir() else directory
    if schema is None:
        schema = next((p for p in (directory / "schema", taxonomy.parent / "schema") if p.is_dir()), directory / "schema")
    return taxonomy, schema


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"faultlines: error: {directory} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    taxonomy, schema = _locate(directory, Path(args.schema) if args.schema else None)
    if not schema.is_dir():
        print(f"faultlines: error: no schema folder at {schema}; pass --schema DIR", file=sys.stderr)
        return EXIT_USAGE
    result = load(taxonomy, schema)
    output = render(result.diagnostics, args.format)
    if output or args.format == "json":
        print(output)
    files = len({d.file for d in result.diagnostics})
    if result.ok:
        if args.format == "text":
            print(f"ok: {len(result.documents)} entries valid", file=sys.stderr)
        return EXIT_OK
    print(f"{len(result.diagnostics)} error(s) in {files} file(s)", file=sys.stderr)
    return EXIT_DATA


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
    v.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
