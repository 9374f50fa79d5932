"""The build, step by step: load -> validate -> render -> write.

`Builder` keeps what it learnt between builds, so the preview server's rebuilds read, check,
render and write only what changed; a one-off build is the first build of a new Builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from . import cache
from .delta import delta
from .diagnostics import Diagnostic, errors_in
from .history import History
from .load import FileCache, load
from .model import Content
from .render import Renderer, theme_dir
from .validate import Memo, validate
from .write import InPlace, Staging, restage_site, update_site


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
    files: int = 0  # in the site now
    deferred: bool = False  # files left out of date on purpose (Builder.build's `defer`): build again to make them

    @property
    def ok(self) -> bool:
        return self.content is not None and not errors_in(self.problems)


class Builder:
    """`persistent`: start from the state the last run saved in .cache/ (cache.py), save it after
    every good build, and replace the site as a whole (unchanged files are linked, not written) so
    that a build stopped half-way leaves the last good site. Without it, as in the preview, the
    state lives as long as the Builder, and changed files are replaced one by one in place."""

    def __init__(self, root: Path, output: Path, persistent: bool = False, save_later: bool = False):
        self.root = root
        self.output = output
        self.persistent = persistent
        self.save_later = save_later  # leave the state to save in `unsaved`, for save_in_background()
        self.unsaved: cache.State | None = None
        self.before_saving = None  # with `unsaved`: what to do to it first (in the saving process)
        self.retired: list[str] = []  # save_later: folders holding replaced sites, to remove with the save
        self.files = FileCache()
        self.memo = Memo()
        self.renderer = Renderer(theme_dir(root))
        self.on_disk: dict[str, str] | None = None  # what the last build wrote: path -> digest
        self.in_place = InPlace()  # what the in-place updates of a non-persistent build keep (the preview's)
        self.content: Content | None = None  # what the last good build showed
        self.history = History(root)
        self.site_files: dict[str, tuple] = {}  # persistent: each site file's signature after the last build
        saved = cache.restore(root, output) if persistent else None
        if saved is not None:
            self.files, self.memo, self.on_disk, self.content = saved.files, saved.memo, saved.on_disk, saved.content
            self.renderer.restore(saved.renderer)
            self.site_files = saved.site

    def build(self, changed: set[str] | None = None, defer=None) -> BuildResult:
        """Build again. `changed` lists the files (relative to the root) known to have changed since
        the last build; without it, every file's size and time are compared. Files for which
        defer(output) is true are brought up to date by the next build, not this one (the preview
        writes the pages an editor looks at first); with `defer`, so is the hashing of files
        written in place that are known to have changed (settle())."""
        self.settle()
        self.files.reads = 0
        project, problems = load(self.root, self.files, changed)
        content, more = validate(project, self.memo, self.content)
        problems = sorted(problems + more)
        if content is None or errors_in(problems):
            return BuildResult(problems)
        content.last_changed = self.history.last_changed()
        if self.save_later:  # a run of build.py, which validates once: let the quote matches go before rendering
            self.memo.forget_matches()
        full = self.on_disk is None or not self.output.is_dir()
        if full:
            self.renderer.previous = {}  # nothing on disk to build on: render every page
        change = None if full else self._delta(content)
        if change is not None and content.last_changed != self.content.last_changed:
            change = None  # a commit changed the dates pages show: look at every page
        staging = None
        try:
            if full:  # pages go to disk as they are made, not all held in memory first
                staging = Staging(self.output)
            try:
                rendered = self.renderer.render(content, change, defer if not full else None, staging)
            except jinja2.TemplateSyntaxError as exc:
                return BuildResult(problems + [Diagnostic(_template_path(exc.name), exc.lineno or 1, 1,
                                                          f"template error: {exc.message}")])
            except jinja2.TemplateError as exc:
                return BuildResult(problems + [Diagnostic(_template_path(getattr(exc, "name", None)), 1, 1,
                                                          f"template error: {exc}")])
            if full:
                staging.commit()
                self.on_disk = staging.digests
                self.in_place.forget()  # a new site: nothing in it was written in place
                written, removed = sorted(staging.digests), []
            elif self.persistent:
                written, removed = restage_site(rendered.files, rendered.paths, self.output, self.on_disk,
                                                self.retired if self.save_later else None)
            else:
                written, removed = update_site(rendered.files, rendered.paths, self.output, self.on_disk,
                                               self.in_place, hash_later=defer is not None)
        except BaseException:
            self.on_disk, self.content = None, None  # unsure what is on disk: the next build starts afresh
            self.in_place.forget()
            if self.persistent:
                cache.clear(self.root)
            raise
        finally:
            if staging is not None:
                staging.discard()  # unless it was swapped in
        self.content = content
        if self.persistent and (full or rendered.made or self.files.reads):  # else the saved state holds
            self._save(project, full, written, removed)
        return BuildResult(problems, content, rendered.made, written, removed, len(rendered.paths),
                           rendered.deferred)

    def settle(self) -> None:
        """Work out the digests of the files the last build wrote in place without hashing them
        (update_site): the preview does it just after the reload, and a build before it starts."""
        if self.on_disk is not None:
            self.in_place.settle(self.on_disk)

    def _delta(self, content: Content):
        """What changed since the last good build: validation worked it out already, when it was
        given that build's content."""
        if self.memo.change is not None:
            earlier, validated, change = self.memo.change
            self.memo.change = None  # it holds the build before: let that go
            if earlier is self.content and validated is content:
                return change
        return delta(self.content, content)

    def _save(self, project, full: bool, written: list[str], removed: list[str]) -> None:
        if full:
            self.site_files = cache.site_signatures(self.output)
        else:  # linked files keep their inode and time: only the written ones have new signatures
            for relative in removed:
                self.site_files.pop(relative, None)
            self.site_files.update(cache.signatures(self.output, written))
        state = cache.State(
            output=str(self.output.absolute()), files=self.files.settled(cache.racy), memo=self.memo,
            renderer=self.renderer.persistent(), on_disk=self.on_disk, site=self.site_files, content=self.content)
        if self.save_later:  # the memo is trimmed by the process that saves it
            self.unsaved, self.before_saving = state, partial(self.memo.keep_only, project)
        else:
            self.memo.keep_only(project)
            cache.save(self.root, state)


def _template_path(name: str | None) -> str:
    return f"templates/{name}" if name else "templates"


def build(root: Path, output: Path, persistent: bool = False) -> list[Diagnostic]:
    """Build the site into `output`; on any error, `output` is left untouched."""
    return Builder(root, output, persistent).build().problems
