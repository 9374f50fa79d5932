"""What a pull request changes in the content, for a reviewer: a Markdown summary.

Every file changed under content/, seeds/ and templates/ since a git revision: people, events and
articles with their names and the fields that changed, other files by path, and every quote that is
new. A seed that was edited or removed is flagged first and loudly: seeds are kept as published, so an edited
seed can make a quote pass that the article never printed. Everything taken from the content is
escaped, so no name or title can change how the summary reads.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.quotes import collapse
from ..content.yamlfile import Source, compose, decode, scalar_text
from ..errors import printable

RECORDS = {"content/people/": "person", "content/events/": "event", "content/articles/": "article"}
WATCHED = ("content/", "seeds/", "templates/")
_STATUS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}
# What Markdown reads inside a table cell or a list item's text: emphasis, code, links, images, math,
# HTML, entities, strikethrough and the cell's edge. Marks that act only at a line's start cannot.
_MARKUP = re.compile(r"([\\`*_\[\]<>!|&~$])")


class ChangesError(Exception):
    pass


@dataclass(frozen=True)
class Changed:
    change: str  # added, changed or removed
    path: str  # from the project's root, with / between folders


@dataclass(frozen=True)
class Row:
    change: str
    kind: str
    label: str
    fields: tuple[str, ...]
    path: str


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)
    except FileNotFoundError as exc:
        raise ChangesError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip()
        raise ChangesError(printable(message) or f"git {' '.join(args)} failed") from exc
    return done.stdout.decode("utf-8", "surrogateescape")


def _changed(root: Path, merge_base: str, prefix: str) -> list[Changed]:
    """Each file changed under the watched folders, committed or not, and each new file not ignored."""
    folders = [prefix + folder for folder in WATCHED]
    found: dict[str, Changed] = {}
    fields = _git(root, "diff", "--name-status", "--no-renames", "-z", merge_base, "--", *folders).split("\0")
    for status, path in zip(fields[::2], fields[1::2]):
        found[path] = Changed(_STATUS.get(status[:1], "changed"), path[len(prefix):])
    for path in _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *folders).split("\0"):
        if path:
            found[path] = Changed("added", path[len(prefix):])
    return sorted(found.values(), key=lambda changed: changed.path)


def _data(text: str | None) -> dict:
    """A record's fields as plain values (scalars as text), or {} when it cannot be read."""
    if text is None:
        return {}
    try:
        node, _ = compose(Source("", text))
    except Exception:  # a broken record is check's to report; here it has no fields to compare
        return {}
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
        if not file.is_file() or file.is_symlink():
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


def _fields(before: dict, after: dict) -> tuple[str, ...]:
    """The fields that differ, each as its name; an address as its name and its new value, since a
    source that now points elsewhere is what a reviewer most needs to see."""
    shown = []
    for name in sorted(set(before) | set(after), key=str):
        if before.get(name) == after.get(name):
            continue
        if name == "url" and isinstance(after.get(name), str):
            shown.append(f"url now {after[name]}")
        else:
            shown.append(str(name))
    return tuple(shown)


def summary(root: Path, base: str) -> str:
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    merge_base = _git(root, "merge-base", base, "HEAD").strip()
    rows: list[Row] = []
    others: list[Changed] = []
    edited_seeds: list[Changed] = []
    new_quotes: list[tuple[str, str, str]] = []
    for changed in _changed(root, merge_base, prefix):
        path = changed.path
        folder = next((f for f in RECORDS if path.startswith(f) and path.endswith(".yaml")), None)
        if path.startswith("seeds/") and changed.change in ("changed", "removed"):
            edited_seeds.append(changed)  # a renamed seed is one removed and one added
        if folder is None:
            others.append(changed)
            continue
        before, after = _data(_at(root, merge_base, prefix + path)), _data(_at(root, None, path))
        record = after or before
        label = record.get("name") or record.get("title") or Path(path).stem
        fields = _fields(before, after) if changed.change == "changed" else ()
        if changed.change == "added" and isinstance(after.get("url"), str):
            fields = (f"url {after['url']}",)  # where a new source points is the first thing to check
        rows.append(Row(changed.change, RECORDS[folder], str(label), fields, path))
        for article, quote in sorted(_quotes(after) - _quotes(before)):
            new_quotes.append((quote, article, path))
    lines = ["## Content changes", ""]
    if edited_seeds:
        lines += ["> [!CAUTION]",
                  "> **A seed was edited or removed.** Seeds keep each article exactly as it was published, "
                  "and quotes are checked against them: an edited seed (or one removed, and added again "
                  "under another name) can make a quote pass that the article never printed. Restore "
                  "the seed, or explain in the pull request why it had to change.", ">"]
        lines += [f"> - {_code(changed.path)} ({changed.change})" for changed in edited_seeds]
        lines.append("")
    if rows:
        lines += ["| change | kind | record | fields changed | file |", "| --- | --- | --- | --- | --- |"]
        for row in sorted(rows, key=lambda row: (row.kind, row.path)):
            changed_fields = ", ".join(_text(field) for field in row.fields)
            lines.append(f"| {row.change} | {row.kind} | {_text(row.label)} | {changed_fields} | {_code(row.path)} |")
    else:
        lines.append("No person, event or article was added, changed or removed.")
    if others:
        lines += ["", "### Other files", ""]
        lines += [f"- {changed.change}: {_code(changed.path)}" for changed in others]
    lines += ["", "### New quotes", ""]
    lines += [f"- “{_text(quote)}” — {_code(f'seeds/{article}.txt')}, cited in {_code(path)}"
              for quote, article, path in new_quotes]
    if not new_quotes:
        lines.append("No new quotes.")
    return "\n".join(lines) + "\n"


def _text(text: str) -> str:
    """Content text as Markdown that shows it as written: each character that is not printable as an
    escape, each mark Markdown reads escaped, so that no `|`, `<!--`, link or emphasis takes effect."""
    return _MARKUP.sub(r"\\\1", printable(text))


def _code(path: str) -> str:
    """A path in a code span, or as escaped text when it holds what a code span cannot."""
    shown = printable(path)
    return f"`{shown}`" if "`" not in shown and "|" not in shown else _text(shown)
