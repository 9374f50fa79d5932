"""What a build keeps in .cache/: the next run of `build.py` reads, checks, renders and writes only
what changed, gives the same bytes as a build from nothing, and never trusts a cache it did not
write or one that no longer describes the site."""

from __future__ import annotations

import os
import pickle
import time
from collections import deque

import pytest

from conftest import tree
from defections import cache
from defections.pipeline import Builder
from test_incremental import EDITS, PERSON, full_build

STATE = ".cache/build-state.pickle"


def saved_state(project):
    """The state file, once the build that ran last has finished saving it (in the background)."""
    cache.wait_for_save(project.root)
    return project.root / STATE


def settle(project) -> None:
    """Make every file of the project look written an hour ago, as files an editor did not just
    save are: the cache then knows them unchanged by their size and time, without reading them."""
    an_hour_ago = time.time() - 3600
    for folder in ("content", "seeds", "templates"):
        for path in (project.root / folder).rglob("*"):
            os.utime(path, (an_hour_ago, an_hour_ago), follow_symlinks=False)


@pytest.mark.parametrize("chunk", [None, 7], ids=["state read as it is", "state read 7 bytes at a time"])
def test_each_edit_in_a_new_run_writes_only_what_changed_and_matches_a_build_from_nothing(project, tmp_path,
                                                                                          monkeypatch, chunk):
    if chunk:  # the state is unpickled from the chunks it was read in: none of their edges may matter
        monkeypatch.setattr(cache, "_CHUNK", chunk)
    settle(project)
    assert Builder(project.root, project.site, persistent=True).build().ok
    for number, (what, edit, expected) in enumerate(EDITS):
        edit(project)
        run = Builder(project.root, project.site, persistent=True)  # a new process: only .cache/ remembers
        assert run.on_disk is not None, f"{what}: the saved state was not used"
        result = run.build()
        assert result.ok, (what, [p.format() for p in result.problems])
        if expected is not None:
            assert set(result.written) == expected, what
        assert tree(project.site) == full_build(project, tmp_path, number), what
        settle(project)


def test_the_state_reader_gives_lines_and_bytes_across_the_chunks_it_was_read_in():
    reader = cache._Consumed(deque([b"ab", b"c\nd", b"e\n\nf", b"gh"]))
    assert reader.readline() == b"abc\n"
    assert reader.read(1) == b"d"
    assert reader.readline() == b"e\n"
    assert reader.readline() == b"\n"
    assert reader.read(2) == b"fg"
    assert reader.read() == b"h"
    assert reader.read() == b"" and reader.readline() == b""
    assert not reader.chunks  # every chunk let go once read


def test_a_run_with_nothing_changed_reads_renders_and_writes_nothing(project):
    settle(project)
    assert project.build().code == 0
    saved = saved_state(project).stat()
    pages = {path: path.stat() for path in project.site.rglob("*") if path.is_file()}
    run = Builder(project.root, project.site, persistent=True)
    result = run.build()
    assert result.ok and result.written == [] and result.removed == [] and result.rendered == 0
    assert run.files.reads == 0  # every file was known unchanged by its size and time
    assert all((path.stat().st_ino, path.stat().st_mtime_ns) == (old.st_ino, old.st_mtime_ns)
               for path, old in pages.items())
    assert saved_state(project).stat().st_mtime_ns == saved.st_mtime_ns  # nothing new to save
    again = project.build()
    assert again.out.startswith("built site/ (0 files written; ")


def test_the_command_line_says_how_many_files_it_wrote(project):
    first = project.build()
    assert first.code == 0 and first.out.startswith("built site/ (") and "; 0 unchanged)" in first.out
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A former deputy minister."))
    second = project.build()
    assert second.out.startswith("built site/ (2 files written; ")
    assert "A former deputy minister." in project.read("site/people/omar-haddad/index.html")


def test_no_cache_neither_reads_nor_writes_the_cache(project):
    assert project.build("--no-cache").code == 0
    assert not (project.root / ".cache").exists()
    assert project.build().code == 0 and saved_state(project).is_file()
    before = saved_state(project).read_bytes()
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A former deputy minister."))
    result = project.build("--no-cache")
    assert result.code == 0 and "; 0 unchanged)" in result.out  # everything written afresh
    assert saved_state(project).read_bytes() == before


