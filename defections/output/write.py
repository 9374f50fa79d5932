"""Writing the site: everything goes into a staging folder beside the output, which is then swapped
in, so a failed or interrupted build leaves the last good site as it was.

On Linux the swap is one atomic exchange of the two folders (renameat2 with RENAME_EXCHANGE):
there is no moment without a complete site/. Elsewhere it is two renames, and a build killed
between them is repaired by the next one. A lock keeps two builds from writing at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from itertools import islice
from pathlib import Path, PurePosixPath

from .. import urls
from ..render.parts import Data, Parts, Stream

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_IOV_MAX = 1024  # the most parts Linux takes in one writev()


MARKER = ".defections-site"  # in every site a build writes: a folder holding it may be replaced
MARKER_TEXT = b"A site built by defections (build.py). Every build replaces this folder whole.\n"
_PROTECTED = {"content": "content", "seeds": "seeds", "templates": "templates", ".git": "git history"}


def refusal(root: Path, output: Path) -> str | None:
    """Why the site must not be written to `output` (a build replaces the folder whole), or None:
    nothing an editor types may delete their work."""
    project, target = root.resolve(), output.resolve()
    if target == project:
        return "it is the project folder itself"
    if target in project.parents:
        return "it holds the project"
    for name, what in _PROTECTED.items():
        if target == project / name:
            return f"it holds the project's {what}"
        if project / name in target.parents:
            return f"it is inside the project's {what}"
    in_the_way = next((folder for folder in output.parents if folder.exists()), None)  # as the editor named it
    if in_the_way is not None and not in_the_way.is_dir():
        return f"{in_the_way.as_posix()} is a file, not a folder"
    if output.is_symlink():
        return "it is a symbolic link (name the folder it leads to, if that is what you mean)"
    if target.exists() and not target.is_dir():
        return "it is a file, not a folder"
    if (target / ".git").exists():
        return "it holds a git repository (.git), which a build would delete: build elsewhere and copy the site in"
    if target.is_dir() and any(target.iterdir()) and not built_here(target):
        return f"it holds files that no build made (no {MARKER} in it)"
    return None


def built_here(folder: Path) -> bool:
    """A folder a build made: with its marker, or, for a site built before there was one, with
    the files every site has and, beside its folders, no file a build does not write."""
    if (folder / MARKER).is_file():
        return True
    every_site_has = (urls.HOME_FILE, urls.NOT_FOUND, urls.NO_JEKYLL)
    return all((folder / name).is_file() for name in every_site_has) and all(
        entry.is_dir() and not entry.is_symlink() or entry.name in urls.ROOT_FILES for entry in folder.iterdir())


class UnsafePath(ValueError):
    """A path that would land outside the output folder."""


def checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise UnsafePath(f"refusing to write '{relative}': it is not inside the site folder")
    return path


class Staging:
    """A new site written file by file into a folder beside `output`, then swapped in whole by
    commit(); discard() removes it if it was never committed. The digest of each file added is
    kept, for the preview to know the files it will update by; `digests=False` (a build, which
    updates nothing) keeps only their paths, each with an empty digest."""

    def __init__(self, output: Path, digests: bool = True):
        self.output = output.absolute()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover(self.output)
        self.folder = tempfile.mkdtemp(prefix=f".{self.output.name}-build-", dir=self.output.parent)
        os.chmod(self.folder, 0o755)
        self.digests: dict[str, str] = {}
        self._digest = digest if digests else _no_digest
        self._made = {""}  # folders made in it so far
        self._committed = False

    shared = True  # any process may add to it (render/renderer.py): each writes the files it renders

    def add(self, relative: str, data: Data) -> str:
        """Write the file into the new site; its digest ("" when digests are not kept)."""
        checked(relative)
        folder = relative.rpartition("/")[0]  # plain strings, not Path objects: this runs for every file
        if folder not in self._made:
            if folder.rpartition("/")[0] in self._made:  # most often: one new folder in a known one
                with contextlib.suppress(FileExistsError):  # (made by another process writing here)
                    os.mkdir(os.path.join(self.folder, folder))
            else:
                os.makedirs(os.path.join(self.folder, folder), exist_ok=True)
            self._made.add(folder)
        if isinstance(data, Stream) and self._digest is not _no_digest:
            data = data.parts()  # gone through twice: written, then hashed
        write_file(os.path.join(self.folder, relative), data)
        self.digests[relative] = self._digest(data)
        return self.digests[relative]

    def added(self, relative: str, file_digest: str) -> None:
        """A file another process wrote into the new site."""
        self.digests[relative] = file_digest

    def commit(self) -> None:
        """Mark the new site as one a build made, and swap it in."""
        self.add(MARKER, MARKER_TEXT)
        _swap(Path(self.folder), self.output)
        self._committed = True

    def discard(self) -> None:
        if not self._committed:
            shutil.rmtree(self.folder, ignore_errors=True)


def size_on_disk(path: Path) -> int:
    """The size of the file, or -1 when there is none."""
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def length(data: Data) -> int:
    """The number of bytes, given whole or in parts."""
    return len(data) if isinstance(data, bytes) else sum(map(len, data))


def digest(data: Data) -> str:
    """The SHA-256 of a file's bytes, given whole or in parts."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    hashed = hashlib.sha256()
    deque(map(hashed.update, data), 0)
    return hashed.hexdigest()


