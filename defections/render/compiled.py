"""How the templates are compiled: Jinja's own code, with one change to what a printed value becomes.

In an autoescaped template, Jinja turns each `{{ value }}` into `escape(value)`, a Markup object,
and then joins the page's pieces into one plain string at once: the Markup is made and dropped
about 150 times a page, a sixth of the time to render one. Here each value is escaped into a
plain string instead, with the same characters replaced by the same entities as MarkupSafe's
(a value with `__html__`, such as Markup, is taken as it is), so every page is byte for byte the
one Jinja's own code makes (tests/test_golden.py). Everything else, macros and `{% set %}` blocks
that give Markup included, is Jinja's.
"""

from __future__ import annotations

from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template


def escaped_text(value: Any) -> str:
    """The value as HTML text: what markupsafe.escape(value) holds, as a plain string."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()
        value = str(value)
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


class PlainTextOutput(CodeGenerator):
    """Jinja's code generator, printing escaped values as plain strings (above)."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escaped_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escaped_text(")
        if finalize.src is not None:
            self.write(finalize.src)
