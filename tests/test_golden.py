"""What the build makes is the same, byte for byte, as what it made when the golden manifests
were recorded (scripts/golden.py): work on speed must not change a page."""

from __future__ import annotations

import difflib
import importlib.util
import sys

import pytest

from conftest import REPO

_spec = importlib.util.spec_from_file_location("golden", REPO / "scripts" / "golden.py")
golden = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = golden
_spec.loader.exec_module(golden)


@pytest.mark.parametrize("name", ["sample", "evidence", "project"])
def test_the_site_is_byte_for_byte_what_it_was(request, name):
    built = request.getfixturevalue({"sample": "built_sample", "evidence": "built_evidence",
                                     "project": "built_fixture"}[name])
    recorded = (golden.GOLDEN / f"{name}.sha256").read_text(encoding="utf-8")
    now = golden.manifest(built.site)
    changed = [line[1:] for line in difflib.unified_diff(recorded.splitlines(), now.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert now == recorded, ("the site changed: if the change is meant, run python3 scripts/golden.py and commit "
                             "tests/fixtures/golden/\n" + "\n".join(changed[:40]))
