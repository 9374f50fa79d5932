"""The build, step by step: load -> validate -> render -> write.

`Builder` keeps what it learnt between builds, so the preview server's rebuilds read, check,
render and write only what changed; a one-off build is the first build of a new Builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .delta import delta
from .diagnostics import Diagnostic, errors_in
from .history import History
from .load import FileCache, load
from .model import Content
from .render import Renderer, theme_dir
from .validate import Memo, validate
from .write import update_site, write_site


def check(root: Path) -> tuple[Content | None, list[Diagnostic]]:
    """Validate the project; the content model is returned only when there is no error."""
    project, problems = load(root)
    content, more = validate(project)
    return content, sorted(problems + more)


@dataclass
class BuildResult:
    problems: list[Diagnostic]
    content: Content | None = None
    rendered: int = 0  # pages and assets rendered or copied this time
    written: list[str] = field(default_factory=list)  # files whose bytes changed on disk
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.content is not None and not errors_in(self.problems)


class Builder:
    def __init__(self, root: Path, output: Path):
        self.root = root
        self.output = output
        self.files = FileCache()
        self.memo = Memo()
        self.renderer = Renderer(theme_dir(root))
        self.on_disk: dict[str, str] | None = None  # what the last build wrote: path -> digest
        self.content: Content | None = None  # what the last good build showed
        self.history = History(root)

    def build(self, changed: set[str] | None = None) -> BuildResult:
        """Build again. `changed` lists the files (relative to the root) known to have changed since
        the last build; without it, every file's size and time are compared."""
        project, problems = load(self.root, self.files, changed)
        content, more = validate(project, self.memo, self.content)
        problems = sorted(problems + more)
        if content is None or errors_in(problems):
            return BuildResult(problems)
        content.last_changed = self.history.last_changed()
        full = self.on_disk is None or not self.output.is_dir()
        if full:
            self.renderer.previous = {}  # nothing on disk to build on: render every page
        try:
            rendered = self.renderer.render(content, None if full else delta(self.content, content))
        except jinja2.TemplateSyntaxError as exc:
            return BuildResult(problems + [Diagnostic(_template_path(exc.name), exc.lineno or 1, 1,
                                                      f"template error: {exc.message}")])
        except jinja2.TemplateError as exc:
            return BuildResult(problems + [Diagnostic(_template_path(getattr(exc, "name", None)), 1, 1,
                                                      f"template error: {exc}")])
        try:
            if full:
                self.on_disk = write_site(rendered.files, self.output)
                written, removed = sorted(rendered.files), []
            else:
                written, removed = update_site(rendered.files, rendered.paths, self.output, self.on_disk)
        except BaseException:
            self.on_disk, self.content = None, None  # unsure what is on disk: the next build starts afresh
            raise
        self.content = content
        return BuildResult(problems, content, len(rendered.files), written, removed)


def _template_path(name: str | None) -> str:
    return f"templates/{name}" if name else "templates"


def build(root: Path, output: Path) -> list[Diagnostic]:
    """Build the site into `output`; on any error, `output` is left untouched."""
    return Builder(root, output).build().problems
