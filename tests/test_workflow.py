"""An editor's slips on the command line: a file named that is not there (or is a folder, or
cannot be read, or is not UTF-8), a --root that is wrong, an -o that cannot be written, a text
that is in seeds/ already, a build while the preview runs. Each is one line saying which file
and what to do, with exit status 2 (or 1 when the project's own files are in the way), never a
traceback, and nothing is written."""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
from pathlib import Path

import pytest

from conftest import Project, on_a_branch, tree
from defections.output.write import lock

NO_ROOT = "pass --root the project folder (the one holding content/ and seeds/), or run this in it"
SEED_WANTED = "give the path of an article's text, e.g. seeds/<id>.txt"
TEXT_WANTED = "give the path of the article's text, a UTF-8 plain-text file"
FILL_IN = "fill in every TODO, then run: python3 build.py check\n"

EVERY_COMMAND = [[], ["build"], ["check"], ["serve"], ["new", "person", "Karim Example"], ["new", "event", "Envoy defects"],
                 ["new", "article", "story.txt"], ["suggest"], ["changes", "--base", "main"], ["schemas"],
                 ["schemas", "--check"]]


@pytest.fixture
def editor(project, monkeypatch) -> Project:
    """The fixture project, with the editor's shell in its folder (paths they type are relative to it)."""
    monkeypatch.chdir(project.root)
    return project


@pytest.fixture
def unreadable(monkeypatch):
    """Make a file unreadable: its permissions taken away, and, for root (whom the system lets read
    anything), the system's refusal played by open()."""
    def make(path: Path) -> Path:
        path.chmod(0)
        if os.geteuid() == 0:
            real = io.open

            def refusing(file, *args, **kwargs):
                if isinstance(file, (str, os.PathLike)) and Path(os.fspath(file)).absolute() == path.absolute():
                    raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
                return real(file, *args, **kwargs)

            monkeypatch.setattr(io, "open", refusing)
            monkeypatch.setattr(builtins, "open", refusing)
        return path
    return make


def project_files(project: Project, but: str = "") -> dict[str, bytes]:
    """Every file in the project folder but the site, its lock (and `but`): what a refused command
    must not change."""
    files = sorted(p for p in project.root.rglob("*") if p.is_file())
    return {name: path.read_bytes() for path in files
            if not (name := path.relative_to(project.root).as_posix()).startswith(("site/", ".site.lock")) and name != but}


def refused_alone(result, line: str, code: int = 2) -> None:
    """The command said exactly this one line, and stopped with this code."""
    assert (result.code, result.err) == (code, line + "\n"), result.err
    assert "Traceback" not in result.out + result.err


# --- 1. A file or folder that is not what the command needs ----------------------------------------

@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c) or "(default)")
def test_a_root_that_does_not_exist_is_named_with_what_to_do(editor, command, tmp_path):
    missing = tmp_path / "nope"
    refused_alone(editor.run("--root", str(missing), *command), f"error: {missing}: no such folder; {NO_ROOT}")


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c) or "(default)")
def test_a_root_that_is_a_file_is_named_with_what_to_do(editor, command):
    notes = editor.write("notes.txt", "not a project")
    refused_alone(editor.run("--root", str(notes), *command), f"error: {notes} is a file, not a folder; {NO_ROOT}")


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c) or "(default)")
def test_a_root_without_content_is_named_with_what_to_do(editor, command):
    refused_alone(editor.run("--root", str(editor.root / "seeds"), *command),
                  f"error: {editor.root / 'seeds'} has no content/ folder; run this in a project folder or pass --root")


TEXT_COMMANDS = {"suggest": (["suggest"], SEED_WANTED), "new article": (["new", "article"], TEXT_WANTED)}


@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_a_text_that_is_not_there_is_named(editor, command):
    words, wanted = TEXT_COMMANDS[command]
    before = project_files(editor)
    refused_alone(editor.run(*words, "seeds/missing.txt"), f"error: seeds/missing.txt: no such file; {wanted}")
    refused_alone(editor.run(*words, "seeds/alpha.text"),
                  f"error: seeds/alpha.text: no such file (did you mean 'alpha.txt'?); {wanted}")
    assert project_files(editor) == before


@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_a_folder_given_for_a_text_is_named(editor, command):
    words, wanted = TEXT_COMMANDS[command]
    before = project_files(editor)
    refused_alone(editor.run(*words, "seeds"), f"error: seeds is a folder, not a file; {wanted}")
    assert project_files(editor) == before


