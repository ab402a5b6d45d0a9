"""Command line: parse documents to JSON, or check the whole content folder."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from generator.build import build_docs, settings_errors
from generator.config import brief, load_config, load_config_safely, read_settings
from generator.errors import GeneratorError, located
from generator.messages import LANGUAGES, language, level, say, speaking
from generator.model import Document
from generator.progress.load import load_statuses
from generator.progress.template import template_csv, template_name, template_xlsx, unit_tasks
from generator.publish.manifest import manifest_sources
from generator.publish.partitions import government_groups, parse_partition
from generator.publish.release import build_lock, build_partition, clean_leftovers, publish
from generator.publish.search import group_size
from generator.publish.search_filters import eager_limit
from generator.publish.unchanged import LiveStamp, Tee, input_digest, unchanged, write_stamp
from generator.read.check import report, unaccounted
from generator.read.parse import content_documents, parse_paths, scan_documents
from generator.site.gather import Site
from generator.site.progress_pages import site_date
from generator.site.serialize import staff_json
from generator.stages import DOCUMENTS, PARSE, stage


def cmd_parse(args: argparse.Namespace) -> int:
    """Print one JSON object per document (a list when several) on stdout."""
    config = load_config(Path(args.content))
    documents, errors = parse_paths([Path(p) for p in args.paths], config)
    for error in errors:
        print(error, file=sys.stderr)
    data = [staff_json(d) for d in documents]
    payload = data[0] if len(args.paths) == 1 and data else data
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if errors and not documents else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Print the parse report for every document in the content folder."""
    content = Path(args.content)
    # A broken staff file is reported (as the build does) and the documents still checked.
    config, staff_errors = load_config_safely(content)
    staff_errors += settings_errors(read_settings(content), "cli.default_settings_check")
    for error in staff_errors:
        print(say("cli.error", message=error), file=sys.stderr)
    inventory = scan_documents(content)
    with stage(PARSE, total=len(inventory.documents), unit=DOCUMENTS) as parsing:
        documents, errors = parse_paths(inventory.documents, config, done=parsing.advance)
    errors = staff_errors + inventory.errors + errors
    errors += _corpus_errors(content, documents)
    for document in documents:
        print(report(document))
    for line in inventory.warnings:
        print(say("cli.warning", message=line))
    for error in errors:
        print(error)
    failures = len(errors) + sum(_errors_in(d) for d in documents)
    warnings = len(inventory.warnings) + sum(len(d.warnings) - _errors_in(d) for d in documents)
    missing = sum(len(unaccounted(d)) for d in documents)
    tasks = sum(len(d.tasks) for d in documents)
    print(
        say(
            "cli.check_summary",
            documents=len(documents),
            tasks=tasks,
            errors=failures,
            warnings=warnings,
            missing=missing,
        )
    )
    if failures:
        return 1
    if args.strict and (warnings or missing):
        print(say("cli.strict_aborted"))
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Parse content/, write the docs folder, then build, index, check and publish site/."""
    docs, live, releases = Path(args.docs), Path(args.site), Path(args.releases)
    # One build at a time: a second one would delete the first one's release folder.
    with build_lock(docs.parent):
        clean_leftovers(releases, live)
        if not args.publish or getattr(args, "partition", None):
            return _build_locked(args, docs, live, releases)
        # Hashed before anything is parsed: with nothing changed the live site is the answer.
        options = {
            "demo": args.demo,
            "strict": args.strict,
            "language": language(),
            "docs": str(docs.resolve()),
            # The search index's grouping changes its bytes (not what it finds).
            "search_group": group_size(),
            # When the search page fetches the filter files (pagefind/filters.json says).
            "eager_filters": eager_limit(),
        }
        digest = input_digest(Path(args.content), Path(args.config), options)
        stamp = unchanged(releases, live, digest)
        if stamp is not None:
            print(stamp.report, end="")
            print(say("publish.unchanged", site=args.site))
            return stamp.code
        before = live.resolve() if live.is_symlink() else None
        report = Tee(sys.stdout)
        with contextlib.redirect_stdout(report):
            code = _build_locked(args, docs, live, releases)
        now = live.resolve() if live.is_symlink() else None
        if now is not None and now != before and now.parent == releases.resolve():
            write_stamp(releases, LiveStamp(digest, now.name, report.text(), code))
        return code


def _build_locked(args: argparse.Namespace, docs: Path, live: Path, releases: Path) -> int:
    content = Path(args.content)
    # Read before this build rewrites it: the files of the documents the live site shows.
    sources = manifest_sources(docs.parent)
    result = build_docs(content, docs, demo=args.demo)
    for document in result.documents:
        for warning in document.warnings:
            message = say("report.problem", level=level(warning.level), message=warning.message)
            print(located(document.source, warning.line, message))
        for line in unaccounted(document):
            print(located(document.source, line, say("report.unaccounted")))
    for skipped in result.skipped:
        print(say("cli.warning", message=skipped))
    errors = result.errors + _corpus_errors(content, result.documents)
    for error in errors:
        print(error)
    site = result.site
    for gone in _no_longer_live(live, site, sources):
        print(gone)
    failures = len(errors) + sum(_errors_in(d) for d in result.documents)
    warnings = len(result.skipped) + sum(
        len(d.warnings) - _errors_in(d) + len(unaccounted(d)) for d in result.documents
    )
    print(
        say(
            "cli.build_summary",
            documents=len(site.documents),
            hidden=len(site.hidden),
            tasks=len(site.tasks),
            units=len(site.units),
            leaders=len(site.leaders),
            indicators=len(site.indicators),
            errors=failures,
            warnings=warnings,
            written=result.written,
            removed=result.removed,
            docs=args.docs,
        )
    )
    if args.strict and (failures or warnings):
        print(say("cli.strict_aborted_site"))
        return 1
    partition = getattr(args, "partition", None)
    if partition and site.documents:
        index, count = parse_partition(partition)
        folder = build_partition(
            Path(args.config),
            releases,
            result.documents,
            index,
            count,
            result.settings,
            site_date(site),
            government_groups(site),
        )
        print(say("cli.partition_built", index=index, count=count, folder=str(folder)))
    elif args.publish and site.documents:
        release = publish(
            Path(args.config),
            live,
            releases,
            result.documents,
            result.settings,
            site_date(site),
            government_groups(site),
            getattr(args, "partitions", 0),
        )
        print(say("cli.published", release=str(release), site=args.site))
    elif args.publish:
        print(say("cli.nothing_to_publish"))
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
        known = "、".join(sorted(by_id))
        message = say("cli.unknown_documents", unknown="、".join(unknown), known=known)
        print(say("cli.error", message=message))
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        document = by_id[name]
        tasks = unit_tasks(document, args.unit)
        if args.unit and not tasks:
            print(say("cli.unit_leads_nothing", name=name, unit=args.unit))
            continue
        if args.format == "csv":
            body = template_csv(document, tasks)
        else:
            body = template_xlsx(document, tasks, statuses)
        path = out / template_name(document, args.unit, args.format)
        path.write_bytes(body)
        print(say("cli.sheet_written", path=str(path), count=len(tasks)))
    return 0


def _errors_in(document: Document) -> int:
    return sum(1 for warning in document.warnings if warning.level == "error")


def _corpus_errors(content: Path, documents: list[Document]) -> list[str]:
    """A corpus that yields no task at all is an error, not an empty site."""
    if any(document.tasks for document in documents if document.public):
        return []
    return [say("cli.no_public_task", content=str(content))]


def _no_longer_live(live: Path, site: Site, sources: dict[str, str]) -> list[str]:
    """Name documents on the live site that this build would no longer publish.

    The live open data says which documents are published; their files come from the staff
    manifest (sources), else from the `source` that open data held before schema 2.0.
    """
    try:
        data = json.loads((live / "data" / "tasks.json").read_text(encoding="utf-8"))
        before = {
            str(d["id"]): (
                sources.get(str(d["id"])) or str(d.get("source", "")),
                str(d.get("title", "")),
            )
            for d in data
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []
    now = {page.document.id for page in site.documents}
    return [
        say("cli.no_longer_live", source=source or doc_id, id=doc_id, title=brief(title))
        for doc_id, (source, title) in sorted(before.items())
        if doc_id not in now
    ]


# Argparse's own complaints (English, from its gettext calls), said from the catalog.
ARGUMENT_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.args_required"),
    (
        re.compile(
            r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<known>.+)\)"
        ),
        "cli.args_choice",
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.args_unknown"),
    (re.compile(r"argument (?P<name>\S+): expected one argument"), "cli.args_value"),
)


class _Parser(argparse.ArgumentParser):
    """An argument parser that states usage errors in the active language (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, then exit with status 2 as argparse does."""
        for pattern, key in ARGUMENT_ERRORS:
            found = pattern.fullmatch(message)
            if found:
                message = say(key, **found.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(2, say("cli.usage_error", prog=self.prog, message=message) + "\n")


class _HelpFormatter(argparse.HelpFormatter):
    """Argparse's help with its "usage:" heading in the active language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """Add the usage line under the translated heading."""
        super().add_usage(usage, actions, groups, say("help.usage") if prefix is None else prefix)


def _titled(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Name the argument groups of a parser in the active language."""
    parser._positionals.title = say("help.positionals")
    parser._optionals.title = say("help.optionals")
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; every help text comes from the message catalog."""
    parser = _titled(
        _Parser(
            prog="python -m generator",
            description=say("help.program"),
            formatter_class=_HelpFormatter,
            add_help=False,
        )
    )
    parser.add_argument("-h", "--help", action="help", help=say("help.help"))
    parser.add_argument("--lang", choices=LANGUAGES, help=say("help.lang"))
    parser.add_argument("--content", default="content", help=say("help.content"))
    commands = parser.add_subparsers(dest="command", required=True, title=say("help.commands"))

    def command(name: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=say(f"help.{name}"),
            description=say(f"help.{name}"),
            formatter_class=_HelpFormatter,
            add_help=False,
        )
        sub.add_argument("-h", "--help", action="help", help=say("help.help"))
        return _titled(sub)

    parse = command("parse")
    parse.add_argument("paths", nargs="+", help=say("help.paths"))
    parse.set_defaults(func=cmd_parse)
    check = command("check")
    check.add_argument("--strict", action="store_true", help=say("help.strict"))
    check.set_defaults(func=cmd_check)
    build = command("build")
    assemble = command("assemble")
    for sub in (build, assemble):
        sub.add_argument("--docs", default="build/docs", help=say("help.docs"))
        sub.add_argument("--site", default="site", help=say("help.site"))
        sub.add_argument("--releases", default="build/releases", help=say("help.releases"))
        sub.add_argument("--config", default="mkdocs.yml", help=say("help.config"))
        sub.add_argument("--strict", action="store_true", help=say("help.strict"))
        sub.add_argument("--demo", action="store_true", help=say("help.demo"))
        sub.set_defaults(func=cmd_build)
    build.add_argument(
        "--no-publish", dest="publish", action="store_false", help=say("help.no_publish")
    )
    build.add_argument("--partition", metavar="I/K", help=say("help.partition"))
    assemble.add_argument(
        "--partitions", metavar="K", type=int, required=True, help=say("help.partitions")
    )
    assemble.set_defaults(publish=True)
    template = command("template")
    template.add_argument("documents", nargs="*", metavar="DOC", help=say("help.documents"))
    template.add_argument("--unit", default="", help=say("help.unit"))
    template.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help=say("help.format")
    )
    template.add_argument("--out", default="build/templates", help=say("help.out"))
    template.set_defaults(func=cmd_template)
    return parser


def language_option(argv: list[str]) -> str | None:
    """Return --lang from the arguments, read before any help text is built."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(argv)
    # Another value is refused by the full parser, in the default language.
    return str(known.lang) if known.lang in LANGUAGES else None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; configuration errors become one line and exit code 1."""
    argv = sys.argv[1:] if argv is None else argv
    # No --lang: the environment (WORKTASKS_LANG) decides, else Chinese.
    with speaking(language_option(argv)):
        return _run(argv)


def _run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except GeneratorError as error:
        print(say("cli.error", message=str(error)), file=sys.stderr)
        return 1
    except OSError as error:
        # A read-only checkout or a full disk: one line, and the live site is untouched.
        where = error.filename or ""
        reason = error.strerror or str(error)
        message = say("cli.os_error", where=where, reason=reason)
        print(say("cli.error", message=message), file=sys.stderr)
        return 1
