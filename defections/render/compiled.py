"""How the templates are compiled and run: Jinja's own code, with two changes, both to how often
Jinja's own machinery runs for what every page does hundreds of times.

In an autoescaped template, Jinja turns each `{{ value }}` into `escape(value)`, a Markup object,
and then joins the page's pieces into one plain string at once: the Markup is made and dropped
about 150 times a page, a sixth of the time to render one. Here each value is escaped into a
plain string instead, with the same characters replaced by the same entities as MarkupSafe's
(Markup is taken as it is, and any other value goes to MarkupSafe), so every page is byte for byte the
one Jinja's own code makes (tests/test_golden.py). Everything else, macros and `{% set %}` blocks
that give Markup included, is Jinja's.

A word of the interface with nothing to fill in (`{{ _("Timeline") }}`) is translated as the
template is compiled: an environment speaks one language, so it is the same on every page.

And a call in a template (`{{ date(event.date) }}`, `views.leading(event)`: some fifty a page) goes
through Context.call, which looks at the callable three times for a wish to be given the context
first (`pass_context`). A macro, or a function or method that has no such wish, is called
straight away here; anything else goes through Jinja's own call.
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2.runtime
from jinja2.compiler import CodeGenerator, Frame
from jinja2.idtracking import VAR_LOAD_RESOLVE
from jinja2.nodes import Call, Const, Expr, Name, Template
from jinja2.runtime import Macro
from markupsafe import Markup, escape


def escaped_text(value: Any) -> str:
    """The value as HTML text: what markupsafe.escape(value) holds, as a plain string for a string."""
    if type(value) is str:
        if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
            return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                    .replace("'", "&#39;").replace('"', "&#34;"))
        return value
    if type(value) is Markup:
        return value  # what a macro gives: HTML already
    return escape(value)  # anything else exactly as MarkupSafe escapes it


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


    def visit_Call(self, node: Call, frame: Frame, forward_caller: bool = False) -> None:
        word = self._word(node, frame)
        if word is None:
            super().visit_Call(node, frame, forward_caller=forward_caller)
        else:
            self.write(f"Markup({str(word)!r})")

    def _word(self, node: Call, frame: Frame) -> Markup | None:
        """`_("Timeline")`, a word with nothing to fill in, as the page's language says it: the same
        for every page of the environment (there is one per language), so looked up as the
        template is compiled, not on each of its ~60 uses a page."""
        if not (isinstance(node.node, Name) and node.node.name in ("_", "gettext") and len(node.args) == 1
                and isinstance(node.args[0], Const) and isinstance(node.args[0].value, str)
                and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None):
            return None
        reference = frame.symbols.find_ref(node.node.name)
        load = frame.symbols.find_load(reference) if reference is not None else None
        translate = self.environment.globals.get(node.node.name)
        if load is None or load[0] != VAR_LOAD_RESOLVE or not callable(translate):
            return None  # a name the template sets itself, or no gettext: as Jinja would
        word = translate(node.args[0].value)
        return word if type(word) is Markup else None


_CALLED_STRAIGHT_AWAY = frozenset({Macro, FunctionType, MethodType, BuiltinFunctionType})


class Context(jinja2.runtime.Context):
    """Jinja's context, calling macros and plain functions straight away (above)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own names
        if type(__obj) not in _CALLED_STRAIGHT_AWAY or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration "
                                                "exception")
