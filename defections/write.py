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
from operator import eq
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


_AT_CALLS = {os.link, os.mkdir, os.open} <= os.supports_dir_fd  # linkat() and mkdirat(): not on Windows


class Parts(tuple):
    """A file's bytes given as the parts they are made of, in order: written and hashed part by
    part, never joined. Joining the 40 MB timeline of 20,000 entries would cost more than hashing
    it, most of it the page faults of 40 MB of fresh memory."""

    __slots__ = ()


class UnsafePath(ValueError):
    """A path that would land outside the output folder."""


def checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise UnsafePath(f"refusing to write '{relative}': it is not inside the site folder")
    return path


class Staging:
    """A new site written file by file into a folder beside `output`, then swapped in whole by
    commit(); discard() removes it if it was never committed. The digest of each file added is kept."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover(self.output)
        self.folder = tempfile.mkdtemp(prefix=f".{self.output.name}-build-", dir=self.output.parent)
        os.chmod(self.folder, 0o755)
        self.digests: dict[str, str] = {}
        self._made = {""}
        self._fds: dict[str, int] = {}
        self._committed = False

    def add(self, relative: str, data: bytes | Parts, digest: str | None = None) -> None:
        checked(relative)
        _write(self._target(relative), data)
        self.digests[relative] = digest or _digest(data)

    def link(self, relative: str) -> None:
        """The file as it is at `relative` in the current site (a path written before, so checked
        then): linked, not copied. Paths are resolved from the two folders' descriptors, so the
        kernel does not walk the whole path for each file."""
        self._folder_for(relative)
        try:
            if _AT_CALLS:
                os.link(relative, relative, src_dir_fd=self._descriptor("site"), dst_dir_fd=self._descriptor())
            else:  # pragma: no cover - systems without linkat()
                os.link(os.path.join(self.output, relative), os.path.join(self.folder, relative))
        except OSError:  # a file system without hard links
            shutil.copyfile(os.path.join(self.output, relative), os.path.join(self.folder, relative))

    def _descriptor(self, which: str = "staging") -> int:
        """A descriptor of the staging folder, or of the current site, opened once."""
        if which not in self._fds:
            self._fds[which] = os.open(self.folder if which == "staging" else self.output, os.O_RDONLY)
        return self._fds[which]

    def _folder_for(self, relative: str) -> None:
        folder = relative.rpartition("/")[0]  # plain strings, not Path objects: this runs for every file
        if folder not in self._made:
            parent = folder.rpartition("/")[0]
            if parent in self._made and _AT_CALLS:  # the common case: one new folder, e.g. people/<id>/
                try:
                    os.mkdir(folder, dir_fd=self._descriptor())
                except FileExistsError:  # made by another process writing into the same folder
                    pass
            else:
                os.makedirs(os.path.join(self.folder, folder), exist_ok=True)
                while parent not in self._made:  # made on the way
                    self._made.add(parent)
                    parent = parent.rpartition("/")[0]
            self._made.add(folder)

    def _target(self, relative: str) -> str:
        if relative.rpartition("/")[0] not in self._made:
            checked(relative)
            self._folder_for(relative)
        return os.path.join(self.folder, relative)

    def commit(self, retired: list[str] | None = None) -> None:
        """Swap the new site in; with `retired`, the folder now holding the old one is added to it
        for the caller to remove."""
        self._close()
        _swap(Path(self.folder), self.output, retired)
        self._committed = True

    def discard(self) -> None:
        self._close()
        if not self._committed:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _close(self) -> None:
        for descriptor in self._fds.values():
            os.close(descriptor)
        self._fds.clear()


def restage_site(files: dict[str, bytes | Parts], paths: set[str], output: Path,
                 on_disk: dict[str, str], retired: list[str] | None = None) -> tuple[list[str], list[str]]:
    """Replace `output` as a whole, as Staging does, but write only the files whose bytes
    changed: the others are hard links to the files already there (no copy, no write). When
    nothing changed, nothing is touched. `on_disk` (path -> digest) is kept up to date. With
    `retired`, the folder the old site was moved to is added to it, for the caller to remove
    (the next build removes it if nobody does)."""
    digests = {relative: _digest(data) for relative, data in files.items()}
    written = sorted(relative for relative, digest in digests.items() if on_disk.get(relative) != digest)
    removed = sorted(set(on_disk) - paths)
    if not written and not removed:
        return [], []
    staging = Staging(output)
    try:
        changed = set(written)
        for relative in sorted(paths):
            if relative in changed:
                staging.add(relative, files[relative], digests[relative])
            else:
                staging.link(relative)
        staging.commit(retired)
    finally:
        staging.discard()
    for relative in removed:
        del on_disk[relative]
    for relative in written:
        on_disk[relative] = digests[relative]
    return written, removed


def update_site(files: dict[str, bytes | Parts], paths: set[str], output: Path, on_disk: dict[str, str],
                known: InPlace | None = None, hash_later: bool = False) -> tuple[list[str], list[str]]:
    """Bring an existing site up to date in place: write the files whose bytes changed (each
    replaced atomically, so a page is never served half-written) and remove the files the site no
    longer has. `on_disk` (path -> digest) is kept up to date; so is `known` (InPlace), with which
    a long page made of the same parts as last time is known unchanged without being hashed.

    With `hash_later`, a file known to have changed (its size did, or its parts) is written
    without being hashed: `known.settle()` works its digest out later, and until then its digest
    in `on_disk` matches nothing. Hashing a 40 MB timeline takes 30 ms that the preview spends
    after the reload rather than before."""
    written = []
    for relative in sorted(files):
        data = files[relative]
        target = output.joinpath(*checked(relative).parts)
        before = known.parts.get(relative) if known is not None and relative in on_disk else None
        if before is not None and _same_parts(before, data):
            continue
        digest = None
        if not hash_later or (before is None and _size(target) == _length(data)):
            digest = _digest(data)
            if on_disk.get(relative) == digest:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        _write(partial, data)
        os.replace(partial, target)
        if known is not None:
            known.wrote(relative, data, digest is None)
        on_disk[relative] = digest if digest is not None else UNHASHED
        written.append(relative)
    removed = sorted(set(on_disk) - paths)
    for relative in removed:
        target = output.joinpath(*checked(relative).parts)
        target.unlink(missing_ok=True)
        del on_disk[relative]
        if known is not None:
            known.wrote(relative, None, False)
        for folder in target.parents:
            if folder == output or any(folder.iterdir()):
                break
            folder.rmdir()
    return written, removed


UNHASHED = ""  # the digest of a file written but not hashed yet: equal to no digest


class InPlace:
    """What update_site() keeps of a site it brings up to date in place (the preview's), to do
    less before the reload: the files it wrote without hashing them, and the parts each long
    page was last written from."""

    def __init__(self) -> None:
        self.unhashed: dict[str, bytes | Parts] = {}
        self.parts: dict[str, Parts] = {}

    def wrote(self, relative: str, data: bytes | Parts | None, unhashed: bool) -> None:
        """`data` is now the file at `relative` (None: it was removed)."""
        if unhashed:
            self.unhashed[relative] = data
        else:
            self.unhashed.pop(relative, None)
        if type(data) is Parts:
            self.parts[relative] = data
        else:
            self.parts.pop(relative, None)

    def settle(self, on_disk: dict[str, str]) -> None:
        """Work out the digests left to work out."""
        while self.unhashed:
            relative, data = self.unhashed.popitem()
            if on_disk.get(relative) == UNHASHED:
                on_disk[relative] = _digest(data)

    def forget(self) -> None:
        """The site was replaced, or is in an unknown state."""
        self.unhashed.clear()
        self.parts.clear()


def _same_parts(before: Parts, data: bytes | Parts) -> bool:
    """True if `data` is the same parts as `before`: most are the very same objects (the entries
    kept between renders), compared without looking at their bytes."""
    return type(data) is Parts and len(data) == len(before) and all(map(eq, data, before))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _length(data: bytes | Parts) -> int:
    return len(data) if type(data) is not Parts else sum(map(len, data))


def _digest(data: bytes | Parts) -> str:
    if type(data) is not Parts:
        return hashlib.sha256(data).hexdigest()  # SHA-256 has CPU instructions: twice BLAKE2's speed here
    digest = hashlib.sha256()
    deque(map(digest.update, data), 0)
    return digest.hexdigest()


def _write(path, data: bytes | Parts) -> None:
    if type(data) is not Parts:
        with open(path, "wb") as stream:
            stream.write(data)
    elif hasattr(os, "writev"):  # a thousand parts per system call, with no copy into a buffer first
        with open(path, "wb", buffering=0) as stream:
            for start in range(0, len(data), _IOV_MAX):
                batch = data[start:start + _IOV_MAX]
                done = os.writev(stream.fileno(), batch)
                if done < sum(map(len, batch)):  # written in part (a signal, a full disk): the rest plainly
                    rest = memoryview(b"".join(batch))[done:]
                    while rest:
                        rest = rest[stream.write(rest):]
    else:  # pragma: no cover - Windows
        with open(path, "wb", buffering=1 << 20) as stream:
            stream.writelines(data)


_IOV_MAX = 1024  # the most parts Linux takes in one writev()


def _swap(staging: Path, output: Path, retired: list[str] | None = None) -> None:
    if not output.exists() and not output.is_symlink():
        os.replace(staging, output)
        return
    if _exchange(staging, output):  # staging now holds the old site
        if retired is not None:
            retired.append(str(staging))  # named as a staging folder: recover() knows it for a leftover
        else:
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
    """Another build or preview is writing the site."""


@contextlib.contextmanager
def lock(output: Path, purpose: str):
    """Hold the site's lock for as long as the block runs; Busy if another process holds it."""
    if fcntl is None:  # pragma: no cover - no advisory locks here (Windows)
        yield
        return
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    path = output.with_name(f".{output.name}.lock")
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Busy(f"{holder} is writing {output.name}/ now; wait for it to finish (or stop it) and run this "
                       "again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{purpose} (process {os.getpid()})")
        handle.flush()
        yield
    finally:
        handle.close()
