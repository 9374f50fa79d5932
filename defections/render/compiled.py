"""How the templates are compiled and run: Jinja's own code, with a few changes, all to how often
Jinja's own machinery runs for what every page does hundreds of times (tests/test_golden.py: the
same bytes; tests/test_own_templates.py: the same values and errors as Jinja's for every form of
call and attribute).

In an autoescaped template, Jinja turns each `{{ value }}` into `escape(value)`, a Markup object,
and then joins the page's pieces into one plain string at once: the Markup is made and dropped
about 150 times a page, a sixth of the time to render one. Here each value is escaped into a
plain string instead, with the same characters replaced by the same entities as MarkupSafe's
(Markup is taken as it is, and any other value goes to MarkupSafe), so every page is byte for byte the
one Jinja's own code makes (tests/test_golden.py). Everything else, macros and `{% set %}` blocks
that give Markup included, is Jinja's.

A run of text and values between two statements is put out as one string where Jinja yields
each piece of it on its own: a page's pieces pass through a generator for each block and template
they are in, and a run is some ten of them.

A word of the interface with nothing to fill in (`{{ _("Timeline") }}`) is translated as the
template is compiled: an environment speaks one language, so it is the same on every page.

And a call in a template (`{{ date(event.date) }}`, `views.leading(event)`: some fifty a page) goes
through Context.call, which looks at the callable three times for a wish to be given the context
first (`pass_context`). A macro, or a function or method that has no such wish, is called
straight away here; anything else goes through Jinja's own call. A macro's own call is quick too
(QuickMacro), and `record.field` is Python's getattr, Jinja's only when that finds nothing (but
in the preview, whose environment records each read).
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2.runtime
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.idtracking import VAR_LOAD_RESOLVE
from jinja2.nodes import Call, Const, EvalContext, Expr, Getattr, Impossible, Name, Output, Template, TemplateData
from jinja2.runtime import Macro, missing
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
        # On the line of Jinja's own imports, so that the lines of the code keep Jinja's numbers
        self.write(f"from {__name__} import escaped_text, QuickMacro, ABSENT as _absent, item_or_undefined; ")
        self._first_write = True
        super().visit_Template(node, frame)

    def macro_def(self, macro_ref: Any, frame: Frame) -> None:
        self.write("Quick")  # QuickMacro(environment, macro, ...): Jinja's Macro, called with less ado (below)
        super().macro_def(macro_ref, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escaped_text(")
        if finalize.src is not None:
            self.write(finalize.src)

    def visit_Output(self, node: Output, frame: Frame) -> None:
        """Jinja's, but where it yields each piece of a run of text and values on its own (some 130
        a page, each passed on by the generators of the page's blocks, its template and its layout),
        the run is yielded as one string, `yield "".join((...))`, each value on a line of its own as
        Jinja's own code has it (so that an error names its line). Inside a macro or a `{% set %}`
        block, which collect their pieces in a list, it is Jinja's."""
        if frame.buffer is not None:
            super().visit_Output(node, frame)
            return
        if frame.require_output_check:  # from here to the loop below, Jinja's own
            if self.has_known_extends:
                return
            self.writeline("if parent_template is None:")
            self.indent()
        finalize = self._make_finalize()
        body: list[list[Any] | Expr] = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, TemplateData)):
                    raise Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        joined = len(body) > 1
        if joined:
            self.writeline("yield ''.join((")
            self.indent()
        for item in body:
            if isinstance(item, list):
                text = self._output_const_repr(item)
                self.writeline(text + "," if joined else "yield " + text)
                continue
            if joined:
                self.newline(item)
            else:
                self.writeline("yield ", item)
            self._output_child_pre(item, frame, finalize)
            self.visit(item, frame)
            self._output_child_post(item, frame, finalize)
            if joined:
                self.write(",")
        if joined:
            self.outdent()
            self.writeline("))")
        if frame.require_output_check:
            self.outdent()

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Frame) -> None:
        """`event.title` as Python's own getattr, falling back to Jinja's (an item, or undefined)
        only when the object has no such attribute: the same value, without a method call for
        each of the ~200 attributes a page reads. The preview's environment records each read
        in its getattr (incremental/dependencies.py): its templates keep Jinja's code."""
        if type(self.environment).getattr is not jinja2.Environment.getattr or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        held = self.temporary_identifier()  # the object, worked out once (it may be a call)
        self.write(f"(_a if (_a := getattr(({held} := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, _absent)) is not _absent else item_or_undefined(environment, {held}, "
                   f"{node.attr!r}))")

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


ABSENT = object()  # what getattr gives for an attribute the object lacks (Jinja's `missing` is a value some have)


def item_or_undefined(environment: jinja2.Environment, obj: Any, attribute: str) -> Any:
    """The rest of Jinja's Environment.getattr, once the object has no such attribute: its item,
    or an undefined value."""
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        return environment.undefined(obj=obj, name=attribute)


class QuickMacro(Macro):
    """A macro as Jinja makes it, called straight to its function when the call is a plain one (some
    800,000 a build: `date(event.date)`, `badge('kind', event.kind)`, `citation(view, root,
    compact=true)`): arguments by position or by name, the ones not given `missing` (the macro's
    code puts in their defaults, as for Jinja's own calls). A macro that takes a caller, `varargs`
    or `kwargs`, or an argument it does not have, goes through Jinja's own call (and its errors)."""

    def __init__(self, environment: Any, func: Any, name: str, arguments: Any, catch_kwargs: bool,
                 catch_varargs: bool, caller: bool, default_autoescape: bool | None = None):
        super().__init__(environment, func, name, arguments, catch_kwargs, catch_varargs, caller, default_autoescape)
        self.__quick = not (catch_kwargs or catch_varargs or caller or self.explicit_caller or environment.is_async)

    def __repr__(self) -> str:
        return Macro.__repr__(self)  # what a template prints of a macro, as Jinja's: <Macro 'm'>

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        count = self._argument_count
        if not self.__quick or len(args) > count or (args and isinstance(args[0], EvalContext)):
            return super().__call__(*args, **kwargs)
        if len(args) < count:
            given = args
            args = (*given, *(kwargs.pop(name, missing) for name in self.arguments[len(given):]))
        if kwargs:
            return super().__call__(*args[:count], **kwargs)  # an argument it does not have: Jinja's error
        return Markup(self._func(*args)) if self._default_autoescape else self._func(*args)


QuickMacro.__name__ = QuickMacro.__qualname__ = "Macro"  # as a template or an error names it

_CALLED_STRAIGHT_AWAY = frozenset({Macro, QuickMacro, FunctionType, MethodType, BuiltinFunctionType})
_WISH = "jinja_pass_arg"  # the mark of a callable that Jinja must give the context (or the environment) first


class Context(jinja2.runtime.Context):
    """Jinja's context, calling macros and plain functions straight away (above). Whether a
    callable wishes for the context is a mark in its function's own attributes, asked of a
    method's function: asking a bound method for an attribute it lacks costs a raised and caught
    error (0.9 µs, some 3 million times a build); a macro or a builtin never has one."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own names
        kind = type(__obj)
        if kind is MethodType:
            function = __obj.__func__
            wishes = type(function) is not FunctionType or _WISH in function.__dict__
        elif kind is FunctionType:
            wishes = _WISH in __obj.__dict__
        else:
            wishes = kind is not QuickMacro and kind is not Macro and kind is not BuiltinFunctionType
        if wishes:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration "
                                                "exception")
