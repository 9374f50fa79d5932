"""What a build learnt, kept in `.cache/` for the next run of `build.py`.

A build reads, parses and checks every record, then renders and writes every page. The next one
need not: the records whose bytes are the same were parsed and checked already (the validation
memo is keyed by content hash), the pages whose inputs are the same were rendered already, and the
files whose bytes are the same are on disk already. This module saves that state after a good
build and gives it back to the next one, which then does only the work a change calls for.

The state is a pickle, so it is trusted only when this user's machine wrote it: each file is signed
with a key kept outside the project (in the user's cache folder), and a cache copied from elsewhere
(committed by mistake, or by someone hoping a build would load it) is ignored. It is also ignored
when the code that wrote it differs from the code reading it, when it was written for another
output folder, or when anything in that folder changed since; any of these means a full build.
Deleting `.cache/` is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import secrets
from importlib import metadata
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

FOLDER = ".cache"
_NAME = "build-state.pickle"
_MAGIC = b"defections-build-state\n"
_RECEIPT = "up-to-date.pickle"
_RECEIPT_MAGIC = b"defections-up-to-date\n"
_RACY_NS = 2_000_000_000  # files changed this close to a save are read again next time (as git does)


@dataclass
class State:
    """Everything `Builder` keeps between builds, and the site folder it describes."""

    output: str  # the absolute path of the site folder
    files: object  # load.FileCache
    memo: object  # validate.Memo
    renderer: dict  # Renderer.persistent()
    on_disk: dict[str, str]  # site path -> digest of its bytes
    site: dict[str, tuple[int, int, int]]  # site path -> (size, mtime_ns, inode) when saved
    content: object  # model.Content of the build


def restore(root: Path, output: Path) -> State | None:
    """The state the last build of this project into `output` saved, or None if there is none that
    can be trusted and still describes the output folder."""
    state = _read_signed(root, _NAME, _MAGIC, State)
    if state is None or state.output != str(output.absolute()):
        return None
    if site_signatures(output) != state.site:
        return None  # the site was changed, removed or replaced since: write it in full
    return state


@dataclass
class Receipt:
    """What a run of `build.py` that finds nothing to do would say, and what must hold for that:
    the same output folder, the same files in content/, seeds/ and the templates (by size, time
    and inode, as git tells a changed file), the same git commit (pages show when records last
    changed), the same site on disk, and the same code. Checking it costs a listing of the project,
    not the seconds that loading the whole state takes."""

    output: str
    inputs: dict[str, tuple[int, int, int] | None]  # path -> (mtime_ns, size, inode) or None: unknown;
    # a folder's path ends with '/'
    head: str | None  # git's HEAD commit, or None outside a repository
    site: dict[str, tuple[int, int, int]]  # site_signatures() after the build
    problems: list  # the warnings it reported
    files: int  # in the site


def input_signatures(root: Path, templates: Path) -> dict[str, tuple[int, int, int]]:
    """Every file and folder a build reads, or could read (a new file in any of them changes the
    result), by absolute path."""
    found: dict[str, tuple[int, int, int]] = {}
    for top in (root / "content", root / "seeds", templates):
        top = str(top.absolute())
        for relative, entry in _walk(top):
            stat = entry.stat(follow_symlinks=False)
            found[f"{top}/{relative}"] = (0 if relative.endswith("/") else stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def receipt_for(inputs: dict, taken_ns: int, output: Path, head: str | None, site: dict, problems: list,
                files: int) -> Receipt:
    """A receipt for a good build. An input changed so close to the moment its signature was taken
    (`taken_ns`) that a second change in the same clock tick could keep its size and time is
    recorded as unknown: the next run reads it again, and is not answered from the receipt."""
    inputs = {path: None if racy(signature, taken_ns) else signature for path, signature in inputs.items()}
    return Receipt(str(output.absolute()), inputs, head, site, list(problems), files)


def last_receipt(root: Path, output: Path) -> Receipt | None:
    """The receipt of the last good build into `output`, if this user's key signed it for this code.
    It always describes the saved state, if there is one: a save removes it before writing a state."""
    receipt = _read_signed(root, _RECEIPT, _RECEIPT_MAGIC, Receipt)
    return receipt if receipt is not None and receipt.output == str(output.absolute()) else None


def up_to_date(receipt: Receipt, output: Path, inputs: dict, head: str | None) -> bool:
    """Nothing the build depended on has changed since the receipt was written."""
    return receipt.head == head and receipt.inputs == inputs and site_signatures(output) == receipt.site


def changed_since(receipt: Receipt, root: Path, inputs: dict) -> set[str]:
    """The project's files and folders (relative to `root`) added, removed or changed since the
    receipt's build: what a build on its saved state must look at again. (Templates installed with
    the package are not named: the renderer hashes the templates on every render anyway.)"""
    prefix = f"{root.absolute()}/"
    return {path[len(prefix):].rstrip("/") for path, _ in receipt.inputs.items() ^ inputs.items()
            if path.startswith(prefix)}


def _read_signed(root: Path, name: str, magic: bytes, kind: type):
    """The object saved in .cache/`name`, if this user's key signed it for this code, else None.
    The file is read whole and its signature checked before anything is unpickled; then each
    chunk is let go as soon as unpickling is past it, so the payload (186 MB at 10,000 people) and
    the objects made from it are not all in memory at once."""
    chunks: deque[bytes] = deque()
    try:
        with _saving_lock(root, exclusive=False):  # a save still going on: wait for it
            key = _key(create=False)  # (only now: the first save makes it)
            if key is None:
                return None
            signer = _signer(key)
            with open(root / FOLDER / name, "rb", buffering=0) as stream:
                head = stream.read(len(magic) + 32)
                while chunk := stream.read(_CHUNK):
                    signer.update(chunk)
                    chunks.append(chunk)
    except OSError:
        return None
    if head[:len(magic)] != magic or not hmac.compare_digest(head[len(magic):], signer.digest()):
        return None
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, none of them garbage: the collector would walk them for nothing,
    try:  # while they load and then for as long as the build keeps them (gc.freeze: they are left alone)
        found = pickle.Unpickler(_Consumed(chunks)).load()
    except Exception:  # written by code whose classes have since changed shape: start afresh
        return None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return found if isinstance(found, kind) else None


_CHUNK = 4 << 20


class _Consumed:
    """A file-like reader of checked chunks, for the unpickler, that drops each chunk once read."""

    def __init__(self, chunks: deque[bytes]) -> None:
        self.chunks, self.at = chunks, 0  # the position in the first chunk

    def read(self, size: int = -1) -> bytes:
        pieces = []
        while self.chunks and size != 0:
            chunk = self.chunks[0]
            piece = self._take(len(chunk) if size < 0 else min(len(chunk), self.at + size))
            pieces.append(piece)
            size -= len(piece) if size > 0 else 0
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def readline(self) -> bytes:
        pieces = []
        while self.chunks:
            end = self.chunks[0].find(b"\n", self.at)
            pieces.append(self._take(len(self.chunks[0]) if end < 0 else end + 1))
            if end >= 0:
                break
        return b"".join(pieces)

    def _take(self, end: int) -> bytes:
        """The first chunk from where reading is up to `end`, and the chunk let go if that is all of it."""
        chunk = self.chunks[0]
        piece = chunk[self.at:end]
        if end == len(chunk):
            self.chunks.popleft()
            self.at = 0
        else:
            self.at = end
        return piece


def save(root: Path, state: State) -> None:
    """Write the state atomically; a cache that cannot be written only costs the next build time."""
    try:
        with _saving_lock(root, exclusive=True):
            _write(root, state)
    except OSError:
        return


def save_in_background(root: Path, state: State | None, leftovers: list[str] = (), prepare=None,
                       receipt: Receipt | None = None) -> None:
    """Save in a child process, so the command is done as soon as the site is: pickling the state
    of 10,000 people takes 2 to 3 seconds. The child holds the save lock until it is done, and the
    next build's restore() waits for it; then it removes the `leftovers` (folders of replaced
    sites). `prepare`, if given, is called first, in that process. The `receipt`, if given, is
    saved after the state. Where processes cannot fork, this is done here and now."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        try:
            with _saving_lock(root, exclusive=True):
                _save_all(root, state, prepare, receipt)
        except OSError:
            pass
        _remove(leftovers)
        return
    try:
        lock = _saving_lock(root, exclusive=True)
        lock.__enter__()  # taken before forking, so no build can read a half-saved state
    except OSError:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # a child that forks the saver and leaves at once, so no process waits on the saver
        code = 0
        try:
            if os.fork() == 0:  # the saver, adopted by init; it leaves without the parent's exit handlers
                try:
                    _save_all(root, state, prepare, receipt)
                except BaseException:
                    code = 1
                lock.close_here()  # saved: the next build need not wait for the removal
                _remove(leftovers)
        finally:
            os._exit(code)
    os.waitpid(pid, 0)
    lock.close_here()  # the saver's copy of the descriptor keeps the lock until it is done


