"""The mistakes editors really make, in the words they see: a quote copied across a paragraph
break, a quote with one word changed in an article set with typographic quotation marks, and the
YAML slips (a tab, a field without its colon, a value that opens with a quotation mark and goes on
after it). Each message is shown with the line it is about and a caret under the place, in the
terminal and in the live preview, which shows the warnings too."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from conftest import soup
from defections.preview.app import SiteApp
from defections.preview.loop import Preview

ARTICLE = "content/articles/pilot.yaml"
SEED = "seeds/pilot.txt"
PERSON = "content/people/hassan-hamadeh.yaml"
EVENT = "content/events/hassan-hamadeh-defects.yaml"
ALPHA_EVENT = "content/events/omar-haddad-defects.yaml"

# A wire story as agencies set it: typographic quotation marks, one sentence to a paragraph.
PILOT_TEXT = """\
AMMAN (Reuters) - A Syrian air force pilot flew his MiG-21 fighter jet to Jordan on Thursday and was granted \
political asylum, Jordanian officials said.

\u201cI flew my plane to Jordan because I refuse to bomb my own people,\u201d Colonel Hassan Hamadeh told reporters \
in Amman on Thursday evening.

The government in Damascus called him a traitor.
"""

PILOT_PERSON = """\
name: Hassan Hamadeh
position: Colonel, air force pilot
branch: military
sources:
  - article: pilot
    quote: Colonel Hassan Hamadeh told reporters in Amman
"""


def pilot_event(quote: str) -> str:
    """The pilot's defection, citing the story with this quote (line 9, column 12)."""
    return f"""\
date: 2012-06-21
title: Air force pilot flies his jet to Jordan
kind: defection
status: reported
people:
  - hassan-hamadeh
sources:
  - article: pilot
    quote: {quote}
"""


def with_the_pilot(project, quote: str):
    """The editor adds the story, its pilot and his defection, quoting the story as given."""
    project.write(ARTICLE, "title: Syrian pilot flies jet to Jordan\npublisher: Reuters\npublished: 2012-06-21\n")
    project.write(SEED, PILOT_TEXT)
    project.write(PERSON, PILOT_PERSON)
    project.write(EVENT, pilot_event(quote))
    return project


def shown(result, starting: str) -> list[str]:
    """The message that starts so, and the lines shown under it (its file's line, the caret)."""
    lines = result.lines
    first = next((n for n, line in enumerate(lines) if line.startswith(starting)), None)
    assert first is not None, result.err
    return lines[first:first + 3]


def assert_plain_words(result) -> None:
    assert "Traceback" not in result.err
    for jargon in ("could not find expected", "while scanning", "while parsing", "simple key", "token",
                   "mapping values"):
        assert jargon not in result.err, result.err


# --- A quote copied across a paragraph break --------------------------------------------------------

def test_a_quote_copied_across_a_paragraph_break_says_so_and_after_which_words(project):
    project.write(ALPHA_EVENT, project.read(ALPHA_EVENT).replace(
        "quote: Omar Haddad, has defected to Jordan, officials said",
        "quote: officials said on Tuesday. An aide said"))
    result = project.check()
    assert result.code == 1
    assert shown(result, f"{ALPHA_EVENT}:15:12:") == [
        f"{ALPHA_EVENT}:15:12: error: this quote runs across a paragraph break in seeds/alpha.txt, after "
        "\"officials said on Tuesday.\"; split it into two quotes, one per paragraph (or keep only one of them)",
        "   15 |     quote: officials said on Tuesday. An aide said",
        "      |            ^"]
    assert "first difference" not in result.err and "closest passage" not in result.err


@pytest.mark.parametrize("quote, after", [
    # the next paragraph opens with a quotation mark the editor did not copy
    ("Jordanian officials said. I flew my plane to Jordan", "Jordanian officials said."),
    # a long first part: its last words say where the break is
    ("flew his MiG-21 fighter jet to Jordan on Thursday and was granted political asylum, Jordanian officials "
     "said. \u201cI flew my plane", "…granted political asylum, Jordanian officials said."),
    # pasted without the space the break left
    ("Jordanian officials said.I flew my plane to Jordan", "Jordanian officials said."),
])
def test_a_quote_across_a_break_in_a_story_with_typographic_quotes(project, quote, after):
    result = with_the_pilot(project, quote).check()
    assert result.code == 1
    assert (f"{EVENT}:9:12: error: this quote runs across a paragraph break in {SEED}, after \"{after}\"; "
            "split it into two quotes, one per paragraph (or keep only one of them)") in result.lines, result.err


