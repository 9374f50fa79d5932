"""`build` (the default): check the content and write the site, from nothing, every time."""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Callable
from pathlib import Path

from ..content.files import READ_FOLDERS
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, printable, report
from ..output.write import Busy, lock, refusal
from ..pipeline import build


def run(root: Path, output: Path, strict: bool = False, style: str = "text") -> int:
    why = refusal(root, output)
    if why is not None:
        print(refused(output, why), file=sys.stderr)
        return EXIT_USAGE
    with contextlib.ExitStack() as held:
        refused_with = take_site(held, root, output, "a build", busy)
        if refused_with is not None:
            return refused_with
        try:
            built = build(root, output, strict)
        except OSError as exc:
            if reading(exc, root):
                raise
            print(not_written(exc, output), file=sys.stderr)
            return EXIT_CONTENT
    if report(built.problems, strict, style, root) or not built.ok:
        print(f"build failed; {shown(root, output)} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    print(f"built {shown(root, output)} ({built.files} files)")
    return EXIT_OK


def take_site(held: contextlib.ExitStack, root: Path, output: Path, who: str,
              busy_message: Callable[[Busy, Path, Path], str], preview: bool = False) -> int | None:
    """Hold the site's lock for `who` until `held` closes; or say why not, and give the exit code."""
    try:
        held.enter_context(lock(output, who, preview=preview))
    except Busy as exc:
        print(busy_message(exc, root, output), file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # the folder the site goes in, or its lock beside it, cannot be made
        print(unwritable(exc, output), file=sys.stderr)
        return EXIT_USAGE
    return None


def busy(holder: Busy, root: Path, output: Path) -> str:
    """Why the site cannot be written now: the live preview holds it until it is stopped; a build
    holds it until it ends."""
    where = shown(root, output)
    if holder.preview:
        return (f"error: the live preview (python3 build.py serve, pid {holder.pid or '?'}) is writing {where}; "
                "stop it first, or build elsewhere with -o <folder>")
    return f"error: {holder} is writing {where} now; wait for it to finish (or stop it) and run this again"


def unwritable(error: OSError, output: Path) -> str:
    """The folder the site (or its lock) could not be made in, and what to do."""
    where = printable(str(Path(error.filename).parent if error.filename else output.absolute().parent))
    why = _WHY_UNWRITABLE.get(error.errno or 0, "")
    return (f"error: cannot write the site to {printable(str(output))}: {where} cannot be written to{why} "
            f"({error.strerror or error}); choose a folder you can write to with -o <folder>")


# What the system's refusal to make a file in a folder that is there means, in an editor's words.
# "No such file or directory" for a folder that exists: one the system makes up (/proc, /sys).
_WHY_UNWRITABLE = {
    errno.ENOENT: ": it is not a folder for files",
    errno.ENOTDIR: ": it is not a folder for files",
    errno.EACCES: ": you are not allowed to make files in it",
    errno.EPERM: ": you are not allowed to make files in it",
    errno.EROFS: ": it is on a disk that is read-only",
    errno.ENOSPC: ": the disk it is on is full",
}


def reading(error: OSError, root: Path) -> bool:
    """Whether the error is in reading the project (a folder of content/ that cannot be listed),
    not in writing the site: the command line names the file, as it does for every command."""
    if not error.filename:
        return False
    path = Path(error.filename).absolute()
    return any(path == root.absolute() / name or root.absolute() / name in path.parents for name in READ_FOLDERS)


def not_written(error: OSError, output: Path) -> str:
    return f"error: could not write the site: {error.strerror or error} ({error.filename or output})"


def refused(output: Path, why: str) -> str:
    return f"error: refusing to write the site to {output}: {why}; choose another folder with -o (the default is site/)"


def shown(root: Path, output: Path) -> str:
    """The output folder as the editor would name it: relative to the project when it is inside."""
    try:
        return output.absolute().relative_to(root.absolute()).as_posix() + "/"
    except ValueError:
        return str(output)
