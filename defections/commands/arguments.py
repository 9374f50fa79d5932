"""The files named on the command line (the text `new article` copies, the seeds `suggest` reads),
checked before the command does anything: a file that is not there, a folder, a file that cannot
be read or is not UTF-8 is one line saying which and what to do, and exit status 2."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..content.files import MAX_SEED_BYTES
from ..content.yamlfile import decode
from ..errors import did_you_mean, printable


class ArgumentError(Exception):
    """A file named on the command line cannot be used; the message says which and what to do."""


def given(root: Path, typed: str | Path) -> Path:
    """A path as the editor typed it: from the project's folder (the same as theirs, unless they
    passed --root), or else, when only there is such a file, from the folder they are in."""
    path = Path(typed)
    if path.is_absolute():
        return path
    inside = root / path
    if os.path.exists(inside) or not os.path.exists(path):
        return inside
    return path.absolute()


def text_file(path: Path, shown: str, wanted: str, limit: int = MAX_SEED_BYTES) -> bytes:
    """The bytes of the UTF-8 text file at `path` (`shown` as the editor named it), or
    ArgumentError; `wanted` says what the command takes ("an article's text, seeds/<id>.txt")."""
    shown = printable(shown)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise ArgumentError(f"{shown}: no such file{_close_to(path)}; give the path of {wanted}") from None
    except OSError as error:
        raise ArgumentError(_unreadable(error, shown)) from None
    if stat.S_ISDIR(mode):
        raise ArgumentError(f"{shown} is a folder, not a file; give the path of {wanted}")
    if not stat.S_ISREG(mode):
        raise ArgumentError(f"{shown} is not a file (a device or a named pipe); give the path of {wanted}")
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
            size = max(len(data), os.fstat(stream.fileno()).st_size)
    except OSError as error:
        raise ArgumentError(_unreadable(error, shown)) from None
    if size > limit:
        raise ArgumentError(f"{shown}: the file is too large ({size / 1048576:.1f} MiB; the limit is "
                            f"{limit / 1048576:.0f} MiB): split it or cut it down")
    text, problems = decode(shown, data)
    if text is None:
        problem = problems[0]
        raise ArgumentError(f"{problem.path}:{problem.line}:{problem.column}: {problem.message}")
    return data


def _unreadable(error: OSError, shown: str) -> str:
    if isinstance(error, PermissionError):
        return f"{shown}: permission denied; make it readable for you (chmod u+r {shown}) and run this again"
    return f"{shown}: the file could not be read ({error.strerror or error}); check it and run this again"


def _close_to(path: Path) -> str:
    """' (did you mean ...?)' for a file of nearly that name in the same folder."""
    try:
        names = [entry.name for entry in path.parent.iterdir() if entry.is_file()]
    except OSError:
        return ""
    return did_you_mean(path.name, names)


def folder(path: Path, shown: str, advice: str) -> None:
    """ArgumentError unless `path` is a folder or could be made one (nothing on the way is a file)."""
    for place in (path, *path.parents):
        if place.exists():
            if not place.is_dir():
                where = "it" if place == path else printable(place.as_posix())
                raise ArgumentError(f"{printable(shown)}: {where} is a file, not a folder; {advice}")
            return
