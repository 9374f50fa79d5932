"""`schemas`: write the JSON Schemas in schemas/ from the field declarations (or, with --check, say
whether they are up to date)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..editors.jsonschemas import generated
from ..errors import EXIT_CONTENT, EXIT_OK


def run(root: Path, verify: bool) -> int:
    folder = root / "schemas"
    schemas = generated()
    stale = [name for name, text in schemas.items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if verify:
        for name in stale:
            print(f"schemas/{name}: out of date; run: python3 build.py schemas", file=sys.stderr)
        return EXIT_CONTENT if stale else EXIT_OK
    folder.mkdir(exist_ok=True)
    for name, text in schemas.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(schemas)} schemas to schemas/")
    return EXIT_OK
