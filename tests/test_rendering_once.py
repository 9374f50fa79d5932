"""What a build from nothing does once instead of page by page (issue 22) gives the very pages
doing it every time gives: the pieces of templates kept by `{% cached %}`, values escaped into
plain strings, the whole values made once (reuse.OneBuild), and the order pages are rendered in."""

from __future__ import annotations

import re
from itertools import count

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from conftest import REPO, soup
from defections.pipeline import build
from defections.render import fragments
from defections.render.compiled import PlainTextOutput, escaped_text
from defections.render.pages import plan, render_order
from defections.render.templates import environment
from defections.reuse import FROM_NOTHING, OneBuild


def _env(tmp_path, templates: dict[str, str], keep: bool) -> jinja2.Environment:
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = environment(tmp_path)
    env.kept_fragments = {} if keep else None
    made = count(1)
    env.globals["made"] = lambda: next(made)
    return env


def test_a_cached_piece_is_rendered_once_per_key_in_a_build_and_every_time_in_the_preview(tmp_path):
    page = ("{% for x in items %}{% cached x %}[{{ x }} {{ made() }}]{% endcached %}{% endfor %}"
            "|{% for x in items %}{% cached x %}<{{ x }} {{ made() }}>{% endcached %}{% endfor %}")
    kept = _env(tmp_path, {"page.html": page}, keep=True).get_template("page.html").render(items=["a", "b", "a"])
    assert kept == "[a 1][b 2][a 1]|<a 3><b 4><a 3>"  # the same key in another place is another piece
    every_time = _env(tmp_path, {"page.html": page}, keep=False).get_template("page.html").render(items=["a", "b", "a"])
    assert every_time == "[a 1][b 2][a 3]|<a 4><b 5><a 6>"


def test_a_cached_piece_takes_a_key_of_several_values_and_escapes_what_it_prints(tmp_path):
    env = _env(tmp_path, {"page.html": "{% for x, y in pairs %}{% cached x, y %}{{ x }}{{ y }}{{ made() }} "
                                        "{% endcached %}{% endfor %}"}, keep=True)
    assert env.get_template("page.html").render(pairs=[("a", "<"), ("a", ">"), ("a", "<")]) == \
        "a&lt;1 a&gt;2 a&lt;1 "


def test_only_the_last_pieces_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(fragments, "KEPT_AT_MOST", 2)
    env = _env(tmp_path, {"page.html": "{% for x in items %}{% cached x %}{{ made() }}{% endcached %} "
                                       "{% endfor %}"}, keep=True)
    assert env.get_template("page.html").render(items="abcab") == "1 2 3 4 5 "  # a was let go when c came
    assert len(env.kept_fragments) == 2


def test_a_missing_endcached_is_a_template_error_with_its_line(tmp_path):
    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        _env(tmp_path, {"page.html": "\n{% cached x %}never closed"}, keep=True).get_template("page.html")
    assert "endcached" in str(error.value)


VALUES = st.one_of(st.text(), st.text(alphabet="<>&'\"a é\u0627"), st.integers(), st.floats(allow_nan=False),
                   st.none(), st.booleans(), st.text().map(Markup))


@given(VALUES)
def test_a_value_is_escaped_as_markupsafe_escapes_it(value):
    assert escaped_text(value) == str(escape(value))


def test_an_object_that_gives_its_own_html_is_printed_as_it_gives_it():
    class Safe:
        def __html__(self):
            return "<b>bold</b>"

    assert escaped_text(Safe()) == "<b>bold</b>"


def test_templates_print_the_same_text_as_jinjas_own_code(tmp_path):
    template = ('{% macro m(v) %}<i title="{{ v }}">{{ v }}</i>{% endmacro %}{% set block %}{{ "<&>" }}{% endset %}'
                '{{ m("a\'b") }} {{ x }} {{ y }} {{ block }} {{ x ~ y }} {{ z }} {{ n }}')
    values = dict(x="<script>&'\"", y=Markup("<em>kept</em>"), z=None, n=3.5)
    ours = environment(tmp_path)
    assert ours.code_generator_class is PlainTextOutput
    jinjas = jinja2.Environment(autoescape=True)
    assert ours.from_string(template).render(values) == jinjas.from_string(template).render(values)


