"""The preview's builds: the first from nothing (as pipeline.py), then, after each edit, only what
the edit changes, through the same steps and with what the last build made kept in memory.

- load: only the files the watcher names are read again (files.py);
- validate: only what was made from changed files is made again (reuse.py);
- render: only the pages whose recorded reads the edit changed (dependencies.py, changes.py);
- write: only the files whose bytes changed, in place (inplace.py).
Nothing is kept on disk: the preview's state lives as long as the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..content.dates import PartialDate
from ..content.history import head, last_changed
from ..content.model import Content
from ..content.validate import validate
from ..errors import Diagnostic, errors_in
from ..output.write import Data, Staging, digest
from ..reads import ANY, Read
from ..render.localised import Localised
from ..render.pages import Output, Plan, plan
from ..render.parts import Stream
from ..render.renderer import Renderer
from ..render.templates import assets, environment, template_problem, theme_dir
from .changes import changes
from .dependencies import Dependencies, RecordingEnvironment, template_digests
from .files import ProjectFiles
from .inplace import InPlaceSite
from .reuse import ByIdentity


@dataclass
class Rebuilt:
    problems: list[Diagnostic]
    content: Content | None = None
    rendered: int = 0  # files rendered or copied this time
    written: list[str] = field(default_factory=list)  # files whose bytes changed on disk
    removed: list[str] = field(default_factory=list)
    files: int = 0  # in the site now
    deferred: bool = False  # files left out of date on purpose (build()'s `defer`): build again to make them

    @property
    def ok(self) -> bool:
        return self.content is not None and not errors_in(self.problems)


class _Dates:
    """When each content file was last committed, read again from git only after a new commit."""

    def __init__(self, root: Path):
        self.root = root
        self.commit: str | None = None
        self.dates: dict[str, PartialDate] = {}

    def __call__(self) -> dict[str, PartialDate]:
        commit = head(self.root)
        if commit != self.commit:
            self.commit, self.dates = commit, last_changed(self.root) if commit is not None else {}
        return self.dates


class _Collected:
    """A sink (render/renderer.py) that keeps the files rendered, for the site to be updated with."""

    shared = False

    def __init__(self) -> None:
        self.files: dict[str, Data] = {}

    def add(self, path: str, data: Data) -> None:
        self.files[path] = data.parts() if isinstance(data, Stream) else data  # compared with the file before

    def added(self, path: str, digest: str) -> None:  # pragma: no cover - not shared: never called
        raise AssertionError("a file added elsewhere to a sink that is not shared")


class Rebuilder:
    """Builds the site again and again, each time doing only what the changes call for."""

    def __init__(self, root: Path, output: Path, processes: int | None = None):
        self.root = root
        self.output = output
        self.processes = processes
        self.files = ProjectFiles(root)
        self.reuse = ByIdentity()
        self.dates = _Dates(root)
        self.content: Content | None = None  # what the last good build showed
        self.site: InPlaceSite | None = None  # the site on disk, once a build has written one
        self._templates: Path | None = None
        self._digests: dict[str, str] = {}  # each template's, at the last render
        self._dependencies = Dependencies()
        self._renderer: Renderer | None = None
        self._outputs = Plan(())  # the site's files, by path, at the last render
        self._deferred: set[str] = set()  # files left out of date on purpose
        self._redo: set[str] = set()  # pages a failed build rendered but did not write: rendered again next time
        self._assets: set[str] = set()  # the templates' assets/ files in the site

    def build(self, changed: set[str] | None = None, defer: Callable[[Output], bool] | None = None,
              give_way: Callable[[], bool] | None = None) -> Rebuilt:
        """Build again. `changed` names the files (relative to the root) known to have changed
        since the last build; without it, every file's size and time are compared. Files for
        which defer(output) is true are brought up to date by the next build, not this one (the
        preview writes the pages an editor looks at first), and so is the hashing of the files
        known to have changed (settle()). With `give_way`, the files are rendered and written one
        at a time, and when give_way() is true between two of them, those not made yet are left
        to the next build as deferred ones are (the preview's catch-up gives way to a new save)."""
        self.settle()
        project, problems = self.files.load(changed)
        content, more = validate(project, self.dates(), self.reuse)
        problems = sorted(problems + more)
        if content is None or errors_in(problems):
            return Rebuilt(problems)
        templates = theme_dir(self.root)
        digests = template_digests(templates)
        try:
            if self.site is None or self.content is None or not self.output.is_dir() or templates != self._templates:
                rebuilt = self._from_nothing(content, problems, templates, digests)
            else:
                rebuilt = self._again(content, problems, digests, defer, give_way)
        except jinja2.TemplateError as error:
            return Rebuilt(problems + [template_problem(error)])
        except BaseException:
            self.site, self.content = None, None  # unsure what is on disk: the next build starts afresh
            raise
        self.content = content
        return rebuilt

    def catch_up(self, give_way: Callable[[], bool] | None = None) -> Rebuilt:
        """Make the files the last good build left deferred, from its content (the files on disk
        are not read again: after a build that failed, the site is then all of the last good one),
        one at a time, giving way as build() does."""
        if self.site is None or self.content is None or not self._deferred:
            return Rebuilt([])
        self.settle()
        try:
            return self._again(self.content, [], self._digests, None, give_way)
        except BaseException:
            self.site, self.content = None, None  # unsure what is on disk: the next build starts afresh
            raise

    @property
    def behind(self) -> bool:
        """Whether files were left deferred, to be made by catch_up() or the next build."""
        return bool(self._deferred)

    def settle(self) -> None:
        """Work out the digests of the files the last build wrote without hashing them: the preview
        does it just after the reload, and a build before it starts."""
        if self.site is not None:
            self.site.settle()

    def _renderer_for(self, templates: Path, dependencies: Dependencies) -> Renderer:
        def recording(language: Localised) -> RecordingEnvironment:
            env = environment(templates, RecordingEnvironment, language)
            assert isinstance(env, RecordingEnvironment)
            env.dependencies = dependencies
            env.record_filters()
            return env
        return Renderer(templates, dependencies, self.reuse, recording, self.processes)

    def _from_nothing(self, content: Content, problems: list[Diagnostic], templates: Path,
                      digests: dict[str, str]) -> Rebuilt:
        """A new site, written beside the old and swapped in, with what each page reads recorded."""
        dependencies = Dependencies()
        renderer = self._renderer_for(templates, dependencies)
        outputs = plan(content, self.reuse)
        staging = Staging(self.output)
        try:
            renderer.render_all(list(outputs.values()), content, renderer.views(content), staging)
            for path, data in assets(templates).items():
                staging.add(path, data)
            staging.commit()
        finally:
            staging.discard()  # unless it was swapped in
        self._templates, self._digests, self._renderer, self._dependencies = templates, digests, renderer, dependencies
        self._outputs, self._assets = outputs, set(assets(templates))
        self._deferred, self._redo = set(), set()
        self.site = InPlaceSite(self.output.absolute(), dict(staging.digests))
        return Rebuilt(problems, content, len(staging.digests), sorted(staging.digests), [], len(staging.digests))

    def _again(self, content: Content, problems: list[Diagnostic], digests: dict[str, str],
               defer: Callable[[Output], bool] | None, give_way: Callable[[], bool] | None) -> Rebuilt:
        assert self.site is not None and self.content is not None and self._templates is not None
        self._dependencies.begin()
        changed = changes(self.content, content)
        templates_changed = {name for name in digests.keys() | self._digests.keys()
                             if digests.get(name) != self._digests.get(name)}
        renderer = self._renderer
        if templates_changed or renderer is None:
            renderer = self._renderer_for(self._templates, self._dependencies)  # the templates read again
            changed |= {Read("template", name, ANY) for name in templates_changed}
        stale = self._dependencies.stale(changed) if changed else set()
        outputs = plan(content, self.reuse)
        added, gone = outputs.changes_from(self._outputs)
        for path in gone:
            self._dependencies.forget(path)
        todo, deferred = [], set()
        for path in sorted((stale | self._deferred | self._redo | added) & outputs.keys()):
            if defer is not None and defer(outputs[path]):
                deferred.add(path)
            else:
                todo.append(outputs[path])
        site_assets = assets(self._templates)
        gone |= self._assets - site_assets.keys()
        views = renderer.views(content)
        rendered, written = 0, []
        for number, batch in enumerate([todo] if give_way is None else [[output] for output in todo]):
            if number and give_way is not None and give_way():
                deferred |= {output.path for output in todo[number:]}
                break
            collected = _Collected()
            try:
                renderer.render_all(batch, content, views, collected)
            except BaseException:  # what it rendered shows content no file on disk shows: render it next time
                self._dependencies.abandon()
                self._redo |= {output.path for output in todo} | stale
                raise
            rendered += len(collected.files)
            written += self.site.update(collected.files, set(), hash_later=defer is not None)[0]
        new_assets = {path: data for path, data in site_assets.items() if self.site.digests.get(path) != digest(data)}
        wrote, removed = self.site.update(new_assets, gone, hash_later=defer is not None)
        rendered, written = rendered + len(new_assets), sorted(written + wrote)
        self._assets = set(site_assets)
        self._renderer, self._digests, self._outputs, self._deferred = renderer, digests, outputs, deferred
        self._redo = set()
        return Rebuilt(problems, content, rendered, written, removed, len(self.site.digests), bool(deferred))