@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_a_text_that_cannot_be_read_is_named(editor, unreadable, command):
    words, _ = TEXT_COMMANDS[command]
    unreadable(editor.write("locked.txt", "The deputy minister, Omar Haddad, has defected to Jordan.\n"))
    before = project_files(editor, but="locked.txt")
    result = editor.run(*words, "locked.txt")
    refused_alone(result, "error: locked.txt: permission denied; make it readable for you (chmod u+r locked.txt) and "
                          "run this again")
    assert project_files(editor, but="locked.txt") == before


@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_a_text_that_is_not_utf8_is_named_at_its_first_bad_byte(editor, command):
    words, _ = TEXT_COMMANDS[command]
    editor.write("latin.txt", "Le ministre a fait d\xe9fection.\n".encode("latin-1"))
    before = project_files(editor)
    refused_alone(editor.run(*words, "latin.txt"),
                  "error: latin.txt:1:21: this file is not UTF-8 (byte 0xe9); save it with UTF-8 encoding")
    assert project_files(editor) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_a_named_pipe_given_for_a_text_is_never_read(editor, command):
    words, wanted = TEXT_COMMANDS[command]
    os.mkfifo(editor.root / "pipe.txt")
    refused_alone(editor.run(*words, "pipe.txt"), f"error: pipe.txt is not a file (a device or a named pipe); {wanted}")


def test_a_text_named_from_another_folder_is_found_there(editor, tmp_path, monkeypatch):
    # `--root` names the project; a text named relative to the editor's own folder is still found.
    story = tmp_path / "downloads" / "story.txt"
    story.parent.mkdir()
    story.write_text("Officials said the colonel had defected.\n", encoding="utf-8")
    monkeypatch.chdir(story.parent)
    result = editor.run("new", "article", "story.txt")
    assert (result.code, result.out) == (0, f"wrote seeds/story.txt\nwrote content/articles/story.yaml\n{FILL_IN}")


@pytest.mark.parametrize("command", [["build"], ["serve", "--port", "8"]], ids=["build", "serve"])
def test_a_site_folder_behind_a_file_is_refused(editor, command):
    editor.write("notes.txt", "a file where a folder would be")
    before = project_files(editor)
    refused_alone(editor.run(*command, "-o", "notes.txt/site"),
                  "error: refusing to write the site to notes.txt/site: notes.txt is a file, not a folder; choose "
                  "another folder with -o (the default is site/)")
    assert project_files(editor) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("command", [["build"], ["serve", "--port", "8"]], ids=["build", "serve"])
def test_a_site_folder_that_cannot_be_made_is_named_with_what_to_do(editor, command):
    # Nothing can be made in /proc, not even by root: the place an editor cannot write to.
    assert editor.build().code == 0
    site = tree(editor.site)
    refused_alone(editor.run(*command, "-o", "/proc/defections-site"),
                  "error: cannot write the site to /proc/defections-site: /proc cannot be written to: it is not a "
                  "folder for files (No such file or directory); choose a folder you can write to with -o <folder>")
    assert tree(editor.site) == site