def test_an_ellipsis_over_a_paragraph_break_is_named_too(project):
    result = with_the_pilot(project, "flew his MiG-21 fighter jet … I flew my plane to Jordan").check()
    assert (f"{EVENT}:9:12: error: this quote's … leaves out a paragraph break in {SEED}, after "
            "\"…granted political asylum, Jordanian officials said.\" (an ellipsis stands for words left out within "
            "one paragraph); split it into two quotes, one per paragraph (or keep only one of them)") in result.lines, result.err


def test_split_as_the_message_says_the_quotes_are_found(project):
    with_the_pilot(project, "Jordanian officials said. I flew my plane to Jordan").check()
    project.write(EVENT, pilot_event("was granted political asylum, Jordanian officials said")
                  + "  - article: pilot\n    quote: I flew my plane to Jordan\n")
    assert project.check().code == 0


# --- The closest passage, whole, and the words that really differ -----------------------------------

@pytest.mark.parametrize("quote, passage, difference", [
    # one word changed: the passage is the whole clause, not its opening quotation mark
    ("I fled my plane to Jordan because I refuse to bomb my own people",
     "I flew my plane to Jordan because I refuse to bomb my own people",
     "the quote says \"fled\" where the article says \"flew\""),
    # the editor's straight quotation marks are the article's curly ones
    ("'\"I fled my plane to Jordan because I refuse to bomb my own people,\" Colonel Hassan Hamadeh told reporters'",
     "\u201cI flew my plane to Jordan because I refuse to bomb my own people,\u201d Colonel Hassan Hamadeh told "
     "reporters", "the quote says \"fled\" where the article says \"flew\""),
    # the changed word is the last one: the passage still ends at its counterpart
    ("because I refuse to bomb my own people,\u201d Colonel Hassan Hamadeh said",
     "because I refuse to bomb my own people,\u201d Colonel Hassan Hamadeh told",
     "the quote says \"said\" where the article says \"told\""),
    ("Colonel Hassan Hamadeh told reporters in Amman on Friday evening",
     "Colonel Hassan Hamadeh told reporters in Amman on Thursday evening",
     "the quote says \"Friday\" where the article says \"Thursday\""),
    # a word left out: the passage keeps the words around it
    ("I flew my plane to Jordan because I refuse to bomb people",
     "I flew my plane to Jordan because I refuse to bomb my own people",
     "the quote says \"bomb people\" where the article says \"bomb my own people\""),
    # two changes, both named
    ("he flew his plane to Jordan because he refused to bomb my own people",
     "I flew my plane to Jordan because I refuse to bomb my own people",
     "the quote says \"he\" where the article says \"I\", \"his\" where it says \"my\", and \"he refused\" where it "
     "says \"I refuse\""),
])
def test_the_closest_passage_is_the_whole_passage_with_the_changed_words(project, quote, passage, difference):
    result = with_the_pilot(project, quote).check()
    assert result.code == 1
    assert (f"{EVENT}:9:12: error: quote not found in {SEED}; closest passage: \"{passage}\" ({difference})"
            in result.lines), result.err


def test_a_closing_quotation_mark_left_out_inside_the_quote_is_named(project):
    """Inside a quote a mark of the article matters (the words must be the same); at its ends it
    does not, and is never given as the difference."""
    result = with_the_pilot(project, "I flew my plane to Jordan because I refuse to bomb my own people, Colonel "
                                     "Hassan Hamadeh told reporters").check()
    assert (f"{EVENT}:9:12: error: quote not found in {SEED}; closest passage: \"I flew my plane to Jordan because I "
            "refuse to bomb my own people,\u201d Colonel Hassan Hamadeh told reporters\" (the quote says \"people, "
            "Colonel\" where the article says \"people,\u201d Colonel\" (the quote leaves out the article's U+201D "
            "RIGHT DOUBLE QUOTATION MARK))") in result.lines, result.err


