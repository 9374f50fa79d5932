"""The package keeps the shape ARCHITECTURE.md gives it: data flows one way, from the content to
the site, each stage imports only the stages before it, and no two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "defections"

# What each part may import from the package (besides itself), in the pipeline's order.
FOUNDATIONS = {"errors", "urls", "catalogs", "schema", "reuse", "reads", "parallel"}
ALLOWED = {
    "errors": set(), "urls": set(), "catalogs": set(), "schema": {"catalogs"}, "reuse": set(), "reads": set(),
    "parallel": set(),
    "content": FOUNDATIONS,
    "render": FOUNDATIONS | {"content"},
    "output": FOUNDATIONS | {"render"},  # the bytes it writes are the renderer's (render.parts)
    "pipeline": FOUNDATIONS | {"content", "render", "output"},
    "incremental": FOUNDATIONS | {"content", "render", "output"},
    "preview": FOUNDATIONS | {"content", "render", "output", "incremental"},
    "editors": FOUNDATIONS | {"content"},
    "commands": FOUNDATIONS | {"content", "render", "output", "pipeline", "incremental", "preview", "editors"},
    "cli": FOUNDATIONS | {"commands"},
    "__init__": set(), "__main__": {"cli"},
}


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(REPO).with_suffix("").parts): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path) -> set[str]:
    """The package's modules this module imports, wherever in it the import is."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in MODULES or (REPO / Path(*candidate.split("."))).is_dir()
                          else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module.startswith("defections")}


MODULES = modules()


def part(module: str) -> str:
    """The top-level part of the package a module belongs to: 'content', 'render', 'cli', ..."""
    return module.split(".")[1] if module.count(".") else "__init__"


def test_each_part_imports_only_the_parts_before_it_in_the_pipeline():
    wrong = []
    for name, path in MODULES.items():
        for target in imports_of(name, path):
            if target == "defections" or part(target) == part(name):
                continue
            if part(target) not in ALLOWED[part(name)]:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_two_modules_import_each_other_even_by_a_detour():
    graph = {name: {t for t in imports_of(name, path) if t in MODULES and t != name} for name, path in MODULES.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)


def test_every_part_is_known_to_the_architecture():
    assert {part(name) for name in MODULES} <= set(ALLOWED)
    documented = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name in {part(name) for name in MODULES} - {"__init__", "__main__"}:
        assert f"`{name}" in documented, f"ARCHITECTURE.md does not say what {name} is for"