@pytest.mark.parametrize("code, why", [
    (errno.EACCES, "you are not allowed to make files in it (Permission denied)"),
    (errno.EROFS, "it is on a disk that is read-only (Read-only file system)"),
    (errno.ENOSPC, "the disk it is on is full (No space left on device)"),
])
def test_why_a_site_folder_cannot_be_made_is_said_plainly(editor, monkeypatch, tmp_path, code, why):
    # The system's refusal, played by open() for the first file made beside the site: its lock.
    real, refused = builtins.open, tmp_path / "mounted" / "site"
    refused.parent.mkdir()

    def refusing(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(os.fspath(file)).parent == refused.parent:
            raise OSError(code, os.strerror(code), os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    refused_alone(editor.build("-o", str(refused)),
                  f"error: cannot write the site to {refused}: {refused.parent} cannot be written to: {why}; choose a "
                  "folder you can write to with -o <folder>")
    assert not refused.exists()


def test_drafts_cannot_go_where_a_file_is(editor):
    editor.write("notes.txt", "a file")
    before = project_files(editor)
    advice = "give a folder for the drafts (the default is content/drafts)"
    refused_alone(editor.run("suggest", "--out", "notes.txt", "seeds/alpha.txt"),
                  f"error: --out notes.txt: it is a file, not a folder; {advice}")
    refused_alone(editor.run("suggest", "--out", "notes.txt/drafts", "seeds/alpha.txt"),
                  f"error: --out notes.txt/drafts: notes.txt is a file, not a folder; {advice}")
    assert project_files(editor) == before


def test_schemas_cannot_go_where_a_file_is(editor):
    editor.write("schemas", "a file")
    for command in (["schemas"], ["schemas", "--check"]):
        refused_alone(editor.run(*command), "error: schemas: it is a file, not a folder; move it aside (or rename it) "
                                            "and run this again")
    assert editor.read("schemas") == "a file"


def test_a_schema_that_is_not_utf8_is_out_of_date_not_a_traceback(editor):
    assert editor.run("schemas").code == 0
    editor.write("schemas/site.schema.json", b"\xff\xfe")
    result = editor.run("schemas", "--check")
    assert (result.code, result.err) == (1, "schemas/site.schema.json: out of date; run: python3 build.py schemas\n")
    assert editor.run("schemas").code == 0 and editor.run("schemas", "--check").code == 0


def test_a_folder_of_content_that_cannot_be_read_is_named(editor, monkeypatch):
    # content/people/ with its permissions taken away: os.scandir refuses it, for root too here.
    real = os.scandir
    people = editor.root / "content" / "people"

    def refusing(path="."):
        if Path(os.fspath(path)).absolute() == people:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refusing)
    for command in (["check"], ["build"]):
        refused_alone(editor.run(*command), f"error: {people}: permission denied; make it readable (and writable) for "
                                            "you, then run this again")
    assert not editor.site.exists()


def test_changes_outside_a_clone_or_against_a_revision_that_is_not_there_says_what_to_do(editor):
    refused_alone(editor.run("changes", "--base", "main"),
                  f"error: {editor.root} is not in a git repository; run this in a clone of the project (changes "
                  "compares content/ with a git revision)")
    on_a_branch(editor)
    refused_alone(editor.run("changes", "--base", "origin/main"),
                  "error: --base origin/main: no such revision here; fetch it first (git fetch origin) or name a branch "
                  "or commit that exists (git branch -a lists them)")
    assert editor.run("changes", "--base", "main").code == 0


# --- 2. A text that is in seeds/ already: only its record is written --------------------------------

STUB = ("# yaml-language-server: $schema=../../schemas/article.schema.json\n"
        "title: TODO the headline as published (the text starts - Officials break ranks)\n"
        "publisher: TODO who published it\n"
        "published: TODO YYYY-MM-DD, YYYY-MM or YYYY\n"
        "# url: https://the original address\n"
        "# archive_url: https://web.archive.org/web/… an archived copy\n"
        "# author: the byline\n"
        "full_text: false\n")


@pytest.mark.parametrize("named", ["seeds/alpha.txt", "alpha"])
def test_a_text_already_in_seeds_gets_only_its_record(editor, named):
    editor.remove("content/articles/alpha.yaml")  # the text was dropped into seeds/ by hand, with no record
    seeds = tree(editor.root / "seeds")
    result = editor.run("new", "article", named)
    assert (result.code, result.err) == (0, "")
    assert result.out == ("wrote content/articles/alpha.yaml; the text is in seeds/alpha.txt already, so it was not "
                          f"copied\n{FILL_IN}")
    assert tree(editor.root / "seeds") == seeds  # nothing copied, nothing duplicated under another name
    assert editor.read("content/articles/alpha.yaml") == STUB


def test_the_same_text_from_elsewhere_gets_only_its_record(editor, tmp_path):
    editor.remove("content/articles/alpha.yaml")
    copy = tmp_path / "alpha.txt"
    copy.write_bytes(editor.path("seeds/alpha.txt").read_bytes().replace(b"\n", b"\r\n"))  # the same paragraphs
    seeds = tree(editor.root / "seeds")
    result = editor.run("new", "article", str(copy))
    assert result.code == 0 and result.out.startswith("wrote content/articles/alpha.yaml; the text is in seeds/alpha.txt")
    assert tree(editor.root / "seeds") == seeds


def test_a_text_whose_record_exists_too_is_refused_without_advice_to_copy_it_again(editor):
    before = project_files(editor)
    for named in ("seeds/alpha.txt", "alpha"):
        refused_alone(editor.run("new", "article", named),
                      "error: content/articles/alpha.yaml already exists, and seeds/alpha.txt holds this text: the "
                      "article is in the project already; edit its record", code=1)
    assert project_files(editor) == before


def test_another_text_under_a_taken_id_is_refused_with_the_way_out(editor, tmp_path):
    other = tmp_path / "alpha.txt"
    other.write_text("Another story altogether.\n", encoding="utf-8")
    editor.remove("content/articles/alpha.yaml")
    before = project_files(editor)
    refused_alone(editor.run("new", "article", str(other)),
                  "error: seeds/alpha.txt already exists, with another text; pass --id to add this one under another id",
                  code=1)
    assert project_files(editor) == before
    result = editor.run("new", "article", str(other), "--id", "alpha-2")
    assert result.code == 0 and result.out.startswith("wrote seeds/alpha-2.txt\nwrote content/articles/alpha-2.yaml\n")


@pytest.mark.parametrize("also", [[], ["--id", "other-id"]], ids=["its own name", "--id"])
def test_a_text_in_seeds_under_another_id_is_not_copied_again(editor, tmp_path, also):
    story = tmp_path / "story.txt"
    story.write_bytes(editor.path("seeds/alpha.txt").read_bytes())
    before = project_files(editor)
    refused_alone(editor.run("new", "article", str(story), *also),
                  "error: seeds/alpha.txt holds this text already, under the id 'alpha'; nothing was written: cite it "
                  "by that id (its record is content/articles/alpha.yaml)")
    assert project_files(editor) == before


def test_the_same_paragraphs_in_seeds_without_a_record_are_named_with_the_way_to_write_it(editor, tmp_path):
    editor.remove("content/articles/alpha.yaml")
    story = tmp_path / "story.txt"
    story.write_bytes(editor.path("seeds/alpha.txt").read_bytes().replace(b"\n", b"\r\n"))  # the same paragraphs
    before = project_files(editor)
    refused_alone(editor.run("new", "article", str(story), "--id", "other-id"),
                  "error: seeds/alpha.txt holds this text already, under the id 'alpha'; nothing was written: write "
                  "its record with: python3 build.py new article alpha")
    assert project_files(editor) == before
    result = editor.run("new", "article", "alpha")
    assert (result.code, result.err) == (0, "") and result.out.startswith("wrote content/articles/alpha.yaml; ")


def test_a_text_in_seeds_keeps_its_id(editor):
    editor.remove("content/articles/alpha.yaml")
    before = project_files(editor)
    refused_alone(editor.run("new", "article", "seeds/alpha.txt", "--id", "omega"),
                  "error: seeds/alpha.txt is in seeds/ under the id 'alpha'; drop --id to write its record, or rename "
                  "the file to seeds/omega.txt first", code=1)
    editor.write("seeds/Wire Story.txt", "Officials said the colonel had defected.\n")
    refused_alone(editor.run("new", "article", "seeds/Wire Story.txt"),
                  "error: seeds/Wire Story.txt is not named by an id; rename it (e.g. to seeds/wire-story.txt) and run "
                  "this again", code=1)
    assert project_files(editor, but="seeds/Wire Story.txt") == before


# --- 3. The live preview holds its own site/, and only that ------------------------------------------

def test_while_the_preview_runs_a_build_elsewhere_works_and_one_into_its_site_is_explained(served, tmp_path,
                                                                                            monkeypatch):
    project = served.project
    monkeypatch.chdir(project.root)  # where the editor started the preview, in another terminal
    elsewhere = tmp_path / "elsewhere"
    built = project.run("build", "-o", str(elsewhere))
    assert built.code == 0, built.err
    assert built.out.startswith(f"built {elsewhere} (") and (elsewhere / "index.html").is_file()
    preview_site = tree(project.site)
    for command in (["build"], [], ["build", "-o", "site"]):
        refused_alone(project.run(*command),
                      f"error: the live preview (python3 build.py serve, pid {served.process.pid}) is writing site/; "
                      "stop it first, or build elsewhere with -o <folder>", code=1)
    assert tree(project.site) == preview_site  # untouched by the refused builds
    refused_alone(project.run("serve", "--port", str(served.port + 1)),
                  f"error: a live preview (python3 build.py serve, pid {served.process.pid}) is writing site/ already; "
                  "use that one, or stop it first", code=1)
    assert served.stop() == 0
    assert project.build().code == 0  # stopped, it holds nothing


def test_a_build_running_is_waited_for_and_a_preview_is_not(editor, tmp_path):
    with lock(editor.site, "a build started in the test"):
        refused_alone(editor.build(), f"error: a build started in the test (process {os.getpid()}) is writing site/ "
                                      "now; wait for it to finish (or stop it) and run this again", code=1)
        refused_alone(editor.run("serve", "--port", "8"), f"error: a build started in the test (process {os.getpid()}) "
                                                          "is writing site/ now; wait for it to finish and run this "
                                                          "again", code=1)
        assert editor.build("-o", str(tmp_path / "elsewhere")).code == 0
    with lock(editor.site, "the live preview", preview=True):
        refused_alone(editor.build(), f"error: the live preview (python3 build.py serve, pid {os.getpid()}) is writing "
                                      "site/; stop it first, or build elsewhere with -o <folder>", code=1)
        assert editor.build("-o", str(tmp_path / "elsewhere")).code == 0
    assert editor.build().code == 0