def test_calls_in_templates_give_what_jinjas_own_calls_give(tmp_path):
    """Macros and plain functions are called straight away; a function that asks for the context
    still gets it, and one that raises StopIteration still gives an undefined value."""
    @jinja2.pass_context
    def where(context, suffix):
        return context["name"] + suffix

    def stops():
        raise StopIteration

    class Views:
        def shout(self, text):
            return text.upper()

    template = ('{% macro m(x, y=2) %}{{ x }}-{{ y }}{% endmacro %}{{ m(1) }} {{ m(1, y=3) }} {{ where("!") }} '
                '{{ views.shout("a") }} {{ "%s" | format(len("abc")) }} {% for i in [1] %}{{ m(i) }}{% endfor %} '
                '[{{ stops() }}]')
    values = dict(where=where, stops=stops, views=Views(), len=len, name="n")
    ours = environment(tmp_path)
    ours.undefined = jinja2.Undefined  # as Jinja's own: printed as nothing
    jinjas = jinja2.Environment(autoescape=True)
    assert ours.from_string(template).render(values) == jinjas.from_string(template).render(values) == \
        "1-2 1-3 n! A 3 1-2 []"


def test_a_build_makes_each_whole_value_once_while_its_inputs_are_the_same_objects():
    reuse, made = OneBuild(), []
    events, other = {"a": 1}, {"a": 1}
    first = reuse.whole("total", (events,), lambda: made.append("x") or [1])
    assert reuse.whole("total", (events,), lambda: made.append("x") or [1]) is first
    assert made == ["x"]
    reuse.whole("total", (other,), lambda: made.append("y") or [1])  # equal, but not the very object
    assert made == ["x", "y"]
    assert FROM_NOTHING.whole("total", (events,), lambda: 2) == 2


def test_a_build_keeps_each_records_values_only_while_something_holds_them():
    """What every page asks for (a whole value made from per-record values) is made once; the
    lines of a data file, which no other file asks for, are not kept once the file is made."""
    import gc

    reuse, made = OneBuild(), []
    people = {"a": 1, "b": 2}

    def key(value):
        made.append(value)
        return -value

    keys = reuse.each("keys", people, key)
    made_in_order = sorted(keys.values())
    order = reuse.whole("order", (keys,), lambda: made_in_order)
    del keys
    gc.collect()
    again = reuse.each("keys", people, key)  # the whole value made from them holds them
    assert reuse.whole("order", (again,), lambda: ["made again"]) is order
    assert made == [1, 2]

    lines = reuse.each("lines", people, key)
    assert reuse.each("lines", people, key) is lines  # while a file is being made of them
    del lines, again
    gc.collect()
    reuse.each("lines", people, key)  # nothing held them: made again
    assert made == [1, 2, 1, 2, 1, 2]


def test_each_persons_page_is_rendered_just_before_their_events_pages(built_sample):
    from defections.content.validate import check

    content, _ = check(built_sample.root)
    outputs = list(plan(content).values())
    ordered = render_order(outputs, content)
    assert sorted(o.path for o in ordered) == sorted(o.path for o in outputs)  # every file once
    positions = {o.path: i for i, o in enumerate(ordered)}
    for output in ordered:
        if output.about and output.about[0] == "event":
            event = content.events[output.about[1]]
            first_person = next((o for o in ordered if o.about and o.about[0] == "person"
                                 and o.about[1] in event.people and o.language == output.language), None)
            if first_person is not None:
                between = ordered[positions[first_person.path] + 1:positions[output.path]]
                assert all(o.about and o.about[0] == "event" for o in between), output.path


def test_a_citation_shown_on_several_pages_reads_the_same_on_each(built_sample):
    """The cached piece is the citation itself: the person's page and the event's page show the
    same words, links and credit for the same quote."""
    person = soup((built_sample.site / "people" / "nawaf-fares" / "index.html").read_text(encoding="utf-8"))
    event_pages = [soup(p.read_text(encoding="utf-8")) for p in (built_sample.site / "events").glob("*/index.html")]
    shown = {str(figure) for figure in person.select("li article.event figure.citation")}
    assert shown
    elsewhere = {str(figure) for page in event_pages for figure in page.select("figure.citation")}
    assert shown <= elsewhere