def test_a_difference_only_of_capitals_says_so(project):
    result = with_the_pilot(project, "colonel Hassan Hamadeh told reporters in Amman on Thursday").check()
    assert (f"{EVENT}:9:12: error: quote not found in {SEED}; closest passage: \"Colonel Hassan Hamadeh told reporters "
            "in Amman on Thursday\" (the quote says \"colonel\" where the article says \"Colonel\" (capital letters "
            "must match))") in result.lines, result.err


# --- YAML slips -------------------------------------------------------------------------------------

YAML_SLIPS = {
    "a tab for indentation": (
        PERSON, "name: Hassan Hamadeh\nposition: Colonel\nsources:\n\t- article: pilot\n\t  quote: Colonel Hassan "
                "Hamadeh told reporters\nbranch: military\n",
        [f"{PERSON}:4:1: error: line 4 is indented with a tab; YAML needs spaces: replace the tab with two spaces "
         "(and on line 5)",
         "    4 | \\t- article: pilot",
         "      | ^"]),
    "a field without its colon, between two fields": (
        "content/people/nawaf-fares.yaml", "branch: diplomatic\nname Nawaf Fares\nposition: Ambassador to Iraq\n",
        ["content/people/nawaf-fares.yaml:2:5: error: line 2, `name Nawaf Fares`, has no colon after the field name: "
         "write `name: Nawaf Fares`",
         "    2 | name Nawaf Fares",
         "      |     ^"]),
    "a field without its colon, last": (
        "content/people/nawaf-fares.yaml", "position: Ambassador to Iraq\nbranch: diplomatic\nname Nawaf Fares\n",
        ["content/people/nawaf-fares.yaml:3:5: error: line 3, `name Nawaf Fares`, has no colon after the field name: "
         "write `name: Nawaf Fares`",
         "    3 | name Nawaf Fares",
         "      |     ^"]),
    "a field without its colon, first": (
        "content/people/nawaf-fares.yaml", "name Nawaf Fares\n# his post\nposition: Ambassador to Iraq\n",
        ["content/people/nawaf-fares.yaml:1:5: error: line 1, `name Nawaf Fares`, has no colon after the field name: "
         "write `name: Nawaf Fares`",
         "    1 | name Nawaf Fares",
         "      |     ^"]),
    "a source's field without its colon": (
        EVENT, pilot_event("I flew my plane to Jordan").replace("  - article: pilot", "  - article pilot"),
        [f"{EVENT}:8:12: error: line 8, `- article pilot`, has no colon after the field name: write `- article: pilot`",
         "    8 |   - article pilot",
         "      |            ^"]),
    "a value that goes on after its closing quotation mark": (
        EVENT, pilot_event("\"I flew my plane\" to Jordan because I refuse"),
        [f"{EVENT}:9:12: error: this value starts with a quotation mark, so YAML reads \"I flew my plane\" as the "
         "whole value and cannot read the rest (to Jordan because I refuse): wrap the whole value in single quotes, "
         "`quote: '\"I flew my plane\" to Jordan because I refuse'`, or write `quote: |` and the value on the next "
         "line, indented",
         "    9 |     quote: \"I flew my plane\" to Jordan because I refuse",
         "      |            ^"]),
    "a value in single quotes that goes on": (
        EVENT, pilot_event("'I flew my plane' to Jordan, he said"),
        [f"{EVENT}:9:12: error: this value starts with a quotation mark, so YAML reads 'I flew my plane' as the "
         "whole value and cannot read the rest (to Jordan, he said): wrap the whole value in double quotes, "
         "`quote: \"'I flew my plane' to Jordan, he said\"`, or write `quote: |` and the value on the next line, "
         "indented",
         "    9 |     quote: 'I flew my plane' to Jordan, he said",
         "      |            ^"]),
    "a quotation mark never closed": (
        EVENT, pilot_event("\"I flew my plane to Jordan") + "notes: none\n",
        [f"{EVENT}:9:12: error: the quotation mark (\") that starts this value is never closed: end the value with \" "
         "too, `quote: \"I flew my plane to Jordan\"`, or, if the value is meant to start with a quotation mark, write "
         "`|` after the colon and the value on the next line, indented",
         "    9 |     quote: \"I flew my plane to Jordan",
         "      |            ^"]),
    "a field indented under a value": (
        "content/people/nawaf-fares.yaml", "name: Nawaf Fares\n  position: Ambassador to Iraq\nbranch: diplomatic\n",
        ["content/people/nawaf-fares.yaml:2:3: error: line 2, `position: Ambassador to Iraq`, is indented further than "
         "`name` above it, so YAML reads it as more of that field's value: start it in the same column as `name`",
         "    2 |   position: Ambassador to Iraq",
         "      |   ^"]),
}


