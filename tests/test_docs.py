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
