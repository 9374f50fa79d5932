"""What a hostile contributor (or an unlucky editor) can still try, and what happens instead: a
pull request from a stranger, a mistyped option, a web page visited while the preview runs.
Each case is one of SECURITY.md's classes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, soup, tree


def run(project, *args, timeout=60):
    """The real command line, in its own process, with a time limit."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=project.root, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)})


def everything(project) -> dict[str, bytes]:
    """Every file of the project folder but its site (and the site's lock)."""
    return {path: data for path, data in tree(project.root).items()
            if not path.startswith(("site/", ".site.lock"))}


# --- 1. The output folder: nothing an editor types deletes their work ------------------------------

@pytest.mark.parametrize("output, why", [
    (".", "it is the project folder itself"),
    ("..", "it holds the project"),
    ("content", "it holds the project's content"),
    ("content/people", "it is inside the project's content"),
    ("seeds", "it holds the project's seeds"),
    ("templates", "it holds the project's templates"),
    (".git", "it holds the project's git history"),
])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_output_folder_that_holds_the_project_is_refused(project, output, why, command):
    (project.root / ".git").mkdir(exist_ok=True)
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = everything(project)
    result = run(project, command, "-o", output, *(["--port", "8765"] if command == "serve" else []))
    assert result.returncode == 2, result.stderr
    assert f"error: refusing to write the site to {output}: {why}" in result.stderr
    assert "choose another folder with -o" in result.stderr
    assert everything(project) == before


def test_a_folder_of_other_files_is_refused_and_kept(project, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "draft.txt").write_text("an editor's notes")
    result = run(project, "-o", str(notes))
    assert result.returncode == 2
    assert "it holds files that no build made (no .defections-site in it)" in result.stderr
    assert (notes / "draft.txt").read_text() == "an editor's notes" and sorted(p.name for p in notes.iterdir()) == ["draft.txt"]


def test_a_new_folder_and_a_folder_a_build_made_are_written(project, tmp_path):
    out = tmp_path / "elsewhere"
    assert run(project, "-o", str(out)).returncode == 0
    assert (out / ".defections-site").is_file() and (out / "index.html").is_file()
    assert run(project, "-o", str(out)).returncode == 0  # built again: it is ours
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(project, "-o", str(empty)).returncode == 0


def test_a_site_an_earlier_version_built_is_still_ours(project):
    assert run(project).returncode == 0
    (project.site / ".defections-site").unlink()  # as sites built before the marker look
    assert run(project).returncode == 0


def test_a_checkout_that_looks_like_a_site_is_refused_and_kept(project, tmp_path):
    """Found in review: a gh-pages clone has every file a site has, and its .git was deleted."""
    checkout = tmp_path / "gh-pages"
    checkout.mkdir()
    for name in ("index.html", "404.html", ".nojekyll", ".defections-site"):
        (checkout / name).write_text("")
    (checkout / ".git").mkdir()
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    result = run(project, "-o", str(checkout))
    assert result.returncode == 2 and "it holds a git repository (.git)" in result.stderr
    assert (checkout / ".git" / "HEAD").is_file()


def test_a_folder_with_a_sites_files_and_others_is_refused(project, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("index.html", "404.html", ".nojekyll", "notes.md"):
        (folder / name).write_text("mine")
    result = run(project, "-o", str(folder))
    assert result.returncode == 2 and "it holds files that no build made" in result.stderr
    assert (folder / "notes.md").read_text() == "mine"


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_folder_that_cannot_be_written_is_an_error_not_a_traceback(project, command):
    project.write("notes.txt", "a file where a folder would be")
    result = run(project, command, "-o", "notes.txt/site", *(["--port", "8766"] if command == "serve" else []))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "error: refusing to write the site to notes.txt/site: notes.txt is a file, not a folder" in result.stderr


# --- 2. Invisible characters that make a verified quote read differently ---------------------------


RLO, PDF = "\u202e", "\u202c"


def assert_reported(result, *expected):
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr


@pytest.mark.parametrize("character", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\u061c", "\ufeff",
                                       "\u034f", "\ufe0f", "\u3164", "\U000e0100"])  # (the last four: found in review)
def test_a_seed_with_a_bidirectional_or_invisible_character_is_refused_at_its_place(project, character):
    project.write("seeds/beta.txt", project.read("seeds/beta.txt").replace(
        "Omar Haddad denied", f"Omar Haddad has {character}detcefed, denied"))
    result = run(project, "check")
    assert_reported(result, f"seeds/beta.txt:2:17: error: the text holds an invisible character (U+{ord(character):04X} ",
                    "delete it")


def test_the_reversed_words_attack_is_refused(project):
    # On screen the seed reads "has not defected"; the quote "has <RLO>detcefed" is a prefix of
    # it, and would show "has defected" on the timeline.
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + f"\nThe minister has {RLO}detcefed ton{PDF}.\n")
    project.write("content/events/hoax.yaml", "date: 2012\ntitle: A hoax\nkind: defection\nstatus: reported\n"
                                              f"people: [omar-haddad]\nsources:\n  - article: beta\n    quote: \"The minister has {RLO}detcefed\"\n")
    result = run(project, "check")
    assert_reported(result, "seeds/beta.txt:6:18: error: the text holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)",
                    "content/events/hoax.yaml:8:12: error: 'quote' holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)")