@pytest.mark.parametrize("slip", YAML_SLIPS, ids=list(YAML_SLIPS))
def test_a_yaml_slip_is_said_in_plain_words_at_its_own_line(project, slip):
    path, text, expected = YAML_SLIPS[slip]
    with_the_pilot(project, "I flew my plane to Jordan")
    project.write(path, text)
    result = project.check()
    assert result.code == 1
    assert shown(result, expected[0].split(" error: ")[0]) == expected
    assert_plain_words(result)


# --- Slips in the sample's own files, each said at the line where it is ---------------------------

FARES = "content/people/nawaf-fares.yaml"
FARES_EVENT = "content/events/nawaf-fares-defects.yaml"
MAKDISSI_EVENT = "content/events/jihad-al-makdissi-defects.yaml"


def edited(project, path: str, old: str, new: str):
    """The editor's change to one line of a sample file, then `check`."""
    text = project.read(path)
    assert old in text
    project.write(path, text.replace(old, new, 1))
    result = project.check()
    assert result.code == 1
    assert_plain_words(result)
    assert result.lines[-1] == "1 error", result.err
    return result


def test_a_quotation_mark_never_closed_is_named_where_it_opens_though_another_follows(sample):
    # YAML reads the value on to the next quotation mark, line 10's, and stops after it
    result = edited(sample, FARES, "position: Ambassador to Iraq", "position: \"Ambassador to Iraq")
    assert "does not line up" not in result.err
    assert result.lines[:3] == [
        f"{FARES}:2:11: error: the quotation mark (\") that starts this value is never closed: end the value with \" "
        "too, `position: \"Ambassador to Iraq\"`, or, if the value is meant to start with a quotation mark, write `|` "
        "after the colon and the value on the next line, indented",
        "    2 | position: \"Ambassador to Iraq",
        "      |           ^"]


def test_a_quotation_mark_never_closed_in_a_source_is_named_where_it_opens(sample):
    # the next quotation mark is the one that opens Khoja's quote, two lines down
    result = edited(sample, FARES_EVENT, "    quote: The Syrian ambassador to Iraq has defected and will seek asylum",
                    "    quote: \"The Syrian ambassador to Iraq has defected and will seek asylum")
    assert result.lines[:3] == [
        f"{FARES_EVENT}:12:12: error: the quotation mark (\") that starts this value is never closed: end the value "
        "with \" too, `quote: \"The Syrian ambassador to Iraq has defected and will seek asylum in Turkey\"`, or, if "
        "the value is meant to start with a quotation mark, write `|` after the colon and the value on the next line, "
        "indented",
        "   12 |     quote: \"The Syrian ambassador to Iraq has defected and will seek asylum in Turkey",
        "      |            ^"]


def test_a_backslash_in_double_quotes_that_is_no_escape_is_named_not_called_unclosed(sample):
    result = edited(sample, FARES_EVENT, 'He declared his defection,\\" said Khoja"', 'He declared his defection,\\* said Khoja"')
    assert "never closed" not in result.err
    assert result.lines[:3] == [
        f"{FARES_EVENT}:14:70: error: in double quotes a backslash starts an escape, and \\* is not one: write the "
        "backslash twice (\\\\*), or wrap the value in single quotes",
        "   14 |     quote: \"It's certain. He has defected. He declared his defection,\\* said Khoja\"",
        "      |                                                                      ^"]


def test_a_value_that_starts_with_a_bracket_and_goes_on_is_said_to_be_read_as_a_list(sample):
    result = edited(sample, FARES, "position: Ambassador to Iraq", "position: [Acting] ambassador to Iraq")
    assert result.lines[:3] == [
        f"{FARES}:2:11: error: a value that starts with [ is read as a list, and this one goes on after its ] "
        "(ambassador to Iraq); quote the whole value: `position: \"[Acting] ambassador to Iraq\"`",
        "    2 | position: [Acting] ambassador to Iraq",
        "      |           ^"]


