"""Rebuilding after an edit: only what depends on the change is rendered and written, and the
result is byte for byte what a full build of the same content gives."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest

from conftest import LETTERS, tree, write_archive
from defections.incremental.rebuild import Rebuilder
from defections.pipeline import build
from defections.preview.loop import after_the_reload  # what the preview leaves to just after the reload
from defections.render import data, feeds, lookups
from defections.render.renderer import Renderer

PERSON = "content/people/omar-haddad.yaml"
AMINA = "content/people/amina-saleh.yaml"


def digests(site):
    return {path: hashlib.sha256(data).hexdigest() for path, data in tree(site).items()}


def full_build(project, tmp_path, name):
    """The site a build from nothing makes of the project as it is now (build.py's own path)."""
    out = tmp_path / f"full-{name}"
    result = build(project.root, out)
    assert result.ok, [p.format() for p in result.problems]
    return tree(out)


EDITS = [
    ("a person's summary", lambda p: p.write(PERSON, p.read(PERSON).replace("A deputy minister.", "A former deputy minister.")),
     {"people/omar-haddad/index.html", "data/people.json"}),
    ("a person's name", lambda p: p.write(PERSON, p.read(PERSON).replace("name: Omar Haddad", "name: Omar al-Haddad")),
     {"timeline/2012/index.html", "people/index.html", "people/omar-haddad/index.html", "sources/alpha/index.html",
      "events/omar-haddad-defects/index.html", "events/omar-haddad-denies/index.html",
      "data/people.json", "data/events.csv", "data/search.json", "feed.xml"}),
    ("a person's branch", lambda p: p.write(AMINA, p.read(AMINA).replace("branch: military", "branch: security")),
     {"timeline/2011/index.html", "timeline/2012/index.html", "people/index.html", "people/amina-saleh/index.html",
      "data/people.json", "data/events.csv"}),
    ("a new name that moves a person in the index", lambda p: p.write(AMINA, p.read(AMINA).replace("name: Amina Saleh", "name: Zaynab Saleh")),
     {"timeline/2011/index.html", "timeline/2012/index.html", "people/index.html", "people/amina-saleh/index.html",
      "sources/alpha/index.html", "events/amina-saleh-joins-opposition/index.html", "events/general-dismissed/index.html",
      "data/people.json", "data/events.csv", "data/search.json", "feed.xml"}),
    ("an event's status", lambda p: p.write("content/events/general-dismissed.yaml",
                                            p.read("content/events/general-dismissed.yaml").replace("confirmed", "reported")),
     {"index.html", "timeline/2011/index.html", "people/amina-saleh/index.html", "events/general-dismissed/index.html",
      "events/amina-saleh-joins-opposition/index.html",  # its related events show their status
      "data/events.json", "data/events.csv", "feed.xml"}),
    ("a new event", lambda p: p.write("content/events/amina-saleh-arrested.yaml",  # before 2013: beta is of 2012
                                      "date: ../2013\ntitle: Arrested\nkind: arrest\nstatus: reported\npeople: [amina-saleh]\n"
                                      "sources:\n  - article: beta\n    quote: Another line that nobody cites.\n"),
     {"index.html", "timeline/2012/index.html", "timeline/2013/index.html", "people/index.html",
      "people/amina-saleh/index.html", "events/amina-saleh-arrested/index.html",
      "events/amina-saleh-joins-opposition/index.html", "events/general-dismissed/index.html", "sources/index.html",
      "sources/beta/index.html", "data/people.json", "data/events.json", "data/events.csv", "data/anchors.json",
      "data/search.json", "feed.xml", "sitemap.xml"}),
    ("an article's title", lambda p: p.write("content/articles/beta.yaml",
                                             p.read("content/articles/beta.yaml").replace("Denials and dismissals", "Denials")),
     {"timeline/2011/index.html", "timeline/2012/index.html", "timeline/2013/index.html", "sources/index.html",
      "sources/beta/index.html", "people/omar-haddad/index.html", "people/amina-saleh/index.html",
      "events/amina-saleh-arrested/index.html", "events/amina-saleh-joins-opposition/index.html",
      "events/general-dismissed/index.html", "events/omar-haddad-denies/index.html", "data/events.json"}),
    ("a removed event", lambda p: p.remove("content/events/amina-saleh-arrested.yaml"),
     {"index.html", "timeline/2012/index.html", "people/index.html", "people/amina-saleh/index.html",
      "events/amina-saleh-joins-opposition/index.html", "events/general-dismissed/index.html", "sources/index.html",
      "sources/beta/index.html", "data/people.json", "data/events.json", "data/events.csv", "data/anchors.json",
      "data/search.json", "feed.xml", "sitemap.xml"}),
    ("a new page", lambda p: p.write("content/pages/help.md", "---\ntitle: Help\n---\nAsk us.\n"),
     None),  # the navigation changes on every page
    ("the stylesheet", lambda p: p.write("templates/assets/style.css", p.read("templates/assets/style.css") + "\nbody{}\n"),
     {"assets/style.css"}),
    ("an entry template", lambda p: p.write("templates/event_entry.html",
                                            p.read("templates/event_entry.html").replace("<h3 dir=\"auto\">", "<h3 class=\"t\" dir=\"auto\">")),
     {"timeline/2011/index.html", "timeline/2012/index.html"}),
    ("the person template", lambda p: p.write("templates/person.html",
                                              p.read("templates/person.html").replace("<h2 id=\"events\">{{ _(\"Events\") }}", "<h2 id=\"events\">What happened")),
     {"people/omar-haddad/index.html", "people/amina-saleh/index.html"}),
]


@pytest.mark.parametrize("told", [False, True], ids=["files compared", "watcher names the files"])
def test_each_edit_renders_only_what_depends_on_it_and_matches_a_full_build(project, tmp_path, told):
    builder = Rebuilder(project.root, project.site)
    first = builder.build()
    assert first.ok
    for number, (what, edit, expected) in enumerate(EDITS):
        project.touched.clear()
        edit(project)
        result = builder.build(changed=set(project.touched) if told else None)
        assert result.ok, (what, [p.format() for p in result.problems])
        if expected is not None:
            assert set(result.written) == expected, what
        assert tree(project.site) == full_build(project, tmp_path, number), what


def test_data_files_left_behind_are_made_by_the_next_build(project, tmp_path):
    """The preview writes the pages first and the data exports just after: in between the data
    files are those of the last build (never half-made), and then the site is a full build's."""
    builder = Rebuilder(project.root, project.site)
    assert builder.build().ok
    for number, (what, edit, expected) in enumerate(EDITS):
        before = tree(project.site)
        project.touched.clear()
        edit(project)
        first = builder.build(changed=set(project.touched), defer=after_the_reload)
        assert first.ok and not any(path.startswith("data/") for path in first.written), what
        builder.settle()  # after the reload: the digests of the pages written without hashing them
        assert builder.site.digests == digests(project.site), what
        assert {p: b for p, b in tree(project.site).items() if p.startswith("data/")} == \
               {p: b for p, b in before.items() if p.startswith("data/")}, what
        data_changes = expected is None or any(path.startswith("data/") for path in expected)
        assert first.deferred == data_changes or expected is None, what
        then = builder.build(changed=set())
        assert then.ok and not then.deferred
        if expected is not None:
            assert set(first.written) | set(then.written) == expected, what
            assert not set(first.written) & set(then.written), what  # nothing written twice
        assert tree(project.site) == full_build(project, tmp_path, number), what


def test_a_persons_edit_makes_again_only_their_parts_of_the_data_files(project, tmp_path, monkeypatch):
    """The data files are each every record: at 50,000 people, an edit to one person makes again
    that person's cells of events.csv and their events' lines of the search index, not every
    event's, and neither the old anchors nor the sitemap (no address changed)."""
    builder = Rebuilder(project.root, project.site)
    assert builder.build().ok
    made = Counter()
    for module, name in [(data, "_event_cells"), (data, "_person_cells"), (lookups, "_anchors"), (lookups, "_event"),
                         (lookups, "_person"), (feeds, "_sitemap")]:
        monkeypatch.setattr(module, name, counted(getattr(module, name), name, made))
    project.write(PERSON, project.read(PERSON).replace("name: Omar Haddad", "name: Omar al-Haddad"))
    assert builder.build(changed={PERSON}).ok
    assert made == {"_person_cells": 1, "_person": 1, "_event": 2}  # his two events, whose titles hold his name
    assert tree(project.site) == full_build(project, tmp_path, "renamed")


def counted(function, name, made):
    def counting(*args, **kwargs):
        made[name] += 1
        return function(*args, **kwargs)
    return counting


def test_past_500_people_a_rename_renders_again_only_the_index_pages_it_moves_on(tmp_path, monkeypatch):
    """Past 500 people the index is a page per initial, each in the order of names: renaming
    someone reorders only their initial's page; moving them to another initial changes how many
    each lists, which every page of the index shows; a page of the index comes and goes with its initial."""
    project = write_archive(tmp_path / "many", 520, ["2012-07-01", "2012-07-02"])
    builder = Rebuilder(project.root, project.site)
    assert builder.build().ok
    rendered = []
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, output, *rest: rendered.append(output.path)
                        or render(self, output, *rest))

    def renamed(name: str) -> set[str]:
        rendered.clear()
        path = "content/people/person-5.yaml"
        project.write(path, re.sub(r'name: ".*"', f'name: "{name}"', project.read(path)))
        assert builder.build(changed={path}).ok
        return {page for page in rendered if page.startswith("people/") and "person-" not in page}

    assert renamed("Faaa Person5") == {"people/f/index.html"}  # first among the F's now
    assert tree(project.site) == full_build(project, tmp_path, "same initial")
    every_index_page = {"people/index.html"} | {f"people/{letter}/index.html" for letter in LETTERS}
    assert renamed("Gaaa Person5") == every_index_page
    assert tree(project.site) == full_build(project, tmp_path, "another initial")
    assert renamed("Gaaa Person5") == set()  # saved again as it was
    assert renamed("1812") == every_index_page | {"people/0/index.html"}  # a name with no letter: a page comes
    assert tree(project.site) == full_build(project, tmp_path, "a page of the index comes")
    assert renamed("Gaaa Person5") == every_index_page  # and goes
    assert tree(project.site) == full_build(project, tmp_path, "a page of the index goes")
    assert not (project.site / "people" / "0").exists()


