"""A project's own templates, which show what the shipped ones do not: after every edit, the
preview's rebuild is byte for byte what a build from nothing gives, because what each page reads
is recorded while it renders rather than listed by hand."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO, copy_project, tree
from defections.incremental.rebuild import Rebuilder
from defections.pipeline import build
from defections.preview.loop import after_the_reload

OMAR, AMINA = "content/people/omar-haddad.yaml", "content/people/amina-saleh.yaml"
JOINT = "content/events/joint-statement.yaml"

# Each person's page names the people they share an event with, and their positions; each event
# on the timeline shows its people's positions and summaries, and where they went, through the
# filters that read attributes; each person in the index shows their summary.
WITH_THE_OTHERS = """
  <p class="with">With: {% for event in views.events_of(person) %}{% for other in views.people_of(event) %}{% if other.id != person.id %}{{ other.name }} ({{ other.position }}); {% endif %}{% endfor %}{% endfor %}</p>
  <p class="first-sources">{% for event in views.events_of(person) %}{{ views.citation(event.sources[0]).article.publisher }} {{ event['title'] }}; {% endfor %}</p>
"""
IN_THE_ENTRY = """
  <p class="positions">{{ views.people_of(event) | map(attribute="position") | join(" / ") }}</p>
  <p class="summaries">{{ views.people_of(event) | map(attribute="summary") | select | join(" / ") }}</p>
  <p class="where">{{ event | attr("destination") }}</p>
"""


def own_templates(project) -> None:
    replace("templates/person.html", '<h1 dir="auto">{{ text(person, \'name\') }}</h1>',
            '<h1 dir="auto">{{ text(person, \'name\') }}</h1>' + WITH_THE_OTHERS)(project)
    replace("templates/event_entry.html", '{{ text(event, \'title\') }}</a></h3>',
            '{{ text(event, \'title\') }}</a></h3>' + IN_THE_ENTRY)(project)
    replace("templates/person_entry.html", '<span class="position"',
            '<span class="summary">{{ person.summary or "" }}</span><span class="position"')(project)


def replace(relative: str, old: str, new: str):
    def edit(project):
        text = project.read(relative)
        assert old in text, (relative, old)
        project.write(relative, text.replace(old, new, 1))
    return edit


EDITS = [
    ("an event the two people share", lambda p: p.write(JOINT, "date: 2012-04\ntitle: A joint statement\nkind: other\n"
                                                            "status: reported\npeople: [omar-haddad, amina-saleh]\n"
                                                            "sources:\n  - article: beta\n    quote: Another line that nobody cites.\n")),
    ("one of them renamed", replace(AMINA, "name: Amina Saleh", "name: Amina al-Saleh")),
    ("her position, shown only by the project's templates", replace(AMINA, "position: Colonel", "position: Brigadier")),
    ("a summary, shown only in the project's entries", lambda p: p.write(AMINA, p.read(AMINA) + "summary: Once a colonel.\n")),
    ("the publisher of an article", replace("content/articles/beta.yaml", "publisher: Example Wire", "publisher: Other Wire")),
    ("the title of an article", replace("content/articles/alpha.yaml", "Officials break ranks <b>now</b>", "Officials break ranks")),
    ("a seed's lines moved", replace("seeds/beta.txt", "A general was dismissed", "A new first line.\nA general was dismissed")),
    ("a destination, read by the attr filter", replace("content/events/omar-haddad-defects.yaml", "destination: NO", "destination: Jordan")),
    ("the project's template edited", replace("templates/person.html", "With: ", "Alongside: ")),
    ("the site's settings", replace("content/site.yaml", "title: Fixture timeline", "title: A timeline")),
    ("the site's address", replace("content/site.yaml", "https://example.github.io/some-repo/", "https://example.org/")),
    ("an event's date", replace(JOINT, "date: 2012-04", "date: 2011-01-05")),
    ("a new person on the shared event", lambda p: (p.write("content/people/third-person.yaml",
                                                            "name: Third Person\nposition: Envoy\nbranch: diplomatic\n"),
                                                    p.write(JOINT, p.read(JOINT).replace("amina-saleh]", "amina-saleh, third-person]")))),
    ("the shared event removed", lambda p: p.remove(JOINT)),
    ("the new person removed", lambda p: p.remove("content/people/third-person.yaml")),
]


@pytest.fixture
def own(project):
    own_templates(project)
    return project


@pytest.mark.parametrize("told", [False, True], ids=["files compared", "watcher names the files"])
def test_pages_of_a_projects_own_templates_follow_every_edit(own, tmp_path, told):
    rebuilder = Rebuilder(own.root, own.site)
    assert rebuilder.build().ok
    for number, (what, edit) in enumerate(EDITS):
        own.touched.clear()
        edit(own)
        rebuilt = rebuilder.build(changed=set(own.touched) if told else None, defer=after_the_reload)
        assert rebuilt.ok, (what, [p.format() for p in rebuilt.problems])
        rebuilder.build(changed=set())  # the data files the preview brings up to date just after the reload
        fresh = tmp_path / f"fresh-{number}"
        assert build(own.root, fresh).ok
        assert tree(own.site) == tree(fresh), what


def test_the_shared_event_shows_the_new_name_on_the_other_persons_page(own):
    """The case the hand-kept page plan got wrong: Omar's page names Amina, who is renamed."""
    rebuilder = Rebuilder(own.root, own.site)
    assert rebuilder.build().ok
    EDITS[0][1](own)
    assert rebuilder.build().ok
    assert "With: Amina Saleh (Colonel); " in own.read("site/people/omar-haddad/index.html")
    replace(AMINA, "name: Amina Saleh", "name: Amina al-Saleh")(own)
    rebuilt = rebuilder.build(changed={AMINA})
    assert "people/omar-haddad/index.html" in rebuilt.written
    assert "With: Amina al-Saleh (Colonel); " in own.read("site/people/omar-haddad/index.html")