def test_a_cache_this_user_did_not_write_is_never_loaded(project, tmp_path, monkeypatch):
    # Someone commits a .cache/ whose pickle would run a command when loaded.
    marker = tmp_path / "ran"
    payload = pickle.dumps(_RunsWhenLoaded(str(marker)))
    (project.root / ".cache").mkdir()
    saved_state(project).write_bytes(b"defections-build-state\n" + b"\0" * 32 + payload)
    assert project.build().code == 0
    assert not marker.exists()
    # A genuine cache, but signed with another user's key: not used either.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert cache.restore(project.root, project.site) is None
    assert project.build().code == 0
    assert cache.restore(project.root, project.site) is not None  # this user's own, from now on


class _RunsWhenLoaded:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_cache_means_a_build_from_nothing(project, tmp_path, damage):
    assert project.build().code == 0
    state = saved_state(project)
    data = state.read_bytes()
    state.write_bytes({"truncated": data[: len(data) // 2], "garbage": os.urandom(len(data)), "empty": b""}[damage])
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A former deputy minister."))
    result = project.build()
    assert result.code == 0 and "; 0 unchanged)" in result.out
    assert tree(project.site) == full_build(project, tmp_path, damage)


@pytest.mark.parametrize("change", ["page removed", "page edited", "file added", "site removed"])
def test_a_site_changed_by_hand_is_built_again_in_full(project, tmp_path, change):
    assert project.build().code == 0
    page = project.site / "people" / "omar-haddad" / "index.html"
    if change == "page removed":
        page.unlink()
    elif change == "page edited":
        page.write_text("edited by hand", encoding="utf-8")
    elif change == "file added":
        (project.site / "stray.html").write_text("not ours", encoding="utf-8")
    else:
        import shutil

        shutil.rmtree(project.site)
    assert cache.restore(project.root, project.site) is None
    assert project.build().code == 0
    assert tree(project.site) == full_build(project, tmp_path, "again")


def test_a_cache_written_by_other_code_or_for_another_folder_is_not_used(project, tmp_path, monkeypatch):
    assert project.build().code == 0
    assert cache.restore(project.root, project.site) is not None
    assert cache.restore(project.root, tmp_path / "elsewhere") is None
    monkeypatch.setattr(cache, "_code_version", lambda: b"another version of the code")
    assert cache.restore(project.root, project.site) is None


def test_a_failed_build_keeps_the_cache_of_the_last_good_one(project):
    assert project.build().code == 0
    before = saved_state(project).read_bytes()
    good = project.read(PERSON)
    project.write(PERSON, good.replace("branch: political", "branch: politics"))
    assert project.build().code == 1
    assert saved_state(project).read_bytes() == before
    project.write(PERSON, good.replace("A deputy minister.", "A former deputy minister."))
    fixed = project.build()
    assert fixed.code == 0 and fixed.out.startswith("built site/ (2 files written; ")


def test_the_command_is_done_before_the_state_is_saved_and_the_next_build_waits_for_it(project, monkeypatch):
    # Saving the state of a large project takes seconds; the site is ready before that, so the
    # state is saved by a background process. Make that save slow, and start the next build at once.
    write = cache._write

    def slow_write(root, state):
        time.sleep(1.0)
        write(root, state)

    monkeypatch.setattr(cache, "_write", slow_write)  # the saver is forked: it runs this too
    first = project.build()
    assert first.code == 0 and (project.site / "index.html").is_file()
    assert not (project.root / STATE).exists()  # still being saved
    second = project.build()  # waits for the save, then builds on it
    assert second.code == 0 and second.out.startswith("built site/ (0 files written; ")


def test_a_new_run_renders_again_only_the_list_entries_an_edit_changed(project, monkeypatch):
    """The timeline is put together from entries kept from the last run: renaming a person renders
    again the entries of their events, not every event's."""
    settle(project)
    assert Builder(project.root, project.site, persistent=True).build().ok
    cache.wait_for_save(project.root)
    project.write(PERSON, project.read(PERSON).replace("name: Omar Haddad", "name: Omar al-Haddad"))
    run = Builder(project.root, project.site, persistent=True)
    rendered = []
    template = run.renderer._template

    def spy(name):
        found = template(name)
        if name != "event_entry.html":
            return found
        return type("Spy", (), {"render": lambda self, **context: rendered.append(context["subject"].id)
                                or found.render(**context)})()
    monkeypatch.setattr(run.renderer, "_template", spy)
    assert run.build().ok
    omar_events = {e.id for e in run.content.events.values() if "omar-haddad" in e.people}
    assert omar_events and len(run.content.events) > len(omar_events)
    assert set(rendered) == omar_events


def test_the_site_an_edit_replaced_is_removed_after_the_command_is_done(project):
    settle(project)
    assert project.build().code == 0
    cache.wait_for_save(project.root)
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A former deputy minister."))
    edited = project.build()
    assert edited.code == 0 and edited.out.startswith("built site/ (2 files written; ")
    assert "A former deputy minister." in project.read("site/people/omar-haddad/index.html")
    deadline = time.monotonic() + 10
    while any(project.root.glob(".site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == [".site.lock"]


RECEIPT = ".cache/up-to-date.pickle"


def test_a_run_with_nothing_changed_says_what_the_last_one_said_without_loading_its_state(project, monkeypatch):
    project.write("content/people/stray/notes.txt", "an editor's notes")  # a warning every build repeats
    settle(project)
    first = project.build()
    assert first.code == 0 and "folders are not read" in first.err
    saved_state(project)
    assert (project.root / RECEIPT).is_file()

    def not_loaded(*args):
        raise AssertionError("the saved state was loaded")

    monkeypatch.setattr(cache, "restore", not_loaded)
    again = project.build()
    assert again.code == 0 and again.err == first.err
    files = len([path for path in project.site.rglob("*") if path.is_file()])
    assert again.out == f"built site/ (0 files written; {files} unchanged)\n"


def _git_commit(root) -> None:
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.invalid"}
    for command in (["init", "-q"], ["add", "content", "seeds"], ["commit", "-qm", "records"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


CHANGES_SINCE_THE_RECEIPT = {
    "a record edited, same size": lambda p: p.write(PERSON, p.read(PERSON).replace("A deputy minister.",
                                                                                   "A deputy Minister.")),
    "a person added": lambda p: p.write("content/people/someone-else.yaml",
                                        p.read(PERSON).replace("name: Omar Haddad", "name: Someone Else")),
    "a stray folder": lambda p: p.write("content/people/stray/notes.txt", "notes"),
    "a template edited": lambda p: p.write("templates/person.html", p.read("templates/person.html").replace(
        '<h2 id="events">Events', '<h2 id="events">What happened')),
    "a commit": lambda p: _git_commit(p.root),
    "the site edited by hand": lambda p: p.write("site/people/omar-haddad/index.html", "edited by hand"),
}


@pytest.mark.parametrize("change", CHANGES_SINCE_THE_RECEIPT)
def test_any_change_since_the_last_good_build_means_a_real_build(project, tmp_path, change):
    settle(project)
    assert project.build().code == 0
    saved_state(project)
    assert (project.root / RECEIPT).is_file()
    CHANGES_SINCE_THE_RECEIPT[change](project)
    result = project.build()
    assert result.code == 0
    if change == "a stray folder":
        assert "content/people/stray:1:1: warning: folders are not read" in result.err
    assert tree(project.site) == full_build(project, tmp_path, "after")


def test_a_file_changed_a_moment_before_the_build_is_read_again_even_if_its_size_and_time_stay(project):
    # A second edit within the same tick of the file system's clock keeps the size and the time.
    settle(project)
    assert project.build().code == 0
    path = project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A deputy Minister."))
    assert project.build().code == 0  # the person's file was written just now
    saved_state(project)
    assert (project.root / RECEIPT).is_file()
    same_tick = path.stat().st_mtime_ns
    project.write(PERSON, project.read(PERSON).replace("A deputy Minister.", "A deputy MINISTER."))
    os.utime(path, ns=(same_tick, same_tick))
    second = project.build()
    assert second.code == 0 and second.out.startswith("built site/ (2 files written; ")
    assert "A deputy MINISTER." in project.read("site/people/omar-haddad/index.html")