@pytest.mark.parametrize("field, line", [("name", 1), ("position", 3), ("native_name", 2)])
def test_a_field_with_a_bidirectional_character_is_refused(project, field, line):
    text = project.read("content/people/amina-saleh.yaml").replace("name: Amina Saleh", "name: Amina Saleh\nnative_name: أمينة")
    text = text.replace(f"{field}: ", f"{field}: \"\u2067", 1)
    text = "\n".join(f'{row}"' if row.startswith(f'{field}: "') else row for row in text.split("\n"))
    project.write("content/people/amina-saleh.yaml", text)
    result = run(project, "check")
    assert_reported(result, f"content/people/amina-saleh.yaml:{line}:", f"'{field}' holds an invisible character (U+2067 ")


def test_every_piece_of_content_text_is_isolated_on_the_page(project):
    """No field can reorder what follows it: each is in a <bdi> or an element with dir="auto"."""
    mark = "\u0639\u0631\u0628\u064a MARK"  # right-to-left words, then left-to-right ones
    person = "content/people/omar-haddad.yaml"
    project.write(person, project.read(person).replace("name: Omar Haddad", f"name: Omar Haddad {mark}")
                  .replace("position: Deputy minister", f"position: Deputy minister {mark}"))
    event = "content/events/omar-haddad-defects.yaml"
    project.write(event, project.read(event).replace("destination: NO", f"destination: {mark}")
                  .replace("title: Deputy minister defects", f"title: Deputy minister defects {mark}"))
    project.write("content/articles/alpha.yaml", project.read("content/articles/alpha.yaml")
                  .replace("publisher: The Example Times", f"publisher: The Example Times {mark}")
                  .replace("author: A. Reporter", f"author: A. Reporter {mark}"))
    assert project.build().code == 0
    unisolated = []
    for page in ("index.html", "people/index.html", "people/omar-haddad/index.html", "sources/index.html",
                 "sources/alpha/index.html"):
        main = project.html(page).find("main")
        for text in main.find_all(string=lambda s: "MARK" in s):
            holder = text.parent
            while holder is not None and holder.name != "main" and holder.name != "bdi" and not holder.get("dir"):
                holder = holder.parent
            if holder is None or holder.name == "main":
                unisolated.append(f"{page}: <{text.parent.name}> {text.strip()[:40]!r}")
    assert not unisolated, "\n".join(unisolated)


# --- 16. What a message echoes cannot move the editor's terminal -----------------------------------

def test_escape_sequences_in_a_key_or_a_file_name_are_shown_escaped(project):
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml")
                  + '"\\e[2K\\e[1Acontent is valid": x\n')
    project.write("content/people/bad\x1b[2Kname.yaml", "name: X\n")
    result = run(project, "check")
    assert result.returncode == 1 and "\x1b" not in result.stderr
    assert "unknown field '\\x1b[2K\\x1b[1Acontent is valid'" in result.stderr
    assert "content/people/bad\\x1b[2Kname.yaml:1:1: error:" in result.stderr


def test_a_line_break_in_a_message_cannot_forge_a_line_of_its_own(project):
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml")
                  + '"x\\ncontent is valid": y\n')
    result = run(project, "check")
    assert result.returncode == 1
    assert not any(line.startswith("content is valid") for line in result.stderr.splitlines())


# --- 15. A file name that is not UTF-8 -------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_reported_with_its_bytes_escaped(project):
    os.makedirs(project.root / "content" / "people", exist_ok=True)
    with open(os.path.join(os.fsencode(project.root / "content" / "people"), b"caf\xe9.yaml"), "wb") as stream:
        stream.write(b"name: X\n")
    result = run(project, "check")
    assert_reported(result, "content/people/caf\\xe9.yaml:1:1: error: this file's name is not UTF-8")


# --- 22. Markdown pages -----------------------------------------------------------------------------

def test_a_control_character_in_a_markdown_page_is_refused_at_its_place(project):
    page = project.read("content/pages/about.md")
    project.write("content/pages/about.md", page + "Ring \x07 the bell.\n")
    result = run(project, "check")
    line = page.count("\n") + 1
    assert_reported(result, f"content/pages/about.md:{line}:6: error: the page holds a control character (U+0007)")


def test_an_invisible_character_in_a_markdown_page_is_refused(project):
    page = project.read("content/pages/about.md")
    project.write("content/pages/about.md", page + f"Reversed {RLO}txet.\n")
    result = run(project, "check")
    line = page.count("\n") + 1
    assert_reported(result, f"content/pages/about.md:{line}:10: error: the page holds an invisible character (U+202E")


@pytest.mark.parametrize("reference", ["&#x202E;", "&#8238;", "&rlm;", "&#x200B;", "&#x1b;", "&#xFEFF;", "&zwj;"])
def test_a_character_reference_to_an_invisible_or_control_character_is_refused(project, reference):
    """Found in review: Markdown passes "&#x202E;" on, and the browser shows the override itself."""
    project.write("content/pages/about.md", project.read("content/pages/about.md") + f"\nHe {reference}detcefed.\n")
    summary = "content/people/omar-haddad.yaml"
    project.write(summary, project.read(summary).replace("A deputy minister.", f"A deputy {reference} minister."))
    result = run(project, "check")
    assert_reported(result, f"has the character reference '{reference}', which stands for U+")
    assert "content/pages/about.md:" in result.stderr and "content/people/omar-haddad.yaml:" in result.stderr


