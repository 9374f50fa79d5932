"""Content from strangers, editors' accidents and interrupted builds: every case ends in a clear
error in bounded time, or a correct site; never a traceback, a hang, a crash or a lost site."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO, broken_links, copy_project, soup, tree
from defections.output.write import UnsafePath, checked, lock
from defections.preview.loop import Preview
from defections.preview.watch import watch

DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning): .+$")
SUMMARY = re.compile(r"^\d+ (error|warning)s?(, \d+ warnings?)?( \(warnings fail with --strict\))?$|^build failed; .* was left as it was$")
EXCERPT = re.compile(r"^ *\d+ \| .*$|^ +\| *\^$")  # under a message: the line it is about, and a caret under the place

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def run(project, *args, timeout=60):
    """The real command line, in its own process, with a time limit."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=project.root, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)})


def assert_clean_report(result, *expected):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(DIAGNOSTIC.match(line) or SUMMARY.match(line) or EXCERPT.match(line) for line in lines), \
        result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr


PERSON = "content/people/omar-haddad.yaml"
BILLION_LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))

HOSTILE_YAML = {
    "alias bomb": (BILLION_LAUGHS, f"{PERSON}:1:4: error: anchors and aliases"),
    "deep flow nesting": ("name: " + "[" * 200_000 + "]" * 200_000 + "\n", "nested more than 32 levels"),
    "deep block nesting": ("name:\n" + "".join("  " * i + "- \n" for i in range(40)), "nested more than 32 levels"),
    "huge file": ("name: " + "x" * (2 << 20) + "\n", f"{PERSON}:1:1: error: the file is too large"),
    "control character": ("name: Omar\nposition: \"a\x07b\"\nbranch: political\n", f"{PERSON}:2:13: error: the file holds a control character (U+0007)"),
    "object construction": ("name: !!python/object/apply:os.system ['echo pwned > pwned']\nposition: P\nbranch: political\n",
                            "YAML tags such as '!!python/object/apply:os.system' are not supported"),
    "not UTF-8": ("name: \udcff\n", "is not UTF-8"),
    "null bytes": ("name: a\x00b\n", "control character (U+0000)"),
    "merge key": ("<<: {name: N}\nposition: P\nbranch: political\n", "unknown field '<<'"),
}


@pytest.mark.parametrize("case", HOSTILE_YAML, ids=list(HOSTILE_YAML))
def test_hostile_yaml_is_a_clear_error_in_bounded_time(project, case):
    text, expected = HOSTILE_YAML[case]
    project.write(PERSON, text.encode("utf-8", "surrogateescape"))
    started = time.monotonic()
    result = run(project, "check", timeout=60)
    assert time.monotonic() - started < 30
    assert_clean_report(result, expected)
    assert not (project.root / "pwned").exists()


def test_a_seed_with_a_control_character_is_located(project):
    project.write("seeds/beta.txt", "A general was dismissed.\nOmar Haddad \x1b[31mdenied\n")
    assert_clean_report(run(project, "check"), "seeds/beta.txt:2:13: error: the text holds a control character (U+001B)")


def test_a_very_long_quote_and_a_very_long_article_stay_bounded(project):
    project.write("seeds/beta.txt", ("word " * 150_000 + "\n") * 6)
    project.write("content/events/general-dismissed.yaml", project.read("content/events/general-dismissed.yaml")
                  .replace("quote: A general was dismissed in 2011", "quote: " + "word " * 390 + "missing"))
    project.write(PERSON, project.read(PERSON).replace(
        "quote: The deputy minister, Omar Haddad, has defected to Jordan", "quote: " + "x" * 3000))
    started = time.monotonic()
    result = run(project, "check", timeout=120)
    assert time.monotonic() - started < 60
    assert_clean_report(result, "the quote is 3000 characters long (the limit is 2000)", "quote not found in seeds/beta.txt")


@pytest.mark.parametrize("where", ["content/people/leak.yaml", "seeds/leak.txt", "templates/assets/leak.css",
                                   "templates/leak.html"])
