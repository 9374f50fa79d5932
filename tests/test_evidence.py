"""The status is evidence too: what a reader is told an event's sources say, how many back it,
who says it, and when, follows from the quotes and their stances, and nothing else. Built from
tests/fixtures/evidence: an ambassador's defection announced by telephone and denied that
evening, a colonel's defection reported and denied, two confirmed ones (one by confirmation, one
by two publishers), two members of parliament nobody names, and dates of most forms."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest

from conftest import REPO, editor_view, soup
from defections.content.dates import EventDate

HOAX = "content/events/lina-haddad-defects.yaml"
DISPUTED = "content/events/karim-aziz-defects.yaml"
CONFIRMED = "content/events/fadi-rami-defects.yaml"
TWO_PUBLISHERS = "content/events/nabil-samir-defects.yaml"


def entry(site, event_id: str):
    return site.html("timeline/2012/index.html").find("article", id=event_id)


def text(element) -> str:
    return " ".join(element.get_text().split())


# --- The rules: each status and the stances it needs ----------------------------------------------

@pytest.mark.parametrize("path, edit, message", [
    (HOAX, ("    stance: denies\n", ""),
     "status 'denied' needs a 'denies' citation; its citations: 2 'reports' (Example Wire, State Television). "
     "Add a quote with stance: denies, or set the status to what they support: 'confirmed', 'reported'"),
    (DISPUTED, ("    stance: denies\n", ""),
     "status 'disputed' needs a 'reports' or 'confirms' citation and a 'denies' citation"),
    (CONFIRMED, ("    stance: confirms\n", ""),
     "status 'confirmed' needs a 'confirms' citation, or 'reports' citations from 2 different publishers; its "
     "citations: 1 'reports' (The Example Times). Add a quote with stance: confirms, or a 'reports' quote from a "
     "publisher other than The Example Times"),
    (CONFIRMED, ("    stance: confirms\n", "    stance: denies\n"),
     "status 'confirmed' needs a 'confirms' citation"),
    ("content/events/hala-nasser-arrested.yaml", ("    said_by: her lawyer\n", "    said_by: her lawyer\n    stance: context\n"),
     "status 'reported' needs a 'reports' or 'confirms' citation; its citations: 1 'context' (The Example Times)"),
])
def test_a_status_its_citations_do_not_support_is_an_error_at_the_status(evidence, path, edit, message):
    evidence.write(path, evidence.read(path).replace(*edit))
    result = evidence.check()
    assert result.code == 1
    assert f"{path}:4:9: error: {message}" in result.err, result.err


def test_two_quotes_of_one_article_confirm_nothing_two_publishers_do(evidence):
    assert evidence.check().code == 0  # Nabil Samir: reported by Example Wire and The Example Times
    one_article = evidence.read(TWO_PUBLISHERS).replace(
        "  - article: times-0812\n    quote: Brigadier Nabil Samir defected last month, two of his aides said.\n"
        "    said_by: two of his aides\n",
        "  - article: agency-0711\n    quote: Brigadier Nabil Samir has defected to the opposition, according to activists\n")
    evidence.write(TWO_PUBLISHERS, one_article)
    result = evidence.check()
    assert f"{TWO_PUBLISHERS}:4:9: error: status 'confirmed' needs" in result.err
    assert "its citations: 2 'reports' (Example Wire)" in result.err


def test_a_citation_with_no_stance_reports_and_a_mistyped_one_is_named(evidence):
    evidence.write(HOAX, evidence.read(HOAX).replace("stance: denies", "stance: denied"))
    result = evidence.check()
    assert "error: 'stance' cannot be 'denied' (did you mean 'denies'?); use one of 'reports', 'confirms', 'denies', " \
           "'context'" in result.err
    assert "status 'denied' needs" not in result.err  # a record with a mistake is not judged on its stances


# --- Dates as sources give them -----------------------------------------------------------------------

@pytest.mark.parametrize("written, shown", [
    ("2012-07~", "about July 2012"),
    ("2012~", "about 2012"),
    ("2012-07-11~", "about 11 July 2012"),
    ("2012-07-11?", "11 July 2012 (uncertain)"),
    ("2012-07?", "July 2012 (uncertain)"),
    ("2012-08-06/2012-08-08", "6–8 August 2012"),
    ("2012-07-30/2012-08-02", "30 July – 2 August 2012"),
    ("2011-12/2012-01", "December 2011 – January 2012"),
    ("2011-12-30/2012-01-02", "30 December 2011 – 2 January 2012"),
    ("2012-06/2012-08", "June–August 2012"),
    ("2011/2012", "2011–2012"),
    ("../2012-08", "before August 2012"),
    ("2012-08/..", "after August 2012"),
    ("2012-07-11", "11 July 2012"),
])
def test_each_date_form_is_shown_as_the_table_says(written, shown):
    assert EventDate.parse(written).display() == shown
    assert EventDate.parse(written).iso() == written


def test_dates_sort_by_the_earliest_day_they_allow_then_the_latest():
    dates = ["2012-08/..", "../2012-08", "2012-08-06/2012-08-08", "2012-07-11?", "2012-07~", "2012-07",
             "2012-07-01", "2012"]
    ordered = sorted(dates, key=lambda d: EventDate.parse(d).sort_key)
    assert ordered == ["../2012-08", "2012", "2012-07-01", "2012-07~", "2012-07", "2012-07-11?", "2012-08/..",
                       "2012-08-06/2012-08-08"]  # before August allows any earlier day: it comes first


def test_the_timeline_is_in_the_order_of_the_earliest_day_each_date_allows(built_evidence):
    page = built_evidence.html("timeline/2012/index.html")
    shown = [(a["id"], text(a.select_one(".meta").find(["time", "span"]))) for a in page.select("article.event")]
    assert shown == [("fadi-rami-defects", "about July 2012"), ("lina-haddad-defects", "11 July 2012"),
                     ("nabil-samir-defects", "11 July 2012 (uncertain)"), ("daraa-mps-defect", "before August 2012"),
                     ("hala-nasser-arrested", "after August 2012"), ("karim-aziz-defects", "6–8 August 2012")]
    months = [h.get_text() for h in page.select("section.month > h2")]
    assert months == ["July 2012", "August 2012"]


@pytest.mark.parametrize("written, message", [
    ("2012-08-08/2012-08-06", "'2012-08-08/2012-08-06' ends before it starts: write the earlier date first"),
    ("2012-02-30~", "'2012-02-30' is not a real date: February 2012 has 29 days"),
    ("2012-07~?", "has more than one of ~ and ?"),
    ("2012~/2013", "an interval's ends are plain dates (no ~ or ?)"),
    ("../..", "is open at both ends: give at least one date"),
])
def test_a_date_that_cannot_be_is_an_error_at_its_place(evidence, written, message):
    evidence.write(DISPUTED, evidence.read(DISPUTED).replace("date: 2012-08-06/2012-08-08", f'date: "{written}"'))
    result = evidence.check()
    assert result.code == 1 and f"{DISPUTED}:1:7: error: 'date': " in result.err and message in result.err, result.err


def test_a_citation_date_is_checked_too(evidence):
    evidence.write(DISPUTED, evidence.read(DISPUTED).replace("date: 2012-08-09", "date: 2012-08-32"))
    assert "'date': '2012-08-32' is not a real date: August 2012 has 31 days" in evidence.check().err


# --- People nobody names ------------------------------------------------------------------------------

def test_an_unnamed_group_is_on_the_timeline_and_in_the_counts_never_in_people(built_evidence):
    group = entry(built_evidence, "daraa-mps-defect")
    assert text(group.select_one("p.people")) == "2 members of parliament from Daraa (not named)"
    assert group["data-branches"] == "political"
    people = json.loads((built_evidence.site / "data/people.json").read_text(encoding="utf-8"))["people"]
    assert sorted(p["id"] for p in people) == ["fadi-rami", "hala-nasser", "karim-aziz", "lina-haddad", "nabil-samir"]
    assert sorted(p.name for p in (built_evidence.site / "people").iterdir() if p.is_dir()) == sorted(
        p["id"] for p in people)
    august = next(row for row in chart_rows(built_evidence) if row[0] == "August 2012")
    assert august[1]["Political"] == "2" and august[1]["Reported"] == "2"


@pytest.mark.parametrize("unnamed, message", [
    ("unnamed:\n  count: 0\n  who: officers\n  branch: military\n", "'count' must be a whole number from 1 to 1,000,000"),
    ("unnamed:\n  count: 2\n  branch: military\n", "'unnamed' is missing the required field 'who'"),
    ("unnamed:\n  count: 2\n  who: officers\n  branch: navy\n", "'branch' cannot be 'navy'"),
    ("", "this event names no one: list the ids of its people under 'people', or say who they are under 'unnamed'"),
    ("unnamed:\n", "this event names no one"),  # there, with nothing in it
    ("unnamed:\n  count: 10000000000\n  who: officers\n  branch: military\n",
     "'count' must be a whole number from 1 to 1,000,000"),
])
def test_an_unnamed_group_says_how_many_who_and_their_branch(evidence, unnamed, message):
    path = "content/events/daraa-mps-defect.yaml"
    record = evidence.read(path)
    evidence.write(path, record[:record.index("unnamed:")] + unnamed + record[record.index("sources:"):])
    assert message in evidence.check().err


# --- What readers see ---------------------------------------------------------------------------------

def chart_rows(site):
    table = site.html("index.html").select_one("figure.chart table")
    heads = [th.get_text() for th in table.select("thead th")]
    return [(row.th.get_text(), dict(zip(heads[1:], (td.get_text() for td in row.find_all("td")))))
            for row in table.select("tbody tr")]


def test_the_chart_counts_confirmed_and_reported_defections_only_and_says_what_it_left_out(built_evidence):
    figure = built_evidence.html("index.html").select_one("figure.chart")
    assert text(figure.figcaption) == ("People in defections per month, by branch: 4 in all (2 confirmed, 2 reported)."
                                       " Not counted: 1 in disputed and 1 in denied defections.")
    headline = text(built_evidence.html("index.html").select_one(".headline"))
    assert headline.startswith("4 people in confirmed and reported defections: 2 political, 2 military.")
    assert "Not counted: 1 in disputed and 1 in denied defections" in headline
    rows = chart_rows(built_evidence)
    assert [(month, row["Confirmed"], row["Reported"], row["Total"]) for month, row in rows] == [
        ("July 2012", "2", "0", "2"), ("August 2012", "0", "2", "2")]
    assert "Not counted: 1 people in disputed defections and 1 in denied ones" in text(figure.select_one("details"))
    reported = figure.select("svg rect.reported")
    assert reported and all(r.find_next_sibling("rect")["class"] == ["hatched"] for r in reported)  # not by colour alone


def test_a_denied_hoax_leads_with_its_denial_in_words_not_by_colour_or_strikethrough(built_evidence):
    hoax = entry(built_evidence, "lina-haddad-defects")
    assert text(hoax.select_one(".verdict")).startswith("Denied: a source says this did not happen.")
    lead = hoax.select(".evidence .lead")
    assert len(lead) == 1 and text(lead[0].select_one(".lead-label")) == "The denial"
    assert text(lead[0].blockquote) == "Ambassador Lina Haddad denied that she had defected, calling the report a fabrication."
    assert text(lead[0].figcaption).startswith("Denied by Lina Haddad, via State Television: Evening bulletin")
    css = (built_evidence.site / "assets/style.css").read_text(encoding="utf-8")
    assert "line-through" not in css


def test_a_disputed_event_shows_the_claim_and_the_denial_side_by_side(built_evidence):
    disputed = entry(built_evidence, "karim-aziz-defects")
    evidence = disputed.select_one(".evidence")
    assert "side-by-side" in evidence["class"]
    assert [text(label) for label in evidence.select(".lead-label")] == ["The claim", "The denial"]
    assert text(disputed.select_one(".verdict")).startswith("Disputed: sources disagree.")


def test_who_says_it_is_the_speaker_via_the_publisher_or_the_publisher(built_evidence):
    captions = [text(f) for f in built_evidence.html("people/nabil-samir/index.html").select("figure.citation figcaption")]
    assert captions[0].startswith("Reported by Example Wire: Ambassador defects, then denies, 11 July 2012.")
    assert captions[1].startswith("Reported by two of his aides, via The Example Times: Officers leave, 12 August 2012.")


def event_page(site, event_id: str):
    return site.html(f"events/{event_id}/index.html")


def test_each_event_says_how_it_was_reported_in_order_and_when_sources_give_other_dates(built_evidence):
    hoax = event_page(built_evidence, "lina-haddad-defects")
    assert text(hoax.select_one(".story")) == ("As it was reported: Reported 11 July 2012 (opposition activists, via "
                                              "Example Wire) · Denied 11 July 2012 (Lina Haddad, via State Television)")
    disputed = event_page(built_evidence, "karim-aziz-defects")
    assert text(disputed.select_one(".dates-given")) == (
        "Sources give different dates: 6–8 August 2012 (activists, via The Example Times) · 9 August 2012 (his "
        "brother, via The Example Times).")  # the army denies it happened: it gives no date
    assert event_page(built_evidence, "fadi-rami-defects").select_one(".dates-given") is None
    assert entry(built_evidence, "lina-haddad-defects").select_one(".story") is None  # the timeline keeps it short


def test_quotes_are_never_counted_as_sources(built_evidence):
    for page in built_evidence.site.rglob("*.html"):
        assert not re.search(r"\b\d+ sources?\b", text(soup(page.read_text(encoding="utf-8")))), page
    assert text(entry(built_evidence, "karim-aziz-defects").select_one(".source-count")).startswith(
        "3 quotes from 2 articles (State Television, The Example Times)")
    assert text(entry(built_evidence, "fadi-rami-defects").select_one(".source-count")).startswith(
        "1 quote from 1 article (The Example Times):")


def test_a_person_page_shows_each_event_with_its_evidence(built_evidence):
    page = built_evidence.html("people/lina-haddad/index.html")
    event = page.select_one("article.event")
    assert text(event.select_one(".lead-label")) == "The denial"
    assert [text(q.blockquote) for q in event.select("figure.citation")][1] == \
        "Ambassador Lina Haddad announced her defection by telephone on state-run television"  # the other quote
    assert text(event.select_one(".more-label")) == "The other quotes"


def test_the_feed_gives_a_denied_event_its_denial(built_evidence):
    feed = (built_evidence.site / "feed.xml").read_text(encoding="utf-8")
    summary = re.search(r"<entry>(?:(?!</entry>).)*lina-haddad-defects(?:(?!</entry>).)*</entry>", feed, re.S).group()
    assert "Denied: “Ambassador Lina Haddad denied that she had defected" in summary


# --- The data files and the schemas -------------------------------------------------------------------

def test_the_data_files_carry_stances_speakers_dates_and_unnamed_groups(built_evidence):
    events = {e["id"]: e for e in json.loads((built_evidence.site / "data/events.json").read_text("utf-8"))["events"]}
    disputed = events["karim-aziz-defects"]
    assert (disputed["date"], disputed["date_earliest"], disputed["date_latest"]) == (
        "2012-08-06/2012-08-08", "2012-08-06", "2012-08-08")
    assert [(s["stance"], s["said_by"], s["date"]) for s in disputed["sources"]] == [
        ("reports", "activists", None), ("reports", "his brother", "2012-08-09"), ("denies", "the army", None)]
    group = events["daraa-mps-defect"]
    assert group["unnamed"] == {"count": 2, "who": "members of parliament from Daraa", "branch": "political"}
    assert (group["date"], group["date_earliest"], group["date_latest"]) == ("../2012-08", None, "2012-08-31")
    assert events["hala-nasser-arrested"]["date_latest"] is None
    rows = list(csv.DictReader(io.StringIO((built_evidence.site / "data/events.csv").read_text("utf-8"))))
    row = next(r for r in rows if r["event"] == "daraa-mps-defect")
    assert (row["person"], row["name"], row["branch"], row["count"]) == (
        "", "members of parliament from Daraa (not named)", "political", "2")
    karim = next(r for r in rows if r["event"] == "karim-aziz-defects")
    assert karim["stances"].splitlines() == ["reports", "reports", "denies"]
    assert karim["source_dates"].split("\n") == ["", "2012-08-09", ""] and karim["count"] == "1"


def test_the_json_schemas_accept_the_new_fields_and_refuse_what_check_refuses(evidence):
    event_schema = json.loads((REPO / "schemas/event.schema.json").read_text(encoding="utf-8"))
    for path in sorted((evidence.root / "content/events").glob("*.yaml")):
        jsonschema.validate(editor_view(path.read_text(encoding="utf-8")), event_schema)
    broken = editor_view(evidence.read(DISPUTED).replace("stance: denies", "stance: denied"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, event_schema)
    nobody = editor_view(evidence.read("content/events/daraa-mps-defect.yaml").split("unnamed:")[0] + "sources: []\n")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(nobody, event_schema)


def test_one_publisher_spelled_two_ways_is_one_publisher(evidence):
    """Two reports make an event confirmed only from two publishers: 'Example Wire' and 'example  wire' are one."""
    evidence.write("content/articles/times-0812.yaml", evidence.read("content/articles/times-0812.yaml").replace(
        "publisher: The Example Times", "publisher: example  wire"))
    evidence.write("content/articles/agency-0711.yaml", evidence.read("content/articles/agency-0711.yaml").replace(
        "publisher: Example Wire", "publisher: Example Wire"))
    result = evidence.check()
    assert result.code == 1 and "content/events/nabil-samir-defects.yaml" in result.err
    assert "'reports' citations from 2 different publishers" in result.err


@pytest.mark.parametrize("written", ["٢٠١٢-٠٧", "２０１２"])
def test_a_date_in_other_digits_is_refused_as_the_schema_refuses_it(evidence, written):
    evidence.write(DISPUTED, evidence.read(DISPUTED).replace("date: 2012-08-06/2012-08-08", f'date: "{written}"'))
    assert f"'{written}' is not a date" in evidence.check().err


def test_a_chart_with_only_disputed_and_denied_defections_still_says_what_it_left_out(evidence):
    for event in ("daraa-mps-defect", "fadi-rami-defects", "nabil-samir-defects"):
        evidence.remove(f"content/events/{event}.yaml")
    assert evidence.build().code == 0
    home = evidence.html("index.html")
    assert home.select_one("figure.chart") is None
    assert "Not counted: 1 in disputed and 1 in denied defections" in text(home.select_one(".headline"))


def test_events_on_the_same_date_share_it_and_the_same_wrong_date_is_an_error_in_each_file(tmp_path):
    """A date is a value: events written with the same date hold one object (a site has a few
    thousand dates among 100,000 events), and a date that cannot be is reported in every file."""
    from conftest import write_archive
    from defections.content.validate import check
    project = write_archive(tmp_path / "dates", 3, ["2012-07-11", "2012-07-11", "2012-07~", "2012-07-11"])
    content, problems = check(project.root)
    assert content is not None and not [problem for problem in problems if problem.severity == "error"]
    dates = [content.events[f"event-{n:04d}"].date for n in range(4)]
    assert dates[0] is dates[1] is dates[3] and dates[2] is not dates[0]
    assert [date.display() for date in dates] == ["11 July 2012", "11 July 2012", "about July 2012", "11 July 2012"]
    for n in (1, 3):
        project.write(f"content/events/event-{n:04d}.yaml",
                      project.read(f"content/events/event-{n:04d}.yaml").replace("2012-07-11", "2012-02-30"))
    result = project.check()
    for n in (1, 3):
        assert (f"content/events/event-{n:04d}.yaml:1:7: error: 'date': '2012-02-30' is not a real date: "
                "February 2012 has 29 days") in result.err, result.err