def test_a_template_saved_with_no_change_to_its_pages_writes_nothing(project):
    """In the preview, a template saved with only a comment added renders its pages again, but
    writes none of them (and so reloads nothing), even the long pages it no longer hashes."""
    builder = Rebuilder(project.root, project.site)
    assert builder.build().ok
    project.write(PERSON, project.read(PERSON).replace("name: Omar Haddad", "name: Omar Hadad"))
    assert {"timeline/2012/index.html", "people/index.html"} <= set(
        builder.build(changed={PERSON}, defer=after_the_reload).written)
    for template in ("timeline.html", "people.html", "person.html"):
        project.write(f"templates/{template}", project.read(f"templates/{template}") + "{# a note to the next editor #}")
        result = builder.build(changed={f"templates/{template}"}, defer=after_the_reload)
        assert result.ok and result.rendered and result.written == [], template


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(project):
    builder = Rebuilder(project.root, project.site)
    builder.build()
    again = builder.build()
    assert again.ok and again.rendered == 0 and again.written == [] and again.removed == []


def test_a_watcher_can_name_the_changed_files(project):
    builder = Rebuilder(project.root, project.site)
    builder.build()
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "Once a deputy minister."))
    told = builder.build(changed={PERSON})
    assert told.written == ["data/people.json", "people/omar-haddad/index.html"]
    assert "Once a deputy minister." in project.read("site/people/omar-haddad/index.html")