def test_symbolic_links_are_never_followed(project, tmp_path, where):
    secret = tmp_path / "secret.txt"
    secret.write_text("name: secret\nposition: secret\nbranch: other\n")
    link = project.path(where)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    result = run(project)
    assert_clean_report(result, f"{where}:1:1: error: this is a symbolic link; links are not followed")
    assert not project.site.exists() or "secret" not in "".join(
        p.read_text(errors="replace") for p in project.site.rglob("*") if p.is_file())


@pytest.mark.parametrize("relative", ["../escape.html", "/etc/passwd", "a/../../b", "", ".", "a/./../b"])
def test_nothing_is_written_outside_the_site(relative):
    with pytest.raises(UnsafePath):
        checked(relative)


def test_ids_that_would_leave_the_site_are_refused(project):
    for name in ("..yaml", "...yaml", "-x.yaml", "_x.yaml", "A.yaml", "x y.yaml", "x%2e.yaml"):
        project.write(f"content/people/{name}", "name: N\nposition: P\nbranch: other\n")
    result = run(project, "check")
    assert result.returncode == 1
    for refused in ("-x", "_x", "A", "x y", "x%2e"):
        assert f"content/people/{refused}.yaml:1:1: error: '{refused}' cannot be an id" in result.stderr
    assert "..yaml" not in result.stderr  # hidden files (a leading dot) are never read at all


# --- Interrupted and concurrent builds -----------------------------------------------------------

def test_a_build_killed_at_random_points_leaves_the_last_good_site(big_project):
    assert run(big_project).returncode == 0
    good = tree(big_project.site)
    started = time.monotonic()
    assert run(big_project).returncode == 0
    duration = time.monotonic() - started
    person = "content/people/person-00001.yaml"
    rng = random.Random(8)
    outcomes = set()
    for attempt in range(8):
        big_project.write(person, big_project.read(person).replace("summary:", f"summary: Attempt {attempt}."))
        process = subprocess.Popen([sys.executable, str(REPO / "build.py")], cwd=big_project.root,
                                   env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree(big_project.site)
        finished = f"Attempt {attempt}." in (big_project.site / "people/person-00001/index.html").read_text()
        assert now == good or finished, "the site is neither the last good one nor the new one"
        outcomes.add(finished)
        assert run(big_project).returncode == 0  # and the next build succeeds
        good = tree(big_project.site)
        leftovers = [p.name for p in big_project.root.iterdir() if p.name.startswith(".site-")]
        assert leftovers == []
    assert False in outcomes, "no kill landed before the swap: the test proves nothing"


def test_a_second_build_at_the_same_time_is_turned_away(project):
    with lock(project.site, "a build started in the test"):
        result = run(project)
    assert result.returncode == 1
    assert "a build started in the test (process" in result.stderr and "is writing site/ now" in result.stderr
    assert not project.site.exists()
    assert run(project).returncode == 0


# --- The preview under a storm of edits ------------------------------------------------------------

def test_the_preview_survives_200_edits_alternating_broken_and_fixed(project):
    preview = Preview(project.root, project.site, reload=lambda path: None, quiet=0.01)
    assert preview.build().ok
    observer = watch(preview)
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    good = project.read(PERSON)
    try:
        for number in range(200):
            if number % 2:
                project.write(PERSON, good.replace("Deputy minister", f"Deputy minister {number}"))
            else:
                project.write(PERSON, good.replace("branch: political", f"branch: [broken {number}"))
            if number % 17 == 0:
                time.sleep(0.05)  # let some builds happen in the middle of the storm
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if not preview._pending and "Deputy minister 199" in project.read("site/people/omar-haddad/index.html"):
                break
        assert loop.is_alive()
        assert "Deputy minister 199" in project.read("site/people/omar-haddad/index.html")
        assert preview.problems == []
        assert preview.builds > 2
    finally:
        preview.stop()
        observer.stop()


# --- Fuzzing ----------------------------------------------------------------------------------------

BIDI_AND_INVISIBLE = ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
                      "\u00ad\u2060\u206a\U000e0041\U000e0001\u180e\ufff9\u034f\ufe0f\u3164\U000e0100")
