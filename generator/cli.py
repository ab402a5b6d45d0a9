"""Command line: parse documents to JSON, or check the whole content folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.check import report, unaccounted
from generator.config import load_config
from generator.errors import ConfigError
from generator.parse import SIDECAR_SUFFIXES, parse_paths
from generator.serialize import document_json


def content_documents(content: Path) -> list[Path]:
    """List the source documents under content/documents, sidecars excluded, sorted."""
    folder = content / "documents"
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix not in SIDECAR_SUFFIXES and not path.name.startswith(".")
    )


def cmd_parse(args: argparse.Namespace) -> int:
    """Print one JSON object per document (a list when several) on stdout."""
    config = load_config(Path(args.content))
    documents, errors = parse_paths([Path(p) for p in args.paths], config)
    for error in errors:
        print(error, file=sys.stderr)
    data = [document_json(d) for d in documents]
    payload = data[0] if len(args.paths) == 1 and data else data
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if errors and not documents else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Print the parse report for every document in the content folder."""
    content = Path(args.content)
    config = load_config(content)
    paths = content_documents(content)
    documents, errors = parse_paths(paths, config)
    for document in documents:
        print(report(document))
    for error in errors:
        print(error)
    warnings = sum(len(d.warnings) for d in documents)
    missing = sum(len(unaccounted(d)) for d in documents)
    tasks = sum(len(d.tasks) for d in documents)
    print(
        f"{len(documents)} documents, {tasks} tasks; {len(errors)} errors, {warnings} warnings,"
        f" {missing} lines not accounted for"
    )
    if not documents and paths:
        return 1
    if args.strict and (errors or warnings or missing):
        print("Aborted: --strict and problems were found")
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; each command's docstring is its help."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help=cmd_parse.__doc__)
    parse.add_argument("paths", nargs="+", help="document files")
    parse.set_defaults(func=cmd_parse)
    check = commands.add_parser("check", help=cmd_check.__doc__)
    check.add_argument("--strict", action="store_true", help="fail on any warning")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; configuration errors become one line and exit code 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
