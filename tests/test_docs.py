"""The README tells the truth: its commands are the ones CI runs, and its examples pass `check`."""

from __future__ import annotations

import re

from conftest import REPO, copy_project

README = (REPO / "README.md").read_text(encoding="utf-8")


def fenced_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_readme_starts_with_exactly_two_commands():
    first_block = re.match(r"# [^\n]+\n\n```sh\n(.*?)```", README, flags=re.S)
    assert first_block, "the README opens with its title and one shell block"
    commands = first_block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert commands[0].endswith("python3 build.py serve")
    assert commands[1].endswith("python3 -m pytest")


def test_ci_runs_the_readmes_test_command():
    test_command = re.search(r"```sh\n.*?\n(.*?)\n```", README, flags=re.S).group(1)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_record_example_in_the_readme_passes_check(tmp_path):
    project = copy_project(REPO, tmp_path / "docs")
    examples = [block for block in fenced_blocks("yaml") + fenced_blocks("markdown")]
    written = []
    for block in examples:
        first, _, rest = block.partition("\n")
        if first.startswith("# content/"):
            project.write(first[2:], rest)
            written.append(first[2:])
        elif first == "---":
            project.write("content/pages/methodology.md", block)
            written.append("content/pages/methodology.md")
    assert {"content/site.yaml", "content/articles/004_fec588d6dc2c7ff9.yaml", "content/people/nawaf-fares.yaml",
            "content/events/nawaf-fares-defects.yaml", "content/pages/methodology.md"} <= set(written)
    result = project.check()
    assert result.code == 0, result.err


# --- What the docs show `check` printing is what it prints -------------------------------------------

MESSAGE = re.compile(r"(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?:error|warning): ")
EXCERPT = re.compile(r" *(?P<number>\d+) \| (?P<text>.*)")


def check_runs(text: str) -> list[tuple[dict[str, str], str]]:
    """Each block that shows `$ python3 build.py check` and what it printed, with the files shown
    just before it (```yaml blocks whose first line names a file in content/, with no other block
    between them and the run)."""
    runs, files = [], {}
    for match in re.finditer(r"```(\w*)\n(.*?)```", text, flags=re.S):
        language, body = match.groups()
        first, _, rest = body.partition("\n")
        if language == "yaml" and first.startswith("# content/"):
            files[first[2:]] = body
            continue
        if not language and first == "$ python3 build.py check":
            runs.append((files, rest))
        files = {}
    return runs


def test_every_check_the_docs_show_is_what_check_prints(tmp_path):
    # Each shown run is made again: the sample project, the files shown before it, and each line
    # shown under a message written at its place; then check must print exactly what is shown.
    runs = [run for name in ("README.md", "CONTRIBUTING.md")
            for run in check_runs((REPO / name).read_text(encoding="utf-8"))]
    assert len(runs) >= 7
    for number, (files, shown) in enumerate(runs):
        project = copy_project(REPO, tmp_path / f"run{number}")
        for path, text in files.items():
            project.write(path, text)
        path = None
        for line in shown.splitlines():
            message, excerpt = MESSAGE.match(line), EXCERPT.fullmatch(line)
            if message:
                path = message["path"]
            elif excerpt and path:
                text = excerpt["text"].replace("\\t", "\t")
                assert not text.startswith("…") and not text.endswith("…"), f"a line shown cut: {line!r}"
                lines = project.read(path).split("\n")
                lines[int(excerpt["number"]) - 1] = text
                project.write(path, "\n".join(lines))
        result = project.check()
        assert (result.err + result.out).splitlines() == shown.splitlines(), shown


def test_the_arabic_editors_guide_examples_pass_check(tmp_path):
    """CONTRIBUTING.ar.md shows records with their translations: each passes check as it is."""
    guide = (REPO / "CONTRIBUTING.ar.md").read_text(encoding="utf-8")
    project = copy_project(REPO, tmp_path / "ar")
    written = []
    for block in re.findall(r"```yaml\n(.*?)```", guide, flags=re.S):
        first, _, rest = block.partition("\n")
        if first.startswith("# content/"):
            project.write(first[2:], rest)
            written.append(first[2:])
    assert {"content/people/nawaf-fares.yaml", "content/events/nawaf-fares-defects.yaml"} <= set(written)
    result = project.check()
    assert result.code == 0, result.err
    assert "translations" in project.read("content/people/nawaf-fares.yaml")