HOSTILE_TEXT = st.one_of(
    st.sampled_from(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
                     "</script><script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)",
                     "]]></summary><x>", "' onmouseover='alert(1)", "{{ 7*7 }}", "{% raw %}", "\u202eevil",
                     "null", "NO", "yes", "2012-13-45", "- a", "a: b", "# x", "&amp;", "\\", "…", "...",
                     "[x](javascript:alert(1))", "<a href=\"javascript:alert(1)\">x</a>", "<style>*{}</style>",
                     "a\x07b"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
)


def yaml_string(text: str) -> str:
    return '"' + "".join(f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ch in '"\\' or 0x7f <= ord(ch) <= 0x9f
                         else ch for ch in text) + '"'


@given(name=HOSTILE_TEXT, position=HOSTILE_TEXT, native=HOSTILE_TEXT, alias=HOSTILE_TEXT, summary=HOSTILE_TEXT,
       title=HOSTILE_TEXT, destination=HOSTILE_TEXT, article_title=HOSTILE_TEXT, publisher=HOSTILE_TEXT,
       page=HOSTILE_TEXT, seed_extra=HOSTILE_TEXT)
def test_any_text_in_any_field_builds_safely_or_is_reported(tmp_path_factory, name, position, native, alias, summary,
                                                            title, destination, article_title, publisher, page,
                                                            seed_extra):
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("fuzz") / "project")
    project.write(PERSON, f"name: {yaml_string(name)}\nposition: {yaml_string(position)}\nbranch: political\n"
                          f"native_name: {yaml_string(native)}\naliases: [{yaml_string(alias)}]\n"
                          f"summary: {yaml_string(summary)}\n"
                          "sources:\n  - article: alpha\n    quote: The deputy minister, Omar Haddad, has defected to Jordan\n")
    event_file = "content/events/omar-haddad-defects.yaml"
    project.write(event_file, project.read(event_file).replace("title: Deputy minister defects </h4><script>alert(\"title\")</script>",
                                                     f"title: {yaml_string(title)}")
                  .replace("destination: NO", f"destination: {yaml_string(destination)}"))
    project.write("content/articles/beta.yaml", f"title: {yaml_string(article_title)}\npublisher: {yaml_string(publisher)}\n"
                                                "published: 2012\nfull_text: true\n")
    project.write("content/pages/about.md", f"---\ntitle: {yaml_string(page)}\n---\n{page}\n\n{summary}\n")
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + seed_extra + "\n")
    result = project.build()
    event("built a site" if result.code == 0 else "reported: " + ", ".join(sorted(
        {re.sub(r"'[^']*'|\(U\+[^)]*\)|\d+", "…", line.split(": error: ", 1)[1])[:48]
         for line in result.lines if ": error: " in line})))
    if result.code != 0:
        assert result.code == 1 and "Traceback" not in result.err
        assert all(DIAGNOSTIC.match(line) or SUMMARY.match(line) or EXCERPT.match(line) for line in result.lines), \
            result.err
        return
    assert broken_links(project.site, "/some-repo/") == []
    for output in project.site.rglob("*"):  # an invisible character is refused, so none reaches a reader
        if output.suffix in (".html", ".json", ".csv", ".xml", ".txt"):
            assert not set(output.read_text(encoding="utf-8")) & set(BIDI_AND_INVISIBLE), output
    for page_file in project.site.rglob("*.html"):
        document = soup(page_file.read_text(encoding="utf-8"))
        for tag in document.find_all(True):
            assert not any(attribute.startswith("on") for attribute in tag.attrs), tag
            assert not tag.get("href", "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), tag
            assert tag.name not in ("style", "iframe", "object", "embed", "img", "form") or tag.get("class") in (
                ["filters"], ["site-search"]), tag
        for script in document.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", script
    for data in ("data/people.json", "data/events.json"):
        import json

        json.loads((project.site / data).read_text(encoding="utf-8"))
    import csv
    import io

    for row in csv.reader(io.StringIO((project.site / "data/events.csv").read_text(encoding="utf-8"))):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    from lxml import etree

    etree.fromstring((project.site / "feed.xml").read_bytes())


def test_a_symlinked_site_file_is_named_itself(project, tmp_path):
    target = tmp_path / "site.yaml"
    target.write_text(project.read("content/site.yaml"))
    project.path("content/site.yaml").unlink()
    project.path("content/site.yaml").symlink_to(target)
    project.path("content/articles/aaa.yaml").symlink_to(target)  # sorts before it: must not be blamed instead
    result = run(project, "check")
    assert_clean_report(result, "content/site.yaml:1:1: error: this is a symbolic link",
                        "content/articles/aaa.yaml:1:1: error: this is a symbolic link")


def test_a_long_page_written_only_in_part_by_the_system_is_still_written_whole(project, monkeypatch):
    """The timeline is written as its entries, a thousand per system call; a call that writes
    only some of them (a signal, a nearly full disk) must not leave a page with a hole in it."""
    from defections.output import write
    from defections.render.parts import Parts, Stream
    real, chance = os.writev, random.Random(7)

    def in_part(fd, buffers):  # writes a little less than asked, once in a while
        buffers = list(buffers)
        if len(buffers) > 1 and chance.random() < 0.5:
            return os.write(fd, b"".join(buffers)[: max(1, sum(map(len, buffers)) - 100)])
        return real(fd, buffers)

    page = Parts([b"<p>head</p>\n", *(f"<li>entry {n}</li>\n".encode() for n in range(5000)), b"<p>tail</p>\n"])
    monkeypatch.setattr(write.os, "writev", in_part)
    target = project.root / "page.html"
    write.write_file(target, page)
    assert target.read_bytes() == b"".join(page)
    write.write_file(target, Stream(iter(page)))  # a data file, written as it is made
    assert target.read_bytes() == b"".join(page)


@pytest.mark.parametrize("said", [0, 7])
def test_a_file_is_read_whole_whatever_size_the_system_gave_for_it(project, monkeypatch, said):
    """A file is read in one go of the size the system gives for it; one that grew since (an editor
    saving it), or whose size the system does not know, is still read whole, and a file over the
    limit is still refused without being read past it."""
    from defections.content import files
    from defections.content.validate import check
    real = os.fstat

    def smaller(fd):  # the size as it was before the file grew
        found = real(fd)
        return os.stat_result((*found[:6], min(found.st_size, said), *found[7:]))

    monkeypatch.setattr(files.os, "fstat", smaller)
    content, problems = check(project.root)
    assert content is not None, problems
    assert content.people["omar-haddad"].name == "Omar Haddad <script>alert(\"name\")</script>"  # all of it
    assert files.read_within(project.root, PERSON, 20, []) is None  # over a limit of 20 bytes: refused
    assert files.read_within(project.root, PERSON, 1 << 20, []) == (project.root / PERSON).read_bytes()


def test_a_data_file_is_written_as_it_is_made_and_never_held_whole(built_sample):
    """events.json at 50,000 people is 200 MB: a build makes it record by record as it writes it."""
    from defections.content.validate import check
    from defections.render import data

    content, _ = check(built_sample.root)
    made = []
    stream = data.events_json(content, _Counting(made))
    assert made == []  # nothing made before it is written
    parts = iter(stream)
    head, first = next(parts), next(parts)
    assert head.startswith(b'{"site": ') and made == [next(iter(content.events))]  # one event at a time
    with pytest.raises(RuntimeError, match="gone through once"):
        iter(stream)
    written = (built_sample.site / "data" / "events.json").read_bytes()
    assert head + first + b"".join(parts) == written  # the same bytes as the site's
    assert made == list(content.events)
    assert len(json.loads(written)["events"]) == len(content.events)


class _Counting:
    """A build from nothing that notes each value it makes."""

    keeps = False

    def __init__(self, made: list):
        self.made = made

    def in_turn(self, name, items, make, **_):
        return (self.made.append(key) or make(item) for key, item in items.items())


# --- Fuzzing the invisible characters: refused wherever they are, and only they ---------------------

PLACES = {  # where a text can go: the file, and how the text gets there
    "a person's name": ("content/people/omar-haddad.yaml", lambda text, old: old.replace(
        'name: Omar Haddad <script>alert("name")</script>', f"name: {yaml_string(text)}")),
    "an alias": ("content/people/omar-haddad.yaml", lambda text, old: old.replace(
        "  - Omar al-Haddad", f"  - {yaml_string(text)}")),
    "an event's title": ("content/events/omar-haddad-defects.yaml", lambda text, old: old.replace(
        'title: Deputy minister defects </h4><script>alert("title")</script>', f"title: {yaml_string(text)}")),
    "an article's publisher": ("content/articles/alpha.yaml", lambda text, old: old.replace(
        "publisher: The Example Times", f"publisher: {yaml_string(text)}")),
    "a page's body": ("content/pages/about.md", lambda text, old: old + "\n" + text + "\n"),
    "a seed": ("seeds/beta.txt", lambda text, old: old + "\n" + text + "\n"),
}


@given(place=st.sampled_from(sorted(PLACES)),
       text=st.text(alphabet=st.sampled_from(list("ab عمر.,") + list(BIDI_AND_INVISIBLE)), min_size=1, max_size=12))
def test_an_invisible_character_is_refused_wherever_it_is_and_nothing_else_is(tmp_path_factory, place, text):
    from defections.content.validate import check

    path, put = PLACES[place]
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("invisible") / "project")
    project.write(path, put(text, project.read(path)))
    _, problems = check(project.root)
    invisible = [p for p in problems if "invisible character" in p.message]
    hidden = sorted(set(text) & set(BIDI_AND_INVISIBLE))
    event("refused" if hidden else "accepted")
    if hidden:
        assert invisible and all(p.path == path for p in invisible), (text, problems)
        assert any(f"U+{ord(hidden[0]):04X}" in p.message or any(f"U+{ord(c):04X}" in p.message for c in hidden)
                   for p in invisible)
    else:
        assert invisible == [], (text, problems)


