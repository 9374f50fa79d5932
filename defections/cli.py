"""The command line: `build` (the default), `check` and `serve`. Each command is a plain function.

Exit status: 0 success, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jinja2

from .diagnostics import Diagnostic, errors_in, summary_line

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _report(problems: list[Diagnostic], strict: bool) -> bool:
    """Print the problems, sorted, then their count; True when they should fail the run."""
    for problem in sorted(problems):
        print(problem.format(), file=sys.stderr)
    failed = bool(errors_in(problems)) or (strict and bool(problems))
    if problems:
        print(summary_line(problems) + (" (warnings fail with --strict)" if strict and not errors_in(problems)
                                        else ""), file=sys.stderr)
    return failed


def command_check(root: Path, strict: bool = False) -> int:
    from .pipeline import check

    _, problems = check(root)
    if _report(problems, strict):
        return EXIT_CONTENT
    print("content is valid")
    return EXIT_OK


def command_build(root: Path, output: Path, strict: bool = False) -> int:
    from .pipeline import build, check

    if strict:  # warnings must fail before anything is written
        _, problems = check(root)
        if _report(problems, strict):
            print(f"build failed; {_shown(root, output)} was left as it was", file=sys.stderr)
            return EXIT_CONTENT
    try:
        problems = build(root, output)
    except jinja2.TemplateSyntaxError as exc:
        problems = [Diagnostic(_template_path(root, exc.name), exc.lineno or 1, 1,
                               f"template error: {exc.message}")]
    except jinja2.TemplateError as exc:
        problems = [Diagnostic(_template_path(root, getattr(exc, "name", None)), 1, 1,
                               f"template error: {exc}")]
    except OSError as exc:
        print(f"error: could not write the site: {exc.strerror or exc} ({exc.filename or output})",
              file=sys.stderr)
        return EXIT_CONTENT
    if _report(problems, strict):
        print(f"build failed; {_shown(root, output)} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    print(f"built {_shown(root, output)}")
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
    for command in (build, check, serve):
        _shared_options(command, defaults=False)
    _output_option(build, defaults=False)
    _output_option(serve, defaults=False)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root
    if not (root / "content").is_dir():
        print(f"error: {root.absolute()} has no content/ folder; run this in a project folder or pass --root",
              file=sys.stderr)
        return EXIT_USAGE
    output = getattr(args, "output", None) or root / "site"
    if args.command == "check":
        return command_check(root, args.strict)
    if args.command == "serve":
        from .serve import command_serve

        return command_serve(root, output, args.host, args.port, args.open)
    return command_build(root, output, args.strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