def test_a_failed_template_in_a_cached_piece_is_reported_at_its_line(project):
    (project.root / "templates").mkdir(exist_ok=True)
    for path in (REPO / "templates").glob("*.html"):
        (project.root / "templates" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    macros = project.root / "templates" / "macros.html"
    text = macros.read_text(encoding="utf-8")
    macros.write_text(text.replace("{% cached view.source, root, compact %}\n",
                                   "{% cached view.source, root, compact %}\n{{ view.nothing_here() }}", 1),
                      encoding="utf-8")
    built = build(project.root, project.site)
    assert not built.ok
    failed = [p for p in built.problems if "nothing_here" in p.message]
    line = next(n for n, text in enumerate(macros.read_text(encoding="utf-8").splitlines(), 1) if "nothing_here" in text)
    assert [(p.path, p.line) for p in failed] == [("templates/macros.html", line)]


def test_checks_done_alongside_the_models_find_what_they_find_done_one_after_the_other(tmp_path, monkeypatch):
    """In a large build from nothing, the checks that only find problems run in another process
    while this one makes the models: the problems are the same, errors and warnings alike."""
    import sys

    from defections import parallel
    from defections.content.validate import PARSE_ON_EVERY_CORE_FROM, check

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(tmp_path / "big", 700)  # 700 people and 1,400 events: past PARSE_ON_EVERY_CORE_FROM records
    assert PARSE_ON_EVERY_CORE_FROM <= 2100
    events = sorted((tmp_path / "big" / "content" / "events").glob("*.yaml"))
    events[3].write_text(events[3].read_text(encoding="utf-8").replace("people:\n", "people:\n  - nobody-here\n", 1),
                         encoding="utf-8")
    people = sorted((tmp_path / "big" / "content" / "people").glob("*.yaml"))
    people[5].write_text(re.sub(r"(?m)^summary: .*$", "summary: Fled <script>x</script> to Jordan.",
                                people[5].read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forked = []
    real_fork = parallel._fork_one
    monkeypatch.setattr(parallel, "_fork_one", lambda work: forked.append(work) or real_fork(work))
    _, alongside = check(tmp_path / "big")
    assert forked  # the checks went to another process (1,400 events are too few to parse on every core)
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    _, in_turn = check(tmp_path / "big")
    assert alongside == in_turn
    messages = [p.message for p in in_turn]
    assert any("there is no person 'nobody-here'" in m for m in messages)
    assert any("<script>" in m for m in messages)


def test_keys_of_different_types_are_different_pieces_and_a_key_that_cannot_be_one_fails_everywhere(tmp_path):
    page = "{% for x in items %}{% cached x %}{{ x }}{% endcached %} {% endfor %}"
    for keep in (True, False):
        env = _env(tmp_path, {"page.html": page}, keep=keep)
        assert env.get_template("page.html").render(items=[1, True, 1.0]) == "1 True 1.0 "
        with pytest.raises(TypeError):
            env.get_template("page.html").render(items=[[1]])  # a list is no key, in the preview as in a build


class _Strange:
    def __str__(self):
        return Markup("<b>")


class _OddHtml:
    def __html__(self):
        return 42


@pytest.mark.parametrize("value", [_Strange(), _OddHtml(), Markup("<i>kept</i>"), 3, None, "<&>"])
def test_a_strange_value_is_escaped_as_markupsafe_escapes_it(value):
    assert str(escaped_text(value)) == str(escape(value))


def test_work_alongside_gives_its_result_or_raises_what_it_raised(monkeypatch):
    from defections import parallel

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with parallel.Alongside(lambda: sum(range(10))) as done:
        assert done.result() == 45
    with parallel.Alongside(lambda: 1 / 0) as failed, pytest.raises(ZeroDivisionError):
        failed.result()


def test_leaving_before_the_result_stops_the_work_alongside(monkeypatch):
    import os
    import time

    from defections import parallel

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with pytest.raises(RuntimeError), parallel.Alongside(lambda: time.sleep(60)) as slow:
        pid = slow._child[0]
        raise RuntimeError("the build stopped")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone, and reaped: no process is left behind
