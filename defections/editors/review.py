"""What a pull request changes in the content, for a reviewer: a Markdown summary.

People and events added, changed or removed since a git revision, and every quote that is new.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from ..content.quotes import collapse
from ..content.yamlfile import Source, compose, decode, scalar_text

_FOLDERS = {"content/people/": "person", "content/events/": "event"}
_STATUS = {"A": "added", "M": "changed", "D": "removed"}


class ChangesError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except FileNotFoundError as exc:
        raise ChangesError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise ChangesError(exc.stderr.strip() or f"git {' '.join(args)} failed") from exc
    return done.stdout


def _data(text: str | None) -> dict:
    """A record's fields as plain values (scalars as text), or {} when it cannot be read."""
    if text is None:
        return {}
    node, _ = compose(Source("", text))
    data = _plain(node) if isinstance(node, yaml.MappingNode) else None
    return data if isinstance(data, dict) else {}


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return scalar_text(node) if isinstance(node, yaml.ScalarNode) else None


def _at(root: Path, revision: str | None, path: str) -> str | None:
    if revision is None:
        file = root / path
        if not file.is_file():
            return None
        return decode(path, file.read_bytes())[0]
    try:
        return _git(root, "show", f"{revision}:{path}")
    except ChangesError:
        return None


def _quotes(record: dict) -> set[tuple[str, str]]:
    found = set()
    for source in record.get("sources") or []:
        if isinstance(source, dict) and isinstance(source.get("quote"), str):
            found.add((str(source.get("article")), collapse(source["quote"])))
    return found


def summary(root: Path, base: str) -> str:
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    merge_base = _git(root, "merge-base", base, "HEAD").strip()
    listing = _git(root, "diff", "--name-status", "--no-renames", merge_base, "--", *(prefix + f for f in _FOLDERS))
    listing += _git(root, "ls-files", "--others", "--exclude-standard", "--", *(prefix + f for f in _FOLDERS))
    rows, new_quotes = [], []
    for line in listing.splitlines():
        status, _, path = line.partition("\t") if "\t" in line else ("A", "", line)
        path = path[len(prefix):]
        folder = next((f for f in _FOLDERS if path.startswith(f)), None)
        if folder is None or not path.endswith(".yaml"):
            continue
        before, after = _data(_at(root, merge_base, prefix + path)), _data(_at(root, None, path))
        record = after or before
        label = record.get("name") or record.get("title") or Path(path).stem
        rows.append((_STATUS.get(status[0], "changed"), _FOLDERS[folder], str(label), path))
        for article, quote in sorted(_quotes(after) - _quotes(before)):
            new_quotes.append((quote, article, path))
    lines = ["## Content changes", ""]
    if rows:
        lines += ["| change | kind | record | file |", "| --- | --- | --- | --- |"]
        lines += [f"| {change} | {kind} | {_cell(label)} | `{path}` |" for change, kind, label, path in sorted(
            rows, key=lambda row: (row[1], row[3]))]
    else:
        lines.append("No person or event was added, changed or removed.")
    lines += ["", "### New quotes", ""]
    lines += [f"- “{_cell(quote)}” — `seeds/{article}.txt`, cited in `{path}`" for quote, article, path in new_quotes]
    if not new_quotes:
        lines.append("No new quotes.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