def test_a_character_reference_to_a_character_that_can_be_shown_is_fine(project):
    project.write("content/pages/about.md", project.read("content/pages/about.md") + "\nAl-Assad &amp; sons &#x2014; &eacute;.\n")
    assert run(project, "build").returncode == 0
    assert "Al-Assad &amp; sons — é." in (project.site / "about/index.html").read_text(encoding="utf-8")


# --- 11. Addresses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("address, why", [
    ('"https://example.org/\\nSitemap: https://evil.example/s.xml"', "must be one line, without spaces"),
    ('"https://example.org/\\t/x/"', "must be one line, without spaces"),
    ("https://example.org//evil.example/", "a path that starts with '//'"),
    ("https://example.org/\\evil.example/", "holds a backslash"),  # (this and the next three: found in review)
    ("https://example.org:99999/", "has a port that is not a number from 1 to 65535"),
    ("https://example.org/site/?a=1", "it cannot have a ?query or a #part"),
    ("https://example.org/site/#top", "it cannot have a ?query or a #part"),
])
def test_an_address_with_a_line_break_or_an_off_site_path_is_refused(project, address, why):
    project.write("content/site.yaml", project.read("content/site.yaml").replace(
        "base_url: https://example.github.io/some-repo/", f"base_url: {address}"))
    result = run(project, "check")
    assert_reported(result, "content/site.yaml:3:11: error: 'base_url' ", why)


def test_published_addresses_are_made_from_their_parsed_parts(project):
    project.write("content/site.yaml", project.read("content/site.yaml").replace(
        "base_url: https://example.github.io/some-repo/", "base_url: HTTPS://Example.GitHub.io/some-repo"))
    assert project.build().code == 0
    assert "Sitemap: https://example.github.io/some-repo/sitemap.xml\n" in project.read("site/robots.txt")


@pytest.mark.parametrize("field", ["name", "position"])
def test_a_carriage_return_in_a_one_line_field_is_refused(project, field):
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml").replace(
        f"{field}: ", f'{field}: "x\\r<!-- ', 1).replace("\nposition" if field == "name" else "\nbranch",
                                                         '"\nposition' if field == "name" else '"\nbranch', 1))
    result = run(project, "check")
    assert_reported(result, f"'{field}' holds a carriage return (\\r), which can hide what follows it")


# --- 3. Sanitised Markdown stays sanitised ------------------------------------------------------------

def summary(project, text: str):
    person = "content/people/amina-saleh.yaml"
    project.write(person, project.read(person) + "summary: |\n" + "".join(f"  {line}\n" for line in text.split("\n")))


def test_a_greater_than_sign_in_an_attribute_cannot_bring_markup_back_to_life(project):
    summary(project, '<a title="><meta http-equiv=refresh content=0;url=https://evil.example/>">x</a> and more.')
    assert project.build().code == 0
    page = project.html("people/amina-saleh/index.html")
    assert [meta["http-equiv"] for meta in page.find_all("meta", attrs={"http-equiv": True})] == ["Content-Security-Policy"]
    assert "evil.example" not in str(page.find("main").find_all("a", href=True))


def test_an_abbreviation_and_a_link_after_it_both_survive(project):
    summary(project, '<abbr title="Syrian National Council">SNC</abbr> said so, [says the source](https://example.org/x).')
    assert project.build().code == 0
    text = project.html("people/amina-saleh/index.html").find("main").find("div", dir="auto")
    assert text.find("abbr", title="Syrian National Council").get_text() == "SNC"
    assert text.find("a", href="https://example.org/x").get_text() == "says the source"


def test_a_link_whose_address_is_refused_is_plain_text(project):
    summary(project, "[click](javascript:alert(1)) and [mail](mailto:x@example.org) and [ok](../about/).")
    assert project.build().code == 0
    text = project.html("people/amina-saleh/index.html").find("main").find("div", dir="auto")
    assert [a["href"] for a in text.find_all("a")] == ["../about/"]
    assert "click" in text.get_text() and "mail" in text.get_text()


# --- 10. One far date, and what it does to the chart ---------------------------------------------------

DEFECTS = "content/events/omar-haddad-defects.yaml"


def dated(project, path: str, date: str) -> None:
    text = project.read(path)
    project.write(path, "date: " + date + text[text.index("\n"):])


def published(project, article: str, date: str) -> None:
    """An article's publication date; an event may not be dated after every article that reports it."""
    path = f"content/articles/{article}.yaml"
    project.write(path, re.sub(r"(?m)^published: .*$", f"published: {date}", project.read(path)))


@pytest.mark.parametrize("date, why", [
    ("2102-03-06", "'date' 2102-03-06 is in the future; correct it if it is a typo, or widen the span "
                   "(earliest_date and latest_date in content/site.yaml)"),
    ("0001-01", "'date' 0001-01 is before 1900, the earliest date this site expects; correct it if it is a typo, "
                "or widen the span (earliest_date and latest_date in content/site.yaml)"),
    ("2003-03-06", "'date' 2003-03-06 is 7 years and 10 months from every other date (the nearest is 2011, in "
                   "content/events/general-dismissed.yaml); is it a typo?"),
])
def test_a_date_far_from_the_others_or_outside_the_sites_span_is_warned_about_at_its_place(project, date, why):
    if date > "2012":  # the article that reports it cannot be older; a date far before every other one is the typo here
        published(project, "alpha", date)
    dated(project, DEFECTS, date)
    result = run(project, "check")
    assert result.returncode == 0 and f"{DEFECTS}:1:7: warning: {why}" in result.stderr.splitlines(), result.stderr


