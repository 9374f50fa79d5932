"""Problems found in the content, as values, and how the commands report them and end.

Every problem is a Diagnostic located in a file (path:line:col); they are collected, sorted and
reported together, then counted. The exit codes are the command line's contract with scripts and CI.
"""

from __future__ import annotations

import difflib
import os
import stat
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Excerpt:
    """The line a problem is on, as a terminal shows it under the message: its number, its text
    (every character printable, cut around the column when the line is long) and how many
    columns of that text come before the caret."""

    number: int
    text: str
    caret: int

    def lines(self) -> list[str]:
        """'   4 | name Nawaf Fares' and, under it, the caret: '     |     ^'."""
        gutter = f"{self.number:>5}"
        return [f"{gutter} | {self.text}".rstrip(), f"{' ' * len(gutter)} | {' ' * self.caret}^"]


EXCERPT_WIDTH = 100  # characters of a long line shown around the column: a seed's paragraph is one line
_LARGEST_READ = 8 << 20  # bytes: a file larger than this is refused anyway, and not read again to show a line


class Sources:
    """The files of a project, read (once each) to show the line a problem is on. Only a regular
    file inside the project, reached through no symbolic link, is read: a message never shows what
    a link points to, and never waits on a pipe."""

    def __init__(self, root: Path | None):
        self.root = root
        self._lines: dict[str, list[str] | None] = {}

    def excerpt(self, problem: Diagnostic) -> Excerpt | None:
        """The problem's line, or None when there is no such line to show (a file that is not
        there, a blank line, a place that is not a file)."""
        lines = self._lines.get(problem.path)
        if problem.path not in self._lines:
            lines = self._lines[problem.path] = self._read(problem.path)
        if lines is None or not 1 <= problem.line <= len(lines):
            return None
        return excerpt_of(lines[problem.line - 1], problem.line, problem.column)

    def _read(self, relative: str) -> list[str] | None:
        if self.root is None or not relative or os.path.isabs(relative):
            return None
        parts = Path(relative).parts
        if any(part in ("..", ".") for part in parts):
            return None
        place = self.root
        try:
            for part in parts:
                place = place / part
                if stat.S_ISLNK(os.lstat(place).st_mode):
                    return None
            status = os.lstat(place)
            if not stat.S_ISREG(status.st_mode) or status.st_size > _LARGEST_READ:
                return None
            data = place.read_bytes()
        except (OSError, ValueError):
            return None
        return [line.removesuffix("\r") for line in data.decode("utf-8-sig", errors="replace").split("\n")]


def excerpt_of(line: str, number: int, column: int) -> Excerpt | None:
    """A line shown with a caret under its column (1-based; past the end means just after it)."""
    if not line.strip():
        return None
    offset = min(max(column, 1), len(line) + 1) - 1
    start, end = 0, len(line)
    if len(line) > EXCERPT_WIDTH:  # a window around the column, from a word's start, its cut ends marked
        start = max(0, min(offset - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
        space = line.find(" ", start, offset)
        start = space + 1 if start and 0 <= space < start + 20 else start
        end = start + EXCERPT_WIDTH
    before = ("…" if start else "") + printable(line[start:offset])
    shown = before + printable(line[offset:end]) + ("…" if end < len(line) else "")
    return Excerpt(number, shown, _width(before))


def _width(text: str) -> int:
    """How many columns of a terminal the text takes: two for a wide character (Chinese, Japanese,
    Korean), none for a mark written over the one before."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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


def report(problems: list[Diagnostic], strict: bool, style: str = "text", root: Path | None = None) -> bool:
    """Print the problems, sorted, then their count; True when they should fail the run. In text,
    each is followed by the line of its file it is on (read from the project at `root`), with a
    caret under the column, as a compiler shows it. GitHub annotations go to standard output,
    where the Actions runner reads them, one line each (the pull request's diff shows the line)."""
    sources = Sources(root)
    for problem in sorted(problems):
        if style == "github":
            print(problem.format_github())
        else:
            print(formatted(problem, sources.excerpt(problem)), file=sys.stderr)
    failed = bool(errors_in(problems)) or (strict and bool(problems))
    if problems:
        print(summary_line(problems) + (" (warnings fail with --strict)" if strict and not errors_in(problems)
                                        else ""), file=sys.stderr)
    return failed


def formatted(problem: Diagnostic, excerpt: Excerpt | None) -> str:
    """A problem as the terminal shows it: its line, then the excerpt of its file under it."""
    return "\n".join([problem.format(), *(excerpt.lines() if excerpt else ())])


def fails(problems: list[Diagnostic], strict: bool) -> bool:
    """Whether these problems stop a build: any error, or with --strict any warning."""
    return bool(errors_in(problems)) or (strict and bool(problems))
