"""The content contract's rules, one at a time: how quotes match, how text splits into paragraphs,
how dates read and sort, how quotes are highlighted; and that output never varies by chance."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURE, REPO, copy_project, soup, tree
from defections.content import quotes
from defections.content.dates import PartialDate
from defections.content.quotes import collapse, find, paragraphs, quote_id, text_fragment
from defections.render.markup import Markdown, Span, highlight

ARTICLE = paragraphs("He said: “We’re leaving — now.”\n\nThe  minister\nresigned on Monday, aides said.")


@pytest.mark.parametrize("quote", [
    "He said: \"We're leaving - now.\"",  # straight quotes and a hyphen for curly ones and a dash
    "He said: “We’re leaving — now.”",  # exactly as printed
    "The minister resigned",  # a line break and a double space are one space
    "The minister … aides said",  # an ellipsis leaves words out
    "The minister...aides said.",  # three dots do too, with or without spaces
    "… resigned on Monday",
])
def test_quotes_that_match(quote):
    assert find(quote, ARTICLE) is not None


@pytest.mark.parametrize("quote", [
    "the minister resigned",  # case matters
    "now.” The minister",  # a quote stays inside one paragraph
    "aides said … The minister",  # the parts of an elided quote come in order
    "The minister resigned on Tuesday",
])
def test_quotes_that_do_not_match(quote):
    assert find(quote, ARTICLE) is None


def test_paragraphs_are_blank_line_blocks_or_else_lines():
    assert paragraphs("One\nstill one\n\n  \nTwo\r\n\r\nThree") == ["One still one", "Two", "Three"]
    assert paragraphs("One\nTwo\n\tThree  end\n") == ["One", "Two", "Three end"]


def test_a_quote_id_depends_only_on_the_quote():
    assert quote_id("He said: \"We're leaving\"") == quote_id("He  said: “We’re leaving”")
    assert quote_id("The minister resigned").startswith("q-the-minister-resigned-")
    assert quote_id("The minister resigned") != quote_id("The minister resigned.")
    assert quote_id("استقال الوزير").startswith("q-")


# What an editor may type into a quote: words in two scripts and accented, whitespace of every
# kind, ellipses of both kinds, the typographic marks that matching folds, and a character whose
# compatibility form is ASCII.
_QUOTE_CHARACTERS = st.sampled_from(list("ab Z09.,'-\t\n\u00a0…“”‘’–—éﬁاستقلن"))


@given(st.text(_QUOTE_CHARACTERS, max_size=40))
def test_a_quote_splits_folds_and_is_anchored_as_the_rule_says_whatever_it_holds(quote):
    """The rule: split at each ellipsis, collapse and fold each part, drop the empty ones; the
    anchor's words are the parts' letters decomposed, ASCII kept. (The build takes shorter ways
    for the quotes most are, with no ellipsis and nothing but ASCII: they must agree.)"""
    parts = [part for part in (collapse(piece).translate(quotes._FOLD) for piece in quotes._ELLIPSIS.split(quote))
             if part]
    assert quotes.segments(quote) == parts
    assert quotes.fold(quote) == collapse(quote).translate(quotes._FOLD)
    words = unicodedata.normalize("NFKD", " … ".join(parts)).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", words)[:6])[:48].strip("-")
    digest = hashlib.sha256(" … ".join(parts).encode()).hexdigest()[:16]
    assert quote_id(quote) == "-".join(filter(None, ("q", slug, digest)))


@pytest.mark.parametrize("text, shown, iso", [
    ("2012-07-11", "11 July 2012", "2012-07-11"),
    ("2012-07", "July 2012", "2012-07"),
    ("2012", "2012", "2012"),
    ("2012-02-29", "29 February 2012", "2012-02-29"),
])
def test_dates_show_at_their_precision(text, shown, iso):
    date = PartialDate.parse(text)
    assert date.display() == shown and date.iso() == iso


@pytest.mark.parametrize("text", ["2011-02-29", "2012-13", "2012-00", "12-07-2012", "2012/07/11", "2012-7-1", "0000"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_partial_date_sorts_at_the_start_of_its_period():
    dates = [PartialDate.parse(t) for t in ("2012-07-01", "2012-06-30", "2012-07", "2012", "2011-12-31")]
    assert [d.iso() for d in sorted(dates, key=lambda d: d.sort_key)] == \
        ["2011-12-31", "2012", "2012-06-30", "2012-07", "2012-07-01"]


spans_strategy = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20)), max_size=6)


@given(text=st.text(alphabet="ab <&\"'é", min_size=1, max_size=40).map(collapse).filter(bool), raw=spans_strategy)
def test_highlighting_keeps_the_text_and_marks_exactly_each_span(text, raw):
    # Paragraphs are whitespace-collapsed on reading, so the generated text is too.
    spans = [Span(start, min(start + length, len(text)), f"q{i}", True)
             for i, (start, length) in enumerate(raw) if start < len(text)]
    html = str(highlight(text, spans))
    document = soup(f"<p>{html}</p>")
    assert document.p.get_text() == text  # nothing added, nothing lost, everything escaped
    for span in spans:
        pieces = document.find_all("mark", attrs={"data-quote": span.anchor})
        assert "".join(piece.get_text() for piece in pieces) == text[span.start:span.end]
        assert len(document.find_all("mark", id=span.anchor)) == 1


def test_the_same_content_always_builds_the_same_bytes(tmp_path):
    """Two builds in separate processes with different hash seeds (so set and dict order could
    differ), in different folders, and a rebuild over an existing site: the same bytes."""
    first = copy_project(FIXTURE, tmp_path / "one")
    second = copy_project(FIXTURE, tmp_path / "two")
    for project, seed in ((first, "1"), (second, "2"), (first, "3")):
        result = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=project.root, capture_output=True,
                                text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
    assert tree(first.site) == tree(second.site)


@given(words=st.text(min_size=1, max_size=60).map(collapse).filter(bool))
def test_a_text_fragment_holds_the_quoted_words_and_nothing_a_browser_would_read_as_syntax(words):
    # A browser reads ',', '-' and '&' in a text directive as its own syntax: every byte of the words
    # but letters, digits and _ . ~ must be percent-encoded, and decoding must give the words back.
    fragment = text_fragment(words, ((0, len(words)),))
    encoded = fragment.removeprefix(":~:text=")
    assert re.fullmatch(r"(?:[A-Za-z0-9_.~]|%[0-9A-F]{2})*", encoded)
    assert unquote(encoded, errors="strict") == words


MARKDOWN_ALPHABET = st.sampled_from(list("aZé عx1 .,;:'\"()-+=#*_[]<>&!|~\\`\u00a0\t\n“‘") + ["http://x.org", "1.", "- ", "> "])


@given(text=st.lists(MARKDOWN_ALPHABET, min_size=1, max_size=30).map("".join).map(str.strip).filter(bool))
def test_plain_summaries_skip_the_markdown_converter_only_when_it_would_give_the_same_html(text):
    # Summaries that are plain prose are wrapped in <p> without running the converter (100 times
    # faster); whatever the text, the result must be what the converter and sanitiser give.
    markdown = Markdown()
    assert markdown(text) == f"<div dir=\"auto\">{markdown.convert(text)}</div>"