def test_a_list_item_that_starts_with_an_at_sign_is_shown_in_quotes(sample):
    result = edited(sample, FARES, "  - Nawaf al-Fares", "  - @NawafFares")
    assert result.lines[:3] == [
        f"{FARES}:6:5: error: a value cannot start with @ (YAML keeps it for itself): put the whole value in quotes: "
        "`- \"@NawafFares\"`",
        "    6 |   - @NawafFares",
        "      |     ^"]


def test_a_summary_whose_next_line_is_not_indented_is_said_to_go_on(sample):
    result = edited(sample, FARES, "summary: Syria's ambassador to Iraq, the most senior diplomat",
                    "summary: The most senior\nthe most senior diplomat")
    assert "has no colon" not in result.err and "`the:" not in result.err
    assert result.lines[:3] == [
        f"{FARES}:8:1: error: line 8 goes on with the value of `summary` above it, so it must be indented further "
        "than `summary`: start it with 2 spaces, or write `summary: |` and the whole value on the lines below it, "
        "indented",
        "    8 | the most senior diplomat to leave the government by July 2012.",
        "      | ^"]


def test_a_quote_whose_next_line_is_not_indented_is_said_to_go_on(sample):
    result = edited(sample, FARES_EVENT, "    quote: The Syrian ambassador to Iraq has defected and will seek asylum",
                    "    quote: The Syrian ambassador to Iraq\n    has defected and will seek asylum")
    assert result.lines[:3] == [
        f"{FARES_EVENT}:13:5: error: line 13 goes on with the value of `quote` above it, so it must be indented "
        "further than `quote`: start it with 6 spaces, or write `quote: |` and the whole value on the lines below it, "
        "indented",
        "   13 |     has defected and will seek asylum in Turkey",
        "      |     ^"]


def test_a_field_without_its_colon_after_a_value_is_still_said_to_lack_it(sample):
    # a field's name first (or nearly: a typo), it is a field, not more of the value above
    result = edited(sample, FARES, "branch: diplomatic", "branch diplomatic")
    assert result.lines[0] == (f"{FARES}:3:7: error: line 3, `branch diplomatic`, has no colon after the field name: "
                               "write `branch: diplomatic`")
    result = edited(sample, FARES, "branch diplomatic", "brnch diplomatic")
    assert result.lines[0].startswith(f"{FARES}:3:6: error: line 3, `brnch diplomatic`, has no colon"), result.err


def test_the_closest_passage_takes_in_the_words_a_changed_word_stands_for(sample):
    result = edited(sample, MAKDISSI_EVENT, "quote: has reportedly fled the country", "quote: has reportedly fled Syria")
    assert result.lines[:3] == [
        f"{MAKDISSI_EVENT}:13:12: error: quote not found in seeds/000_f4f5e170925db277.txt; closest passage: \"has "
        "reportedly fled the country\" (the quote says \"Syria\" where the article says \"the country\")",
        "   13 |     quote: has reportedly fled Syria",
        "      |            ^"]


# --- The line under every message, and the annotations unchanged -----------------------------------

def test_each_message_shows_its_line_with_a_caret_under_the_column(project):
    project.write("content/people/amina-saleh.yaml",
                  project.read("content/people/amina-saleh.yaml").replace("branch: military", "branch: army"))
    project.write("content/articles/gamma.yaml", "title: Nobody cites this\npublisher: P\npublished: 2012\n")
    project.write("seeds/gamma.txt", "Nobody quotes this.\n")
    result = project.check()
    assert shown(result, "content/people/amina-saleh.yaml:3:9:") == [
        "content/people/amina-saleh.yaml:3:9: error: 'branch' cannot be 'army'; use one of 'political', 'diplomatic', "
        "'military', 'security', 'other'",
        "    3 | branch: army",
        "      |         ^"]
    assert shown(result, "content/articles/gamma.yaml:1:1:")[1:] == ["    1 | title: Nobody cites this", "      | ^"]
    assert "warning: no person or event cites this article yet" in shown(result, "content/articles/gamma.yaml:1:1:")[0]


