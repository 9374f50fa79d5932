"""`schemas`: write the JSON Schemas in schemas/ from the field declarations (or, with --check, say
whether they are up to date)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..editors.jsonschemas import generated
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from .arguments import ArgumentError, folder


def run(root: Path, verify: bool) -> int:
    place = root / "schemas"
    schemas = generated()
    try:
        folder(place, "schemas", "move it aside (or rename it) and run this again")
    except ArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stale = [name for name, text in schemas.items() if _held(place / name) != text]
    if verify:
        for name in stale:
            print(f"schemas/{name}: out of date; run: python3 build.py schemas", file=sys.stderr)
        return EXIT_CONTENT if stale else EXIT_OK
    place.mkdir(exist_ok=True)
    for name, text in schemas.items():
        (place / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(schemas)} schemas to schemas/")
    return EXIT_OK


def _held(path: Path) -> str | None:
    """The schema file's text, its line ends read as open() reads them; None when there is no
    file to compare (or it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