def test_the_sites_span_is_a_setting(project):
    project.write("content/site.yaml", project.read("content/site.yaml") + "earliest_date: 2012\nlatest_date: 2012-06\n")
    published(project, "alpha", "2012-06")  # the article that reports the event below may be of 30 June
    result = run(project, "check")
    assert "content/events/general-dismissed.yaml:1:7: warning: 'date' 2011 is before 2012, the earliest date" in result.stderr
    dated(project, DEFECTS, "2012-06-30")
    assert "2012-06-30" not in run(project, "check").stderr  # the bound's whole month is in
    dated(project, DEFECTS, "2012-07-01")
    assert "'date' 2012-07-01 is after June 2012, the latest date this site expects" in run(project, "check").stderr


AMINA = "content/events/amina-saleh-joins-opposition.yaml"


def counted(project) -> None:
    """Amina Saleh's defection reported rather than disputed, so that the chart counts it."""
    project.write(AMINA, project.read(AMINA).replace("status: disputed", "status: reported"))


def test_a_span_that_ends_before_it_starts_is_an_error(project):
    """Found in review: every date got a warning instead."""
    project.write("content/site.yaml", project.read("content/site.yaml") + "earliest_date: 2013\nlatest_date: 2011\n")
    result = run(project, "check")
    assert result.returncode == 1 and "content/site.yaml:7:14: error: latest_date 2011 is before earliest_date 2013" \
        in result.stderr and "warning: 'date'" not in result.stderr and "warning: 'published'" not in result.stderr


def test_a_line_separator_in_a_one_line_field_is_refused(project):
    """Found in review: U+2028 reached the page as a line break."""
    name = "content/people/amina-saleh.yaml"
    project.write(name, project.read(name).replace("name: Amina Saleh", 'name: "Amina\\u2028Saleh"'))
    assert_reported(run(project, "check"), f"{name}:1:7: error: 'name' holds a U+2028 LINE SEPARATOR")


def test_a_character_that_only_looks_the_same_is_named(project):
    """Found in review: 'the quote has "pro-government" where the article has "pro‑government"'."""
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\nThe pro\u2011government militia attacked.\n")
    quote_event(project, "The pro-government militia attacked.")
    assert_reported(run(project, "check"), "(the article's U+2011 NON-BREAKING HYPHEN, the quote's U+002D HYPHEN-MINUS)")


def chart_of(project):
    page = project.html("index.html")
    figure = page.find("figure", class_="chart")
    rows = figure.find("table").find("tbody").find_all("tr")
    return figure, [(row.th.get_text(), int(row.find_all("td")[-1].get_text())) for row in rows], page


@pytest.mark.parametrize("first, last, per, bars", [
    ("0001-01", "9999-12", "millennium", 10),
    ("2012-03-06", "2102-03-06", "decade", 10),
    ("2006-03-06", "2012-03-20", "year", 7),
])
def test_far_dates_make_a_chart_by_year_or_longer_with_a_bar_for_each(project, first, last, per, bars):
    counted(project)
    dated(project, DEFECTS, first)
    dated(project, AMINA, last)
    published(project, "beta", last)  # an article may not be older than the event it reports
    assert run(project, "build").returncode == 0
    figure, rows, _ = chart_of(project)
    assert figure.figcaption.get_text().startswith(f"People in defections per {per}, by branch: 2 in all")
    assert len(rows) == bars and sum(total for _, total in rows) == 2
    assert len(figure.select("svg a")) == 2  # a link for each bar with people in it
    assert (project.site / "index.html").stat().st_size < 60_000


def test_a_chart_by_year_counts_the_defections_known_only_to_the_year(project):
    counted(project)
    dated(project, AMINA, "2005")
    assert run(project, "build").returncode == 0
    figure, rows, _ = chart_of(project)
    assert figure.figcaption.get_text() == "People in defections per year, by branch: 2 in all (0 confirmed, 2 reported)."
    assert rows == [("2005", 1), ("2006", 0), ("2007", 0), ("2008", 0), ("2009", 0), ("2010", 0), ("2011", 0),
                    ("2012", 1)]


def test_a_span_of_five_years_is_still_drawn_by_month(project):
    counted(project)
    dated(project, AMINA, "2007-04-01")
    assert run(project, "build").returncode == 0
    figure, rows, _ = chart_of(project)
    assert len(rows) == 60 and rows[0] == ("April 2007", 1) and rows[-1] == ("March 2012", 1)
    labels = [t.get_text() for t in figure.find_all("text", class_="wide") if t["text-anchor"] == "middle"]
    assert [label for label in labels if " " in label] == \
        ["Apr 2007", "Jan 2008", "Jan 2009", "Jan 2010", "Jan 2011", "Jan 2012"]  # the first, and each year's first
    narrow = [t.get_text() for t in figure.find_all("text", class_="narrow") if t["text-anchor"] == "middle"]
    assert [label for label in narrow if label[0].isdigit() or " " in label] == \
        ["2007", "2008", "2009", "2010", "2011", "2012"]  # larger on a phone: a year where it starts
    assert len(narrow) < len(labels)


# --- 4 and 5. What a quote may leave out --------------------------------------------------------------

EVENT = "content/events/general-dismissed.yaml"


def quote_event(project, quote: str) -> None:
    project.write(EVENT, project.read(EVENT).replace("quote: A general was dismissed in 2011", f"quote: \"{quote}\""))


