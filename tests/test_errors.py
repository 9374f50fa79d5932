"""An editor's mistakes, one by one: each is reported with its file, line and column and what to
do, every problem in one run, sorted, and never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, tree

PERSON = "content/people/omar-haddad.yaml"
EVENT = "content/events/omar-haddad-defects.yaml"
ARTICLE = "content/articles/alpha.yaml"

GOOD_EVENT = """\
date: 2012-03-06
title: Deputy minister defects
kind: defection
status: reported
people:
  - omar-haddad
sources:
  - article: alpha
    quote: The deputy minister, Omar Haddad, has defected to Jordan
"""

# (file, its new text, the location and words the editor must see)
CASES = {
    "duplicate key": (EVENT, GOOD_EVENT + "title: Again\n",
                      f"{EVENT}:10:1: error: duplicate field 'title' (first set on line 2)"),
    "unknown field with a suggestion": (EVENT, GOOD_EVENT + "destinaton: Jordan\n",
                                        f"{EVENT}:10:1: error: unknown field 'destinaton' in this event "
                                        "(did you mean 'destination'?)"),
    "wrong vocabulary value": (EVENT, GOOD_EVENT.replace("kind: defection", "kind: defected"),
                               f"{EVENT}:3:7: error: 'kind' cannot be 'defected' (did you mean 'defection'?); "
                               "use one of 'defection', 'dismissal', 'arrest', 'return', 'death', 'other'"),
    "impossible date": (EVENT, GOOD_EVENT.replace("2012-03-06", "2012-02-30"),
                        f"{EVENT}:1:7: error: 'date': '2012-02-30' is not a real date: February 2012 has 29 days"),
    "malformed date": (EVENT, GOOD_EVENT.replace("2012-03-06", "6 March 2012"),
                       f"{EVENT}:1:7: error: 'date': '6 March 2012' is not a date; write YYYY-MM-DD"),
    "list where text belongs": (EVENT, GOOD_EVENT.replace("title: Deputy minister defects", "title:\n  - a\n  - b"),
                                f"{EVENT}:3:3: error: 'title' should be text, not a list"),
    "text where a list belongs": (EVENT, GOOD_EVENT.replace("people:\n  - omar-haddad", "people: omar-haddad"),
                                  f"{EVENT}:5:9: error: 'people' should be a list"),
    "missing required field": (EVENT, GOOD_EVENT.replace("status: reported\n", ""),
                               f"{EVENT}:1:1: error: this event is missing the required field 'status'"),
    "empty required field": (EVENT, GOOD_EVENT.replace("status: reported", "status:"),
                             f"{EVENT}:4:8: error: 'status' is empty; it is required"),
    "empty list of people": (EVENT, GOOD_EVENT.replace("people:\n  - omar-haddad", "people: []"),
                             f"{EVENT}:5:9: error: this event names no one: list the ids of its people under "
                             "'people', or say who they are under 'unnamed'"),
    "unknown person, closest id": (EVENT, GOOD_EVENT.replace("  - omar-haddad", "  - omar-hadad"),
                                   f"{EVENT}:6:5: error: there is no person 'omar-hadad' (did you mean 'omar-haddad'?)"),
    "unknown article": (EVENT, GOOD_EVENT.replace("article: alpha", "article: alfa"),
                        f"{EVENT}:8:14: error: there is no article 'alfa' (did you mean 'alpha'?)"),
    "quote not in the article": (EVENT, GOOD_EVENT.replace("Omar Haddad, has defected", "Omar Hadad, has defected"),
                                 f"{EVENT}:9:12: error: quote not found in seeds/alpha.txt; closest passage: "
                                 "\"The deputy minister, Omar Haddad, has defected to Jordan\" "
                                 "(the quote says \"Hadad\" where the article says \"Haddad\")"),
    "quote across two paragraphs": (EVENT, GOOD_EVENT.replace(
        "quote: The deputy minister, Omar Haddad, has defected to Jordan",
        "quote: officials said on Tuesday. An aide said"),
        f"{EVENT}:9:12: error: this quote runs across a paragraph break in seeds/alpha.txt, after \"officials said on "
        "Tuesday.\"; split it into two quotes, one per paragraph (or keep only one of them)"),
    "quote differing in case": (EVENT, GOOD_EVENT.replace("The deputy minister", "the Deputy Minister"),
                                f"{EVENT}:9:12: error: quote not found in seeds/alpha.txt"),
    "ellipsis out of order": (EVENT, GOOD_EVENT.replace(
        "quote: The deputy minister, Omar Haddad, has defected to Jordan", "quote: defected to Jordan … The deputy minister"),
        f"{EVENT}:9:12: error: quote not found in seeds/alpha.txt"),
    "quote with no words": (EVENT, GOOD_EVENT.replace(
        "quote: The deputy minister, Omar Haddad, has defected to Jordan", "quote: …"),
        f"{EVENT}:9:12: error: the quote has no words"),
    "boolean spelled otherwise": (ARTICLE, "title: T\npublisher: P\npublished: 2012\nfull_text: yes\n",
                                  f"{ARTICLE}:4:12: error: 'full_text' must be true or false (lower case, no quotes), not 'yes'"),
    "bad address": (ARTICLE, "title: T\npublisher: P\npublished: 2012\nurl: javascript:alert(1)\n",
                    f"{ARTICLE}:4:6: error: 'url' must be a full web address starting with http:// or https://"),
    "bad wikidata id": (PERSON, "name: N\nposition: P\nbranch: political\nwikidata: 4115189\n",
                        f"{PERSON}:4:11: error: 'wikidata' must be a Wikidata item id such as Q42"),
    "wrong branch": (PERSON, "name: N\nposition: P\nbranch: army\n",
                     f"{PERSON}:3:9: error: 'branch' cannot be 'army'; use one of 'political', 'diplomatic', "
                     "'military', 'security', 'other'"),
    "empty file": (PERSON, "", f"{PERSON}:1:1: error: the file is empty"),
    "file of comments only": (PERSON, "# to do\n", f"{PERSON}:1:1: error: the file is empty"),
    "not a set of fields": (PERSON, "- name: N\n", f"{PERSON}:1:1: error: a person file holds fields"),
    "YAML syntax error": (PERSON, "name: N\nposition: [P\nbranch: political\n",
                          f"{PERSON}:2:11: error: this value starts with [, so YAML reads it as a list that must end "
                          "with ]; if it is text, put the whole value in quotes: `position: \"[P\"`"),
    "text with a colon": (PERSON, "name: N\nposition: Ambassador: Iraq\nbranch: political\n",
                          f"{PERSON}:2:21: error: this is not valid YAML: a value holds ': '; put the whole value "
                          "in quotes"),
    "YAML tag": (PERSON, "name: !!python/object:os.system N\nposition: P\nbranch: political\n",
                 f"{PERSON}:1:7: error: YAML tags such as '!!python/object:os.system' are not supported"),
    "YAML alias": (PERSON, "name: &n N\nposition: *n\nbranch: political\n",
                   f"{PERSON}:1:7: error: anchors and aliases (& and *) are not supported"),
    "not UTF-8": (PERSON, "name: Ma\xefd\nposition: P\nbranch: political\n".encode("latin-1"),
                  f"{PERSON}:1:9: error: this file is not UTF-8 (byte 0xef); save it with UTF-8 encoding"),
    "file name is not an id": ("content/people/Omar Haddad.yaml", "name: N\nposition: P\nbranch: political\n",
                               "content/people/Omar Haddad.yaml:1:1: error: 'Omar Haddad' cannot be an id"),
    "wrong extension": ("content/people/amina.yml", "name: N\nposition: P\nbranch: political\n",
                        "content/people/amina.yml:1:1: error: only .yaml files are read in content/people/; "
                        "rename it to amina.yaml"),
    "seed without a record": ("seeds/gamma.txt", "Some text.\n",
                              "seeds/gamma.txt:1:1: error: no record describes this article: "
                              "create content/articles/gamma.yaml"),
    "record without a seed": ("content/articles/gamma.yaml", "title: T\npublisher: P\npublished: 2012\n",
                              "content/articles/gamma.yaml:1:1: error: there is no text for this article: "
                              "add it, exactly as published, as seeds/gamma.txt"),
    "page with a reserved id": ("content/pages/people.md", "---\ntitle: People\n---\nText\n",
                                "content/pages/people.md:1:1: error: a page cannot be called 'people'"),
    "page without front matter": ("content/pages/help.md", "# Help\n",
                                  "content/pages/help.md:1:1: error: a page starts with front matter"),
    "page front matter with an unknown field": ("content/pages/help.md", "---\ntitle: Help\nauthor: me\n---\nText\n",
                                                "content/pages/help.md:3:1: error: unknown field 'author' in this page"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_is_reported_at_its_place(project, case):
    path, text, expected = CASES[case]
    project.write(path, text)
    result = project.check()
    assert result.code == 1, result.err
    assert any(line.startswith(expected) for line in result.lines), result.err
    assert "Traceback" not in result.err
    assert result.lines[-1].endswith(("error", "errors")) or "error" in result.lines[-1]


def test_every_problem_is_reported_in_one_run_sorted_with_a_count(project):
    project.write(EVENT, GOOD_EVENT.replace("kind: defection", "kind: defected").replace("  - omar-haddad", "  - nobody"))
    project.write(PERSON, "name: N\nposition: P\nbranch: army\n")
    result = project.check()
    problems = [line for line in result.lines if ": error: " in line]
    assert len(problems) == 3
    assert problems == sorted(problems, key=lambda line: (line.split(":")[0], int(line.split(":")[1]),
                                                          int(line.split(":")[2])))
    assert result.lines[-1].startswith("3 errors")  # and the fixture's warnings (its hostile summary, its NO)


def test_byte_order_mark_and_windows_line_endings_are_fine(project):
    project.write(PERSON, "\ufeffname: Omar Haddad\r\nposition: Deputy minister\r\nbranch: political\r\n")
    project.write("seeds/beta.txt", "\ufeffA general was dismissed in 2011, the statement said.\r\n"
                                    "Omar Haddad denied the reports of his defection in a televised statement.\r\n"
                                    "The army denied that Colonel Amina Saleh had joined the opposition.\r\n")
    result = project.build()
    assert result.code == 0, result.err
    assert project.html("people/omar-haddad/index.html").h1.get_text() == "Omar Haddad"


def test_empty_optional_fields_are_absent(project):
    project.write(ARTICLE, "title: T\npublisher: P\npublished: 2012-03-06\nurl:\narchive_url: ~\nauthor: ''\n")
    result = project.build()
    assert result.code == 0, result.err
    assert project.html("sources/alpha/index.html").select_one("a.original") is None


def test_warnings_do_not_fail_unless_strict(project):
    project.write("content/articles/gamma.yaml", "title: T\npublisher: P\npublished: 2012\n")
    project.write("seeds/gamma.txt", "Nobody quotes this.\n")
    relaxed = project.check()
    assert relaxed.code == 0
    assert "content/articles/gamma.yaml:1:1: warning: no person or event cites this article yet" in relaxed.err
    assert project.check("--strict").code == 1


def test_a_failed_build_leaves_the_last_good_site_untouched(project):
    assert project.build().code == 0
    before = tree(project.site)
    project.write(EVENT, GOOD_EVENT.replace("2012-03-06", "2012-13-01"))
    result = project.build()
    assert result.code == 1
    assert "build failed; site/ was left as it was" in result.err
    assert tree(project.site) == before
    assert sorted(p.name for p in project.root.iterdir() if p.name != ".site.lock") == \
        ["content", "seeds", "site", "templates"]  # no staging folder left behind


def test_a_template_mistake_is_reported_with_its_line_and_the_site_kept(project):
    assert project.build().code == 0
    before = tree(project.site)
    project.write("templates/page.html", project.read("templates/page.html").replace("{% endblock %}", "{% endblok %}", 1))
    result = project.build()  # pages are written to a staging folder as they are made
    assert result.code == 1
    assert next(line for line in result.lines if ": error: " in line).startswith("templates/page.html:")
    assert tree(project.site) == before
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".site-")]  # no staging folder left


def test_check_writes_nothing(project):
    result = project.check()
    assert result.code == 0 and result.out.strip() == "content is valid"
    assert not project.site.exists()


def test_bad_usage_exits_with_2(project):
    assert project.run("publish").code == 2
    assert project.run("build", "--no-such-option").code == 2


def test_a_folder_without_content_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(tmp_path), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "has no content/ folder" in result.stderr and "Traceback" not in result.stderr


def test_the_command_line_reports_content_errors_without_a_traceback(project):
    project.write(PERSON, b"name: \xff\n")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check"], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode == 1
    first_error = next(line for line in result.stderr.splitlines() if ": error: " in line)
    assert first_error.startswith(f"{PERSON}:1:7: error: this file is not UTF-8")
    assert "Traceback" not in result.stderr


def test_options_may_come_before_or_after_the_command(project, tmp_path):
    output = tmp_path / "elsewhere"
    assert project.run("-o", str(output)).code == 0 and (output / "index.html").is_file()
    assert project.run("build", "-o", str(tmp_path / "again")).code == 0
    assert (tmp_path / "again" / "index.html").is_file()
