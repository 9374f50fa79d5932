"""The checks editors expect, as they meet them: real content written, `check` run, and the exact
line it prints read. Two people who may be one (by transliteration, or in Arabic script), and `new
person` asking before it writes one; an event dated after every article that reports it; a position
no quote supports; Markdown that sanitising takes something out of; a YES or NO kept as text."""

from __future__ import annotations

import io

import pytest

from conftest import git, on_a_branch, other_warnings
from defections.content.duplicates import near_twins, spelled

QUOTE = "The Syrian ambassador to Iraq has defected and will seek asylum in Turkey"  # in 004_…, of 11 July 2012
ARTICLE = "004_fec588d6dc2c7ff9"


def person(name: str, *more: str) -> str:
    """A person record with its name on line 1 (its warning at 1:7) and a source."""
    return (f"name: {name}\nposition: Ambassador to Iraq\nbranch: diplomatic\n" + "".join(f"{line}\n" for line in more)
            + f"sources:\n  - article: {ARTICLE}\n    quote: {QUOTE}\n")


def twin_warning(path: str, other_id: str, spelling: str, theirs: str) -> str:
    other = f"content/people/{other_id}.yaml"
    return (f"{path}:1:7: warning: this may be the same person as {other} ('{spelling}' and '{theirs}' are "
            f"spellings of one name): if it is the same person, merge this file into {other} and add "
            f"'{spelling}' to its aliases; if not, add `not_same_as: [{other_id}]` to this file")


# --- Two people who may be one -------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Ekhlas Bdawi", "Ikhlas Badawi"),  # vowels: an e for an i, an a left out
    ("Ali Hamadeh", "Ali Hamade"),  # a final -h
    ("Ali Badaoui", "Ali Badawi"),  # ou for w (French transliteration)
    ("Hassan Makdissi", "Hassan Maqdisi"),  # doubled letters, q for k
    ("Karim al-Fares", "Karim Faris"),  # the article al- and none
    ("Hussein El Haj Ali", "Husein Haj Ali"),  # El, unhyphenated
    ("Talal Mustafa Tlass", "Talal Tlass"),  # a middle name left out
    ("Youssef Ali", "Yusuf Ali"),
])
def test_people_whose_names_can_be_one_name_are_warned_about_on_the_later_file(sample, first, second):
    sample.write("content/people/person-a.yaml", person(first))
    sample.write("content/people/person-b.yaml", person(second))
    result = sample.check()
    assert result.code == 0, result.err
    assert twin_warning("content/people/person-b.yaml", "person-a", second, first) in result.lines, result.err
    assert not any("person-a.yaml:1:7: warning: this may be" in line for line in result.lines)


def test_two_arabic_spellings_of_one_native_name_are_warned_about(sample):
    sample.write("content/people/ikhlas-badawi.yaml", person("Ikhlas Badawi", "native_name: إخلاص بدوي"))
    sample.write("content/people/umm-ahmad.yaml", person("Umm Ahmad", "native_name: اخلاص بدوى"))  # ى for ي, ا for إ
    sample.write("content/people/hamada-ali.yaml", person("Hamada Ali", "native_name: حمادة عَلي"))
    sample.write("content/people/the-other-hamada.yaml", person("Someone Else", "native_name: حماده ـعلي"))
    lines = sample.check().lines
    assert twin_warning("content/people/umm-ahmad.yaml", "ikhlas-badawi", "اخلاص بدوى", "إخلاص بدوي") in lines
    assert twin_warning("content/people/the-other-hamada.yaml", "hamada-ali", "حماده ـعلي", "حمادة عَلي") in lines