def test_a_quote_that_starts_inside_a_word_is_refused_and_says_why(project):
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\nThere were unconfirmed reports that the minister had defected.\n")
    quote_event(project, "confirmed reports that the minister had defected")
    result = run(project, "check")
    assert_reported(result, f"{EVENT}:9:12: error: the quote starts inside a word of seeds/beta.txt ('unconfirmed'): "
                            "quote whole words")


def test_a_quote_that_ends_inside_a_word_is_refused(project):
    quote_event(project, "A general was dismissed in 201")
    result = run(project, "check")
    assert_reported(result, "the quote ends inside a word of seeds/beta.txt ('2011'): quote whole words")


def test_a_quote_cut_at_an_apostrophe_is_cut_inside_a_word(project):
    """Found by the fuzzing run: "didn'" ended on the apostrophe and let an ellipsis drop the "t"."""
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\nThe general said he didn't defect to the rebels.\n")
    quote_event(project, "The general said he didn' … defect to the rebels")
    assert_reported(run(project, "check"), "the quote ends inside a word of seeds/beta.txt ('didn't'): quote whole words")


@pytest.mark.parametrize("quote, words", [("e", 1), ("A general", 2), ("A general was dismissed … 2011", 1)])
def test_each_part_of_a_quote_is_at_least_three_words(project, quote, words):
    quote_event(project, quote)
    result = run(project, "check")
    assert_reported(result, f"{EVENT}:9:12: error: each part of a quote (between ellipses) needs at least 3 words, "
                            f"and one has {words}")


def test_an_ellipsis_may_not_leave_out_a_negation(project):
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\nThe general said that he had not defected to the rebels.\n")
    quote_event(project, "The general said that he had … defected to the rebels.")
    result = run(project, "check")
    assert_reported(result, "the words the ellipsis leaves out hold 'not' ('had not defected')",
                    "a quote may not leave out a negation: quote those words too")


@pytest.mark.parametrize("sentence, quote, reported", [  # found in review
    ("Officials said the minister cannot have defected to Turkey.", "Officials said the minister … have defected to Turkey",
     "hold 'cannot'"),
    *[(f"Officials said the minister didn{a}t defect to Turkey.", "Officials said the minister … defect to Turkey",
       f"hold 'didn{a}t'") for a in "‘‛´`′"],
    ("Reports said 1,500 soldiers defected to the opposition.", "500 soldiers defected to the opposition",
     "the quote starts inside a word of seeds/beta.txt ('1,500')"),
    ("The army lost 3.5 million dollars of equipment.", "The army lost 3", "ends inside a word"),
    ("قَالَ الوَزِيرُ إِنَّهُ انشق عن النظام", "قَالَ الوَزِيرُ إِنَّ", "the quote ends inside a word"),
    ("قال الوزير إنه لَمْ ينشق عن النظام أمس", "قال الوزير إنه … ينشق عن النظام", "hold 'لم'"),
    ("قال الوزير إنه ولم ينشق عن النظام أمس", "قال الوزير إنه … ينشق عن النظام", "hold 'ولم'"),
])
def test_numbers_apostrophes_vowels_and_arabic_negations_keep_their_rules(project, sentence, quote, reported):
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\n" + sentence + "\n")
    quote_event(project, quote)
    assert_reported(run(project, "check"), reported)


def test_a_vowelled_arabic_word_is_one_word(project):
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\nقرر أن يَنْشَقَّ عن الجيش\n")
    quote_event(project, "يَنْشَقَّ")
    assert_reported(run(project, "check"), "needs at least 3 words, and one has 1")


def test_readers_can_see_what_an_ellipsis_left_out(built_fixture):
    citation = next(figure for figure in built_fixture.html("people/omar-haddad/index.html").find_all("figure")
                    if "…" in figure.find("blockquote").get_text())
    link = citation.find("a", class_="left-out")
    assert link is not None and "words left out" in link.get_text()
    assert link["href"].startswith("../../sources/beta/#q-")


# --- 9. The closest passage of a quote not found, in bounded time ---------------------------------------

def test_the_search_for_the_closest_passage_is_bounded_and_says_when_it_stopped(project):
    import random

    rng = random.Random(3)
    words = [rng.choice(["alpha", "beta", "gamma", "delta", "minister", "army", "said", "the", "of"]) for _ in range(4000)]
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\n" + " ".join(words) + ".\n")
    quote_event(project, " ".join(rng.choice(["omega", "sigma", "tau", "psi"]) for _ in range(330))[:1990])
    result = run(project, "check", timeout=30)
    assert_reported(result, "quote not found in seeds/beta.txt", "the search for a closest passage stopped after comparing")


# --- 14. Quote anchors --------------------------------------------------------------------------------

def test_quote_anchors_carry_64_bits_and_the_old_short_ones_still_lead_to_the_quote(built_fixture):
    page = built_fixture.html("sources/alpha/index.html")
    marks = page.find_all("mark", id=True)
    assert marks and all(len(mark["id"].rsplit("-", 1)[1]) == 16 for mark in marks)
    for mark in marks:  # the anchor a shared link made with an earlier version has is there too
        aliases = [span["id"] for span in mark.find_all("span", id=True, recursive=False)]
        assert len(aliases) == 1 and aliases[0] == mark["id"][:-8]


def test_two_quotes_with_one_anchor_are_an_error(project, monkeypatch):
    import defections.urls as urls

    monkeypatch.setattr(urls, "_DIGEST_LENGTH", 0)  # every quote with the same first words now shares an anchor
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml").replace(
        "quote: Colonel Amina Saleh, a senior officer", "quote: Colonel Amina Saleh, a senior officer, later joined"))
    result = project.check()
    assert result.code == 1
    assert ("two different quotes of seeds/alpha.txt would have one anchor (q-colonel-amina-saleh-a-senior-officer)"
            in result.err)


