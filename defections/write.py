"""Writing the site: everything goes into a staging folder beside the output, which is then swapped
in, so a failed or interrupted build leaves the last good site as it was."""

from __future__ import annotations

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


def write_site(files: dict[str, bytes], output: Path) -> None:
    """Replace `output` with exactly these files."""
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


def _swap(staging: Path, output: Path) -> None:
    retired = output.with_name(f".{output.name}-old-{os.getpid()}")
    if output.exists() or output.is_symlink():
        os.replace(output, retired)
    os.replace(staging, output)
    if retired.exists():
        shutil.rmtree(retired)