# Unicode 15's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which Python does not expose.
DEFAULT_IGNORABLE = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]


def test_every_format_character_is_refused_but_the_ones_that_print_a_sign():
    """The characters' table kept in step with Unicode: a format character added to it is refused,
    and so is every character Unicode says to show as nothing."""
    import unicodedata

    from defections.content.characters import INVISIBLE, VISIBLE_FORMAT

    ignorable = {code for first, last in DEFAULT_IGNORABLE for code in range(first, last + 1)}
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if code in ignorable:
            assert INVISIBLE.match(character), f"U+{code:04X}"
        elif unicodedata.category(character) == "Cf":
            assert bool(INVISIBLE.match(character)) != bool(VISIBLE_FORMAT.match(character)), f"U+{code:04X}"
        elif unicodedata.category(character) != "Cn":  # an unassigned one may be a format character in a newer Unicode
            assert not INVISIBLE.match(character) and not VISIBLE_FORMAT.match(character), f"U+{code:04X}"


# --- Fuzzing the quote rules: whole words, three words a part, no negation left out ---------------

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
         "mike", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform"]
NEGATIONS = ["not", "never", "didn't", "denied", "without", "no"]


@st.composite
def paragraph_and_quote(draw):
    """A paragraph of distinct words (some negations, some commas), and a quote of it: up to three
    runs of its words between ellipses, each perhaps cut inside a word at either end."""
    words = draw(st.permutations(WORDS))[:draw(st.integers(10, 20))]
    for negation in draw(st.lists(st.sampled_from(NEGATIONS), max_size=4, unique=True)):
        words.insert(draw(st.integers(0, len(words))), negation)
    words = [word + "," if draw(st.booleans()) and draw(st.booleans()) else word for word in words]
    runs, start = [], 0
    for _ in range(draw(st.integers(1, 3))):
        if start >= len(words):
            break
        first = draw(st.integers(start, min(len(words) - 1, start + 3)))
        length = draw(st.sampled_from([1, 2, 3, 3, 4, 4, 5, 6]))  # mostly long enough
        last = min(len(words) - 1, first + length - 1)
        runs.append((first, last + 1))
        start = last + 1 + draw(st.integers(0, 3))
    gaps = [index for (_, end), (first, _) in zip(runs, runs[1:]) for index in range(end, first)]
    unused = [negation for negation in NEGATIONS if negation not in words]
    if gaps and unused and draw(st.booleans()):  # often, a negation where an ellipsis leaves words out
        words[draw(st.sampled_from(gaps))] = draw(st.sampled_from(unused))
    parts, cut = [], False
    for first, end in runs:
        part = words[first:end]
        if draw(st.integers(0, 5)) == 0 and len(part[0].rstrip(",")) > 2:
            part = [part[0][draw(st.integers(1, 2)):], *part[1:]]  # starts inside a word
            cut = True
        if draw(st.integers(0, 5)) == 0 and len(part[-1].rstrip(",")) > 2:
            part = [*part[:-1], part[-1].rstrip(",")[:-draw(st.integers(1, 2))]]  # ends inside one
            cut = True
        parts.append(" ".join(part))
    quote = (draw(st.sampled_from(["", "… ", "..."])) + draw(st.sampled_from([" … ", " ... ", "…", "..."])).join(parts)
             + draw(st.sampled_from(["", " …", "..."])))
    too_short = any(len(re.findall(r"[^\W_]+", part)) < 3 for part in parts)
    left_out = " ".join(" ".join(words[end:first]) for (_, end), (first, _) in zip(runs, runs[1:]))
    negated = any(word in NEGATIONS or word.endswith("n't") for word in re.findall(r"[\w']+", left_out))
    expected = ("too short" if too_short else "inside a word" if cut else "negation" if negated else "valid")
    return " ".join(words) + ".", quote, expected


