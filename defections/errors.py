"""Problems found in the content, as values, and how the commands report them and end.

Every problem is a Diagnostic located in a file (path:line:col); they are collected, sorted and
reported together, then counted. The exit codes are the command line's contract with scripts and CI.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

EXIT_OK = 0  # done
EXIT_CONTENT = 1  # a problem in the content (or the site could not be written): nothing was published
EXIT_USAGE = 2  # bad usage: a wrong option, a missing file or folder


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file (relative to the project root) at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def format(self) -> str:
        """path:line:col: severity: message, with every character that could move a terminal's
        cursor (or is not a character at all) written as an escape, and the message's own line
        breaks followed by an indent: nothing a file holds can erase a line or forge one."""
        message = printable(self.message, keep_newlines=True).replace("\n", "\n    ")
        return f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command: shown inline on the pull request's diff."""
        return (f"::{self.severity} file={_property(printable(self.path))},line={self.line},col={self.column}::"
                f"{_data(printable(self.message, keep_newlines=True))}")


def printable(text: str, keep_newlines: bool = False) -> str:
    """The text with each character that is not printable written as an escape (\\x1b, \\u202e);
    a byte of a file name that is not UTF-8 (kept by the system as a lone surrogate) as \\xe9."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() or (keep_newlines and character == "\n")
                   else _escaped(character) for character in text)


def _escaped(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return ascii(character)[1:-1]


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == ERROR]


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = len(errors_in(diagnostics))
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) if parts else "no problems"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def report(problems: list[Diagnostic], strict: bool, style: str = "text") -> bool:
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


def fails(problems: list[Diagnostic], strict: bool) -> bool:
    """Whether these problems stop a build: any error, or with --strict any warning."""
    return bool(errors_in(problems)) or (strict and bool(problems))
