"""Record what the build makes of the sample, the evidence fixture and the test project, byte for
byte, as tests/fixtures/golden/<name>.sha256 (one `sha256  path` line per file of site/).

    python3 scripts/golden.py

tests/test_golden.py builds each again and compares: a change of speed must not change a byte of
the site. When a change to the output is meant (a template, a message on a page), run this again
and commit the new files with the change, so the diff shows which pages it touched.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "fixtures" / "golden"
PROJECTS = {"sample": REPO, "evidence": REPO / "tests" / "fixtures" / "evidence",
            "project": REPO / "tests" / "fixtures" / "project"}


def manifest(site: Path) -> str:
    lines = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(site).as_posix()}"
             for path in sorted(site.rglob("*")) if path.is_file()]
    return "\n".join(lines) + "\n"


def build(source: Path, into: Path) -> Path:
    """Build a copy of a project's content and seeds with this repository's templates (as the
    tests' copy_project() makes it, with no git history); its site/."""
    for folder in ("content", "seeds"):
        shutil.copytree(source / folder, into / folder)
    shutil.copytree(REPO / "templates", into / "templates")
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(into), "build"], check=True,
                   capture_output=True)
    return into / "site"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, source in PROJECTS.items():
        with tempfile.TemporaryDirectory() as scratch:
            site = build(source, Path(scratch) / name)
            (GOLDEN / f"{name}.sha256").write_text(manifest(site), encoding="utf-8")
            print(f"wrote tests/fixtures/golden/{name}.sha256 ({len(list(site.rglob('*.html')))} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
