"""Shared fixtures: real project folders, a way to run the command line, and readers of its output."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "project"
EVIDENCE = Path(__file__).resolve().parent / "fixtures" / "evidence"  # a hoax denied, a defection disputed, ...

sys.path.insert(0, str(REPO))

from defections.cli import main  # noqa: E402
from defections.content.yamlfile import Source, compose  # noqa: E402


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


class Project:
    """A scratch project folder an editor works in: write files, run the command, read the site."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "site"
        self.touched: set[str] = set()  # what a file-system watcher would have reported

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str | bytes) -> Path:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.touched.add(relative)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8", newline="")
        return target

    def remove(self, relative: str) -> None:
        self.touched.add(relative)
        self.path(relative).unlink()

    def run(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--root", str(self.root), *args])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code
        return Result(code, out.getvalue(), err.getvalue())

    def build(self, *args: str) -> Result:
        return self.run("build", *args)

    def check(self, *args: str) -> Result:
        return self.run("check", *args)

    def html(self, relative: str) -> BeautifulSoup:
        return soup((self.site / relative).read_text(encoding="utf-8"))

    def timeline_pages(self) -> list[Path]:
        """The timeline's pages, in the order of their addresses (timeline/2011/ before timeline/2012/)."""
        return sorted((self.site / "timeline").rglob("index.html"), key=lambda page: page.parent.as_posix())

    def timeline(self) -> BeautifulSoup:
        """Every timeline page's events, read as one page (links stay relative to a year's page,
        timeline/<year>/)."""
        mains = [str(soup(page.read_text(encoding="utf-8")).main) for page in self.timeline_pages()]
        return soup("<body>" + "".join(mains) + "</body>")


def other_warnings(result: Result) -> list[str]:
    """The warnings a check printed besides the count of what lacks a translation (which the
    bilingual sample gives for any record a test adds in English only)."""
    return [line for line in result.err.splitlines()
            if ": warning: " in line and "' translations: " not in line]


def git(root: Path, *args: str) -> str:
    """git, run in a project as an editor with a name and an address."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def on_a_branch(project: Project) -> Project:
    """The project committed on main, and a branch `edit` checked out for a pull request's changes."""
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "base")
    git(project.root, "checkout", "-qb", "edit")
    return project