# --- 8. Linked folders ------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", ["seeds", "content/people", "content/articles", "templates"])
def test_a_folder_that_is_a_symbolic_link_is_refused(project, tmp_path, folder):
    outside = tmp_path / "outside"
    import shutil

    shutil.copytree(project.root / folder, outside)
    shutil.rmtree(project.root / folder)
    (project.root / folder).symlink_to(outside, target_is_directory=True)
    result = run(project)
    assert_reported(result, f"{folder}:1:1: error: this folder is a symbolic link; links are not followed")
    assert not project.site.exists()


def test_the_content_folder_as_a_link_is_refused(project, tmp_path):
    os.rename(project.root / "content", tmp_path / "content")
    (project.root / "content").symlink_to(tmp_path / "content", target_is_directory=True)
    result = run(project, "check")
    assert_reported(result, "content:1:1: error: this folder is a symbolic link; links are not followed")


# --- 17. Files that are not files -------------------------------------------------------------------

def test_a_named_pipe_in_the_seeds_is_reported_and_never_read(project):
    os.mkfifo(project.root / "seeds" / "gamma.txt")
    result = run(project, "check", timeout=20)
    assert_reported(result, "seeds/gamma.txt:1:1: error: this is not a regular file (a named pipe, a socket or a "
                            "device): only files are read")


# --- 19. Files that vanish while they are read ---------------------------------------------------------

def test_a_file_that_vanishes_while_it_is_read_is_reported(project, monkeypatch):
    import builtins

    from defections.content import files

    def vanishing(path, *args, **kwargs):  # listed a moment ago, gone when it is opened
        if os.path.basename(path) == "amina-saleh.yaml":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(files, "open", vanishing, raising=False)  # what the loader opens files with
    result = project.check()
    assert result.code == 1
    assert ("content/people/amina-saleh.yaml:1:1: error: the file could not be read (No such file or directory): "
            "if it was moved or deleted while this ran, run it again") in result.err


# --- 21. suggest, on texts no article holds ----------------------------------------------------------

def test_suggest_refuses_a_text_larger_than_a_seed_may_be(project):
    project.write("seeds/huge.txt", "The minister has defected. " * 200_000)  # 5.4 MB
    result = run(project, "suggest", "seeds/huge.txt")
    assert result.returncode == 2
    assert "error: seeds/huge.txt: the file is too large (5.1 MiB; the limit is 5 MiB)" in result.stderr
    assert not (project.root / "content/drafts").exists()


def test_suggest_never_reads_a_named_pipe(project):
    os.mkfifo(project.root / "seeds/pipe.txt")
    result = run(project, "suggest", "seeds/pipe.txt", timeout=20)
    assert result.returncode == 2 and "error: seeds/pipe.txt is not a file" in result.stderr


def test_suggest_passes_over_a_sentence_no_quote_could_be_made_of_and_says_so(project):
    endless = "The ambassador " + "Karim Haddad and Omar Saleh and " * 1300 + "Nawaf Fares has defected."
    project.write("seeds/long.txt", f"Officials break ranks\n\n{endless}\n\n"
                                    "Colonel Amina Saleh, a senior officer, has defected to Turkey.\n")
    result = run(project, "suggest", "seeds/long.txt", "--published", "2012-07-11")
    assert result.returncode == 0, result.stderr
    assert ("note: seeds/long.txt: passed over paragraph 2, with a sentence longer than 2,000 characters; read it "
            "yourself") in result.stderr
    assert "Amina Saleh" in result.stdout and "Nawaf Fares" not in result.stdout


@pytest.mark.parametrize("when, published", [  # found in review: a traceback, or a date no calendar has
    ("yesterday", "0001-01-01"), ("last week", "0001-01-01"), ("on 31 February", "2012-07-11"),
    ("99999 months ago", "2012-07-11"),
])
def test_suggest_leaves_a_date_that_cannot_be_to_the_editor(project, when, published):
    project.write("seeds/odd.txt", f"Odd dates\n\nColonel Karim Aziz has defected {when}, activists said.\n")
    result = run(project, "suggest", "seeds/odd.txt", "--published", published)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    draft = next((project.root / "content/drafts/events").glob("*.yaml")).read_text(encoding="utf-8")
    assert "date: TODO" in draft and "a date that cannot be" in draft


# --- 20. Names Windows reserves ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["con", "aux", "nul", "prn", "com1", "lpt9"])
def test_a_name_windows_reserves_cannot_be_an_id(project, name):
    project.write(f"content/people/{name}.yaml", "name: X Y\nposition: P\nbranch: other\n")
    result = run(project, "check")
    assert_reported(result, f"content/people/{name}.yaml:1:1: error: '{name}' cannot be an id: Windows reserves "
                            "the name")


def test_new_person_never_makes_an_id_windows_reserves(project):
    result = project.run("new", "person", "Con")
    assert result.code == 0 and (project.root / "content/people/con-1.yaml").is_file()


# --- 13. Event ids and the timeline's own element ids ---------------------------------------------------

@pytest.mark.parametrize("event_id", ["status-reported", "year-2012", "month-2012-03", "chart-title", "main",
                                      "filters-title"])
