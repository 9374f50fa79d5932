"""The live preview as an editor uses it: the open page follows every save, shows mistakes, and
recovers; and the server behind it stays up, stays inside the site, and stops cleanly."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REPO, Served, copy_project, free_port, tree
from defections.pipeline import build
from defections.preview.loop import Preview
from defections.preview.watch import watch

PERSON = "content/people/nawaf-fares.yaml"


def set_position(project, position: str, by_rename: bool = False) -> None:
    text = project.read(PERSON).split("\n")
    text = "\n".join(f"position: {position}" if line.startswith("position:") else line for line in text)
    if by_rename:  # how many editors save: write a temporary file, then rename it over the original
        temporary = project.path(PERSON + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, project.path(PERSON))
    else:
        project.write(PERSON, text)


def open_connected(served, page, path):
    """Open a page and wait until its live-reload connection is up."""
    clients = served.status()["clients"]
    page.goto(served.url(path))
    served.wait_until(lambda status: status["clients"] > clients)


def position_of(page):
    return page.locator(".facts dd").first


def test_the_open_page_shows_an_edit_then_a_mistake_then_the_fix(served, page):
    open_connected(served, page, "people/nawaf-fares/")
    expect(position_of(page)).to_have_text("Ambassador to Iraq")

    set_position(served.project, "Syria's ambassador in Baghdad")
    expect(position_of(page)).to_have_text("Syria's ambassador in Baghdad", timeout=10_000)

    served.project.write(PERSON, served.project.read(PERSON).replace("branch: diplomatic", "branch: diplomacy"))
    overlay = page.locator("#preview-errors")
    expect(overlay).to_contain_text(f"{PERSON}:3:9", timeout=10_000)
    expect(overlay).to_contain_text("'branch' cannot be 'diplomacy' (did you mean 'diplomatic'?)")
    expect(position_of(page)).to_have_text("Syria's ambassador in Baghdad")  # the last good page underneath

    served.project.write(PERSON, served.project.read(PERSON).replace("branch: diplomacy", "branch: diplomatic"))
    expect(overlay).to_have_count(0, timeout=10_000)
    expect(position_of(page)).to_have_text("Syria's ambassador in Baghdad")


def test_errors_in_the_overlay_are_escaped(served, page):
    open_connected(served, page, "")
    served.project.write("content/people/<img src=x onerror=alert(1)>.yaml", "name: x\n")
    overlay = page.locator("#preview-errors")
    expect(overlay).to_contain_text("<img src=x onerror=alert(1)>.yaml", timeout=10_000)
    assert page.locator("#preview-errors img").count() == 0


def test_a_save_by_rename_is_seen(served, page):
    open_connected(served, page, "people/nawaf-fares/")
    set_position(served.project, "Envoy to Iraq", by_rename=True)
    expect(position_of(page)).to_have_text("Envoy to Iraq", timeout=10_000)


def test_a_burst_of_twenty_saves_ends_on_the_last_one(served, page):
    open_connected(served, page, "people/nawaf-fares/")
    for number in range(20):
        set_position(served.project, f"Envoy number {number}", by_rename=number % 2 == 0)
    expect(position_of(page)).to_have_text("Envoy number 19", timeout=10_000)
    assert served.process.poll() is None


def test_a_second_save_just_after_a_reload_reaches_the_page(served, page):
    open_connected(served, page, "people/nawaf-fares/")
    set_position(served.project, "First save")
    expect(position_of(page)).to_have_text("First save", timeout=10_000)
    time.sleep(0.5)  # livereload's own poller would ignore anything for 3 s after a reload
    set_position(served.project, "Second save")
    expect(position_of(page)).to_have_text("Second save", timeout=10_000)


def test_a_stylesheet_change_reaches_the_page(served, page):
    open_connected(served, page, "")
    css = served.project.read("templates/assets/style.css")
    served.project.write("templates/assets/style.css", css + "\nh1 { letter-spacing: 7px; }\n")
    expect(page.locator("h1")).to_have_css("letter-spacing", "7px", timeout=10_000)


# --- The builder loop, without a browser -------------------------------------------------------

def test_a_save_is_built_once_its_file_is_closed_without_waiting_the_whole_quiet_time(sample):
    """A save's last event is the file's close (or the rename that puts it in place): from then,
    a quarter of the quiet time gathers the rest of a burst. A file still being written gets the
    whole quiet time."""
    preview = Preview(sample.root, sample.site, quiet=2.0)
    assert preview.build().ok
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    person = "content/people/nawaf-fares.yaml"

    def built_after(*kinds, path=person) -> float:
        builds, started = preview.builds, time.monotonic()
        for kind in kinds:
            preview.changed({path}, kind)
        while preview.builds == builds and time.monotonic() - started < 10:
            time.sleep(0.01)
        return time.monotonic() - started

    try:
        set_position(sample, "Saved and closed")
        assert 0.4 < built_after("modified", "closed") < 1.5  # a quarter of 2 s
        assert 0.4 < built_after("moved") < 1.5  # saved by renaming a new file into place
        assert built_after("created", "modified") >= 2.0  # not closed yet
        assert built_after("modified", "closed", "modified") >= 2.0  # written to again
        # A file left open held up one build, not the next ones:
        assert 0.4 < built_after("modified", "closed", path="content/articles/000_f4f5e170925db277.yaml") < 1.5
    finally:
        preview.stop()


def test_a_burst_of_saves_is_one_rebuild_and_the_built_output_is_ignored(sample):
    reloads = []
    preview = Preview(sample.root, sample.site, reload=reloads.append, quiet=0.3)
    assert preview.build().ok
    observer = watch(preview)
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    try:
        time.sleep(0.2)
        for number in range(20):
            set_position(sample, f"Burst {number}")
        deadline = time.monotonic() + 10
        while preview.builds < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.6)  # anything further would have happened by now
        assert preview.builds == 2, "twenty saves in quick succession make one rebuild"
        assert reloads == ["*"]
        assert "Burst 19" in sample.read("site/people/nawaf-fares/index.html")
        assert "Burst 19" in sample.read("site/data/people.json")  # written just after the reload
        (sample.site / "stray.html").write_text("written into the output")
        (sample.root / "notes.txt").write_text("beside the project's folders")
        time.sleep(0.6)
        assert preview.builds == 2, "changes in site/ and outside the watched folders do not trigger a build"
    finally:
        preview.stop()
        observer.stop()


@pytest.mark.parametrize("by_rename", [False, True], ids=["in place", "by rename"])
def test_a_save_names_only_the_saved_file_so_the_rebuild_looks_at_nothing_else(sample, by_rename):
    """The folder of a saved file changes too, but naming it would make the rebuild list and check
    every file of the project (100 ms at 10,000 people) instead of reading one."""
    told = []
    preview = Preview(sample.root, sample.site)
    assert preview.build().ok
    build = preview.builder.build
    preview.builder.build = lambda changed=None, defer=None, give_way=None: (told.append(changed)
                                                                             or build(changed, defer, give_way))
    observer = watch(preview)
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    try:
        time.sleep(0.2)
        set_position(sample, "Saved once", by_rename=by_rename)
        deadline = time.monotonic() + 10
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert told[0] == {PERSON}
        assert all(later == set() for later in told[1:])  # bringing the data files up to date: no file read
        assert "Saved once" in sample.read("site/people/nawaf-fares/index.html")
    finally:
        preview.stop()
        observer.stop()


def save_position(sample, preview, position):
    """A person's position saved, and the preview told as the watcher tells it."""
    set_position(sample, position)
    preview.changed({PERSON}, "closed")


