"""Markdown pages: front matter (YAML between '---' lines) and a Markdown body."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .diagnostics import Diagnostic, one_of
from .schema import PAGE, RESERVED_PAGE_IDS
from .yamlfile import Source, compose, decode

_OPENING = re.compile(r"---[ \t]*$")


def read_page(root: Path, path: Path, page_id: str, problems: list[Diagnostic]):
    from .load import Document

    relative = path.relative_to(root).as_posix()
    if page_id in RESERVED_PAGE_IDS:
        problems.append(Diagnostic(relative, 1, 1,
                                   f"a page cannot be called '{page_id}': the site uses that address itself "
                                   f"(reserved: {one_of(sorted(RESERVED_PAGE_IDS))}); rename the file"))
    from .load import MAX_RECORD_BYTES, _too_large

    if _too_large(root, path, MAX_RECORD_BYTES, problems):
        return Document(PAGE, page_id, relative, None)
    data = path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    if text is None:
        return Document(PAGE, page_id, relative, None)
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not _OPENING.fullmatch(lines[0]):
        problems.append(Diagnostic(relative, 1, 1, "a page starts with front matter giving its title:\n"
                                                   "---\ntitle: The page title\n---"))
        return Document(PAGE, page_id, relative, None)
    closing = next((i for i in range(1, len(lines)) if _OPENING.fullmatch(lines[i])), None)
    if closing is None:
        problems.append(Diagnostic(relative, 1, 1, "the front matter is not closed; add a line '---' after it"))
        return Document(PAGE, page_id, relative, None)
    # Keep line numbers true to the file: the front matter starts on line 2.
    front = "\n" + "\n".join(lines[1:closing])
    node, yaml_problems = compose(Source(relative, front)) if lines[1:closing] else (None, [])
    if not lines[1:closing] or any("file is empty" in p.message for p in yaml_problems):
        yaml_problems = [Diagnostic(relative, 1, 1, "the front matter is empty; give the page a 'title:'")]
    problems.extend(yaml_problems)
    body = "\n".join(lines[closing + 1:])
    return Document(PAGE, page_id, relative, node, body=body, body_line=closing + 2, digest=digest)