def test_an_event_cannot_take_an_id_of_the_timelines_own_elements(project, event_id):
    project.write(f"content/events/{event_id}.yaml", project.read(DEFECTS))
    result = run(project, "check")
    assert_reported(result, f"content/events/{event_id}.yaml:1:1: error: an event cannot be called '{event_id}': "
                            "it is an element of the timeline under its id",
                    f"rename the file (e.g. to event-{event_id}.yaml)")


def test_every_id_on_the_timeline_is_an_event_or_one_the_events_cannot_take(built_fixture):
    """The templates' ids and the rule that keeps events off them, kept in step: an id added to a
    template, and not to urls.TIMELINE_IDS, fails here."""
    from defections.urls import taken_on_the_timeline

    events = {path.stem for path in (built_fixture.root / "content/events").glob("*.yaml")}
    pages = [built_fixture.html("index.html"), built_fixture.timeline()]
    ids = [element["id"] for page in pages for element in page.find_all(id=True)]
    assert events <= set(ids)
    assert [i for i in ids if i not in events and not taken_on_the_timeline(i)] == []
    assert not [event_id for event_id in events if taken_on_the_timeline(event_id)]


def test_new_event_never_makes_an_id_the_timeline_takes(project):
    result = project.run("new", "event", "Main", "--date", "2012-07", "--person", "omar-haddad")
    assert result.code == 0, result.err
    assert (project.root / "content/events/event-main.yaml").is_file()


# --- 18. Stubs are written whole or not at all -------------------------------------------------------

def test_new_article_on_a_full_disk_leaves_nothing_under_the_real_id(project, tmp_path, monkeypatch):
    import errno

    text = tmp_path / "story.txt"
    text.write_text("A story.\n\nAnother paragraph.\n")

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = project.run("new", "article", str(text), "--id", "story")
    assert result.code == 1 and "No space left on device" in result.err
    assert not (project.root / "seeds/story.txt").exists() and not (project.root / "content/articles/story.yaml").exists()
    assert not [p for p in (project.root / "seeds").iterdir() if p.name.startswith(".")]  # no temporary file left
    result = project.run("new", "person", "Karim Example")
    assert result.code == 1 and not (project.root / "content/people/karim-example.yaml").exists()


# --- 6. The pull-request summary shows everything that matters, as written ----------------------------

from markdown_it import MarkdownIt  # noqa: E402

from conftest import on_a_branch  # noqa: E402


def rendered(summary: str):
    """The summary as GitHub shows it: CommonMark with tables."""
    return soup(MarkdownIt("commonmark").enable("table").enable("strikethrough").render(summary))


def test_an_edited_seed_an_article_moved_elsewhere_and_every_other_file_are_in_the_summary(project):
    on_a_branch(project)
    project.write("seeds/alpha.txt", project.read("seeds/alpha.txt") + "\nThe general was never dismissed, aides said.\n")
    article = project.read("content/articles/alpha.yaml")
    project.write("content/articles/alpha.yaml", article.replace("https://news.example.com/2012/officials?id=1&x=2",
                                                                 "https://elsewhere.example/story"))
    project.write("content/pages/about.md", project.read("content/pages/about.md") + "\nOne more line.\n")
    project.write("content/site.yaml", project.read("content/site.yaml") + "description: Another one\n")
    project.write("seeds/gamma.txt", "A new article\n\nIts only paragraph, which is long enough.\n")
    result = run(project, "changes", "--base", "main")
    assert result.returncode == 0, result.stderr
    page = rendered(result.stdout)
    caution = page.find("blockquote")
    assert caution is not None and result.stdout.index("[!CAUTION]") < result.stdout.index("| change |")
    assert "A seed was edited" in caution.get_text() and [c.get_text() for c in caution.find_all("code")] == ["seeds/alpha.txt"]
    assert "seeds/alpha.txt (changed)" in caution.get_text()
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in page.find("table").find_all("tr")[1:]]
    assert ["changed", "article", "Officials break ranks <b>now</b>", "url now https://elsewhere.example/story",
            "content/articles/alpha.yaml"] in rows
    others = [item.get_text() for item in page.find("h3", string="Other files").find_next("ul").find_all("li")]
    assert others == ["changed: content/pages/about.md", "changed: content/site.yaml", "changed: seeds/alpha.txt",
                      "added: seeds/gamma.txt"]


def test_a_seed_renamed_and_edited_is_flagged_and_its_new_article_shows_its_address(project):
    """Found in review: git lists a renamed seed as one removed and one added, and neither was flagged."""
    on_a_branch(project)
    project.write("seeds/alpha2.txt", project.read("seeds/alpha.txt") + "\nA sentence nobody published.\n")
    project.remove("seeds/alpha.txt")
    project.write("content/articles/alpha2.yaml", project.read("content/articles/alpha.yaml").replace(
        "https://news.example.com/2012/officials?id=1&x=2", "https://elsewhere.example/story"))
    project.remove("content/articles/alpha.yaml")
    page = rendered(run(project, "changes", "--base", "main").stdout)
    assert "seeds/alpha.txt (removed)" in page.find("blockquote").get_text()
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in page.find("table").find_all("tr")[1:]]
    assert ["added", "article", "Officials break ranks <b>now</b>", "url https://elsewhere.example/story",
            "content/articles/alpha2.yaml"] in rows


