"""Writing the site: everything goes into a staging folder beside the output, which is then swapped
in, so a failed or interrupted build leaves the last good site as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A path that would land outside the output folder."""


def checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise UnsafePath(f"refusing to write '{relative}': it is not inside the site folder")
    return path


def write_site(files: dict[str, bytes], output: Path) -> dict[str, str]:
    """Replace `output` with exactly these files; returns each file's digest."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-build-", dir=output.parent))
    try:
        staging.chmod(0o755)
        for relative in sorted(files):
            target = staging.joinpath(*checked(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {relative: _digest(data) for relative, data in files.items()}


def update_site(files: dict[str, bytes], paths: set[str], output: Path,
                on_disk: dict[str, str]) -> tuple[list[str], list[str]]:
    """Bring an existing site up to date in place: write the files whose bytes changed (each
    replaced atomically, so a page is never served half-written) and remove the files the site no
    longer has. `on_disk` (path -> digest) is kept up to date."""
    written = []
    for relative in sorted(files):
        digest = _digest(files[relative])
        if on_disk.get(relative) == digest:
            continue
        target = output.joinpath(*checked(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(files[relative])
        os.replace(partial, target)
        on_disk[relative] = digest
        written.append(relative)
    removed = sorted(set(on_disk) - paths)
    for relative in removed:
        target = output.joinpath(*checked(relative).parts)
        target.unlink(missing_ok=True)
        del on_disk[relative]
        for folder in target.parents:
            if folder == output or any(folder.iterdir()):
                break
            folder.rmdir()
    return written, removed


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _swap(staging: Path, output: Path) -> None:
    retired = output.with_name(f".{output.name}-old-{os.getpid()}")
    if output.exists() or output.is_symlink():
        os.replace(output, retired)
    os.replace(staging, output)
    if retired.exists():
        shutil.rmtree(retired)