def run_until_caught_up(preview, save, reloads, count):
    """The preview's loop run while `save` is made, until it has reloaded the page `count` times
    (`reloads` lists them) and made every file it had left for later, or 20 seconds have gone by;
    then a moment more: anything further would have happened by then."""
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    try:
        save()
        deadline = time.monotonic() + 20
        while not (len(reloads) == count and not preview.builder.behind) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
    finally:
        preview.stop()


def test_a_save_while_the_data_files_catch_up_is_built_before_they_are_all_made(sample, tmp_path):
    """Just after the reload the preview brings the data files up to date, one at a time (each is
    every record: a second or two at 50,000 people). A save made meanwhile waits for the file
    being made, not for all of them; then they are all made, of the latest content."""
    reloads, batches = [], []
    preview = Preview(sample.root, sample.site, reload=reloads.append, quiet=0.05)
    assert preview.build().ok
    update = preview.builder.site.update

    def written(files, gone, hash_later=False):
        if files:
            batches.append(sorted(files))
        if any(path.startswith("data/") for path in files) and len(reloads) == 1:  # the first catch-up
            save_position(sample, preview, "Saved second")
        return update(files, gone, hash_later)

    preview.builder.site.update = written
    run_until_caught_up(preview, lambda: save_position(sample, preview, "Saved first"), reloads, 2)
    data = [batch for batch in batches if any(path.startswith("data/") for path in batch)]
    first_catch_up = batches.index(data[0])
    assert len(data[0]) == 1, "one data file made before giving way"
    assert "people/nawaf-fares/index.html" in batches[first_catch_up + 1], "then the second save is built"
    assert reloads == ["*", "*"]
    made = {path for batch in data[1:] for path in batch}
    assert {"data/people.json", "data/events.csv", "data/search.json"} <= made | set(data[0])
    assert tree(sample.site) == tree(full_build(sample, tmp_path)), "and the site is a full build of the last save"


