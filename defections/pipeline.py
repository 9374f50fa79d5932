"""The build from nothing, step by step: load -> validate -> render -> write.

This is what `build.py` does every time, and what the preview does first (incremental/rebuild.py
does less after each edit, through the same steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .content.validate import check
from .errors import Diagnostic, fails
from .output.write import Staging
from .render.pages import plan, render_order
from .render.renderer import Renderer
from .render.templates import assets, template_problem, theme_dir
from .reuse import OneBuild


@dataclass(frozen=True)
class Built:
    problems: list[Diagnostic]
    files: int = 0  # in the site written; 0 when none was

    @property
    def ok(self) -> bool:
        return self.files > 0


def build(root: Path, output: Path, strict: bool = False, processes: int | None = None) -> Built:
    """Build the site into `output`. Any error (or, with `strict`, any warning) leaves `output`
    exactly as it was: the new site is written beside it and swapped in whole."""
    content, problems = check(root, history=True)
    if content is None or fails(problems, strict):
        return Built(problems)
    reuse = OneBuild()  # nothing to keep from an earlier build, but what every page asks for is made once
    renderer = Renderer(theme_dir(root), reuse=reuse, processes=processes)
    staging = Staging(output, digests=False)  # nothing will update the site file by file
    try:
        outputs = render_order(list(plan(content, reuse).values()), content)
        renderer.render_all(outputs, content, renderer.views(content), staging)
        for path, data in assets(renderer.templates).items():
            staging.add(path, data)
        staging.commit()
    except jinja2.TemplateError as error:
        return Built(problems + [template_problem(error)])
    finally:
        staging.discard()  # unless it was swapped in
    return Built(problems, len(staging.digests))