def test_only_the_pages_that_read_a_change_are_rendered(own):
    """Recorded reads are exact: a field only the person's own page shows renders that page alone
    (the data exports follow after the reload), and one the project's entries show renders the
    lists that hold them too."""
    rebuilder = Rebuilder(own.root, own.site)
    assert rebuilder.build().ok
    replace(OMAR, "wikidata: Q4115189", "wikidata: Q42")(own)
    rebuilt = rebuilder.build(changed={OMAR}, defer=after_the_reload)
    assert rebuilt.written == ["people/omar-haddad/index.html"] and rebuilt.rendered == 1 and rebuilt.deferred
    own.write(AMINA, own.read(AMINA) + "summary: Once a colonel.\n")
    rebuilt = rebuilder.build(changed={AMINA}, defer=after_the_reload)
    assert set(rebuilt.written) == {"timeline/2011/index.html", "timeline/2012/index.html", "people/index.html",
                                    "people/amina-saleh/index.html"}


MENU = [edit for _, edit in EDITS[:8]] + [
    replace(OMAR, "position: Deputy minister", "position: Minister"),
    replace("content/events/general-dismissed.yaml", "status: confirmed", "status: reported"),
    replace("content/pages/about.md", "title:", "title: All"),
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.integers(0, len(MENU) - 1), min_size=1, max_size=5, unique=True))
def test_any_sequence_of_edits_rebuilds_as_a_build_from_nothing(tmp_path_factory, steps):
    root = tmp_path_factory.mktemp("own")
    project = copy_project(FIXTURE, root / "project")
    own_templates(project)
    rebuilder = Rebuilder(project.root, project.site)
    assert rebuilder.build().ok
    for step in steps:
        try:
            MENU[step](project)
        except AssertionError:  # an edit that needs an earlier one
            continue
        assert rebuilder.build().ok
    assert build(project.root, root / "fresh").ok
    assert tree(project.site) == tree(root / "fresh")


# --- Templates that read in unusual ways: each case sets the project's templates up, builds,
# makes one change, and compares the preview's site with a build from nothing.

PERSON_PAGE, HEADING = "templates/person.html", '<h1 dir="auto">{{ text(person, \'name\') }}</h1>'


def write(relative: str, text: str):
    return lambda project: project.write(relative, text)


def after_heading(more: str):
    return replace(PERSON_PAGE, HEADING, HEADING + more)


