"""The templates: where they are, and the Jinja environment that renders them."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import urls
from ..catalogs import SOURCE_LANGUAGE
from ..content.evidence import rule
from ..content.model import Article, Site
from ..errors import Diagnostic
from ..schema import BRANCHES, KINDS, STATUSES
from .compiled import Context, PlainTextOutput
from .fragments import Cached
from .localised import Localised, direction_of, quote_translation
from .markup import Markdown, jsonld

ASSETS = "assets"  # the folder of the templates that is copied to the site as it is


def theme_dir(root: Path) -> Path:
    """The project's own templates/, or the ones installed with the package."""
    package = Path(__file__).resolve().parent.parent
    candidates = (root / "templates", package / "theme", package.parent / "templates")  # own, wheel, checkout
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])


def environment(templates: Path, kind: type[jinja2.Environment] = jinja2.Environment,
                language: Localised | None = None) -> jinja2.Environment:
    """Every template autoescaped, whatever its name; a missing variable is an error, not a blank.
    `kind` is the environment's class (the preview's records what templates read); `language` the
    one its pages are in (English, the templates' own, without one): its words through gettext
    (`_()`, `ngettext()`, `{% trans %}`), its dates and numbers, and the records' texts in it."""
    env = kind(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; the preview makes a new environment when one changes
        extensions=[Cached, "jinja2.ext.i18n"],
    )
    language = language if language is not None else Localised(SOURCE_LANGUAGE, Site("", None, None, "en", "ar"))
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    env.code_generator_class = PlainTextOutput  # before any template is compiled
    env.context_class = Context
    env.filters["markdown"] = Markdown()
    env.filters["jsonld"] = jsonld
    env.filters["number"] = language.number
    env.filters["shorten"] = shorten
    env.globals.update(person_url=urls.person_url, source_url=urls.source_url, event_url=urls.event_url,
                       page_url=urls.page_url, status_url=urls.status_url, timeline_url=urls.timeline_url,
                       status_rule=rule, urls=urls, language=language, date_text=language.date,
                       comma=language.comma, link_label=language.label, who=language.who, direction=direction_of,
                       bdi=bdi, **Speaking(env, language).globals())
    env.make_globals = _globals_of(env)  # type: ignore[method-assign,assignment]
    return env


def _globals_of(env: jinja2.Environment) -> Callable[[Any], dict]:
    """A template's globals as one dict (Jinja's own is a ChainMap over the environment's, which
    every render copies key by key, through the chain): all of them are set before any template
    is loaded, and none changes afterwards."""
    def make_globals(own: Any) -> dict:
        return {**env.globals, **(own or {})}
    return make_globals


# Which vocabulary a value is of, for `_(value)` in a project's own templates written before values
# were translated by their vocabulary (`pgettext('kind', value)`): "other" is taken for a kind's.
_VOCABULARY = {value: name for name, values in (("status", STATUSES), ("branch", BRANCHES), ("kind", KINDS))
               for value in values}


