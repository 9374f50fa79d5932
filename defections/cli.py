"""The command line: `build` (the default), `check` and `serve`. Each command is a plain function.

Exit status: 0 success, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .cli_support import pace_the_collector
from .diagnostics import Diagnostic, errors_in, summary_line
from .schema import KINDS, STATUSES

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _report(problems: list[Diagnostic], strict: bool, style: str = "text") -> bool:
    """Print the problems, sorted, then their count; True when they should fail the run.
    GitHub annotations go to standard output, where the Actions runner reads them."""
    for problem in sorted(problems):
        if style == "github":
            print(problem.format_github())
        else:
            print(problem.format(), file=sys.stderr)
    failed = bool(errors_in(problems)) or (strict and bool(problems))
    if problems:
        print(summary_line(problems) + (" (warnings fail with --strict)" if strict and not errors_in(problems)
                                        else ""), file=sys.stderr)
    return failed


def command_check(root: Path, strict: bool = False, style: str = "text") -> int:
    from .pipeline import check

    _, problems = check(root)
    if _report(problems, strict, style):
        return EXIT_CONTENT
    print("content is valid")
    return EXIT_OK


def command_build(root: Path, output: Path, strict: bool = False, style: str = "text", no_cache: bool = False,
                  keep: list | None = None) -> int:
    """Build the site. `keep`, if given, receives what the build made (millions of objects for a
    large project), so that a caller about to leave the process need not free them one by one."""
    from .pipeline import Builder, check

    if strict:  # warnings must fail before anything is written
        checked, problems = check(root)
        if keep is not None:
            keep.append(checked)
        if _report(problems, strict, style):
            print(f"build failed; {_shown(root, output)} was left as it was", file=sys.stderr)
            return EXIT_CONTENT
    from . import cache
    from .write import Busy, lock

    try:
        with lock(output, "a build"):
            seen = None if no_cache else _inputs(root)
            last = seen and cache.last_receipt(root, output)
            if keep is not None:
                keep.append(seen)
            done = last if last and cache.up_to_date(last, output, seen.inputs, seen.head) else None
            if done:  # nothing changed since the last good build: no need even to load what it kept
                problems, written, removed, files = done.problems, 0, 0, done.files
            else:
                builder = Builder(root, output, persistent=not no_cache, save_later=True)
                if keep is not None:
                    keep.append(builder)
                # Building on the saved state, which the receipt describes: the files it names as
                # changed are the ones to read again, without looking at every file's time again.
                changed = cache.changed_since(last, root, seen.inputs) if last and builder.on_disk is not None else None
                result = builder.build(changed)
                problems, written, removed, files = result.problems, len(result.written), len(result.removed), result.files
        receipt = None
        if seen and not done and result.ok:
            receipt = cache.receipt_for(seen.inputs, seen.taken, output, seen.head, builder.site_files, problems, files)
        if not done and (builder.unsaved is not None or builder.retired or receipt is not None):
            # the site is done: what the next build needs is saved meanwhile, and the replaced site removed
            cache.save_in_background(root, builder.unsaved, builder.retired, builder.before_saving, receipt)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"error: could not write the site: {exc.strerror or exc} ({exc.filename or output})",
              file=sys.stderr)
        return EXIT_CONTENT
    if _report(problems, strict, style):
        print(f"build failed; {_shown(root, output)} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    changes = f"{written} file{'s' if written != 1 else ''} written" + (f", {removed} removed" if removed else "")
    print(f"built {_shown(root, output)} ({changes}; {files - written} unchanged)")
    return EXIT_OK


@dataclass
class _Inputs:
    taken: int  # when the signatures were taken (ns)
    inputs: dict  # cache.input_signatures()
    head: str | None  # git's HEAD


def _inputs(root: Path) -> _Inputs:
    """What a build depends on, looked at before it reads anything: a file changed while it runs
    then shows as changed the next time."""
    from .cache import input_signatures
    from .history import History
    from .render import theme_dir

    taken = time.time_ns()
    return _Inputs(taken, input_signatures(root, theme_dir(root)), History(root).head())


def command_new(root: Path, args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, is_latin, new_article, new_event, new_person

    try:
        if args.kind == "person":
            written = [new_person(root, args.name)]
        elif args.kind == "event":
            written = [new_event(root, args.title, date=args.date, people=args.person, kind=args.event_kind,
                                 status=args.status, article=args.article)]
        else:
            written = list(new_article(root, args.path, args.id))
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    if args.kind == "person" and not is_latin(args.name):
        print("the id was transliterated from the native name; rename the file to the Latin spelling "
              "if you like (ids are file names)")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK


def command_schemas(root: Path, verify: bool) -> int:
    from .jsonschemas import generated

    folder = root / "schemas"
    stale = [name for name, text in generated().items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if verify:
        for name in stale:
            print(f"schemas/{name}: out of date; run: python3 build.py schemas", file=sys.stderr)
        return EXIT_CONTENT if stale else EXIT_OK
    folder.mkdir(exist_ok=True)
    for name, text in generated().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(generated())} schemas to schemas/")
    return EXIT_OK


def command_suggest(root: Path, args: argparse.Namespace) -> int:
    from .suggest import SuggestError, accept, run, table

    out = args.out or root / "content" / "drafts"
    try:
        if args.accept:
            target = accept(root, out, args.accept)
            print(f"moved the draft to {target.relative_to(root).as_posix()}; run: python3 build.py check")
            return EXIT_OK
        results = run(root, [Path(p) if Path(p).is_absolute() else root / p for p in args.seeds], out, args.published)
    except (SuggestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not results:
        print("no defection, dismissal, arrest, return or death found in these texts")
        return EXIT_OK
    print(table(results))
    for _, written in results:
        for path in written:
            print(f"wrote {path}")
    print("review each draft against its article, then: python3 build.py suggest --accept people/<id> (or events/<id>)")
    return EXIT_OK


def command_changes(root: Path, base: str) -> int:
    from .changes import ChangesError, summary

    try:
        print(summary(root, base), end="")
    except ChangesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _template_path(root: Path, name: str | None) -> str:
    return f"templates/{name}" if name else "templates"


def _shown(root: Path, output: Path) -> str:
    try:
        return output.absolute().relative_to(root.absolute()).as_posix() + "/"
    except ValueError:
        return str(output)


def _shared_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """Options accepted before or after the command; only the main parser sets their defaults, so
    `--root x check` and `check --root x` mean the same."""
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=default(Path(".")),
                        help="the project folder, holding content/, seeds/ and templates/ (default: .)")
    parser.add_argument("--strict", action="store_true", default=default(False), help="fail on warnings too")
    parser.add_argument("--format", dest="style", choices=("text", "github"), default=default("text"),
                        help="how to print problems: 'text' (file:line:col: error: ...) or 'github' "
                             "(annotations on a pull request's diff)")


def _output_option(parser: argparse.ArgumentParser, defaults: bool) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None if defaults else argparse.SUPPRESS,
                        help="where to write the site (default: ROOT/site)")


def _cache_option(parser: argparse.ArgumentParser, defaults: bool) -> None:
    parser.add_argument("--no-cache", dest="no_cache", action="store_true",
                        default=False if defaults else argparse.SUPPRESS,
                        help="build everything from scratch, neither reading nor writing ROOT/.cache/")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Build a sourced timeline of defections from articles and YAML records.",
        epilog="With no command, builds the site. Exit status: 0 success, 1 problems in the content, 2 bad usage.")
    _shared_options(main, defaults=True)
    _output_option(main, defaults=True)
    _cache_option(main, defaults=True)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default)")
    check = commands.add_parser("check", help="validate the content; write nothing")
    serve = commands.add_parser("serve", help="build, then preview the site in a browser")
    new = commands.add_parser("new", help="write a stub record to fill in: new person|event|article")
    schemas = commands.add_parser("schemas", help="write the JSON Schemas in schemas/ from the field declarations")
    schemas.add_argument("--check", dest="verify", action="store_true",
                         help="only say whether schemas/ is up to date")
    changes = commands.add_parser("changes", help="summarise, in Markdown, what changed in content/ since a git revision")
    changes.add_argument("--base", required=True, help="the git revision to compare with, e.g. origin/main")
    suggest = commands.add_parser("suggest", help="draft records from articles: people, events and verified quotes")
    suggest.add_argument("seeds", nargs="*", help="seed files (default: every seed no article record covers yet)")
    suggest.add_argument("--out", type=Path, help="where to write drafts (default: content/drafts)")
    suggest.add_argument("--published", help="the publication date of texts that have no record yet (YYYY-MM-DD)")
    suggest.add_argument("--accept", metavar="ID", help="move a reviewed draft (people/<id> or events/<id>) into place")
    for command in (build, check, serve, new, schemas, changes, suggest):
        _shared_options(command, defaults=False)
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    person = kinds.add_parser("person", help='a person: new person "Nawaf Fares"')
    person.add_argument("name", help="the person's name (in any script)")
    event = kinds.add_parser("event", help='an event: new event "Ambassador to Iraq defects" --person nawaf-fares')
    event.add_argument("title", help="a one-line headline for the timeline")
    event.add_argument("--date", help="YYYY-MM-DD, YYYY-MM or YYYY")
    event.add_argument("--person", action="append", help="a person id (repeat for several)")
    event.add_argument("--kind", dest="event_kind", choices=list(KINDS))
    event.add_argument("--status", choices=list(STATUSES))
    event.add_argument("--article", help="the id of the article the quote comes from")
    article = kinds.add_parser("article", help="an article: new article ~/Downloads/story.txt")
    article.add_argument("path", type=Path, help="the article's text, a UTF-8 plain-text file")
    article.add_argument("--id", help="the article's id (default: from the file name)")
    _output_option(build, defaults=False)
    _cache_option(build, defaults=False)
    _output_option(serve, defaults=False)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    return main


def main(argv: list[str] | None = None, keep: list | None = None) -> int:
    """Run the command line; `keep` is for run(), as command_build() describes."""
    pace_the_collector()
    args = parser().parse_args(argv)
    root = args.root
    if not (root / "content").is_dir():
        print(f"error: {root.absolute()} has no content/ folder; run this in a project folder or pass --root",
              file=sys.stderr)
        return EXIT_USAGE
    output = getattr(args, "output", None) or root / "site"
    if args.command == "check":
        return command_check(root, args.strict, args.style)
    if args.command == "new":
        return command_new(root, args)
    if args.command == "schemas":
        return command_schemas(root, args.verify)
    if args.command == "changes":
        return command_changes(root, args.base)
    if args.command == "suggest":
        return command_suggest(root, args)
    if args.command == "serve":
        from .serve import command_serve

        return command_serve(root, output, args.host, args.port, args.open)
    return command_build(root, output, args.strict, args.style, args.no_cache, keep)


def run() -> None:
    """The command's entry point: main(), then out at once. A build of thousands of pages leaves
    millions of objects that would take the interpreter seconds to free one by one (2.7 s at
    50,000 people), on the way out of command_build() or of the interpreter; they are kept here
    until the operating system takes the whole process back, in no time."""
    kept: list = []
    code = main(keep=kept)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
