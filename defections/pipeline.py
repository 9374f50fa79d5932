"""The build, step by step: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, errors_in
from .load import load
from .model import Content
from .render import render, theme_dir
from .validate import validate
from .write import write_site


def check(root: Path) -> tuple[Content | None, list[Diagnostic]]:
    """Validate the project; the content model is returned only when there is no error."""
    project, problems = load(root)
    content, more = validate(project)
    return content, sorted(problems + more)


def build(root: Path, output: Path) -> list[Diagnostic]:
    """Build the site into `output`; on any error, `output` is left untouched."""
    content, problems = check(root)
    if content is None or errors_in(problems):
        return problems
    write_site(render(content, theme_dir(root)), output)
    return problems
