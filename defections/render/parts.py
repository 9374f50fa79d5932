"""A file's bytes as the parts they are made of."""

from __future__ import annotations


class Parts(tuple):
    """A file's bytes given as the parts they are made of, in order (say, a page and each of the
    20,000 entries of its list): written and hashed part by part, never joined into one copy."""

    __slots__ = ()

    def joined(self) -> bytes:
        return b"".join(self)
