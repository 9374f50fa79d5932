"""An editor's tools: schemas in the editor, stubs to fill in, annotations on the pull request,
a summary for the reviewer, and a CONTRIBUTING guide that works when followed word for word."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, copy_project, editor_view, git, on_a_branch
from defections.content.files import Document, Project
from defections.content.validate import validate
from defections.editors.jsonschemas import SCHEMA_FILES, generated
from defections.incremental.reuse import ByIdentity
from defections.schema import PERSON, RECORD_KINDS
from test_errors import CASES, EVENT, GOOD_EVENT

SCHEMAS = REPO / "schemas"


# --- Annotations on the pull request -------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_github_format_annotates_the_same_file_line_and_column(project, case):
    path, text, expected = CASES[case]
    project.write(path, text)
    plain = project.check()
    annotated = project.check("--format", "github")
    assert annotated.code == 1
    location = re.match(r"(.+?):(\d+):(\d+): error: ", expected)
    file, line, column = location.groups()
    wanted = f"::error file={file.replace(':', '%3A').replace(',', '%2C')},line={line},col={column}::"
    annotations = annotated.out.splitlines()
    assert any(a.startswith(wanted) for a in annotations), annotated.out
    assert len([a for a in annotations if a.startswith("::error ")]) == \
        len([line for line in plain.lines if ": error: " in line])


def test_github_annotations_keep_multi_line_messages_on_one_line(project):
    project.write(EVENT, GOOD_EVENT.replace("people:\n  - omar-haddad", "people: omar-haddad"))
    annotation = next(line for line in project.check("--format", "github").out.splitlines() if "should be a list" in line)
    assert "%0A" in annotation


# --- JSON Schemas ------------------------------------------------------------------------------------

def schema_for(relative: str) -> dict:
    kind = {"content/site.yaml": "site"}.get(relative) or {
        "articles": "article", "people": "person", "events": "event"}[relative.split("/")[1]]
    return json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


def content_files(root: Path) -> list[str]:
    return ["content/site.yaml"] + sorted(
        p.relative_to(root).as_posix() for folder in ("articles", "people", "events")
        for p in (root / "content" / folder).glob("*.yaml"))


@pytest.mark.parametrize("relative", content_files(REPO))
def test_the_sample_content_is_valid_against_its_schema(relative):
    schema = schema_for(relative)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(editor_view((REPO / relative).read_text(encoding="utf-8")), schema,
                        cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize("broken, words", [
    (GOOD_EVENT.replace("kind: defection", "kind: defected"), "'kind' cannot be 'defected'"),
    (GOOD_EVENT + "destinaton: Jordan\n", "unknown field 'destinaton'"),
    (GOOD_EVENT.replace("status: reported\n", ""), "missing the required field 'status'"),
    (GOOD_EVENT.replace("people:\n  - omar-haddad", "people: []"), "this event names no one"),
])
def test_a_broken_record_fails_both_the_schema_and_check(project, broken, words):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(editor_view(broken), schema_for(EVENT), cls=jsonschema.Draft7Validator)
    project.write(EVENT, broken)
    result = project.check()
    assert result.code == 1 and words in result.err


def test_committed_schemas_are_exactly_what_the_field_declarations_generate():
    assert {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")} == generated(), \
        "run: python3 build.py schemas"


def test_every_field_and_vocabulary_value_is_in_the_schemas_with_help():
    for name, file in SCHEMA_FILES.items():
        schema = json.loads((SCHEMAS / file).read_text(encoding="utf-8"))
        kind = RECORD_KINDS[name]
        assert set(schema["properties"]) == {f.name for f in kind.fields}
        assert schema["required"] == [f.name for f in kind.fields if f.required]
        for f in kind.fields:
            prop = schema["properties"][f.name]
            assert prop["description"].startswith(f.description)
            text = json.dumps(prop)
            assert '"examples"' in text
            for value in f.choices or {}:
                assert f'"{value}"' in text


def test_schemas_check_command_notices_a_stale_schema(tmp_path):
    project = copy_project(REPO, tmp_path / "p")
    shutil.copytree(SCHEMAS, project.root / "schemas")
    assert project.run("schemas", "--check").code == 0
    (project.root / "schemas" / "event.schema.json").write_text("{}", encoding="utf-8")
    result = project.run("schemas", "--check")
    assert result.code == 1 and "schemas/event.schema.json: out of date" in result.err


def test_vscode_maps_each_content_folder_to_an_existing_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert set(mapping.values()) == {"content/site.yaml", "content/articles/*.yaml", "content/people/*.yaml",
                                     "content/events/*.yaml"}
    for schema in mapping:
        assert (REPO / schema).is_file()


# --- Scaffolding -------------------------------------------------------------------------------------

def test_a_new_person_stub_fails_check_until_its_todos_are_filled(project):
    result = project.run("new", "person", "Hussein Example")
    assert result.code == 0 and "wrote content/people/hussein-example.yaml" in result.out
    stub = project.read("content/people/hussein-example.yaml")
    assert stub.startswith("# yaml-language-server: $schema=../../schemas/person.schema.json\n")
    assert (REPO / "content" / "people" / "../../schemas/person.schema.json").resolve().is_file()
    errors = project.check()
    assert errors.code == 1
    todo_lines = [line for line in errors.lines if "is still a TODO; fill it in" in line]
    assert {line.split(": error: ")[1].split(";")[0] for line in todo_lines} == \
        {"'position' is still a TODO", "'branch' is still a TODO", "'article' is still a TODO", "'quote' is still a TODO"}
    assert all(line.startswith("content/people/hussein-example.yaml:") for line in todo_lines)
    filled = (stub.replace("TODO the role they held when they broke away", "Deputy minister")
              .replace("TODO one of political, diplomatic, military, security, other", "political")
              .replace("TODO the id of the article (its file name in seeds/ without .txt)", "alpha")
              .replace("TODO words copied exactly from one paragraph of the article", "officials said on Tuesday"))
    project.write("content/people/hussein-example.yaml", filled)
    assert project.check().code == 0


@pytest.mark.parametrize("status, stance", [("denied", "denies"), ("confirmed", "confirms"),
                                            ("disputed", "TODO one of reports, confirms, denies, context")])
def test_a_new_events_citation_has_the_stance_its_status_needs(project, status, stance):
    assert project.run("new", "event", "Envoy defects", "--status", status).code == 0
    stub = yaml.safe_load(project.read("content/events/envoy-defects.yaml"))
    assert stub["sources"][0]["stance"].startswith(stance)  # a disputed event needs two: the editor decides


def test_ids_are_transliterated_and_unique(project):
    # Omar Haddad exists (with the native name عمر حداد): a new record for another is written only --anyway
    assert "content/people/omar-haddad-2.yaml (id 'omar-haddad-2': the id 'omar-haddad' is taken by " \
        "content/people/omar-haddad.yaml" in project.run("new", "person", "Omar Haddad", "--anyway").out
    arabic = project.run("new", "person", "عمر حداد", "--anyway")
    assert "content/people/mr-hdd.yaml" in arabic.out
    stub = project.read("content/people/mr-hdd.yaml")
    assert 'native_name: "عمر حداد"' in stub and "name: TODO" in stub
    accented = project.run("new", "event", "Général Élise Réfugiée défects")
    assert "content/events/general-elise-refugiee-defects.yaml" in accented.out


def test_a_new_event_uses_what_the_editor_already_knows(project):
    result = project.run("new", "event", "Colonel defects", "--person", "amina-saleh", "--date", "2012-03-20",
                         "--kind", "defection", "--status", "reported", "--article", "alpha")
    assert result.code == 0
    stub = yaml.safe_load(project.read("content/events/colonel-defects.yaml"))
    assert stub["people"] == ["amina-saleh"] and stub["kind"] == "defection" and stub["sources"][0]["article"] == "alpha"
    assert stub["sources"][0]["stance"] == "reports"  # the stance a reported event needs
    errors = project.check()
    mine = [line for line in errors.lines if line.startswith("content/events/colonel-defects.yaml")]
    assert [line.split(": error: ")[1].split(";")[0] for line in mine if ": error: " in line] == \
        ["'quote' is still a TODO"]
    # Amina Saleh already has an event on that date: the editor is warned it may be the same one.
    assert any("warning: content/events/amina-saleh-joins-opposition.yaml has the same person and date" in line
               for line in mine)


def test_a_new_article_copies_the_text_untouched(project, tmp_path):
    original = "Headline: with a colon\r\n\r\n“Curly” text — kept as it is.  \r\n".encode()
    source = tmp_path / "Story From Wire.txt"
    source.write_bytes(original)
    result = project.run("new", "article", str(source))
    assert result.code == 0
    assert project.path("seeds/story-from-wire.txt").read_bytes() == original
    stub = project.read("content/articles/story-from-wire.yaml")
    assert "title: TODO the headline as published" in stub and "Headline - with a colon" in stub
    again = project.run("new", "article", str(source))
    assert again.code == 1 and ("content/articles/story-from-wire.yaml already exists, and seeds/story-from-wire.txt "
                                "holds this text: the article is in the project already; edit its record") in again.err


def test_a_new_article_refuses_a_text_that_is_not_utf8(project, tmp_path):
    source = tmp_path / "latin.txt"
    source.write_bytes("Caf\xe9".encode("latin-1"))
    result = project.run("new", "article", str(source))
    assert result.code == 2 and "not UTF-8" in result.err
    assert not project.path("seeds/latin.txt").exists()


# --- Likely duplicates ------------------------------------------------------------------------------

def test_people_whose_names_match_after_transliteration_are_flagged(sample):
    sample.write("content/people/jihad-maqdisi.yaml", "name: Jihad Maqdisi\nposition: Spokesman\nbranch: diplomatic\n")
    sample.write("content/people/nawaf-faris.yaml", "name: Nawaf el-Faris\nposition: Envoy\nbranch: diplomatic\n")
    result = sample.check()
    assert result.code == 0
    warnings = [line for line in result.lines if ": warning: this may be the same person" in line]
    assert any(w.startswith("content/people/jihad-maqdisi.yaml:1:7:") and "jihad-al-makdissi.yaml" in w for w in warnings)
    assert any(w.startswith("content/people/nawaf-faris.yaml:1:7:") and "nawaf-fares.yaml" in w for w in warnings)
    assert sample.check("--strict").code == 1


def test_different_people_are_not_flagged(sample):
    sample.write("content/people/riad-hijab.yaml", "name: Riad Hijab\nposition: Prime minister\nbranch: political\n")
    assert "may be the same person" not in sample.check().err


def test_an_event_repeating_a_person_and_date_is_flagged(sample):
    sample.write("content/events/tlass-again.yaml", sample.read("content/events/manaf-tlass-defects.yaml"))
    result = sample.check()
    assert any(line.startswith("content/events/tlass-again.yaml:3:7: warning: content/events/manaf-tlass-defects.yaml "
                               "has the same person and date (2012-07)") for line in result.lines), result.err


# --- The pull request: workflow, summary, pre-commit ---------------------------------------------

def readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.S).group(1)
    return [part.strip() for line in block.strip().splitlines() for part in line.split("&&")]


def test_the_pull_request_workflow_runs_the_readmes_commands():
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key 'on' as true
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    install, test = readme_commands()[2:]  # the README's test command: install, then pytest
    assert install in runs and test in runs
    assert "python3 build.py check --format github" in runs
    assert "python3 build.py" in runs
    assert any(run.startswith("python3 build.py changes --base") and "GITHUB_STEP_SUMMARY" in run for run in runs)
    assert uses == ["actions/checkout", "actions/setup-python", "actions/setup-node", "actions/upload-artifact"]
    assert "npm ci --no-audit --no-fund" in runs  # the browser and HTML tests need vnu-jar and axe-core
    assert runs.index("npm ci --no-audit --no-fund") < runs.index(test)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"
    order = [runs.index(c) for c in (install, "python3 build.py check --format github", "python3 build.py", test)]
    assert order == sorted(order)


def test_the_pre_commit_hook_runs_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["check-content"]["entry"] == "python3 build.py check"
    assert hooks["check-content"]["pass_filenames"] is False


def test_the_summary_lists_added_changed_and_removed_records_and_new_quotes(sample):
    on_a_branch(sample)
    sample.write("content/people/riad-hijab.yaml", "name: Riad Hijab\nposition: Prime minister\nbranch: political\n")
    event = sample.read("content/events/manaf-tlass-defects.yaml")
    sources, translations = event.split("translations:", 1)  # a quote added at the end of its sources
    sample.write("content/events/manaf-tlass-defects.yaml", sources + "  - article: 004_fec588d6dc2c7ff9\n"
                 "    quote: Western powers and anti-regime activists hoped his departure would encourage others\n"
                 "translations:" + translations)
    sample.remove("content/events/jihad-al-makdissi-defects.yaml")
    result = sample.run("changes", "--base", "main")
    assert result.code == 0, result.err
    out = result.out
    assert "| added | person | Riad Hijab |  | `content/people/riad-hijab.yaml` |" in out
    assert "| changed | event | Brigadier General Manaf Tlass defects | sources | `content/events/manaf-tlass-defects.yaml` |" in out
    assert "| removed | event | Foreign ministry spokesman Jihad al-Makdissi reportedly flees Syria |" in out
    quotes = out.split("### New quotes")[1]
    assert quotes.count("\n- ") == 1
    assert "“Western powers and anti-regime activists hoped his departure would encourage others” — " \
           "`seeds/004_fec588d6dc2c7ff9.txt`" in quotes


# --- CONTRIBUTING, followed literally ------------------------------------------------------------

def walkthrough(text: str) -> list[tuple[str, str, str]]:
    """The local walkthrough's steps in order: ('run', commands) for each sh block, and
    ('write', path, text) for a block introduced by a line ending in `path`:."""
    section = text.split("## From a local clone, step by step", 1)[1].split("\n## ", 1)[0]
    steps = []
    for match in re.finditer(r"(?P<before>[^\n]*)\n\n```(?P<lang>\w+)\n(?P<body>.*?)```", section, flags=re.S):
        if match["lang"] == "sh":
            steps.append(("run", match["body"], ""))
        else:
            target = re.search(r"`([^`]+)`:$", match["before"])
            assert target, f"a {match['lang']} block must follow a line naming its file: {match['before']!r}"
            steps.append(("write", target.group(1), match["body"]))
    return steps


def test_contributing_walkthrough_works_when_followed_word_for_word(tmp_path):
    project = copy_project(REPO, tmp_path / "clone")
    shutil.copytree(SCHEMAS, project.root / "schemas")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(REPO), "GIT_AUTHOR_NAME": "Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.invalid", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
    shutil.copy(REPO / "build.py", project.root / "build.py")
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "start")
    steps = walkthrough((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert [s[0] for s in steps].count("run") >= 4
    for action, first, second in steps:
        if action == "write":
            target = home / first[2:] if first.startswith("~/") else project.root / first
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.parent != home / "Downloads":
                assert target.exists(), f"the guide fills in {first}, which an earlier step should have made"
            target.write_text(second, encoding="utf-8")
            continue
        done = subprocess.run(["bash", "-e", "-c", first], cwd=project.root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{first}\n{done.stdout}\n{done.stderr}"
    assert (project.root / "site" / "people" / "karim-example" / "index.html").is_file()
    assert (project.root / "seeds" / "example-story.txt").read_bytes() == (home / "Downloads" / "example-story.txt").read_bytes()
    assert "Add Colonel Karim Example's defection" in git(project.root, "log", "--oneline")


_SPELLINGS = ["Nawaf Fares", "Nawaf el-Faris", "Jihad Makdissi", "Jihad al-Maqdisi", "Riad Hijab", "Manaf Tlass",
              "نواف الفارس", "Omar Haddad", None]


@given(steps=st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from(_SPELLINGS), st.sampled_from(_SPELLINGS),
                                st.sampled_from(_SPELLINGS)), min_size=1, max_size=12))
def test_the_preview_keeps_duplicate_warnings_exactly_as_a_full_check_gives_them(steps):
    # The preview validates again only the people whose files changed; after any sequence of people
    # added, renamed, given aliases or removed, the warnings must be what checking everything gives.
    reuse, people = ByIdentity(), {}
    for person_id, name, alias, native in steps:
        if name is None:
            people.pop(person_id, None)
        else:
            text = (f"name: {name}\nposition: Minister\nbranch: political\n" + (f"aliases: [{alias}]\n" if alias else "")
                    + (f"native_name: {native}\n" if native else ""))
            people[person_id] = Document(PERSON, person_id, f"content/people/{person_id}.yaml", text)
        project = Project(REPO, None, {}, dict(people), {}, {}, {}, {})
        _, incremental = validate(project, reuse=reuse)
        _, full = validate(project)
        assert [p.format() for p in incremental] == [p.format() for p in full]