@pytest.mark.parametrize("first, second", [
    ("Ali Haidar", "Ali Hamdan"),
    ("Mohammed Saleh", "Mohammed Salem"),
    ("Ali Hussein", "Ali Hassan"),  # the same consonants, not the same vowels
    ("Mahmoud Ali", "Mohammed Ali"),
    ("Mustafa Tlass", "Firas Mustafa Tlass"),  # the father is not the son: only a middle name may be left out
    ("Firas Ali Tlass", "Firas Mustafa Tlass"),  # two different middle names
    ("Hamad Ali", "Hamadeh Ali"),  # a final vowel is not left out
])
def test_different_people_with_names_alike_are_not_warned_about(sample, first, second):
    sample.write("content/people/person-a.yaml", person(first))
    sample.write("content/people/person-b.yaml", person(second))
    result = sample.check()
    assert result.code == 0 and "may be the same person" not in result.err, result.err


def test_not_same_as_says_they_are_different_people(sample):
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))
    sample.write("content/people/ikhlas-badawi.yaml", person("Ikhlas Badawi", "not_same_as:\n  - ekhlas-bdawi"))
    result = sample.check()
    assert result.code == 0 and other_warnings(result) == [], result.err


def test_not_same_as_names_people_who_exist_and_are_someone_else(sample):
    sample.write("content/people/ikhlas-badawi.yaml",
                 person("Ikhlas Badawi", "not_same_as:\n  - ekhlas-bdawy\n  - ikhlas-badawi"))
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))
    result = sample.check()
    assert result.code == 1
    assert ("content/people/ikhlas-badawi.yaml:5:5: error: there is no person 'ekhlas-bdawy' (did you mean "
            "'ekhlas-bdawi'?); 'not_same_as' lists people in content/people/ by their file names (without .yaml)") \
        in result.lines, result.err
    assert ("content/people/ikhlas-badawi.yaml:6:5: error: 'not_same_as' lists 'ikhlas-badawi', this very person; "
            "list only the others whose names look like this one's") in result.lines


def test_the_warning_goes_on_the_file_git_does_not_know_yet(sample):
    sample.write("content/people/ikhlas-badawi.yaml", person("Ikhlas Badawi"))
    on_a_branch(sample)
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))  # new, and first in id order
    lines = sample.check().lines
    assert twin_warning("content/people/ekhlas-bdawi.yaml", "ikhlas-badawi", "Ekhlas Bdawi", "Ikhlas Badawi") in lines
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-qm", "both")  # both known: the later in id order
    lines = sample.check().lines
    assert twin_warning("content/people/ikhlas-badawi.yaml", "ekhlas-bdawi", "Ikhlas Badawi", "Ekhlas Bdawi") in lines


def test_near_twins_is_one_question_new_person_and_suggest_can_ask():
    known = {"ekhlas-bdawi": spelled("content/people/ekhlas-bdawi.yaml", (1, 7), ["Ekhlas Bdawi"]),
             "ali-hamdan": spelled("content/people/ali-hamdan.yaml", (1, 7), ["Ali Hamdan", None, "علي حمدان"]),
             "nawaf-fares": spelled("content/people/nawaf-fares.yaml", (1, 7), ["Nawaf Fares", "Nawaf al-Fares"])}
    assert near_twins("Ikhlas Badawi", known) == ["ekhlas-bdawi"]
    assert near_twins("Nawaf el-Faris", known) == ["nawaf-fares"]
    assert near_twins("علي حمدان", known) == ["ali-hamdan"]
    assert near_twins("Ali Haidar", known) == []


# --- `new person` for someone who may exist --------------------------------------------------------------

def test_new_person_refuses_a_near_twin_when_it_cannot_ask(sample):
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))
    result = sample.run("new", "person", "Ikhlas Badawi")
    assert result.code == 2
    assert result.lines == ["error: Ikhlas Badawi looks like Ekhlas Bdawi (content/people/ekhlas-bdawi.yaml); nothing "
                            "was written: if it is the same person, add 'Ikhlas Badawi' to the aliases in "
                            "content/people/ekhlas-bdawi.yaml, or, if not, run this again with --anyway"]
    assert not sample.path("content/people/ikhlas-badawi.yaml").exists()


