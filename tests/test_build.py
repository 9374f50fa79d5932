"""`build.py` builds from nothing every time: it keeps nothing in the project between runs, and so
reads no state a pull request could plant there; the preview keeps its state in memory."""

from __future__ import annotations

import pickle

from conftest import tree

PERSON = "content/people/omar-haddad.yaml"


def test_a_build_writes_the_site_and_nothing_else_into_the_project(project):
    before = sorted(p.relative_to(project.root).as_posix() for p in project.root.rglob("*"))
    result = project.build()
    assert result.code == 0, result.err
    files = len([p for p in project.site.rglob("*") if p.is_file()])
    assert result.out == f"built site/ ({files} files)\n"
    after = sorted(p.relative_to(project.root).as_posix() for p in project.root.rglob("*")
                   if not p.relative_to(project.root).as_posix().startswith(("site/", "site", ".site.lock")))
    assert after == before  # no .cache/, nor anything else, beside the site and its lock


def test_each_build_is_from_nothing_and_gives_the_same_bytes(project):
    assert project.build().code == 0
    first = tree(project.site)
    project.write(PERSON, project.read(PERSON).replace("A deputy minister.", "A former deputy minister."))
    assert project.build().code == 0
    assert "A former deputy minister." in project.read("site/people/omar-haddad/index.html")
    project.write(PERSON, project.read(PERSON).replace("A former deputy minister.", "A deputy minister."))
    assert project.build().code == 0
    assert tree(project.site) == first


def test_state_planted_in_the_project_is_never_loaded(project, tmp_path):
    # A pull request adds what the cache of earlier versions looked like: a pickle that would run
    # something when loaded. Nothing reads it.
    marker = tmp_path / "ran"
    (project.root / ".cache").mkdir()
    for name in ("build-state.pickle", "up-to-date.pickle"):
        (project.root / ".cache" / name).write_bytes(b"defections-build-state\n" + b"\0" * 32
                                                    + pickle.dumps(_RunsWhenLoaded(str(marker))))
    assert project.build().code == 0
    assert not marker.exists()


class _RunsWhenLoaded:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_no_cache_is_no_longer_an_option(project):
    result = project.build("--no-cache")
    assert result.code == 2 and "unrecognized arguments: --no-cache" in result.err