def test_a_broken_edit_changes_nothing_and_the_fix_recovers(project, tmp_path):
    builder = Rebuilder(project.root, project.site)
    builder.build()
    before = tree(project.site)
    good = project.read(PERSON)
    project.write(PERSON, good.replace("branch: political", "branch: politics"))
    broken = builder.build()
    assert not broken.ok and tree(project.site) == before
    assert any(p.path == PERSON and p.line == 3 for p in broken.problems)
    project.write(PERSON, good.replace("Deputy minister", "Former deputy minister"))
    fixed = builder.build()
    assert fixed.ok and "people/omar-haddad/index.html" in fixed.written
    assert tree(project.site) == full_build(project, tmp_path, "fixed")


@pytest.mark.parametrize("removed", ["content/people/amina-saleh.yaml"])
def test_removing_a_person_with_their_events_removes_their_page(project, removed):
    builder = Rebuilder(project.root, project.site)
    builder.build()
    project.remove(removed)
    project.remove("content/events/general-dismissed.yaml")
    project.remove("content/events/amina-saleh-joins-opposition.yaml")
    project.write("content/people/omar-haddad.yaml", project.read("content/people/omar-haddad.yaml"))
    result = builder.build()
    assert result.ok, [p.format() for p in result.problems]
    assert "people/amina-saleh/index.html" in result.removed
    assert not (project.site / "people" / "amina-saleh").exists()


