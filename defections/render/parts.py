"""A file's bytes as the parts they are made of."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Parts(tuple):
    """A file's bytes given as the parts they are made of, in order (say, a page and each of the
    20,000 entries of its list): written and hashed part by part, never joined into one copy."""

    __slots__ = ()

    def joined(self) -> bytes:
        return b"".join(self)


class Stream:
    """A file's bytes as parts made while the file is written, each let go once it is: a data file
    of every event (200 MB at 50,000 people) is never held whole. Gone through once; a sink that
    must keep or compare the file (the preview's) takes it as Parts (`parts()`)."""

    __slots__ = ("_parts", "_taken")

    def __init__(self, parts: Iterable[bytes]):
        self._parts = iter(parts)
        self._taken = False

    def __iter__(self) -> Iterator[bytes]:
        if self._taken:
            raise RuntimeError("a stream of a file's parts is gone through once; take parts() to keep them")
        self._taken = True
        return self._parts

    def parts(self) -> Parts:
        return Parts(self)

    def joined(self) -> bytes:
        return b"".join(self)


Data = bytes | Parts | Stream  # a file's bytes: whole, in parts, or made as it is written