UNUSUAL = {
    "a template included if it exists, then added": (
        [after_heading("{% include 'extra.html' ignore missing %}")], write("templates/extra.html", "<p>Extra</p>")),
    "the first template of a list that exists, then one before it added": (
        [after_heading("{% include ['mine.html', 'fallback.html'] %}"), write("templates/fallback.html", "<p>Fallback</p>")],
        write("templates/mine.html", "<p>Mine</p>")),
    "an asset written into the page, then edited": (
        [after_heading("<style>{% include 'assets/style.css' %}</style>")],
        lambda p: p.write("templates/assets/style.css", p.read("templates/assets/style.css") + "\n/* new */\n")),
    "records printed whole, then one changed": (
        [after_heading("<pre>{{ views.events_of(person) | pprint }}</pre><p>{{ person }}</p>")],
        replace("content/events/omar-haddad-defects.yaml", "destination: NO", "destination: Jordan")),
    "a person's events as entries of their page, then the entries' template edited": (
        [after_heading('<ul>{{ entries("mine.html", views.events_of(person)) }}</ul>'),
         write("templates/mine.html", "<li>{{ subject.title }}</li>")],
        write("templates/mine.html", "<li>{{ subject.title }} ({{ subject.status }})</li>")),
    "people and articles with the same id in one kind of entry, then one renamed": (
        [write("content/people/beta.yaml", "name: Beta Person\nposition: Envoy\nbranch: diplomatic\n"),
         replace("templates/sources.html", "{% if index.years %}",
                 '<ul>{{ entries("card.html", views.people()) }}{{ entries("card.html", views.articles()) }}</ul>'
                 "{% if index.years %}"),
         write("templates/card.html", "<li>{{ subject.id }}: {{ subject.name if subject.name is defined else subject.title }}</li>")],
        replace("content/people/beta.yaml", "name: Beta Person", "name: Beta Envoy")),
    "a layout that never reads the site's address, then the address changed": (
        [replace("templates/base.html", '{% if site.base_url %}<link rel="alternate"', '{% if false %}<link rel="alternate"'),
         replace("templates/base.html", "{% if site.base_url %}{{ comma }}<a href", "{% if false %}{{ comma }}<a href"),
         replace("templates/base.html", "{% set canonical = views.absolute(address) if here != urls.NOT_FOUND else none %}",
                 "{% set canonical = none %}")],
        replace("content/site.yaml", "https://example.github.io/some-repo/", "https://example.github.io/other-repo/")),
    "a Markdown page's body, then edited": (
        [], lambda p: p.write("content/pages/about.md", p.read("content/pages/about.md") + "\nOne more line.\n")),
}


@pytest.mark.parametrize("case", UNUSUAL, ids=list(UNUSUAL))
@pytest.mark.parametrize("processes", [1, 2], ids=["one process", "shared out"])
def test_templates_that_read_in_unusual_ways_follow_the_edits_too(project, tmp_path, monkeypatch, case, processes):
    import defections.render.renderer as renderer

    monkeypatch.setattr(renderer, "PARALLEL_FROM", 1)  # with 2 processes, even this small site is shared out
    setup, edit = UNUSUAL[case]
    for step in setup:
        step(project)
    rebuilder = Rebuilder(project.root, project.site, processes=processes)
    assert rebuilder.build().ok
    project.touched.clear()
    edit(project)
    for told in (set(project.touched), None):  # the change named, then everything compared
        rebuilt = rebuilder.build(changed=told)
        assert rebuilt.ok, [p.format() for p in rebuilt.problems]
    assert build(project.root, tmp_path / "fresh").ok
    assert tree(project.site) == tree(tmp_path / "fresh")


def test_what_a_failed_render_made_is_not_shown_later(project, tmp_path):
    """An edit saved while a template has a mistake that shows only as it renders: the entries
    that build rendered with the edit must not reach the site once the edit is undone."""
    rebuilder = Rebuilder(project.root, project.site)
    assert rebuilder.build().ok
    event = "content/events/omar-haddad-defects.yaml"
    replace(event, "title: Deputy minister defects", "title: Deputy minister DEFECTS")(project)
    after_heading("{{ no_such_variable }}")(project)
    failed = rebuilder.build(changed={event, PERSON_PAGE})
    assert [p.format() for p in failed.problems if p.severity == "error"] == [
        "templates/person.html:9:1: error: template error: 'no_such_variable' is undefined"]
    replace(event, "title: Deputy minister DEFECTS", "title: Deputy minister defects")(project)
    replace(PERSON_PAGE, "{{ no_such_variable }}", "")(project)
    replace("content/site.yaml", "title: Fixture timeline", "title: A timeline")(project)
    assert rebuilder.build(changed={event, PERSON_PAGE, "content/site.yaml"}).ok
    assert build(project.root, tmp_path / "fresh").ok
    assert tree(project.site) == tree(tmp_path / "fresh")
    assert "DEFECTS" not in project.read("site/index.html")


