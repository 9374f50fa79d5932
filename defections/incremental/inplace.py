"""The preview's site, brought up to date in place after each edit: only the files whose bytes
changed are written, each replaced atomically (a page is never served half-written).

A build from nothing writes a new site beside the old and swaps it in (output/write.py); the
preview does that once, then keeps the digest of every file it has on disk, so that a file is
written only when its bytes change, and a long page made of the very same parts as last time (or a
large file that is the very same bytes, kept by `reuse`) is known unchanged without being hashed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from operator import eq
from pathlib import Path

from ..output.write import Data, checked, digest, length, size_on_disk, write_file
from ..render.parts import Parts

UNHASHED = ""  # the digest of a file written but not hashed yet: equal to no digest
KEPT_FROM = 1 << 20  # bytes: a file this large is remembered as the object it was written from


class InPlaceSite:
    """A site folder and the digest of each of its files."""

    def __init__(self, output: Path, digests: dict[str, str]):
        self.output = output
        self.digests = digests  # path -> digest of the bytes on disk (UNHASHED: not worked out yet)
        self._unhashed: dict[str, Data] = {}  # written without hashing: settle() works their digests out
        self._last: dict[str, Data] = {}  # the parts each long page was last written from, or a large file's bytes

    def update(self, files: Mapping[str, Data], gone: set[str],
               hash_later: bool = False) -> tuple[list[str], list[str]]:
        """Write the files whose bytes changed and remove the files the site no longer has (`gone`).
        With `hash_later`, a file known to have changed (its size did, or its parts) is written
        without being hashed, and settle() hashes it later: the preview does that after the reload."""
        written = []
        for relative in sorted(files):
            data = files[relative]
            target = self.output.joinpath(*checked(relative).parts)
            before = self._last.get(relative) if relative in self.digests else None
            if before is not None and _same(before, data):
                continue
            file_digest = None
            if not hash_later or (before is None and size_on_disk(target) == length(data)):
                file_digest = digest(data)
                if self.digests.get(relative) == file_digest:
                    self._wrote(relative, data, unhashed=False)  # the same bytes: known by these parts next time
                    continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            write_file(partial, data)
            os.replace(partial, target)
            self._wrote(relative, data, unhashed=file_digest is None)
            self.digests[relative] = file_digest if file_digest is not None else UNHASHED
            written.append(relative)
        removed = sorted(gone & self.digests.keys())
        for relative in removed:
            target = self.output.joinpath(*checked(relative).parts)
            target.unlink(missing_ok=True)
            del self.digests[relative]
            self._wrote(relative, None, unhashed=False)
            for folder in target.parents:
                if folder == self.output or any(folder.iterdir()):
                    break
                folder.rmdir()
        return written, removed

    def settle(self) -> None:
        """Work out the digests of the files written without hashing them."""
        while self._unhashed:
            relative, data = self._unhashed.popitem()
            if self.digests.get(relative) == UNHASHED:
                self.digests[relative] = digest(data)

    def _wrote(self, relative: str, data: Data | None, unhashed: bool) -> None:
        """`data` is now the file at `relative` (None: it was removed)."""
        if unhashed and data is not None:
            self._unhashed[relative] = data
        else:
            self._unhashed.pop(relative, None)
        if type(data) is Parts or (type(data) is bytes and len(data) >= KEPT_FROM):
            self._last[relative] = data
        else:
            self._last.pop(relative, None)


def _same(before: Data, data: Data) -> bool:
    """True if `data` is the very bytes written before, or the same parts: most are the very same
    objects (the entries kept between renders), compared without looking at their bytes."""
    if type(before) is Parts:
        return type(data) is Parts and len(data) == len(before) and all(map(eq, data, before))
    return before is data