@pytest.mark.parametrize("told", [False, True], ids=["files compared", "watcher names the files"])
def test_files_added_renamed_and_removed_are_noticed(project, tmp_path, told):
    builder = Rebuilder(project.root, project.site)
    builder.build()

    def rebuild():
        result = builder.build(changed=set(project.touched) if told else None)
        project.touched.clear()
        return result

    project.touched.clear()
    project.write("content/people/Bad Name.yaml", "name: X\nposition: Y\nbranch: other\n")
    broken = rebuild()
    assert not broken.ok and any(p.path == "content/people/Bad Name.yaml" for p in broken.problems)
    project.remove("content/people/Bad Name.yaml")
    project.write("content/people/good-name.yaml", "name: Good Name\nposition: Y\nbranch: other\n")
    fixed = rebuild()
    assert fixed.ok and "people/good-name/index.html" in fixed.written
    project.write("seeds/gamma.txt", "A new text.\n")
    orphan = rebuild()
    assert any(p.path == "seeds/gamma.txt" and p.severity == "error" for p in orphan.problems)
    project.remove("seeds/gamma.txt")
    project.remove("content/people/good-name.yaml")
    assert rebuild().ok
    assert tree(project.site) == full_build(project, tmp_path, "end")


def test_serial_and_parallel_rendering_give_the_same_bytes(project, tmp_path, monkeypatch):
    import defections.render.renderer as renderer

    assert build(project.root, tmp_path / "serial", processes=1).ok
    monkeypatch.setattr(renderer, "PARALLEL_FROM", 1)  # share even this small site out among processes
    assert build(project.root, tmp_path / "parallel", processes=2).ok
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    preview = Rebuilder(project.root, tmp_path / "preview", processes=2)  # which also records what pages read
    assert preview.build().ok
    assert tree(tmp_path / "preview") == tree(tmp_path / "serial")


def test_records_read_on_every_core_give_the_same_problems_and_site(project, tmp_path, monkeypatch):
    """A build from nothing parses the record files in several processes: the editor must see the
    same messages, at the same lines, and the reader the same site, as when one process reads them."""
    import defections.content.validate as validate
    import defections.parallel as parallel

    monkeypatch.setattr(parallel, "cores", lambda: 3)  # on any machine
    project.write("content/people/broken.yaml", "name: Broken\nposition: [unclosed\n")
    project.write("content/events/twice.yaml", "date: 2012-07-11\ndate: 2012-07-12\ntitle: Twice\n")
    monkeypatch.setattr(validate, "PARSE_ON_EVERY_CORE_FROM", 10 ** 9)
    serial = build(project.root, tmp_path / "serial")
    monkeypatch.setattr(validate, "PARSE_ON_EVERY_CORE_FROM", 1)  # share even these few files out among processes
    parallel_build = build(project.root, tmp_path / "parallel")
    shown = [p.format() for p in parallel_build.problems]
    assert shown == [p.format() for p in serial.problems]
    assert any("broken.yaml:2:11: error: this value starts with [" in line for line in shown)
    assert any("twice.yaml:2:1: error: duplicate field 'date'" in line for line in shown)
    project.remove("content/people/broken.yaml")
    project.remove("content/events/twice.yaml")
    monkeypatch.setattr(validate, "PARSE_ON_EVERY_CORE_FROM", 10 ** 9)
    assert build(project.root, tmp_path / "serial").ok
    monkeypatch.setattr(validate, "PARSE_ON_EVERY_CORE_FROM", 1)
    assert build(project.root, tmp_path / "parallel").ok
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