def test_a_save_with_errors_during_the_catch_up_leaves_the_site_all_of_the_last_good_build(sample, tmp_path):
    """The catch-up gives way to a save whose content has an error: that build changes nothing, and
    the data files it left behind are then made of the last good content, so that the site is that
    build's, whole (its pages, and a search that finds what they show), while the overlay shows the
    error."""
    reloads = []
    preview = Preview(sample.root, sample.site, reload=reloads.append, quiet=0.05)
    assert preview.build().ok
    update, good = preview.builder.site.update, []

    def written(files, gone, hash_later=False):
        if any(path.startswith("data/") for path in files) and not good:  # the first catch-up's first file
            good.append(copy_project(sample.root, tmp_path / "good"))
            sample.write(PERSON, sample.read(PERSON) + "rank: colonel\n")  # a field no person has
            preview.changed({PERSON}, "closed")
        return update(files, gone, hash_later)

    preview.builder.site.update = written
    run_until_caught_up(preview, lambda: save_position(sample, preview, "Saved good"), reloads, 2)
    assert reloads == ["*", "*"] and preview.problems, "the second save's error is shown"
    assert "'rank'" in preview.problems[0].message
    assert "Saved good" in sample.read("site/data/people.json")
    assert tree(sample.site) == tree(full_build(good[0], tmp_path)), "the site is a full build of the last good save"


def full_build(project, tmp_path):
    out = tmp_path / "full"
    assert build(project.root, out).ok
    return out


# --- The server --------------------------------------------------------------------------------

def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A request with the path sent exactly as given, as an attacker would."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("target", [
    "/../../etc/passwd", "/defections/../../etc/passwd", "/defections/%2e%2e/%2e%2e/etc/passwd",
    "/defections/..%2f..%2fetc/passwd", "/defections/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/defections/....//etc/passwd",
    "/defections/../content/site.yaml", "/defections/%2e%2e/content/site.yaml", "/defections/..\\content\\site.yaml",
    "/defections/.site-old/index.html", "/people/",  # outside the base path
])
def test_the_server_never_serves_anything_outside_the_site(served, target):
    status, data = raw_get(served.port, target)
    assert status in (400, 404), target
    assert b"root:" not in data and b"title: Syria" not in data


def test_the_site_is_served_under_the_base_path_of_base_url(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 302 and response.getheader("Location") == "/defections/"
    response.read()
    connection.request("GET", "/defections/people/nawaf-fares/")
    page = connection.getresponse()
    assert page.status == 200 and b"<h1 dir=\"auto\">Nawaf Fares</h1>" in page.read()


def test_a_symlink_out_of_the_site_is_refused(served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (served.project.site / "leak.txt").symlink_to(secret)
    status, data = raw_get(served.port, "/defections/leak.txt")
    assert status == 404 and b"private" not in data


def test_ctrl_c_stops_the_server_cleanly(sample):
    server = Served(sample, free_port())
    assert server.stop() == 0
    assert "stopped" in server.log.read_text()
    assert "Traceback" not in server.log.read_text()


def test_a_port_in_use_gets_a_clear_message(sample):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
                                cwd=sample.root, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"error: port {port} is already in use; stop the other server or pass --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_server_listens_on_this_machine_only_by_default(served):
    """The listening socket is bound to 127.0.0.1, as the kernel reports it."""
    table = "/proc/net/tcp"
    if not os.path.exists(table):
        pytest.skip("no /proc/net/tcp on this system")
    listening = []
    for line in Path(table).read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port = local.split(":")
        if int(port, 16) == served.port and state == "0A":  # 0A: LISTEN
            listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1, little-endian
