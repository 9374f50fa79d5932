"""The command line: the options, and which command (commands/) runs. `build` is the default.

Exit status (errors.py): 0 success, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .errors import EXIT_USAGE, printable
from .schema import KINDS, STATUSES


def _shared_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """Options accepted before or after the command; only the main parser sets their defaults, so
    `--root x check` and `check --root x` mean the same."""
    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument("--root", type=Path, default=default(Path(".")),
                        help="the project folder, holding content/, seeds/ and templates/ (default: .)")
    parser.add_argument("--strict", action="store_true", default=default(False), help="fail on warnings too")
    parser.add_argument("--format", dest="style", choices=("text", "github"), default=default("text"),
                        help="how to print problems: 'text' (file:line:col: error: ...) or 'github' "
                             "(annotations on a pull request's diff)")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 1 to 65535")
    return int(text)


def _output_option(parser: argparse.ArgumentParser, defaults: bool) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None if defaults else argparse.SUPPRESS,
                        help="where to write the site (default: ROOT/site)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Build a sourced timeline of defections from articles and YAML records.",
        epilog="With no command, builds the site. Exit status: 0 success, 1 problems in the content, 2 bad usage.")
    _shared_options(main, defaults=True)
    _output_option(main, defaults=True)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default)")
    check = commands.add_parser("check", help="validate the content; write nothing")
    serve = commands.add_parser("serve", help="build, then preview the site in a browser")
    new = commands.add_parser("new", help="write a stub record to fill in: new person|event|article")
    schemas = commands.add_parser("schemas", help="write the JSON Schemas in schemas/ from the field declarations")
    schemas.add_argument("--check", dest="verify", action="store_true",
                         help="only say whether schemas/ is up to date")
    changes = commands.add_parser("changes",
                                  help="summarise, in Markdown, what changed in content/ since a git revision")
    changes.add_argument("--base", required=True, help="the git revision to compare with, e.g. origin/main")
    suggest = commands.add_parser("suggest", help="draft records from articles: people, events and verified quotes")
    suggest.add_argument("seeds", nargs="*", help="seed files (default: every seed no article record covers yet)")
    suggest.add_argument("--out", type=Path, help="where to write drafts (default: content/drafts)")
    suggest.add_argument("--published", help="the publication date of texts that have no record yet (YYYY-MM-DD)")
    suggest.add_argument("--accept", metavar="ID", help="move a reviewed draft (people/<id> or events/<id>) into place")
    suggest.add_argument("--discard", metavar="ID", help="remove a draft (people/<id> or events/<id>) you do not want")
    for command in (build, check, serve, new, schemas, changes, suggest):
        _shared_options(command, defaults=False)
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    person = kinds.add_parser("person", help='a person: new person "Nawaf Fares"')
    person.add_argument("name", help="the person's name (in any script)")
    person.add_argument("--anyway", action="store_true",
                        help="write the record even when a person with a name like it exists (it then lists them "
                             "under not_same_as)")
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
    _output_option(serve, defaults=False)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 1 to 65535 (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code."""
    args = parser().parse_args(argv)
    root = args.root
    problem = _not_a_project(root)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _dispatch(args, root, getattr(args, "output", None) or root / "site")
    except OSError as error:  # a file or folder the command needs cannot be read or written: say which
        print(f"error: {cannot(error)}", file=sys.stderr)
        return EXIT_USAGE


_PROJECT = "pass --root the project folder (the one holding content/ and seeds/), or run this in it"


def _not_a_project(root: Path) -> str | None:
    """Why `root` is not a project folder, or None."""
    shown = printable(str(root.absolute()))
    try:
        if not root.exists():
            return f"{shown}: no such folder; {_PROJECT}"
        if not root.is_dir():
            return f"{shown} is a file, not a folder; {_PROJECT}"
        if not (root / "content").is_dir():
            return f"{shown} has no content/ folder; run this in a project folder or pass --root"
        os.listdir(root / "content")
    except OSError as error:
        return cannot(error)
    return None


def cannot(error: OSError) -> str:
    """What the editor is told when a file or folder cannot be read or written: which, and what to do."""
    where = printable(str(error.filename)) if error.filename else "a file this command needs"
    if isinstance(error, PermissionError):
        return f"{where}: permission denied; make it readable (and writable) for you, then run this again"
    return (f"{where}: {error.strerror or error}; check that it is there and is what the command expects, "
            "then run it again")


def _dispatch(args: argparse.Namespace, root: Path, output: Path) -> int:
    """Run the command. Each is imported only when it runs: `check` need not load the templates'
    engine, nor `build` the web server (a command's start is part of every editor's wait)."""
    if args.command == "check":
        from .commands import check
        return check.run(root, args.strict, args.style)
    if args.command == "new":
        from .commands import new
        return new.run(root, args)
    if args.command == "schemas":
        from .commands import schemas
        return schemas.run(root, args.verify)
    if args.command == "changes":
        from .commands import changes
        return changes.run(root, args.base)
    if args.command == "suggest":
        from .commands import suggest
        return suggest.run(root, args)
    if args.command == "serve":
        from .commands import serve
        return serve.run(root, output, args.host, args.port, args.open)
    from .commands import build
    return build.run(root, output, args.strict, args.style)


def pace_the_collector() -> None:
    """A build makes a few objects per record and keeps nearly all of them to the end, so the cycle
    collector's default pace (a pass every 700 new objects, each older pass walking everything
    kept so far) costs more than it finds: collect less often, as mypy does. A setting of the
    whole process: made only by its entry point (run(), and the benchmarks, which stand in for it)."""
    gc.set_threshold(200_000, 50, 100)


def run() -> None:
    """The command's entry point (build.py, `defections`)."""
    pace_the_collector()
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