def _save_all(root: Path, state: State | None, prepare, receipt: Receipt | None) -> None:
    if state is not None:
        (root / FOLDER / _RECEIPT).unlink(missing_ok=True)  # it describes the state about to be replaced
        if prepare is not None:
            prepare()
        _write(root, state)
    if receipt is not None:
        _write_signed(root, _RECEIPT, _RECEIPT_MAGIC, receipt)


def _remove(folders) -> None:
    import shutil

    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_save(root: Path) -> None:
    """Return once no save of this project's state is going on."""
    try:
        with _saving_lock(root, exclusive=False):
            pass
    except OSError:
        return


def _write(root: Path, state: State) -> None:
    _write_signed(root, _NAME, _MAGIC, state)


def _write_signed(root: Path, name: str, magic: bytes, value) -> None:
    key = _key(create=True)
    if key is None:
        return
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    handle, temporary = tempfile.mkstemp(prefix=".state-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            signer = _signer(key)
            signer.update(payload)
            stream.write(magic + signer.digest())
            stream.write(payload)  # not joined to the rest first: another copy of hundreds of megabytes
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _saving_lock:
    """An advisory lock on .cache/.lock: exclusive while a state is written, shared to read one."""

    def __init__(self, root: Path, exclusive: bool):
        self.path = root / FOLDER / ".lock"
        self.exclusive = exclusive
        self.handle: int | None = None

    def __enter__(self) -> "_saving_lock":
        if fcntl is None:  # pragma: no cover - Windows
            return self
        if self.exclusive:
            self.path.parent.mkdir(exist_ok=True)
        elif not self.path.exists():
            return self  # nothing was ever saved here
        self.handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.handle, fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH)
        return self

    def close_here(self) -> None:
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None

    def __exit__(self, *exc) -> None:
        self.close_here()