def test_the_build_shows_the_lines_too(project):
    result = with_the_pilot(project, "I fled my plane to Jordan because I refuse to bomb my own people").build()
    assert result.code == 1
    assert shown(result, f"{EVENT}:9:12:")[1:] == [
        "    9 |     quote: I fled my plane to Jordan because I refuse to bomb my own people",
        "      |            ^"]


def test_github_annotations_stay_one_line_a_problem(project):
    with_the_pilot(project, "I fled my plane to Jordan because I refuse to bomb my own people")
    project.write("content/people/nawaf-fares.yaml", "name Nawaf Fares\nposition: Ambassador to Iraq\n")
    result = project.check("--format", "github")
    annotations = result.out.splitlines()
    assert f"::error file={EVENT},line=9,col=12::quote not found in {SEED}; closest passage: \"I flew my plane to " \
           "Jordan because I refuse to bomb my own people\" (the quote says \"fled\" where the article says \"flew\")" \
           in annotations
    assert "::error file=content/people/nawaf-fares.yaml,line=1,col=5::line 1, `name Nawaf Fares`, has no colon " \
           "after the field name: write `name: Nawaf Fares`" in annotations
    assert all(line.startswith(("::error ", "::warning ")) for line in annotations), result.out
    assert " | " not in result.out and " | " not in result.err


def test_a_long_line_is_shown_around_its_column(project):
    paragraph = "word " * 60 + "Omar Haddad \x1b[31mdenied it, " + "and more words " * 30
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + paragraph + "\n")
    result = project.check()
    message, line, caret = shown(result, "seeds/beta.txt:5:")
    assert message.startswith("seeds/beta.txt:5:313: error: the text holds a control character (U+001B)"), message
    assert line.startswith("    5 | …word word") and line.endswith("…") and len(line) < 120, line
    assert caret.index("^") == line.index("\\x1b")  # the caret stands under the escaped character


def test_a_file_behind_a_symbolic_link_is_not_shown(project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: my secret words\n")
    os.symlink(secret, project.path("content/people/leak.yaml"))
    result = project.check()
    message, *after = shown(result, "content/people/leak.yaml:1:1:")
    assert "this is a symbolic link" in message
    assert "secret words" not in result.err and not any(line.startswith("    1 | ") for line in after)


# --- The preview's overlay: the same lines, and the warnings ---------------------------------------

def served_page(preview: Preview, path: str = "/some-repo/") -> tuple[str, str]:
    """A page of the preview, and its status JSON, as the browser gets them."""
    app = SiteApp(preview)
    replies = {}

    def get(address):
        def start_response(status, headers):
            replies[address] = status
        environ = {"PATH_INFO": address, "HTTP_HOST": "127.0.0.1:8000", "REQUEST_METHOD": "GET"}
        return b"".join(app(environ, start_response)).decode("utf-8")
    return get(path), get("/__preview__/status")


def test_the_overlay_shows_each_error_with_its_line_and_the_warnings_under_them(project):
    preview = Preview(project.root, project.site)
    assert preview.build().ok
    with_the_pilot(project, "I fled my plane to Jordan because I refuse to bomb my own people")
    project.write("content/articles/gamma.yaml", "title: Nobody cites this\npublisher: P\npublished: 2012\n")
    project.write("seeds/gamma.txt", "Nobody quotes this.\n")
    assert not preview.build().ok
    page, status = served_page(preview)
    overlay = soup(page).find(id="preview-errors")
    assert overlay["role"] == "alert" and overlay.h2.get_text() == "The content has 1 error"
    error = overlay.select_one("li.preview-error")
    assert error.select_one(".preview-badge").get_text() == "error"
    assert error.code.get_text() == f"{EVENT}:9:12"
    assert "the quote says \"fled\" where the article says \"flew\"" in error.get_text()
    assert error.select_one("pre.preview-excerpt").get_text().splitlines() == [
        "    9 |     quote: I fled my plane to Jordan because I refuse to bomb my own people",
        "      |            ^"]
    warnings = overlay.select("ul.preview-warnings li.preview-warning")
    assert overlay.h3.get_text() == f"and {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    uncited = next(item for item in warnings if item.code.get_text() == "content/articles/gamma.yaml:1:1")
    assert uncited.select_one(".preview-badge").get_text() == "warning"
    assert "no person or event cites this article yet" in uncited.get_text()
    assert uncited.select_one("pre.preview-excerpt").get_text().splitlines()[0] == "    1 | title: Nobody cites this"
    answer = json.loads(status)
    assert answer["errors"] == 1 and answer["warnings"] == len(warnings)
    assert answer["problems"][0]["excerpt"][0] == "    9 |     quote: I fled my plane to Jordan because I refuse to " \
                                                  "bomb my own people"


def test_only_warnings_get_a_panel_that_leaves_the_page_usable(project):
    project.write("content/articles/gamma.yaml", "title: Nobody cites this\npublisher: P\npublished: 2012\n")
    project.write("seeds/gamma.txt", "Nobody quotes this.\n")
    preview = Preview(project.root, project.site)
    assert preview.build().ok and preview.warnings
    page, status = served_page(preview)
    html = soup(page)
    assert html.find(id="preview-errors") is None
    panel = html.find(id="preview-warnings")
    assert panel.name == "aside" and panel.get("role") != "alert" and panel["data-signature"]
    count = len(preview.warnings)
    assert panel.summary.get_text(" ", strip=True) == f"warning The content has {count} warning{'s' if count > 1 else ''}"
    assert panel.details.has_attr("open") and panel.find("button", class_="preview-dismiss").get_text() == "Dismiss"
    uncited = next(item for item in panel.select("li.preview-warning")
                   if item.code.get_text() == "content/articles/gamma.yaml:1:1")
    assert uncited.select_one("pre.preview-excerpt").get_text().splitlines() == ["    1 | title: Nobody cites this",
                                                                                 "      | ^"]
    assert html.select_one("main") is not None  # the page itself, under the panel
    assert json.loads(status)["warnings"] == count and json.loads(status)["errors"] == 0


def test_the_overlay_escapes_the_lines_it_shows(project):
    preview = Preview(project.root, project.site)
    assert preview.build().ok
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml").replace(
        "branch: military", "branch: <img src=x onerror=alert(1)>"))
    assert not preview.build().ok
    overlay = soup(served_page(preview)[0]).find(id="preview-errors")
    assert overlay.find("img") is None
    assert "branch: <img src=x onerror=alert(1)>" in overlay.select_one("pre.preview-excerpt").get_text()


