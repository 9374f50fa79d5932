"""The intake assistant: an editor runs `suggest` on new articles and reviews drafts whose quotes
are verbatim, instead of reading every article and typing every record."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from defections.content.dates import PartialDate
from defections.content.quotes import find, paragraphs
from defections.editors.intake import analyse

FIXTURES = Path(__file__).parent / "fixtures" / "intake" / "articles.yaml"
SAMPLE = {"000_f4f5e170925db277": "2012-12", "004_fec588d6dc2c7ff9": "2012-07-11"}


def suggestions_for(article_id: str):
    text = (REPO / "seeds" / f"{article_id}.txt").read_text(encoding="utf-8")
    return {s.name: s for s in analyse(article_id, text, PartialDate.parse(SAMPLE[article_id]), {})}, text


def test_it_finds_the_three_defectors_of_the_sample_with_their_roles_and_dates():
    first, first_text = suggestions_for("000_f4f5e170925db277")
    second, second_text = suggestions_for("004_fec588d6dc2c7ff9")
    assert set(first) == {"Jihad al-Makdissi"} and set(second) == {"Nawaf Fares", "Manaf Tlass"}

    makdissi = first["Jihad al-Makdissi"]
    assert (makdissi.title, makdissi.branch, makdissi.kind, makdissi.status) == \
        ("Foreign ministry spokesman", "diplomatic", "defection", "reported")
    assert makdissi.date is None  # "has reportedly fled": no words give a day, so the editor is asked for one
    assert "the text gives no date for it; the article was published December 2012" in makdissi.date_note

    fares = second["Nawaf Fares"]
    assert (fares.title, fares.branch, fares.destination) == ("Ambassador to Iraq", "diplomatic", "Turkey")
    assert fares.date is None  # "a Syrian opposition figure said Wednesday" dates the report, not the defection
    assert fares.date_note.startswith("the text gives only the day it was reported; the article was published 11 July")

    tlass = second["Manaf Tlass"]
    assert (tlass.title, tlass.branch) == ("Brigadier general", "military")
    assert tlass.date == "2012-07~" and tlass.approximate and "last week" in tlass.date_note.lower()

    for suggestions, text in ((first, first_text), (second, second_text)):
        for suggestion in suggestions.values():
            for quote in suggestion.quotes:
                assert find(quote, paragraphs(text)), quote  # verbatim, by the build's own rule


@pytest.mark.parametrize("commenter", ["Jay Carney", "Khaled Khoja", "Patrick Ventrell", "Barack Obama",
                                       "Bashar Assad", "Moammar Gadhafi"])
def test_it_does_not_propose_people_who_only_comment(commenter):
    found = {**suggestions_for("000_f4f5e170925db277")[0], **suggestions_for("004_fec588d6dc2c7ff9")[0]}
    assert not any(commenter.split()[-1] in name for name in found)


ARTICLES = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


def test_precision_and_recall_on_articles_written_for_the_tests():
    true_positive = false_positive = false_negative = 0
    for article in ARTICLES:
        found = {s.name for s in analyse(article["id"], article["text"], PartialDate.parse(str(article["published"])), {})}
        expected = {e["name"] for e in article["expected"]}
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
        assert not found & set(article["not"]), article["id"]
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    assert len(ARTICLES) >= 10
    assert recall >= 0.9 and precision >= 0.8, (precision, recall)


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_each_fixture_article_gives_the_expected_events(article):
    found = {s.name: s for s in analyse(article["id"], article["text"], PartialDate.parse(str(article["published"])), {})}
    for expected in article["expected"]:
        suggestion = found.get(expected["name"])
        assert suggestion is not None, expected["name"]
        assert suggestion.kind == expected["kind"]
        assert suggestion.status == expected.get("status", "reported")
        assert suggestion.date == (None if expected["date"] is None else str(expected["date"]))
        if expected["date"] is not None:
            assert suggestion.approximate == expected.get("approximate", False)
        if "branch" in expected:
            assert suggestion.branch == expected["branch"]
        for quote in suggestion.quotes:
            assert find(quote, paragraphs(article["text"]))


# --- The command ----------------------------------------------------------------------------------

def test_drafts_pass_check_once_accepted_with_only_their_todo_dates_filled_in(sample):
    for folder in ("content/people", "content/events"):
        for path in sorted(sample.path(folder).glob("*.yaml")):
            path.unlink()
    result = sample.run("suggest", "seeds/000_f4f5e170925db277.txt", "seeds/004_fec588d6dc2c7ff9.txt")
    assert result.code == 0, result.err
    read, *table = result.out.splitlines()
    assert read == "read 2 texts: seeds/000_f4f5e170925db277.txt, seeds/004_fec588d6dc2c7ff9.txt"
    assert table[0].split() == ["article", "person", "known", "or", "new", "proposed", "event", "date", "confidence"]
    assert any("Nawaf Fares" in row and "new" in row and "TODO" in row for row in table)
    assert any("Manaf Tlass" in row and "2012-07~" in row for row in table)
    assert any("Jihad al-Makdissi" in row and "TODO" in row for row in table)
    drafts = sorted(sample.path("content/drafts").rglob("*.yaml"))
    assert len(drafts) == 6
    event = sample.read("content/drafts/events/nawaf-fares-defection.yaml")
    assert "# Why: \"has defected\" about \"The Syrian ambassador to Iraq\"" in event
    assert "status: reported" in event
    assert sample.check().code == 0, "check ignores drafts"
    makdissi = sample.read("content/drafts/events/jihad-al-makdissi-defection.yaml")
    assert "# date: the text gives no date for it" in makdissi
    for path in sample.path("content/drafts/events").glob("*.yaml"):  # the editor fills in what the text left out
        path.write_text(path.read_text().replace("date: TODO the date of the event", "date: ../2012-07-11"))
    for draft in drafts:
        accepted = sample.run("suggest", "--accept", f"{draft.parent.name}/{draft.stem}")
        assert accepted.code == 0, accepted.err
    result = sample.check()
    assert result.code == 0, result.err
    assert sample.build().code == 0
    assert sample.html("people/nawaf-fares/index.html").h1.get_text() == "Nawaf Fares"


def test_a_known_person_gets_a_suggested_event_not_a_second_record(sample):
    sample.write("seeds/fares-qatar.txt", "Fares in Qatar\n\nNawaf Fares, the former ambassador to Iraq, flew to "
                                          "Qatar on Sunday with his family, his aides said.\n")
    result = sample.run("suggest", "seeds/fares-qatar.txt", "--published", "2012-07-30",
                        "--out", str(sample.root / "review"))
    assert result.code == 0, result.err
    assert any("Nawaf Fares" in row and "nawaf-fares" in row for row in result.out.splitlines())
    assert not (sample.root / "review" / "people" / "nawaf-fares.yaml").exists()
    event = yaml.safe_load((sample.root / "review" / "events" / "nawaf-fares-defection.yaml").read_text())
    assert event["people"] == ["nawaf-fares"] and event["date"] == datetime.date(2012, 7, 29)


def test_an_event_already_accepted_is_not_drafted_again(sample):
    result = sample.run("suggest", "seeds/004_fec588d6dc2c7ff9.txt")
    assert result.code == 0, result.err
    assert "skipped the event: content/events/nawaf-fares-defects.yaml already cites " \
           "seeds/004_fec588d6dc2c7ff9.txt for nawaf-fares" in result.out.splitlines()
    assert not sample.path("content/drafts/events/nawaf-fares-defection.yaml").exists()


WIRE = ("Colonel quits\n\nColonel Karim Aziz, a senior officer in Homs, defected on Sunday, activists said.\n")


def test_reading_an_article_again_updates_its_drafts_instead_of_writing_second_ones(sample):
    sample.write("seeds/wire-aziz.txt", WIRE)
    first = sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    assert "wrote content/drafts/events/karim-aziz-defection.yaml" in first.out.splitlines()
    again = sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    assert "unchanged content/drafts/events/karim-aziz-defection.yaml" in again.out.splitlines()
    later = sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-15")  # a corrected date
    assert "updated content/drafts/events/karim-aziz-defection.yaml" in later.out.splitlines()
    assert "date: 2012-08-12" in sample.read("content/drafts/events/karim-aziz-defection.yaml")
    assert sorted(p.name for p in sample.path("content/drafts").rglob("*.yaml")) == \
        ["karim-aziz-defection.yaml", "karim-aziz.yaml"]


def test_a_draft_the_editor_edited_is_kept_until_they_discard_it(sample):
    sample.write("seeds/wire-aziz.txt", WIRE)
    sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    draft = sample.path("content/drafts/events/karim-aziz-defection.yaml")
    draft.write_text(draft.read_text().replace("Karim Aziz defects", "Col. Karim Aziz defects (EDITED)"))
    again = sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    assert ("kept content/drafts/events/karim-aziz-defection.yaml: it was edited since suggest wrote it; to draft it "
            "again, discard it first: python3 build.py suggest --discard events/karim-aziz-defection") \
        in again.out.splitlines()
    assert "(EDITED)" in draft.read_text()
    discarded = sample.run("suggest", "--discard", "events/karim-aziz-defection")
    assert discarded.code == 0 and discarded.out.startswith("removed content/drafts/events/karim-aziz-defection.yaml")
    assert not draft.exists()
    sample.run("suggest", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    assert "(EDITED)" not in draft.read_text()


@pytest.mark.parametrize("name", ["people/../../content/people/nawaf-fares", "../site", "events/x.yaml", "/etc/x"])
def test_accept_and_discard_take_only_a_drafts_name(sample, name):
    for option in ("--accept", "--discard"):
        result = sample.run("suggest", option, name)
        assert result.code == 2 and "is not a draft's name; name it as people/<id> or events/<id>" in result.err
    assert sample.path("content/people/nawaf-fares.yaml").exists()


def test_a_name_like_someone_already_in_the_project_is_flagged_in_the_table_and_the_draft(sample):
    sample.write("seeds/wire-fares.txt", "Envoy flees\n\nNawaf Abdul Fares, a Syrian diplomat, has defected to Turkey "
                                         "on Friday, officials said.\n")
    result = sample.run("suggest", "seeds/wire-fares.txt", "--published", "2012-07-14")
    assert result.code == 0, result.err
    assert any("Nawaf Abdul Fares" in row and "new, like nawaf-fares" in row for row in result.out.splitlines())
    person = sample.read("content/drafts/people/nawaf-abdul-fares.yaml")
    assert "# Looks like content/people/nawaf-fares.yaml (Nawaf Fares): if it is the same person" in person
    assert yaml.safe_load(person)["not_same_as"] == ["nawaf-fares"]


def test_by_default_it_reads_the_seeds_no_record_covers_yet(sample):
    sample.write("seeds/new-wire.txt", "Colonel Yaarub Shaalan, a senior intelligence officer, fled to Jordan last "
                                       "week, according to a security source.\n")
    result = sample.run("suggest", "--published", "2012-08-20")
    assert result.code == 0, result.err
    rows = result.out.splitlines()
    assert any("new-wire" in row and "Yaarub Shaalan" in row and "2012-08~" in row for row in rows)
    assert not any("004_fec588d6dc2c7ff9" in row for row in rows)


def test_accepting_a_draft_that_does_not_exist_is_a_clear_error(sample):
    result = sample.run("suggest", "--accept", "people/nobody")
    assert result.code == 2 and result.err.startswith(
        "error: there is no draft people/nobody in content/drafts/; the drafts are named as suggest printed them")


def test_a_publication_date_that_is_not_one_is_a_usage_error_before_anything_is_read(sample):
    result = sample.run("suggest", "--published", "2012-13-01")
    assert result.code == 2 and result.err.startswith("error: --published '2012-13-01' is not a real date")


def test_a_denial_is_drafted_as_a_denying_citation_with_its_speaker_and_passes_check(sample):
    sample.write("seeds/wire-0812.txt",
                 "Brigadier General Samir Haddad has defected to the rebels, activists said on Sunday.\n\n"
                 "But Syrian state television denied that General Samir Haddad had defected, calling it a lie.\n")
    sample.write("content/articles/wire-0812.yaml",
                 "title: General defects\npublisher: Example Wire\npublished: 2012-08-12\nfull_text: true\n")
    assert sample.run("suggest", "seeds/wire-0812.txt").code == 0
    draft = sample.read("content/drafts/events/samir-haddad-defection.yaml")
    event = yaml.safe_load(draft)
    assert event["status"] == "disputed"  # a report and a denial: what the stances support
    assert [(s.get("stance", "reports"), s.get("said_by")) for s in event["sources"]] == \
        [("reports", None), ("denies", "Syrian state television")]
    assert "date: TODO" in draft and "# date: the text gives only the day it was reported" in draft
    path = sample.path("content/drafts/events/samir-haddad-defection.yaml")
    path.write_text(draft.replace("date: TODO the date of the event", "date: ../2012-08-12"), encoding="utf-8")
    for folder in ("people", "events"):
        assert sample.run("suggest", "--accept", f"{folder}/samir-haddad" +
                          ("-defection" if folder == "events" else "")).code == 0
    result = sample.check()
    assert result.code == 0, result.err


@pytest.mark.parametrize("sentence, said_by", [
    ("Deputy Prime Minister Qadri Jamil denied reports of his defection on Thursday.",
     "Deputy Prime Minister Qadri Jamil"),
    ("The foreign ministry has flatly denied reports that Qadri Jamil had defected.", "The foreign ministry"),
    ("Asked about it, he denied reports that Qadri Jamil had defected.", None),
])
def test_the_speaker_of_a_denial_is_the_clause_before_denied_never_a_pronoun(sentence, said_by):
    found = {s.name: s for s in analyse("x", sentence, PartialDate.parse("2012-08-02"), {})}
    citation = found["Qadri Jamil"].citations[0]
    assert (citation.stance, citation.said_by, found["Qadri Jamil"].status) == ("denies", said_by, "denied")


def test_suggest_says_what_it_read(sample):
    result = sample.run("suggest")
    assert result.code == 0 and result.out.startswith("every text in seeds/ has its article record already")
    sample.write("seeds/new-wire.txt", "The weather was fine in Damascus on Monday.\n")
    result = sample.run("suggest")
    assert result.out.splitlines()[:2] == ["read 1 text: seeds/new-wire.txt",
                                           "no defection, dismissal, arrest, return or death found in them"]


# --- Wire copy written by others, without reading these rules (benchmarks/intake*/) ----------------

def _benchmark():
    spec = importlib.util.spec_from_file_location("intake_benchmark", REPO / "benchmarks" / "intake.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


BENCHMARK = _benchmark()
CORPORA = [REPO / "benchmarks" / name
           for name in ("intake", "intake-heldout", "intake-blind", "intake-final", "intake-fifth")]


@pytest.mark.parametrize("folder", CORPORA, ids=[c.name for c in CORPORA])
def test_no_drafted_quote_is_about_someone_else(folder):
    """The mistake this product exists to prevent: a quote that names another person, not its own."""
    total = BENCHMARK.score(BENCHMARK.corpus(folder))
    assert total.expected >= 20 and total.wrong_quotes == []


def test_on_the_wire_corpus_it_finds_nine_in_ten_with_the_right_quote_and_date():
    total = BENCHMARK.score(BENCHMARK.corpus(CORPORA[0]))
    assert len(BENCHMARK.corpus(CORPORA[0])) >= 20
    lenient = (total.found / total.drafted, total.found / total.expected)
    strict = (total.strict / total.drafted, total.strict / total.expected)
    assert min(lenient) >= 0.9 and min(strict) >= 0.85, (lenient, strict, total.misses)


def test_every_quote_drafted_from_the_corpora_is_verbatim():
    for folder in CORPORA:
        for article in BENCHMARK.corpus(folder):
            for suggestion in analyse(article.id, article.text, article.published, {}):
                for quote in suggestion.quotes:
                    assert find(quote, paragraphs(article.text)), (article.id, quote)


def test_published_dates_only_the_texts_that_have_no_record(sample):
    sample.write("seeds/wire-aziz.txt", WIRE)
    result = sample.run("suggest", "seeds/004_fec588d6dc2c7ff9.txt", "seeds/wire-aziz.txt", "--published", "2012-08-14")
    rows = result.out.splitlines()
    assert any("Manaf Tlass" in row and "2012-07~" in row for row in rows)  # its record says 11 July 2012
    assert any("Karim Aziz" in row and "2012-08-12" in row for row in rows)  # "on Sunday" before 14 August


def test_each_draft_says_which_words_led_to_it_and_how_an_unnamed_lead_was_named(sample):
    sample.write("seeds/pilot.txt", "Pilot defects\n\nAMMAN, Jordan (AP) — A Syrian air force pilot flew his MiG-21 "
                                    "to Jordan on Thursday and was granted asylum, officials said.\n\nA Jordanian "
                                    "security official identified the pilot as Col. Adnan Haddad, 44.\n")
    assert sample.run("suggest", "seeds/pilot.txt", "--published", "2012-06-21").code == 0
    draft = sample.read("content/drafts/events/adnan-haddad-defection.yaml")
    assert "# Why: \"flew his MiG-21 to\" about \"A Syrian air force pilot (named in a later sentence as Adnan " \
           "Haddad)\"\n" in draft
    assert "# Why: this sentence names \"A Syrian air force pilot\" as \"Adnan Haddad\"\n" in draft
    assert yaml.safe_load(draft)["date"] == datetime.date(2012, 6, 21)


# --- Never someone else's quote, event or date (found in review: each drafted the wrong person) ------

def drafted(*paragraphs: str, published: str = "2012-07-11") -> dict:
    text = "Story\n\n" + "\n\n".join(f"BEIRUT (AP) — {p}" if i == 0 else p for i, p in enumerate(paragraphs))
    return {s.name: s for s in analyse("x", text, PartialDate.parse(published), {})}


@pytest.mark.parametrize("paragraphs, person, kind", [
    # a name in an aside is not the subject of the verb after the aside
    (["Lt. Col. Khaled Yousef, a friend of Gen. Adnan Silu, defected on Sunday."], "Adnan Silu", None),
    (["Lt. Col. Hussein Harmoush, who met Gen. Fayez Amro in June, was arrested on Friday."], "Fayez Amro", None),
    # what happened to a relative did not happen to the person
    (["Col. Khaled Yousef crossed into Turkey on 3 July.", "He said his brother was arrested on Monday."],
     "Khaled Yousef", "arrest"),
    (["A Syrian army general who fled to Jordan says his son was arrested on Monday.",
      "The general, Fayez Amro, spoke by telephone."], "Fayez Amro", "arrest"),
    (["The wife of Gen. Fayez Amro, who defected in June, was arrested on Monday."], "Fayez Amro", "arrest"),
    (["Col. Khaled Yousef said on Monday that his brother, who fled to Jordan last week, was safe."],
     "Khaled Yousef", None),
    # the object of a verb is not a name in the next clause, or a speaker
    (["President Bashar Assad dismissed the governor of Homs on Monday and named Gen. Fayez Amro to the post."],
     "Fayez Amro", None),
    (["Security forces arrested dozens of protesters on Monday, said Col. Fayez Amro, who defected last month."],
     "Fayez Amro", "arrest"),
    # a pronoun that could mean two people is not guessed
    (["Col. Khaled Yousef told Gen. Fayez Amro on Monday that he had defected."], "Fayez Amro", None),
    (["Col. Khaled Yousef told Gen. Fayez Amro on Monday that he had defected."], "Khaled Yousef", None),
    # "I" in a quotation is its speaker only right before the verb
    (["Col. Khaled Yousef crossed into Turkey on 3 July.",
      "\"I saw that the prisoners were killed in the night,\" he told AFP on Tuesday."], "Khaled Yousef", "death"),
])
def test_what_happened_to_someone_else_is_never_drafted_for_them(paragraphs, person, kind):
    found = drafted(*paragraphs)
    if kind is None:
        assert person not in found, found[person].quotes
    else:
        assert person not in found or found[person].kind != kind, found[person].quotes


@pytest.mark.parametrize("paragraphs, person, wrong", [
    (["Col. Khaled Yousef defected on Monday, a week after Gen. Fayez Amro fled to Jordan."], "Fayez Amro",
     "2012-07-09"),
    (["Maj. Adnan Silu deserted, two days after his commander, Brig. Gen. Hassan Darwish, was killed on Friday."],
     "Adnan Silu", "2012-07-06"),
    (["A Syrian army colonel has defected to Jordan, officials said Wednesday.",
      "Mahmoud Zoabi, a shopkeeper who fled to Jordan in May, said the colonel had arrived on Tuesday night.",
      "The colonel, Ahmed Hamdan, told reporters he left his unit in Deraa."], "Ahmed Hamdan", "2012-05"),
    (["Activists said on Saturday that Col. Khaled Yousef had defected in Idlib.",
      "Gen. Fayez Amro fled to Turkey the same day."], "Fayez Amro", "2012-07-07"),
])
def test_a_date_from_someone_elses_clause_is_never_drafted(paragraphs, person, wrong):
    found = drafted(*paragraphs)
    assert person not in found or found[person].date != wrong, found[person].date_note


def test_a_count_of_days_with_a_capital_is_read_not_a_traceback():
    found = drafted("Col. Khaled Yousef defected on Monday.", "Two days later, Gen. Fayez Amro fled to Turkey.")
    assert found["Fayez Amro"].date == "2012-07-11"


@pytest.mark.parametrize("sentence, name", [
    ("Gen. Mustafa al-Sheikh crossed into Turkey on Monday.", "Mustafa al-Sheikh"),
    ("Col. Riad al-Asaad defected in July.", "Riad al-Asaad"),
    ("Gen. Fayez Amro, who commanded troops in Deraa, fled to Jordan on Monday.", "Fayez Amro"),
])
def test_names_and_asides_that_once_hid_a_defector(sentence, name):
    assert name in drafted(sentence)


def test_a_month_named_without_a_year_is_never_after_the_article():
    found = drafted("Col. Khaled Yousef defected in December, activists said.", published="2012-11-20")
    assert found["Khaled Yousef"].date == "2011-12"


def test_the_denier_is_who_speaks_without_the_date_words():
    found = drafted("Syrian state television on Wednesday denied that Ambassador Omar Hilal had defected.")
    assert found["Omar Hilal"].citations[0].said_by == "Syrian state television"


def test_a_denial_in_one_clause_is_not_drafted_for_the_person_of_the_next():
    found = drafted("Gen. Wajih Dalloul appeared on state television on Wednesday to deny reports that he had "
                    "defected, while a monitoring group said Col. Obeida Nouri had fled to Turkey on Tuesday.")
    assert found["Wajih Dalloul"].status == "denied"
    assert (found["Obeida Nouri"].status, found["Obeida Nouri"].date) == ("reported", "2012-07-10")


def test_one_person_in_two_new_texts_keeps_the_first_texts_person_draft_and_drafts_both_events(sample):
    sample.write("seeds/wire-aziz.txt", WIRE)
    sample.write("seeds/wire-aziz-2.txt", "Colonel in Turkey\n\nColonel Karim Aziz, a senior officer in Homs, crossed "
                                          "into Turkey on Monday, officials said.\n")
    result = sample.run("suggest", "seeds/wire-aziz.txt", "seeds/wire-aziz-2.txt", "--published", "2012-08-14")
    lines = result.out.splitlines()
    assert "wrote content/drafts/people/karim-aziz.yaml" in lines
    assert ("kept content/drafts/people/karim-aziz.yaml as drafted from seeds/wire-aziz.txt; seeds/wire-aziz-2.txt "
            "names them too") in lines
    assert "article: wire-aziz\n" in sample.read("content/drafts/people/karim-aziz.yaml")
    assert {"wrote content/drafts/events/karim-aziz-defection.yaml",
            "wrote content/drafts/events/karim-aziz-defection-2.yaml"} <= set(lines)


def test_a_text_with_no_date_at_all_says_so(sample):
    sample.write("seeds/wire-aziz.txt", WIRE)
    result = sample.run("suggest", "seeds/wire-aziz.txt")
    assert ("note: seeds/wire-aziz.txt has no article record and no --published date, so every date it gives is left "
            "TODO: give its date with --published YYYY-MM-DD") in result.err.splitlines()


@pytest.mark.parametrize("paragraphs, person, date", [
    (["Gen. Adib Mahfouz crossed the border late Thursday, officials said.",
      "Also crossing the same night was Brig. Gen. Ghiath Mrayati, an officer in the air defense command."],
     "Ghiath Mrayati", "2012-10-11"),
    (["Col. Yousef Daaboul slipped away from his unit on Oct. 3 with Maj. Moayad Rawas, his operations officer."],
     "Moayad Rawas", "2012-10-03"),
    (["Ambassador Rafiq Droubi left the country with his family and the embassy's military attache, Colonel "
      "Mouwaffaq Sibai, and flew to Qatar on Monday."], "Mouwaffaq Sibai", "2012-10-08"),
    (["Pvt. Shivan Mirza was captured by Syrian troops on Thursday."], "Shivan Mirza", "2012-10-11"),
])
def test_those_who_go_with_a_defector_or_are_named_after_the_verb_are_drafted_with_the_same_day(paragraphs, person,
                                                                                                date):
    assert drafted(*paragraphs, published="2012-10-12")[person].date == date


def test_family_who_go_with_a_defector_are_not_drafted_as_defectors():
    found = drafted("Col. Khaled Yousef crossed into Turkey on Monday with his wife, Lamia Hariri, and their children.")
    assert set(found) == {"Khaled Yousef"}


# Found by a second probe: the same mistakes, by other words.
@pytest.mark.parametrize("paragraphs, person, kind", [
    (["Col. Ahmad Berri, speaking with Gen. Ali Habib, announced his defection on Monday."], "Ali Habib", None),
    (["Brig. Gen. Manaf Tlass defected on Wednesday after he met with Gen. Ali Habib in Damascus."], "Ali Habib", None),
    (["Col. Ahmad Berri defected on Monday in talks with Gen. Ali Habib."], "Ali Habib", None),
    (["Col. Hassan Hamada crossed the border into Jordan with the help of Col. Ahmad Saleh, a smuggler said."],
     "Ahmad Saleh", None),
    (["Col. Khaled Yusuf defected with Gen. Ali Mamlouk's blessing, rebels claimed on Tuesday."], "Ali Mamlouk", None),
    (["Col. Ahmad Berri defected with Gen. Ali Habib's son on Monday."], "Ali Habib", None),
    (["Lt. Col. Omar Daher crossed into Turkey with Gen. Jamil Hassan's men in pursuit on Sunday."], "Jamil Hassan",
     None),
    (["Col. Ahmad Berri defected on Monday.", "Also crossing the same night was the family of Gen. Ali Habib."],
     "Ali Habib", None),
])
def test_who_is_met_helped_or_related_is_not_a_defector(paragraphs, person, kind):
    found = drafted(*paragraphs)
    assert person not in found, found[person].quotes


def test_the_defector_is_found_past_an_aside_about_who_he_spoke_with():
    found = drafted("Col. Ahmad Berri, speaking with Gen. Ali Habib, announced his defection on Monday.")
    assert found["Ahmad Berri"].date == "2012-07-09"


@pytest.mark.parametrize("paragraphs, person, wrong_date, wrong_destination", [
    (["State TV called reports that Col. Ahmad Berri defected \"lies,\" and said Gen. Ali Habib had fled to Turkey "
      "on Monday."], "Ahmad Berri", "2012-07-09", "Turkey"),
    (["Col. Ahmad Berri defected in Turkey, weeks after Gen. Ali Habib was killed on July 2."], "Ahmad Berri",
     "2012-07-02", None),
    (["Col. Ahmad Berri was granted asylum in Turkey on Monday, where Gen. Ali Habib had defected a year earlier."],
     "Ali Habib", "2012-07-09", None),
    (["Gen. Ali Habib denied on Monday that he had defected, but said Col. Ahmad Berri had fled to Jordan."],
     "Ali Habib", None, "Jordan"),
])
def test_another_persons_date_or_destination_is_never_theirs(paragraphs, person, wrong_date, wrong_destination):
    found = drafted(*paragraphs)
    if person in found:
        assert found[person].date != wrong_date or wrong_date is None, found[person].date_note
        assert found[person].destination != wrong_destination or wrong_destination is None


def test_a_denial_of_someone_else_leaves_the_defectors_report_as_it_is():
    found = drafted("Col. Ahmad Berri defected on Monday, Gen. Ali Habib's office said, denying Habib had also left.")
    assert (found["Ahmad Berri"].status, found["Ahmad Berri"].date) == ("reported", "2012-07-09")


def test_a_relation_is_not_a_position():
    found = drafted("Col. Ahmad Berri, a cousin of Gen. Fahd Jassem, defected on Monday.")
    assert found["Ahmad Berri"].title == "Colonel"


def test_a_date_in_a_closing_aside_about_another_event_is_not_the_events():
    found = drafted("Col. Mustafa Sheikh was arrested on Monday at a checkpoint near Homs.",
                    "Also arrested was Maj. Fadi Nasser, who had defected last month.")
    assert found["Fadi Nasser"].kind == "arrest" and not (found["Fadi Nasser"].date or "").startswith("2012-06")


def test_a_denial_in_an_aside_does_not_deny_the_main_clause():
    found = drafted("Col. Ahmad Berri, whose defection Gen. Ali Habib denied, crossed into Turkey on Monday.")
    assert (found["Ahmad Berri"].status, found["Ahmad Berri"].date) == ("reported", "2012-07-09")


def test_who_says_someone_is_still_at_his_desk_is_the_denier():
    found = drafted("Gen. Ali Habib, the army spokesman, said on Monday that Col. Ahmad Berri was still at his desk.")
    assert found["Ahmad Berri"].citations[0].said_by == "Gen. Ali Habib"