def editor_view(text: str):
    """The data as a YAML 1.2 editor (yaml-language-server) sees it: 2012 is a number, NO is text."""
    def plain(node):
        if isinstance(node, yaml.MappingNode):
            return {k.value: plain(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [plain(v) for v in node.value]
        if node.style:
            return node.value
        value = node.value
        if value in ("", "~", "null"):
            return None
        if value in ("true", "false"):
            return value == "true"
        if re.fullmatch(r"[-+]?[0-9]+", value):
            return int(value)
        if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
            return float(value)
        return value
    node, problems = compose(Source("x", text))
    assert not problems
    return plain(node)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def copy_project(source: Path, target: Path) -> Project:
    """A copy of a project folder (its content and seeds) with this repository's templates."""
    for folder in ("content", "seeds"):
        shutil.copytree(source / folder, target / folder)
    shutil.copytree(REPO / "templates", target / "templates")
    return Project(target)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def page_for(site: Path, target: str) -> Path | None:
    """The file a URL path inside the site names ('people/x/' is its index.html)."""
    path = site / unquote(target)
    if target == "" or target.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def base_path_of(project: Project) -> str:
    """The path part of the project's base_url ('/' when it has none)."""
    import yaml

    base_url = yaml.safe_load((project.root / "content" / "site.yaml").read_text(encoding="utf-8")).get("base_url")
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


def broken_links(site: Path, base: str = "/some-repo/") -> list[str]:
    """Every internal link or anchor in the built site that does not resolve, as 'page -> href'.

    Pages are placed under a base path, as on GitHub Pages, so a link that climbs above the site's
    folder, or starts with '/' but not with the base path, counts as broken."""
    origin = "https://pages.invalid"
    pages = sorted(site.rglob("*.html"))
    documents = {page: soup(page.read_text(encoding="utf-8")) for page in pages}
    ids = {page: {tag["id"] for tag in document.find_all(id=True)} for page, document in documents.items()}
    problems = []
    for page, document in documents.items():
        here = origin + base + page.relative_to(site).as_posix()
        for tag in document.find_all(["a", "link"], href=True):
            href = tag["href"]
            if urlsplit(href).scheme in ("http", "https", "mailto") and not href.startswith(origin):
                continue  # an address outside the site
            if href.startswith("#"):  # this very page, wherever it is served
                if unquote(href[1:]) not in ids[page]:
                    problems.append(f"{page.relative_to(site)} -> {href} (no element with id '{href[1:]}')")
                continue
            if page.name == "404.html" and page.parent == site:
                here = origin + "/anywhere/at/all/missing"  # it is served at any address: links must not care
            address = urlsplit(urljoin(here, href))
            where = f"{page.relative_to(site)} -> {href}"
            if address.netloc != urlsplit(origin).netloc or not address.path.startswith(base):
                problems.append(f"{where} (outside the site's base path)")
                continue
            target = page_for(site, address.path[len(base):])
            if target is None:
                problems.append(f"{where} (no such page)")
            elif address.fragment and target in ids and unquote(address.fragment) not in ids[target]:
                problems.append(f"{where} (no element with id '{address.fragment}')")
    return problems


@pytest.fixture
def project(tmp_path) -> Project:
    """A scratch copy of the test fixture project."""
    return copy_project(FIXTURE, tmp_path / "project")


@pytest.fixture
def sample(tmp_path) -> Project:
    """A scratch copy of the sample content this repository publishes."""
    return copy_project(REPO, tmp_path / "sample")


@pytest.fixture
def big_project(tmp_path) -> Project:
    """Generated content (benchmarks/generate.py): 150 people, 300 events, 75 articles. Big enough
    that a build takes a while, and that lists have more entries than a page or feed shows."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(tmp_path / "big", 150)
    return copy_project(tmp_path / "big", tmp_path / "project")


def _built_once(tmp_path_factory, source: Path, name: str) -> Project:
    built = copy_project(source, tmp_path_factory.mktemp("built") / name)
    result = built.build()
    assert result.code == 0, result.err
    return built


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Project:
    """The sample content, built once for the tests that only read the site."""
    return _built_once(tmp_path_factory, REPO, "sample")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Project:
    """The fixture project, built once for the tests that only read the site."""
    return _built_once(tmp_path_factory, FIXTURE, "project")


@pytest.fixture(scope="session")
def built_evidence(tmp_path_factory) -> Project:
    """The evidence fixture (a denied hoax, a disputed defection, confirmed ones, an unnamed group,
    dates of every form), built once for the tests that only read the site."""
    return _built_once(tmp_path_factory, EVIDENCE, "evidence")


@pytest.fixture
def evidence(tmp_path) -> Project:
    """A scratch copy of the evidence fixture."""
    return copy_project(EVIDENCE, tmp_path / "evidence")


def require_tool(available: bool, message: str) -> None:
    """A test that needs an outside tool fails in CI when it is missing, and is skipped elsewhere."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


# --- The preview server and a real browser ------------------------------------------------------

import json  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ctrl_c_stops() -> None:
    """Ctrl-C (SIGINT) stops the server even when the tests run in the background, where the shell
    starts them, and so everything they start, with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Served:
    """`python3 build.py serve` running on a scratch project, as an editor starts it."""

    def __init__(self, project: Project, port: int):
        self.project = project
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.log = project.root / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)], cwd=project.root,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)},
            preexec_fn=_ctrl_c_stops)
        self.wait_until(lambda status: True, timeout=30)

    def status(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.origin}/__preview__/status", timeout=2) as response:
                return json.load(response)
        except OSError:
            return None

    def wait_until(self, condition, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server died:\n" + self.log.read_text()
            status = self.status()
            if status is not None and condition(status):
                return status
            time.sleep(0.05)
        raise AssertionError(f"timed out; last status {self.status()}\n{self.log.read_text()}")

    def url(self, path: str = "") -> str:
        return f"{self.origin}/defections/{path}"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise
        return self.process.returncode


@pytest.fixture
def served(sample):
    server = Served(sample, free_port())
    yield server
    server.stop()


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require_tool(path is not None, "Chromium is needed for browser tests: apt-get install chromium (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=BROWSER_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


# --- A server that behaves like GitHub Pages -----------------------------------------------------

import contextlib as _contextlib  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import io as _io  # noqa: E402
import threading  # noqa: E402


@pytest.fixture(scope="module")
def site(built_sample):
    """The sample site, served under its base path: its address."""
    base = base_path_of(built_sample)
    with pages_server(built_sample.site, base) as origin:
        yield origin + base


@pytest.fixture
def reader(browser):
    """A reader's tab: the page's own Content-Security-Policy is bypassed only so axe can be injected."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


class PagesLike(http.server.SimpleHTTPRequestHandler):
    """Serves a folder the way GitHub Pages serves a project site: under /<repo>/, directories as
    their index.html, and 404.html for any address that has no file."""

    def __init__(self, *args, base: str, **kwargs):
        self.base = base
        super().__init__(*args, **kwargs)

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.base):
            return self._missing()
        target = Path(self.directory) / unquote(path[len(self.base):])
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._missing()
        self.path = "/" + target.relative_to(self.directory).as_posix()
        return super().send_head()

    def _missing(self):
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _io.BytesIO(body)

    def log_message(self, *args):
        pass



def fetch(url: str) -> tuple[int, bytes, str]:
    """An address's status, body and final address (after redirects), as a browser gets them."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.read(), url


@_contextlib.contextmanager
def pages_server(site: Path, base: str = "/"):
    """Serve a built site on loopback under `base`, as GitHub Pages would; yields the origin."""
    handler = functools.partial(PagesLike, directory=str(site), base=base)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


ARCHIVE_ARTICLE = "Officials from every branch have defected from the government, the agency said on Monday.\n"
ARCHIVE_QUOTE = "Officials from every branch have defected from the government"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def write_archive(root, people: int, dates: list[str]) -> Project:
    """A project with `people` people and an event for each date (the i-th about the i-th person,
    round the list), all citing one article."""
    project = Project(root)
    project.write("content/site.yaml", "title: Archive\nbase_url: https://example.github.io/archive/\n"
                                       "earliest_date: 2000\nlatest_date: 2013\n")
    project.write("seeds/wire.txt", ARCHIVE_ARTICLE)
    project.write("content/articles/wire.yaml", "title: Officials defect\npublisher: Example Wire\n"
                                                "published: 2013-01-01\nfull_text: true\n")
    for n in range(people):
        initial = LETTERS[n % 26]
        name = f"{initial.upper()}{'abcdefgh'[n % 8]}mir Person{n}" if n else "'Abd Person0"  # one that starts otherwise
        project.write(f"content/people/person-{n}.yaml",
                      f"name: \"{name}\"\nposition: Officer {n}\nbranch: military\n")
    for n, date in enumerate(dates):
        project.write(f"content/events/event-{n:04d}.yaml",
                      f"date: \"{date}\"\ntitle: Event {n} happens\nkind: defection\nstatus: reported\n"
                      f"people: [person-{n % people}]\nsources:\n  - article: wire\n    quote: {ARCHIVE_QUOTE}\n")
    return project