def reopened(page, url: str) -> None:
    """The page opened again, however the preview's own reload after a build falls with it."""
    from playwright.sync_api import Error

    for _ in range(5):
        try:
            page.goto(url)
            return
        except Error:  # interrupted by the preview's reload: open it once that is done
            page.wait_for_timeout(200)
    page.goto(url)


def test_in_the_browser_the_warnings_panel_can_be_dismissed_until_they_change(served, page):
    project = served.project
    project.write("seeds/uncited.txt", "Nobody quotes this.\n")
    project.write("content/articles/uncited.yaml", "title: Nobody cites this\npublisher: P\npublished: 2012\n"
                  "translations: {ar: {title: لا أحد يستشهد بهذا}}\n")  # (translated: one warning, not two)
    served.wait_until(lambda status: status["warnings"] == 1)
    page.goto(served.url(""))
    panel = page.locator("#preview-warnings")
    expect(panel).to_contain_text("content/articles/uncited.yaml:1:1")
    expect(panel).to_contain_text("no person or event cites this article yet")
    expect(panel.locator(".preview-excerpt")).to_contain_text("1 | title: Nobody cites this")
    box, viewport = panel.bounding_box(), page.viewport_size
    assert box["height"] <= viewport["height"] * 0.5 and box["width"] < viewport["width"]  # the page stays usable
    page.locator("#preview-warnings .preview-dismiss").click()
    expect(panel).to_be_hidden()
    page.reload()
    expect(page.locator("#preview-warnings")).to_be_hidden()  # dismissed, these warnings stay out of the way
    project.write("seeds/another.txt", "Nobody quotes this either.\n")
    project.write("content/articles/another.yaml", "title: Nor this\npublisher: P\npublished: 2012\n"
                  "translations: {ar: {title: ولا هذا}}\n")
    served.wait_until(lambda status: status["warnings"] == 2)
    reopened(page, served.url(""))  # (the preview reloads it too, after the build: either may come first)
    expect(page.locator("#preview-warnings")).to_be_visible()  # new warnings are shown again
    expect(page.locator("#preview-warnings summary")).to_contain_text("The content has 2 warnings")