def test_a_mistake_in_a_run_of_text_and_values_is_named_at_its_own_line(project, tmp_path):
    """The pages' text and values between two tags are put out as one piece: a mistake on the
    third line of such a run is still reported at that line."""
    after_heading("\n<p>{{ person.name }}</p>\n<p>{{ person.name }} {{ person.no_such.field }}</p>")(project)
    built = build(project.root, tmp_path / "site")
    assert [p.format() for p in built.problems if p.severity == "error"] == [
        "templates/person.html:11:1: error: template error: 'defections.content.model.Person object' has no attribute 'no_such'"]


def test_templates_written_for_the_first_version_get_a_clear_message(project):
    """`entries()` took a key function once: such a template is told what to change, at its line."""
    replace("templates/timeline.html", '{{ entries("event_entry.html", month.events) }}',
            '{{ entries("event_entry.html", month.events, views.event_key) }}')(project)
    result = project.build()
    assert result.code == 1 and "Traceback" not in result.err
    error = next(line for line in result.lines if ": error: " in line)  # after the fixture's warnings, if any
    assert error.startswith("templates/timeline.html:")
    assert "views.event_key is no longer needed" in error and "CHANGELOG.md" in error


# --- What the compiled templates do differently, a project's own templates cannot tell ---------------

REPO_TEMPLATES = REPO / "templates"
MACRO_CALLS = {
    "positional": "{% macro m(a, b) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m(1, '<2>') }}",
    "a default left out": "{% macro m(a, b='x', c=none) %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}{{ m(1) }}",
    "by name": "{% macro m(a, b='x', c=3) %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}{{ m(1, c=true) }}{{ m(a=2) }}",
    "kwargs": "{% macro m(a) %}[{{ a }}{{ kwargs }}]{% endmacro %}{{ m(1, z=2) }}",
    "varargs": "{% macro m(a) %}[{{ a }}{{ varargs }}]{% endmacro %}{{ m(1, 2, 3) }}",
    "a caller": "{% macro m(a) %}[{{ caller() }}{{ a }}]{% endmacro %}{% call m(1) %}<b>in</b>{% endcall %}",
    "an attribute or an item": "{% set d = {'k': 'v', 'items': 'mine'} %}{{ d.k }} {{ d.items is callable }} "
                               "{{ site.title }} {{ d.nothing is defined }}",
    "an attribute of a call": "{{ ('a b'.split()).count('a') }} {{ 'x'.upper().lower() }} {{ site.title.upper() }}",
    "an item of a call, called once": "{% set l = [{'a': 1}, {'a': 2}] %}{{ l.pop().a }}|{{ l | length }}",
    "a cycler's items": "{% set c = cycler({'k': 1}, {'k': 2}, {'k': 3}) %}{{ c.next().k }}{{ c.next().k }}",
    "a deep chain of items": "{% set d = " + "{'k': " * 20 + "'end'" + "}" * 20 + " %}{{ d" + ".k" * 20 + " }}",
    "a macro printed": "{% macro m(a) %}{% endmacro %}{{ m }} {{ m | string }} {{ m.name }} {{ m.arguments }}",
}
MACRO_MISTAKES = {
    "an argument it does not have": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, b=2) }}",
    "too many arguments": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",
    "an argument twice": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, a=2) }}",
    "an undefined attribute": "{{ site.nothing.deeper }}",
}


@pytest.mark.parametrize("source", MACRO_CALLS.values(), ids=list(MACRO_CALLS))
def test_macros_and_attributes_give_what_jinja_gives(source):
    import jinja2

    from defections.render.templates import environment

    ours, jinjas = environment(REPO_TEMPLATES), jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    site = {"title": "A <site>"}
    assert ours.from_string(source).render(site=site) == jinjas.from_string(source).render(site=site)


@pytest.mark.parametrize("source", MACRO_MISTAKES.values(), ids=list(MACRO_MISTAKES))
def test_a_macro_called_wrongly_fails_as_jinja_says(source):
    import jinja2

    from defections.render.templates import environment

    ours, jinjas = environment(REPO_TEMPLATES), jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    with pytest.raises(Exception) as jinja_error:
        jinjas.from_string(source).render(site={"title": "t"})
    with pytest.raises(type(jinja_error.value)) as our_error:
        ours.from_string(source).render(site={"title": "t"})
    assert str(our_error.value) == str(jinja_error.value)