def clear(root: Path) -> None:
    """Forget the saved state, so the next build is a full one."""
    (root / FOLDER / _NAME).unlink(missing_ok=True)
    (root / FOLDER / _RECEIPT).unlink(missing_ok=True)


def _walk(folder: str):
    """(path relative to `folder`, os.DirEntry) of everything under it, links not followed; a
    folder's path ends with '/'. os.scandir and plain strings: this runs for every file."""
    folders = [(folder, "")]
    while folders:
        current, prefix = folders.pop()
        try:
            entries = os.scandir(current)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                    yield f"{prefix}{entry.name}/", entry
                else:
                    yield prefix + entry.name, entry


def site_signatures(output: Path) -> dict[str, tuple[int, int, int]]:
    """Every file of the site folder with its size, modification time and inode: any write,
    removal or addition since shows up as a difference."""
    found: dict[str, tuple[int, int, int]] = {}
    for relative, entry in _walk(str(output)):
        if not relative.endswith("/"):
            stat = entry.stat(follow_symlinks=False)
            found[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return found


def signatures(output: Path, paths: list[str]) -> dict[str, tuple[int, int, int]]:
    """The signatures of some files of the site, as site_signatures() gives them."""
    found = {}
    for relative in paths:
        stat = os.lstat(os.path.join(output, relative))
        found[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return found


def racy(signature: tuple, now_ns: int | None = None) -> bool:
    """A file changed so recently that a change within the same clock tick could go unseen."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return signature[0] >= now_ns - _RACY_NS


def _signer(key: bytes):
    """An HMAC of this user's key over this code's version, to be given the payload (in parts:
    it can be hundreds of megabytes, and is never joined to the version)."""
    return hmac.new(key, _code_version(), hashlib.sha256)


def _code_version() -> bytes:
    """The package's own source and the versions it runs on: a state written by other code is
    not read (its objects could have another shape or meaning)."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for distribution in ("Jinja2", "Markdown", "MarkupSafe", "nh3", "PyYAML"):
        try:
            digest.update(f"{distribution}={metadata.version(distribution)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(distribution.encode())
    return digest.digest()


def _key(create: bool) -> bytes | None:
    """This user's secret for signing caches, kept outside every project."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "defections" / "cache-key"
    try:
        key = path.read_bytes()
        return key if len(key) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made a moment ago by another build
        return _key(create=False)
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(handle, "wb") as stream:
        stream.write(key)
    return key
