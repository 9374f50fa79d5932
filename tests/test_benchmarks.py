"""The benchmark commands BENCHMARKS.md gives work (on a small generated project): their numbers
are the ones the performance issue is judged by, so the scripts must not rot between runs."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def run_script(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_runner_measures_every_column_at_a_small_size():
    out = run_script("benchmarks/run.py", "--people", "40", "--runs", "1", "--preview-runs", "1")
    row = next(line for line in out.splitlines() if line.startswith("| 40 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert int(cells[1]) > 40  # pages: a page per person and per article, and the indexes
    assert re.fullmatch(r"\d+\.\d+ s", cells[2]), cells  # the build
    assert re.fullmatch(r"\d+ MB", cells[3]) and re.fullmatch(r"\d+ ms", cells[4]), cells
    for tool, ratio in ((cells[5], cells[7]), (cells[6], cells[8])):  # Hugo, Pelican: measured when installed
        assert (tool == "not installed" and ratio == "-") or (re.fullmatch(r"\d+\.\d s", tool) and float(ratio) > 0)


def test_the_preview_latency_benchmark_reports_each_kind_of_edit():
    out = run_script("benchmarks/preview_latency.py", "--sample", "--runs", "2")
    for kind in ("summary", "position", "name"):
        assert re.search(rf"^\| {kind} edit \(ms\) \| \d+\.\d \| \d+\.\d \|$", out, re.M), out


def test_the_render_benchmark_times_a_page_of_each_kind(tmp_path):
    run_script("benchmarks/generate.py", str(tmp_path / "generated"), "--people", "30")
    out = run_script("benchmarks/render_pages.py", str(tmp_path / "generated"), "--runs", "1")
    for kind in ("person", "event", "source", "timeline"):
        assert re.search(rf"\b{kind} [\d,]+ µs", out), out


def test_the_preview_steps_benchmark_times_each_file_of_the_catch_up(tmp_path):
    run_script("benchmarks/generate.py", str(tmp_path / "generated"), "--people", "30")
    before = {p: p.read_bytes() for p in (tmp_path / "generated" / "content").rglob("*.yaml")}
    out = run_script("benchmarks/preview_steps.py", str(tmp_path / "generated"), "--runs", "1")
    for kind in ("summary", "position", "name"):
        assert re.search(rf"^\| {kind} \| \d+ ms \| \d+ \| \d+ ms \| \d+( \d+)+ \|$", out, re.M), out
    assert {p: p.read_bytes() for p in (tmp_path / "generated" / "content").rglob("*.yaml")} == before  # put back