def _no_digest(data: Data) -> str:
    return ""


def write_file(path: str | Path, data: Data) -> None:
    """Write the bytes; parts go out a thousand at a time (writev), never joined first, and a
    stream's as they are made."""
    if isinstance(data, bytes):
        with open(path, "wb") as stream:
            stream.write(data)
    elif hasattr(os, "writev"):  # a thousand parts per system call, with no copy into a buffer first
        with open(path, "wb", buffering=0) as stream:
            for batch in _batches(data):
                done = os.writev(stream.fileno(), batch)
                if done < sum(map(len, batch)):  # written in part (a signal, a full disk): the rest plainly
                    rest = memoryview(b"".join(batch))[done:]
                    while rest:
                        rest = rest[stream.write(rest):]
    else:  # pragma: no cover - Windows
        with open(path, "wb", buffering=1 << 20) as stream:
            stream.writelines(data)


def _batches(data: Parts | Stream) -> Iterator[list[bytes]]:
    """The parts, _IOV_MAX at a time (a stream's as they are made)."""
    parts = iter(data)
    while batch := list(islice(parts, _IOV_MAX)):
        yield batch


def _swap(staging: Path, output: Path) -> None:
    if not output.exists() and not output.is_symlink():
        os.replace(staging, output)
        return
    if _exchange(staging, output):  # staging now holds the old site
        shutil.rmtree(staging)
        return
    aside = output.with_name(f".{output.name}-old-{os.getpid()}")
    os.replace(output, aside)
    os.replace(staging, output)
    shutil.rmtree(aside)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(second))


def recover(output: Path) -> None:
    """Repair what an interrupted build left: a site moved aside but not replaced is put back, and
    staging folders of builds that never finished are removed."""
    retired = sorted(output.parent.glob(f".{output.name}-old-*"))
    if retired and not output.exists():
        os.replace(retired.pop(), output)
    for leftover in [*retired, *output.parent.glob(f".{output.name}-build-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


class Busy(Exception):
    """Another build or preview is writing the site: in its own words (`holder`), with its process
    id, and whether it is the live preview, which holds the site until it is stopped."""

    def __init__(self, holder: str, pid: int | None, preview: bool):
        super().__init__(f"{holder} (process {pid or '?'})")
        self.holder, self.pid, self.preview = holder, pid, preview


PREVIEW = "preview"  # in a lock file: held by `build.py serve`, which never finishes by itself


def lock_path(output: Path) -> Path:
    """The lock of one output folder: a file beside it, so a build into another folder (-o) never
    waits for it, and a folder can be replaced whole while its lock stays."""
    output = output.absolute()
    return output.with_name(f".{output.name}.lock")


@contextlib.contextmanager
def lock(output: Path, purpose: str, preview: bool = False):
    """Hold the output folder's lock for as long as the block runs; Busy if another process holds
    it. The lock file says who holds it: the purpose, the process id, and whether it is a preview."""
    if fcntl is None:  # pragma: no cover - no advisory locks here (Windows)
        yield
        return
    path = lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held for as long as the block runs, then closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise _holder(handle.read()) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{purpose}\n{os.getpid()}\n{PREVIEW if preview else 'build'}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def _holder(text: str) -> Busy:
    """Who holds a lock, from what its lock file says (read while they write it, it may say nothing)."""
    lines = text.splitlines()
    purpose = lines[0].strip() if lines and lines[0].strip() else "another process"
    pid = int(lines[1]) if len(lines) > 1 and lines[1].strip().isdigit() else None
    return Busy(purpose, pid, preview=len(lines) > 2 and lines[2].strip() == PREVIEW)