def test_new_person_anyway_writes_the_record_saying_who_it_is_not(sample):
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))
    result = sample.run("new", "person", "Ikhlas Badawi", "--anyway")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        "wrote content/people/ikhlas-badawi.yaml",
        "it lists ekhlas-bdawi under not_same_as, so check will not ask whether they are one person"]
    assert "not_same_as:  # people whose names look like this one's, but who are someone else\n  - ekhlas-bdawi\n" \
        in sample.read("content/people/ikhlas-badawi.yaml")


class Terminal(io.StringIO):
    """What an editor types at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer, written", [("y\n", True), ("\n", False), ("no\n", False)])
def test_new_person_asks_at_a_terminal(sample, monkeypatch, answer, written):
    sample.write("content/people/ekhlas-bdawi.yaml", person("Ekhlas Bdawi"))
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    result = sample.run("new", "person", "Ikhlas Badawi")
    assert result.out.startswith("Ikhlas Badawi looks like Ekhlas Bdawi (content/people/ekhlas-bdawi.yaml). Write a "
                                 "new record anyway? [y/N] ")
    assert sample.path("content/people/ikhlas-badawi.yaml").exists() == written
    if not written:
        assert result.code == 1
        assert result.out.splitlines()[-1].endswith("nothing was written; if it is the same person, add "
                                                    "'Ikhlas Badawi' to the aliases in content/people/ekhlas-bdawi.yaml")


SAME = ("nothing was written: edit that file, or, if this is someone else of the same name, run this again with "
        "--anyway")


@pytest.mark.parametrize("name, held", [
    ("Nawaf Fares", ""),
    ("nawaf  al-Fares", " (an alias of Nawaf Fares)"),  # case and spaces aside, his alias
    ("نواف الفارس", " (the native name of Nawaf Fares)"),
])
def test_new_person_with_the_very_name_of_someone_says_who_it_is_and_writes_nothing(sample, monkeypatch, name, held):
    people = sorted(sample.path("content/people").iterdir())
    for stdin in (io.StringIO(""), Terminal("y\n")):  # in a script, and at a terminal: there is nothing to ask
        monkeypatch.setattr("sys.stdin", stdin)
        result = sample.run("new", "person", name)
        assert (result.code, result.out, result.lines) == (
            2, "", [f"error: {name} is already content/people/nawaf-fares.yaml{held}; {SAME}"])
    assert sorted(sample.path("content/people").iterdir()) == people
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    near = sample.run("new", "person", "Nawaf al-Faris")  # a name only like his: still the question
    assert near.code == 2 and near.lines[0].startswith("error: Nawaf al-Faris looks like Nawaf Fares (content/people/")


def test_new_person_anyway_with_the_very_name_writes_someone_else(sample):
    result = sample.run("new", "person", "Nawaf Fares", "--anyway")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        "wrote content/people/nawaf-fares-2.yaml (id 'nawaf-fares-2': the id 'nawaf-fares' is taken by "
        "content/people/nawaf-fares.yaml (Nawaf Fares))",
        "it lists nawaf-fares under not_same_as, so check will not ask whether they are one person"]


def test_new_person_says_why_it_wrote_another_id(sample):
    sample.write("content/people/ali-hassan.yaml", person("Someone Else"))  # the id is taken by another person
    result = sample.run("new", "person", "Ali Hassan")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == ("wrote content/people/ali-hassan-2.yaml (id 'ali-hassan-2': the id "
                                          "'ali-hassan' is taken by content/people/ali-hassan.yaml (Someone Else))")
    plain = sample.run("new", "person", "Riad Hijab")
    assert plain.out.splitlines()[0] == "wrote content/people/riad-hijab.yaml"


# --- An event dated after every article that reports it ------------------------------------------------------

def event(date: str, *sources: tuple[str, str]) -> str:
    """An event with its date on line 1; what is added after one source stands on line 9."""
    cited = "".join(f"  - article: {article}\n    quote: {quote}\n" for article, quote in sources)
    return (f"date: {date}\ntitle: Envoy defects\nkind: defection\nstatus: reported\n"
            f"unnamed: {{count: 2, who: diplomats, branch: diplomatic}}\nsources:\n{cited}")


ENVOY = "content/events/envoy-defects.yaml"


def test_an_event_dated_after_its_article_is_an_error_at_its_date(sample):
    sample.write(ENVOY, event("2012-07-14", (ARTICLE, QUOTE)))
    result = sample.check()
    assert result.code == 1
    assert (f"{ENVOY}:1:7: error: this event is dated 14 July 2012, after the article that reports it was published "
            "(11 July 2012); an article cannot report what had not happened yet: correct the date; if the articles "
            "give no day, write ../2012-07-11 (on or before the last article's date)") in result.lines, result.err


def test_the_latest_of_several_articles_counts_and_a_month_counts_as_its_last_day(sample):
    sample.write("content/articles/wire.yaml", "title: Envoys leave\npublisher: Example Wire\npublished: 2012-07\n")
    sample.write("seeds/wire.txt", "Two Syrian diplomats have left their posts, the wire said.\n")
    wire = ("wire", "Two Syrian diplomats have left their posts")
    sample.write(ENVOY, event("2012-07-31", (ARTICLE, QUOTE), wire))  # the article of "2012-07" may be of the 31st
    allowed = sample.check()
    assert allowed.code == 0 and other_warnings(allowed) == [], allowed.err
    sample.write(ENVOY, event("2012-08-02", (ARTICLE, QUOTE), wire))
    result = sample.check()
    assert (f"{ENVOY}:1:7: error: this event is dated 2 August 2012, after every article that reports it was "
            "published (the last, July 2012); an article cannot report what had not happened yet: correct the date; "
            "if the articles give no day, write ../2012-07 (on or before the last article's date)") in result.lines, \
        result.err


@pytest.mark.parametrize("date", ["2012-07-11", "2012-07", "2012-07~", "2012", "2012-07-10/2012-07-14",
                                  "2012-07-11/..", "../2012-08", "2012-07-09?"])
def test_a_date_that_allows_a_day_before_the_article_is_accepted(sample, date):
    sample.write(ENVOY, event(date, (ARTICLE, QUOTE)))
    result = sample.check()
    assert result.code == 0 and "after the article" not in result.err, result.err


@pytest.mark.parametrize("date, shown", [
    ("2012-07-12/2012-07-14", "12–14 July 2012"),
    ("2012-07-14~", "about 14 July 2012"),  # about a day is still that day
    ("2012-08", "August 2012"),
    ("2012-08/..", "after August 2012"),
])
def test_a_range_or_an_approximate_date_that_starts_too_late_is_an_error(sample, date, shown):
    sample.write(ENVOY, event(date, (ARTICLE, QUOTE)))
    result = sample.check()
    assert (f"{ENVOY}:1:7: error: this event is dated {shown}, after the article that reports it was published "
            "(11 July 2012); an article cannot report what had not happened yet: correct the date; if the articles "
            "give no day, write ../2012-07-11 (on or before the last article's date)") in result.lines, result.err


# --- A position that cites nothing ------------------------------------------------------------------------

def test_a_person_whose_position_cites_nothing_is_warned_about_at_the_position(sample):
    sample.write("content/people/riad-hijab.yaml", "name: Riad Hijab\nposition: Prime minister\nbranch: political\n")
    result = sample.check()
    assert result.code == 0
    assert ("content/people/riad-hijab.yaml:2:11: warning: the position 'Prime minister' cites nothing: add under "
            "'sources' a quote from an article that gives Riad Hijab this role (article: its id, quote: its words)") \
        in result.lines, result.err
    sample.write("content/people/riad-hijab.yaml", person("Riad Hijab"))
    assert "cites nothing" not in sample.check().err


# --- Markdown that sanitising takes something out of ------------------------------------------------------

def test_a_summary_that_loses_a_script_says_what_was_removed(sample):
    sample.write("content/people/riad-hijab.yaml", person(
        "Riad Hijab", "summary: Prime minister <script>alert(1)</script> until [August](javascript:alert(2)) 2012."))
    result = sample.check()
    assert result.code == 0
    assert ("content/people/riad-hijab.yaml:4:10: warning: removed a <script> element and a javascript: link from "
            "this summary; the site never publishes scripts: remove them from the text") in result.lines, result.err
    sample.write("content/people/riad-hijab.yaml", person("Riad Hijab", "summary: Prime minister until August 2012."))
    assert "removed" not in sample.check().err


def test_an_event_summary_that_loses_html_says_what_and_why(sample):
    summary = ('summary: |\n  Seen on <iframe src="https://video.example/x"></iframe> and <span style="color: red">'
               'TV</span>,\n  <a href="mailto:desk@example.org" onclick="x()">write</a>.')
    sample.write(ENVOY, event("2012-07-11", (ARTICLE, QUOTE)) + summary + "\n")
    result = sample.check()
    assert (f"{ENVOY}:9:10: warning: removed an <iframe> element, a <span> element, a mailto: link and an "
            "onclick attribute from this summary; the site never publishes scripts: remove them from the text") \
        in result.lines, result.err


def test_a_page_that_loses_content_is_warned_about_where_it_stands(sample):
    sample.write("content/pages/about.md", "---\ntitle: About\n---\nWho we are.\n\n<style>p { color: red }</style>\n"
                                           "\nThat is all.\n")
    result = sample.check()
    assert ("content/pages/about.md:6:1: warning: removed a <style> element from this page; the site publishes "
            "Markdown's text, emphasis, lists, tables, ## headings and links to http, https or relative addresses, "
            "and no other HTML: remove it from the text") in result.lines, result.err
    sample.write("content/pages/about.md", "---\ntitle: About\n---\nWho we are.\n\n# Our team\n")
    assert ("content/pages/about.md:6:1: warning: removed a <h1> element from this page; # makes the largest "
            "heading, which only a page's title has: start headings with ## instead") in sample.check().lines


REMOVED = ("the site publishes Markdown's text, emphasis, lists, tables, ## headings and links to http, https or "
           "relative addresses, and no other HTML: remove it from the text")


@pytest.mark.parametrize("body, where, what", [
    ("Who we are, in the style of a wire.\n\nSee ![a map](map.png) here.\n", "6:5", "an <img> element"),
    ("Who we are.\n\n![a map][map]\n\n[map]: map.png\n", "6:1", "an <img> element"),
    ("A style of our own.\n\n<p\n  style=\"color: red\">x</p>\n", "7:3", "a style attribute"),
    ("Who we are.\n\nWrite to <desk@example.org>.\n", "6:10", "a mailto: link"),
    ("Who <s>we</s> are.\n", "4:5", "a <s> element"),
])
def test_a_page_warning_points_at_what_markdown_made_that_is_removed(sample, body, where, what):
    sample.write("content/pages/about.md", f"---\ntitle: About\n---\n{body}")
    result = sample.check()
    assert f"content/pages/about.md:{where}: warning: removed {what} from this page; {REMOVED}" in result.lines, \
        result.err


@pytest.mark.parametrize("heading", ["Our team\n========", "<h1>Our team</h1>"])
def test_a_page_heading_of_the_largest_size_is_warned_about_where_it_stands(sample, heading):
    sample.write("content/pages/about.md", f"---\ntitle: About\n---\nWho we are.\n\n{heading}\n")
    assert ("content/pages/about.md:6:1: warning: removed a <h1> element from this page; # makes the largest "
            "heading, which only a page's title has: start headings with ## instead") in sample.check().lines


def test_markdown_that_loses_nothing_is_not_warned_about(sample):
    page = ("---\ntitle: About\n---\n## Who\n\nWe are *editors*; see [the sources](../sources/) and "
            "<https://example.org/>.\n\n| Year | Post |\n|:--|--:|\n| 2012 | Envoy |\n\n<!-- a note to editors -->\n")
    sample.write("content/pages/about.md", page)
    result = sample.check()
    assert result.code == 0 and other_warnings(result) == [], result.err


# --- YES and NO kept as text ---------------------------------------------------------------------------------

def test_a_no_in_a_text_field_is_kept_as_text_and_said_so(sample):
    sample.write(ENVOY, event("2012-07-11", (ARTICLE, QUOTE)) + "destination: NO\n")
    result = sample.check()
    assert result.code == 0
    assert (f"{ENVOY}:9:14: warning: `destination: NO` is kept as the text \"NO\" (other YAML readers take it for "
            "false); if you meant Norway, write it out; otherwise quote it (`\"NO\"`) to silence this warning") \
        in result.lines, result.err
    sample.write(ENVOY, event("2012-07-11", (ARTICLE, QUOTE)) + 'destination: "NO"\n')
    quoted = sample.check()
    assert quoted.code == 0 and other_warnings(quoted) == [], quoted.err


@pytest.mark.parametrize("text, line", [
    ("said_by: yes", "`said_by: yes` is kept as the text \"yes\" (other YAML readers take it for true); quote it "
                     "(`\"yes\"`) to silence this warning"),
    ("said_by: Off", "`said_by: Off` is kept as the text \"Off\" (other YAML readers take it for false); quote it "
                     "(`\"Off\"`) to silence this warning"),
    ("said_by: n", "`said_by: n` is kept as the text \"n\" (other YAML readers take it for false); quote it "
                   "(`\"n\"`) to silence this warning"),
])
def test_a_yes_or_off_in_a_text_field_is_said_to_be_text(sample, text, line):
    sample.write(ENVOY, event("2012-07-11", (ARTICLE, QUOTE)) + f"    {text}\n")
    result = sample.check()
    assert f"{ENVOY}:9:14: warning: {line}" in result.lines, result.err


def test_an_alias_that_reads_as_true_is_said_to_be_text(sample):
    sample.write("content/people/riad-hijab.yaml", person("Riad Hijab", "aliases:\n  - Y"))
    assert ("content/people/riad-hijab.yaml:5:5: warning: `- Y` under 'aliases' is kept as the text \"Y\" (other "
            "YAML readers take it for true); quote it (`\"Y\"`) to silence this warning") in sample.check().lines


def test_a_yes_where_no_text_is_wanted_is_not_this_warning(sample):
    sample.write(ENVOY, event("2012-07-11", (ARTICLE, QUOTE)).replace("kind: defection", "kind: yes"))
    result = sample.check()
    assert "kept as the text" not in result.err and f"{ENVOY}:3:7: error: 'kind' cannot be 'yes'" in result.err


# --- An article whose record has an error of its own --------------------------------------------------------

@pytest.mark.parametrize("broken, line", [
    ('title: "Opposition: an envoy defects\n', 'content/articles/004_fec588d6dc2c7ff9.yaml:1:8: error: the quotation '
     'mark (") that starts this value is never closed'),
    ("publisher: [Associated Press]\n", "content/articles/004_fec588d6dc2c7ff9.yaml:2:12: error: 'publisher' should "
     "be text, not a list"),
])
def test_an_article_whose_record_has_an_error_is_the_one_error_not_every_event_citing_it(sample, broken, line):
    record = "content/articles/004_fec588d6dc2c7ff9.yaml"
    good = 'title: "Opposition: an envoy defects"\npublisher: Associated Press\npublished: 2012-07-11\n'
    sample.write(record, good.replace(good.splitlines(keepends=True)[0 if "title" in broken else 1], broken))
    result = sample.check()
    errors = [text for text in result.lines if ": error: " in text]
    assert (result.code, len(errors), result.lines[-1]) == (1, 1, "1 error"), result.err
    assert errors[0].startswith(line), result.err
    sample.write(record, good)
    assert sample.check().code == 0