@given(case=paragraph_and_quote())
@example(case=("not alpha bravo charlie delta echo foxtrot golf hotel india juliet didn't kilo lima mike.",
               "not alpha bravo … hotel india juliet didn' … kilo lima mike", "inside a word"))  # found by this test
def test_a_quote_is_accepted_exactly_when_its_words_are_whole_long_enough_and_leave_out_no_negation(
        tmp_path_factory, case):
    from defections.content.validate import check

    paragraph, quote, expected = case
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("quotes") / "project")
    project.write("seeds/beta.txt", project.read("seeds/beta.txt") + "\n" + paragraph + "\n")
    event_file = "content/events/general-dismissed.yaml"
    project.write(event_file, project.read(event_file).replace("quote: A general was dismissed in 2011",
                                                               f"quote: {yaml_string(quote)}"))
    _, problems = check(project.root)
    messages = [p.message for p in problems if p.severity == "error"]
    event(expected)
    if expected == "valid":
        assert messages == [], (paragraph, quote)
    else:
        assert len(messages) == 1, (paragraph, quote, messages)
        assert {"too short": "needs at least 3 words", "negation": "a quote may not leave out a negation",
                "inside a word": "inside a word"}[expected] in messages[0] or (
            expected == "inside a word" and messages[0].startswith("quote not found")), (paragraph, quote, messages)


def test_work_shared_among_processes_gives_what_each_made_or_says_why_it_could_not(monkeypatch):
    """A build's other processes send back what they made through a pipe, read as it comes: a large
    result arrives whole, an exception raised there is raised here, and a process that dies says so
    rather than leave the build waiting."""
    from defections import parallel
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # on any machine
    large = [f"record {n}" * 20 for n in range(20_000)]  # some 3 MB pickled: many times a pipe's buffer
    with parallel.Alongside(lambda: large) as alongside:
        assert alongside.result() == large
    assert parallel.on_every_core(len, large, processes=2) == list(map(len, large))

    def failing(item: str) -> int:
        if item == large[-1]:
            raise ValueError("the last record is unreadable")
        return len(item)

    with pytest.raises(ValueError, match="the last record is unreadable"):
        parallel.on_every_core(failing, large, processes=2)
    with parallel.Alongside(lambda: os._exit(3)) as dying, pytest.raises(parallel.WorkerFailed, match="stopped"):
        dying.result()