class Speaking:
    """What templates call to speak a page's language, bound to its environment: plain functions,
    which the templates call straight away (compiled.Context), where Jinja's own gettext asks
    for the context three times a word. Newstyle gettext as Jinja's i18n extension does it: the
    word translated, as Markup (templates are autoescaped), with its %(name)s filled in, each
    value escaped."""

    def __init__(self, env: jinja2.Environment, language: Localised):
        self.env, self.language = env, language
        self._words: dict[str, Markup] = {}
        self._as_written = language.default  # its pages show the records' own fields

    def gettext(self, message: str, **variables: Any) -> Markup:
        word = self._words.get(message)
        if word is None:
            said = self.language.gettext(message)
            if said == message and message in _VOCABULARY:  # `_(event.kind)`, from templates older than pgettext
                said = self.language.pgettext(_VOCABULARY[message], message)
            word = self._words[message] = Markup(said)
        return word % variables if variables or "%" in word else word

    def pgettext(self, context: str, message: str) -> Markup:
        """A vocabulary's value in the page's language, by the vocabulary's name: pgettext("kind", "other")."""
        key = f"{context}\x04{message}"
        word = self._words.get(key)
        if word is None:
            word = self._words[key] = Markup(self.language.pgettext(context, message))
        return word

    def ngettext(self, singular: str, plural: str, count: int, **variables: Any) -> Markup:
        variables.setdefault("num", count)
        return Markup(self.language.ngettext(singular, plural, count)) % variables

    def plurals(self, singular: str, plural: str) -> list[tuple[str, Markup]]:
        """A count's words in each of the language's plural categories (CLDR's: 'one' and 'other'
        in English; 'zero', 'one', 'two', 'few', 'many' and 'other' in Arabic), for a script that
        counts on the page (Intl.PluralRules picks the category): each with its `{count}` left in."""
        return [(category, Markup(self.language.ngettext(singular, plural, example)))
                for category, example in self.language.plural_examples]

    def text(self, record: object, field: str) -> Markup:
        """A record's text field in the page's language, or in the site's first, marked as such."""
        if self._as_written and field != "name" and type(record) is not Article:  # the field itself, escaped
            return escape(self.env.getattr(record, field) or "")
        value, written_in = self.language.text_of(self.env, record, field)
        return self.language.marked(value or "", written_in)

    def plain(self, record: object, field: str) -> str:
        """text(), unmarked: for a <title>, a description, an attribute."""
        return self.language.text_of(self.env, record, field)[0] or ""

    def prose(self, record: object, field: str) -> Markup:
        """A record's Markdown field (a summary, a page's body) in the page's language, as HTML."""
        value, written_in = self.language.text_of(self.env, record, field)
        return self.language.marked_block(self.env.filters["markdown"](value), written_in)

    def names(self, people: list) -> Markup:
        """People's names in the page's language, each isolated, as a list: 'A, B'."""
        return Markup(self.language.comma).join(bdi(self.text(person, "name")) for person in people)

    def translated_quote(self, view: Any) -> str | None:
        """A quote's translation into the page's language, when its article is in another and the
        citation gives one (views.CitationView)."""
        return quote_translation(view.source, view.article, self.language.tag)

    def status_rule_text(self, status: str) -> str:
        """What a status takes, in the page's language (evidence.rule's words)."""
        return rule(status, self.language.gettext, self.language.ngettext)

    def globals(self) -> dict[str, Any]:
        return {"_": self.gettext, "gettext": self.gettext, "ngettext": self.ngettext, "pgettext": self.pgettext,
                "plurals": self.plurals, "text": self.text,
                "plain": self.plain, "prose": self.prose, "names": self.names,
                "translated_quote": self.translated_quote, "status_rule_text": self.status_rule_text}


def bdi(text: str) -> Markup:
    """A text isolated from what is around it (a name, a place: either direction, in any page)."""
    return Markup("<bdi>{}</bdi>").format(text)


def shorten(text: str, limit: int = 60) -> str:
    """The text cut at a word before `limit` characters, with one ellipsis where it was cut (never
    two, when the text itself ends with one)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" .,;:…") + "…"


class TemplateFailed(jinja2.TemplateError):
    """A template stopped with an error that is not Jinja's own (a TypeError, say): its problem,
    located at the line of the template where it happened (located())."""

    def __init__(self, problem: Diagnostic):
        super().__init__(problem.message)
        self.problem = problem

    def __reduce__(self) -> tuple:  # it travels from a process that renders to the one that reports
        return (TemplateFailed, (self.problem,))


def located(error: Exception, templates: Path) -> Diagnostic:
    """An error raised while a template rendered, at the innermost line of a template its
    traceback passes through (Jinja puts the templates' own lines in it)."""
    folders = {os.path.normpath(str(templates)), os.path.normpath(str(templates.resolve()))}
    words = f"{error}" if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: {error}"
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        for folder in folders:
            if frame.filename.startswith(folder + os.sep):
                name = Path(frame.filename[len(folder) + 1:]).as_posix()
                return Diagnostic(f"templates/{name}", frame.lineno or 1, 1, f"template error: {words}")
    return Diagnostic("templates", 1, 1, f"template error: {words}")


def template_problem(error: jinja2.TemplateError) -> Diagnostic:
    """A template's mistake, as a problem located in the template (its line, when Jinja knows it)."""
    if isinstance(error, TemplateFailed):
        return error.problem
    name = getattr(error, "name", None)
    path = f"templates/{name}" if name else "templates"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Diagnostic(path, error.lineno or 1, 1, f"template error: {error.message}")
    return Diagnostic(path, 1, 1, f"template error: {error}")


def assets(templates: Path) -> dict[str, bytes]:
    """The files of the templates' assets/ folder (CSS, scripts), by their path in the site."""
    folder = templates / ASSETS
    if not folder.is_dir():
        return {}
    return {f"{urls.ASSETS}{path.relative_to(folder).as_posix()}": path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