PROBLEM_EDITS = [
    ("a quote its article does not hold", lambda p: p.write(PERSON, p.read(PERSON).replace(
        "has defected to Jordan", "has defected to Narnia"))),
    ("the quote put right", lambda p: p.write(PERSON, p.read(PERSON).replace("to Narnia", "to Jordan"))),
    ("an article nobody cites", lambda p: (p.write("content/articles/gamma.yaml", "title: Gamma\npublisher: X\npublished: 2012\n"),
                                           p.write("seeds/gamma.txt", "Nobody quotes this.\n"))),
    ("a seed that loses a quoted line", lambda p: p.write("seeds/alpha.txt", p.read("seeds/alpha.txt").replace(
        "has defected to Jordan", "has gone to Jordan"))),
    ("the seed put right", lambda p: p.write("seeds/alpha.txt", p.read("seeds/alpha.txt").replace(
        "has gone to Jordan", "has defected to Jordan"))),
    ("a second person with the same name", lambda p: p.write("content/people/omar-haddad-2.yaml", p.read(PERSON))),
    ("the uncited article and the twin gone", lambda p: (p.remove("content/articles/gamma.yaml"), p.remove("seeds/gamma.txt"),
                                                         p.remove("content/people/omar-haddad-2.yaml"))),
    ("the last quotes of an article moved to another", lambda p: move_beta_quotes(p, to_alpha=True)),
    ("and moved back", lambda p: move_beta_quotes(p, to_alpha=False)),
]
BETA_QUOTES = [("content/events/general-dismissed.yaml", "A general was dismissed in 2011"),
               ("content/events/omar-haddad-denies.yaml", "Omar Haddad denied the reports … in a televised statement."),
               ("content/events/amina-saleh-joins-opposition.yaml",
                "The army denied that Colonel Amina Saleh had joined the opposition.")]


def move_beta_quotes(p, to_alpha: bool) -> None:
    """Every quote of beta made one of alpha, or back. Alpha is of 6 March 2012, and Amina Saleh's
    event of the 20th, which it cannot report: while she cites only alpha, her date is a range
    that starts on the 6th."""
    at_beta, at_alpha = "article: beta\n    quote: {}", "article: alpha\n    quote: has defected to Jordan"
    for path, quote in BETA_QUOTES:
        text = p.read(path)
        if to_alpha:
            text = text.replace(at_beta.format(quote), at_alpha).replace("date: 2012-03-20", "date: 2012-03-06/2012-03-20")
        else:
            text = text.replace(at_alpha, at_beta.format(quote)).replace("date: 2012-03-06/2012-03-20", "date: 2012-03-20")
        p.write(path, text)


@pytest.mark.parametrize("told", [False, True], ids=["files compared", "watcher names the files"])
def test_each_rebuild_reports_the_problems_a_build_from_nothing_reports(project, tmp_path, told):
    """The errors and warnings an editor sees after an edit do not depend on what was built before."""
    builder = Rebuilder(project.root, project.site)
    assert builder.build().ok
    seen = []
    for number, (what, edit) in enumerate(PROBLEM_EDITS):
        project.touched.clear()
        edit(project)
        again = builder.build(changed=set(project.touched) if told else None)
        fresh = build(project.root, tmp_path / f"fresh-{number}")
        assert [p.format() for p in again.problems] == [p.format() for p in fresh.problems], what
        assert again.ok == fresh.ok, what
        seen.append((fresh.ok, any("no person or event cites" in p.message for p in fresh.problems),
                     any("may be the same person" in p.message for p in fresh.problems)))
    # (builds, an article is uncited, two people share a name) after each edit: the edits did what they say
    assert seen == [(False, False, False), (True, False, False), (True, True, False), (False, True, False),
                    (True, True, False), (True, True, True), (True, False, False), (True, True, False),
                    (True, False, False)]


def test_a_new_locale_reaches_the_search_index_line_of_an_event_nobody_is_named_in(evidence, tmp_path):
    """An event's line in the search index is made again when its first person changes, or when
    the dates' words do: an unnamed group's event has no first person, and its date changes too."""
    group, site = "content/events/daraa-mps-defect.yaml", "content/site.yaml"
    evidence.write(group, evidence.read(group).replace("date: ../2012-08", "date: 2012-07-10"))
    evidence.write(site, evidence.read(site) + "locales:\n  en: en_GB\n")
    builder = Rebuilder(evidence.root, evidence.site)
    assert builder.build().ok
    evidence.write(site, evidence.read(site).replace("en_GB", "en_US"))
    assert builder.build(changed={site}).ok
    lines = (evidence.site / "data" / "search.json").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith('["daraa-mps-defect",') and '"July 10, 2012"' in line for line in lines), lines
    assert tree(evidence.site) == full_build(evidence, tmp_path, "en_US")
