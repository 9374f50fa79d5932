"""What a hostile contributor (or an unlucky editor) can still try, and what happens instead: a
pull request from a stranger, a mistyped option, a web page visited while the preview runs.
Each case is one of SECURITY.md's classes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, tree


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


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_folder_that_cannot_be_written_is_an_error_not_a_traceback(project, command):
    project.write("notes.txt", "a file where a folder would be")
    result = run(project, command, "-o", "notes.txt/site", *(["--port", "8766"] if command == "serve" else []))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: could not write the site: " in result.stderr and "notes.txt" in result.stderr
