"""Command line: parse documents to JSON, or check the whole content folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.build import build_docs
from generator.config import brief, load_config, load_config_safely, load_settings
from generator.errors import ConfigError, GeneratorError, located
from generator.model import Document
from generator.progress.load import load_statuses
from generator.progress.template import template_csv, template_name, template_xlsx, unit_tasks
from generator.publish.release import build_lock, clean_leftovers, publish
from generator.read.check import report, unaccounted
from generator.read.parse import content_documents, parse_paths, scan_documents
from generator.site.gather import Site
from generator.site.serialize import document_json
from generator.stages import PARSE, stage


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
    # A broken staff file is reported (as the build does) and the documents still checked.
    config, staff_errors = load_config_safely(content)
    try:
        load_settings(content)
    except ConfigError as broken:
        staff_errors.append(f"{broken} (the build uses the default settings)")
    for error in staff_errors:
        print(f"error: {error}", file=sys.stderr)
    inventory = scan_documents(content)
    with stage(PARSE, total=len(inventory.documents), unit="份") as parsing:
        documents, errors = parse_paths(inventory.documents, config, done=parsing.advance)
    errors = staff_errors + inventory.errors + errors
    errors += _corpus_errors(content, documents)
    for document in documents:
        print(report(document))
    for line in inventory.warnings:
        print(f"{line} (warning)")
    for error in errors:
        print(error)
    failures = len(errors) + sum(_errors_in(d) for d in documents)
    warnings = len(inventory.warnings) + sum(len(d.warnings) - _errors_in(d) for d in documents)
    missing = sum(len(unaccounted(d)) for d in documents)
    tasks = sum(len(d.tasks) for d in documents)
    print(
        f"{len(documents)} documents, {tasks} tasks; {failures} errors, {warnings} warnings,"
        f" {missing} lines not accounted for"
    )
    if failures:
        return 1
    if args.strict and (warnings or missing):
        print("Aborted: --strict and problems were found")
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Parse content/, write the docs folder, then build, index, check and publish site/."""
    docs, live, releases = Path(args.docs), Path(args.site), Path(args.releases)
    # One build at a time: a second one would delete the first one's release folder.
    with build_lock(docs.parent):
        clean_leftovers(releases, live)
        return _build_locked(args, docs, live, releases)


def _build_locked(args: argparse.Namespace, docs: Path, live: Path, releases: Path) -> int:
    content = Path(args.content)
    result = build_docs(content, docs, demo=args.demo)
    for document in result.documents:
        for warning in document.warnings:
            message = f"{warning.level}: {warning.message}"
            print(located(document.source, warning.line, message))
        for line in unaccounted(document):
            print(f"{document.source}:{line}: not accounted for")
    for skipped in result.skipped:
        print(f"{skipped} (warning)")
    errors = result.errors + _corpus_errors(content, result.documents)
    for error in errors:
        print(error)
    site = result.site
    for gone in _no_longer_live(live, site):
        print(gone)
    failures = len(errors) + sum(_errors_in(d) for d in result.documents)
    warnings = len(result.skipped) + sum(
        len(d.warnings) - _errors_in(d) + len(unaccounted(d)) for d in result.documents
    )
    print(
        f"{len(site.documents)} documents published ({len(site.hidden)} not public), "
        f"{len(site.tasks)} tasks, {len(site.units)} units, {len(site.leaders)} leaders, "
        f"{len(site.indicators)} indicators; {failures} errors, {warnings} warnings; "
        f"{result.written} files written, {result.removed} removed in {args.docs}"
    )
    if args.strict and (failures or warnings):
        print("Aborted: --strict and problems were found; site/ left unchanged")
        return 1
    if args.publish and site.documents:
        release = publish(Path(args.config), live, releases, result.documents)
        print(f"Published {release} as {args.site}/")
    elif args.publish:
        print("Nothing to publish; site/ left unchanged")
    # Whatever could be published is; any error still fails the run so nobody misses it.
    return 1 if failures or not site.documents else 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write the blank progress reporting sheet(s) units fill in, one per document."""
    content = Path(args.content)
    documents, _ = parse_paths(content_documents(content), load_config(content))
    statuses, problems = load_statuses(content)
    for problem in problems:
        print(problem, file=sys.stderr)
    by_id = {document.id: document for document in documents if document.public}
    wanted = args.documents or sorted(by_id)
    unknown = [name for name in wanted if name not in by_id]
    if unknown:
        print(f"error: 未知文件编号：{'、'.join(unknown)}（可用：{'、'.join(sorted(by_id))}）")
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        document = by_id[name]
        tasks = unit_tasks(document, args.unit)
        if args.unit and not tasks:
            print(f"{name}: 单位“{args.unit}”不牵头任何任务，未生成")
            continue
        if args.format == "csv":
            body = template_csv(document, tasks)
        else:
            body = template_xlsx(document, tasks, statuses)
        path = out / template_name(document, args.unit, args.format)
        path.write_bytes(body)
        print(f"{path}: {len(tasks)} 项任务")
    return 0


def _errors_in(document: Document) -> int:
    return sum(1 for warning in document.warnings if warning.level == "error")


def _corpus_errors(content: Path, documents: list[Document]) -> list[str]:
    """A corpus that yields no task at all is an error, not an empty site."""
    if any(document.tasks for document in documents if document.public):
        return []
    return [f"{content}/documents: 没有读到任何可公开的任务（error）"]


def _no_longer_live(live: Path, site: Site) -> list[str]:
    """Name documents on the live site that this build would no longer publish."""
    try:
        data = json.loads((live / "data" / "tasks.json").read_text(encoding="utf-8"))
        before = {str(d["id"]): (str(d.get("source", "")), str(d.get("title", ""))) for d in data}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []
    now = {page.document.id for page in site.documents}
    return [
        f"{source or doc_id}: 上次已发布（{doc_id}），本次不再发布：{brief(title)}"
        for doc_id, (source, title) in sorted(before.items())
        if doc_id not in now
    ]


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
    build = commands.add_parser("build", help=cmd_build.__doc__)
    build.add_argument("--docs", default="build/docs", help="generated Markdown folder")
    build.add_argument("--site", default="site", help="published site (a symlink)")
    build.add_argument("--releases", default="build/releases", help="where releases are built")
    build.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration")
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument(
        "--no-publish", dest="publish", action="store_false", help="only write the docs folder"
    )
    build.add_argument(
        "--demo", action="store_true", help="mark every page 演示数据 (make demo; never for site/)"
    )
    build.set_defaults(func=cmd_build)
    template = commands.add_parser("template", help=cmd_template.__doc__)
    template.add_argument("documents", nargs="*", metavar="DOC", help="document ids (default: all)")
    template.add_argument("--unit", default="", help="only the tasks this unit leads")
    template.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    template.add_argument("--out", default="build/templates", help="folder for the sheets")
    template.set_defaults(func=cmd_template)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; configuration errors become one line and exit code 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # A read-only checkout or a full disk: one line, and the live site is untouched.
        where = error.filename or ""
        reason = error.strerror or str(error)
        print(f"error: 无法写入或读取 {where}：{reason}；网站未改变", file=sys.stderr)
        return 1