def test_a_name_cannot_change_how_the_summary_reads(project):
    on_a_branch(project)
    hostile = "Omar | Haddad\r<!-- *hidden* [link](https://evil.example) `code` $x$ \u202e"
    person = project.read("content/people/omar-haddad.yaml")
    project.write("content/people/omar-haddad.yaml", person.replace(
        'name: Omar Haddad <script>alert("name")</script>', "name: " + json.dumps(hostile)))
    result = run(project, "changes", "--base", "main")
    assert result.returncode == 0, result.stderr
    page = rendered(result.stdout)
    assert page.find("a") is None and page.find("em") is None and "<!--" not in str(page).replace("&lt;!--", "")
    row = page.find("table").find_all("tr")[1].find_all("td")
    assert row[2].get_text() == hostile.replace("\r", "\\r").replace("\u202e", "\\u202e")  # escaped, not hidden
    assert page.find("h3", string="New quotes") is not None  # nothing after the name was swallowed


# --- 7, 19, 23. The preview answers this machine only, and never changes what it serves -------------

import re  # noqa: E402
import socket  # noqa: E402


def request(port: int, method: str, target: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request sent as written, and the reply's status, headers and body."""
    headers = {"Connection": "close", **headers}  # an upgrade asks for its own Connection
    lines = [f"{method} {target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers.items())]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data and (data.startswith(b"HTTP/1.1 101") or headers["Connection"] != "close"):
                head = data.partition(b"\r\n\r\n")[0].lower()
                length = re.search(rb"content-length: *(\d+)", head)
                if data.startswith(b"HTTP/1.1 101") or (length and len(data) >= len(head) + 4 + int(length[1])):
                    break  # a WebSocket, open, or a whole reply on a connection kept open
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    return int(status_line.split(" ")[1]), found, body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "attacker.example.com:80",
                                  "8.8.8.8", "10.0.0.5:{port}", "127.0.0.1:9999"])  # (the last three: found in review)
def test_a_request_for_another_host_name_is_refused(served, host):
    status, _, body = request(served.port, "GET", "/defections/", {"Host": host.format(port=served.port)})
    assert status == 403 and b"this preview answers only" in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_this_machines_own_names_are_answered(served, host):
    status, _, _ = request(served.port, "GET", "/defections/", {"Host": host.format(port=served.port)})
    assert status == 200


def test_the_reload_socket_accepts_only_the_previews_own_pages(served):
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    host = f"127.0.0.1:{served.port}"
    status, _, _ = request(served.port, "GET", "/livereload", {"Host": host, "Origin": "http://evil.example", **upgrade})
    assert status == 403
    status, _, _ = request(served.port, "GET", "/livereload", {"Host": host, "Origin": f"http://{host}", **upgrade})
    assert status == 101


@pytest.mark.parametrize("port", ["70000", "-1", "0", "http"])
def test_a_port_that_is_not_one_is_a_usage_error(project, port):
    result = run(project, "serve", "--port", port, timeout=20)
    assert result.returncode == 2 and f"'{port}' is not a port: give a number from 1 to 65535" in result.stderr


def test_an_address_the_preview_cannot_listen_on_is_reported_before_anything_is_served(project):
    """Found in review: 'serving http://8.8.8.8:…' was printed, then 'could not write the site'."""
    from conftest import free_port

    result = run(project, "serve", "--host", "8.8.8.8", "--port", str(free_port()), timeout=60)
    assert result.returncode == 2 and "serving" not in result.stdout
    assert "error: cannot listen on 8.8.8.8, port" in result.stderr and "Traceback" not in result.stderr


def test_no_get_request_changes_anything(served):
    before = served.status()["generation"]
    status, _, _ = request(served.port, "GET", "/forcereload", {"Host": "127.0.0.1"})
    assert status == 404 and served.status()["generation"] == before


def test_a_head_request_has_the_headers_of_a_get_and_no_body(served):
    status, headers, body = request(served.port, "HEAD", "/defections/people/nawaf-fares/", {"Host": "127.0.0.1"})
    assert status == 200 and body == b""
    _, got, page = request(served.port, "GET", "/defections/people/nawaf-fares/", {"Host": "127.0.0.1"})
    assert headers["content-type"] == got["content-type"] and int(headers["content-length"]) == len(page)


def test_only_pages_get_the_previews_script_and_only_once(served):
    name = "content/people/nawaf-fares.yaml"
    served.project.write(name, served.project.read(name).replace("name: Nawaf Fares", 'name: "Nawaf </head> Fares"'))
    served.wait_until(lambda status: status["builds"] >= 2 and status["errors"] == 0, timeout=20)
    time_left = 50
    while b"Nawaf </head> Fares" not in (served.project.site / "data/people.json").read_bytes() and time_left:
        import time

        time.sleep(0.1)
        time_left -= 1
    _, headers, body = request(served.port, "GET", "/defections/data/people.json", {"Host": "127.0.0.1"})
    assert body == (served.project.site / "data/people.json").read_bytes()  # as on disk: no script in the data
    _, _, page = request(served.port, "GET", "/defections/people/nawaf-fares/", {"Host": "127.0.0.1"})
    assert page.count(b"livereload.js") == 1


def test_a_file_name_that_is_not_utf8_is_shown_in_the_overlay_escaped(served):
    people = os.fsencode(served.project.root / "content" / "people")
    with open(os.path.join(people, b"caf\xe9.yaml"), "wb") as stream:
        stream.write(b"name: X\n")
    served.wait_until(lambda status: status["errors"] > 0, timeout=20)
    status, _, page = request(served.port, "GET", "/defections/", {"Host": "127.0.0.1"})
    assert status == 200 and b"caf\\xe9.yaml" in page
