"""The preview server over HTTP: what it serves, what it refuses, and when."""

from __future__ import annotations

import io
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, run_briefgen, write_archive
from test_serve_support import (
    ARTICLE,
    EventStream,
    edit,
    get,
    log,
    raw_request,
    running_preview,
    wait_until,
)

from briefgen.build import BuildOptions, UsageError
from briefgen.serve.preview import Preview

SECRET = "top secret, outside the site"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)


@pytest.fixture
def preview(archive: Path, tmp_path: Path):
    # A secret beside the output folder: the target of every traversal attempt.
    (tmp_path / "secret.txt").write_text(SECRET)
    with running_preview(archive, out=tmp_path / "out") as running:
        yield running


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory):
    """One preview for the tests that only read."""
    tmp_path = tmp_path_factory.mktemp("shared")
    archive = write_archive(tmp_path / "archive", MINIMAL)
    (tmp_path / "secret.txt").write_text(SECRET)
    with running_preview(archive, out=tmp_path / "out") as running:
        yield running


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_pages_are_served_with_their_content_types_and_the_reload_script(shared_preview):
    home = get(shared_preview, "/")
    assert home.status == 200
    assert home.headers["content-type"] == "text/html; charset=utf-8"
    article = get(shared_preview, "/articles/talks/")
    assert article.status == 200
    page = soup(article)
    mark = page.find("mark", id="claim-no-breakthrough")
    assert mark is not None and "status-verified" in mark["class"]
    # Links are pretty and rooted, as on a published site.
    assert page.find("a", href="/entities/vladimir-putin/") is not None
    scripts = page.find_all("script", attrs={"data-briefgen": "live"})
    assert len(scripts) == 1 and "__briefgen/events" in scripts[0].string
    css = get(shared_preview, "/assets/style.css")
    assert css.status == 200 and css.headers["content-type"] == "text/css; charset=utf-8"
    assert b"<script" not in css.body
    head = get(shared_preview, "/articles/talks/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert int(head.headers["content-length"]) == len(article.body)


def test_build_output_never_holds_the_reload_script(archive: Path, tmp_path: Path):
    out = tmp_path / "built"
    result = run_briefgen("build", "--out", str(out), root=archive)
    assert result.code == 0, result.err
    pages = sorted(out.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        document = BeautifulSoup(html, "html.parser")
        assert document.find("script", attrs={"data-briefgen": True}) is None, path
        assert "__briefgen" not in html, path
        assert "EventSource" not in html, path


@pytest.mark.parametrize(
    "raw",
    [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/assets/%5c..%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "/index.html%00.css",
        "/%00",
        "/%c0%ae%c0%ae/secret.txt",
        "/%ff",
        "http://127.0.0.1/../secret.txt",
        "*",
    ],
)
def test_traversal_attempts_are_refused(shared_preview, raw: str):
    response = get(shared_preview, raw)
    assert response.status in (400, 404), (raw, response.status)
    assert SECRET.encode() not in response.body
    assert b"root:" not in response.body


def test_a_nul_byte_in_the_path_is_refused(shared_preview):
    status = raw_request(shared_preview, b"GET /index.html\x00/../../secret.txt HTTP/1.1")
    assert status.split()[1] in (b"400", b"404"), status


def test_a_link_out_of_the_output_is_not_followed(preview, tmp_path: Path):
    served = preview.out / "assets" / "style.css"
    served.unlink()
    served.symlink_to(tmp_path / "secret.txt")
    response = get(preview, "/assets/style.css")
    assert response.status == 404
    assert SECRET.encode() not in response.body


def test_missing_paths_get_the_sites_404_page(shared_preview):
    response = get(shared_preview, "/no/such/page/")
    assert response.status == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert soup(response).find("h1").get_text() == "Page not found"


def test_a_folder_without_its_slash_is_redirected(shared_preview):
    response = get(shared_preview, "/articles/talks")
    assert response.status == 301
    assert response.headers["location"] == "/articles/talks/"


def test_the_site_is_served_under_the_base_url_path(tmp_path: Path):
    files = dict(MINIMAL)
    files["briefgen.yaml"] = "title: Test briefings\nbase_url: https://example.org/briefs/\n"
    root = write_archive(tmp_path / "archive", files)
    with running_preview(root) as preview:
        assert preview.url.endswith("/briefs/")
        article = get(preview, "/briefs/articles/talks/")
        assert article.status == 200
        assert soup(article).find("a", href="/briefs/entities/vladimir-putin/") is not None
        assert get(preview, "/briefs/assets/style.css").status == 200
        root_response = get(preview, "/")
        assert root_response.status == 302
        assert root_response.headers["location"] == "/briefs/"
        assert get(preview, "/articles/talks/").status == 404


def test_only_loopback_by_default(archive: Path):
    preview = Preview(archive, BuildOptions(), port=0)
    assert preview.host == "127.0.0.1"
    assert preview.out is None  # nothing made before start()


def test_the_temporary_output_folder_goes_with_the_server(archive: Path):
    with running_preview(archive) as preview:
        out = preview.out
        assert (out / "articles" / "talks" / "index.html").is_file()
        assert preview.server.server_address[0] == "127.0.0.1"
    assert not out.exists()


def test_a_taken_port_moves_to_the_next_free_one_and_says_so(archive: Path):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        preview = Preview(archive, BuildOptions(), port=taken, stream=io.StringIO())
        try:
            preview.start()
            assert preview.server.server_address[1] != taken
            assert f"port {taken} is in use; serving on port" in log(preview)
        finally:
            preview.stop()
        strict = Preview(archive, BuildOptions(), port=taken, next_free_port=False)
        with pytest.raises(UsageError, match=f"port {taken} on 127.0.0.1 is in use"):
            strict.start()
        strict.stop()


def test_a_request_during_a_rebuild_waits_for_the_new_site(preview, archive: Path):
    """Every page fetched while a (slowed) rebuild runs is the new one, never a mix."""
    started = threading.Event()
    original = preview.builder.rebuild

    def slow_rebuild(hints=None):
        started.set()
        time.sleep(0.4)
        return original(hints)

    preview.builder.rebuild = slow_rebuild
    edit(archive, ARTICLE, "title: Talks in Moscow", "title: Talks in Moscow, revised")
    assert started.wait(10)
    results = {}

    def fetch(path):
        results[path] = get(preview, path)

    threads = [
        threading.Thread(target=fetch, args=(path,))
        for path in ("/articles/talks/", "/", "/entities/vladimir-putin/", "/archive/")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    for path, response in results.items():
        assert response.status == 200, path
        assert "Talks in Moscow, revised" in response.text, path
    assert len(results) == 4


def test_events_name_the_changed_pages_and_the_changed_claim(preview, archive: Path):
    stream = EventStream(preview, "/articles/talks/")
    try:
        _, hello = stream.next("hello")
        assert hello["errors"] == []
        edit(archive, ARTICLE, "status: verified", "status: false")
        _, build = stream.next("build")
        assert "/articles/talks/" in build["paths"]
        assert build["claim"] == {"path": "/articles/talks/", "id": "claim-no-breakthrough"}
        assert build["errors"] == []
    finally:
        stream.close()


def test_a_drifted_quote_reaches_pages_with_the_passage_it_now_matches(preview, archive: Path):
    stream = EventStream(preview, "/articles/talks/")
    try:
        stream.next("hello")
        # The words under the first claim change, and markup comes before them.
        edit(archive, ARTICLE, "Vladimir Putin met", "*Vladimir Putin* met")
        edit(archive, ARTICLE, "ended without any\n", "ended without a\n")
        _, broken = stream.next("build")
        while not broken["errors"]:  # the two saves may be built one by one
            _, broken = stream.next("build")
        check = run_briefgen("check", root=archive)
        assert [
            f"{e['path']}:{e['line']}:{e['col']}: error: {e['message']}" for e in broken["errors"]
        ] == check.diagnostics
        (error,) = broken["errors"]
        assert (error["line"], error["col"]) == (9, 12)  # the quote's value
        assert error["message"].startswith(
            "claim 'no-breakthrough': quote drifted (96% similar): the body now reads "
            '"ended without a breakthrough" (line 25)'
        )
        # The passage starts on body line 25 after "*Vladimir Putin* met Steve Witkoff
        # in Moscow. The talks ", 56 characters as written.
        assert error["suggestion"] == {
            "passage": "ended without a breakthrough",
            "line": 25,
            "col": 57,
            "similarity": 96,
        }
        assert run_briefgen("check", "--fix", root=archive).code == 0
        _, fixed = stream.next("build")
        while fixed["errors"]:
            _, fixed = stream.next("build")
        page = soup(get(preview, "/articles/talks/"))
        assert page.find("mark", id="claim-no-breakthrough").get_text() == (
            "ended without a\nbreakthrough"
        )
    finally:
        stream.close()


def test_an_open_article_is_served_before_the_rest_of_its_rebuild(preview, archive: Path):
    """A claim's status edited in the article open in a browser: its page is published
    and announced first; the other pages wait for the rebuild, which gives the same
    article page."""
    stream = EventStream(preview, "/articles/talks/")
    release = threading.Event()
    original = preview.builder.rebuild

    def held_rebuild(hints=None):
        assert release.wait(20)
        return original(hints)

    try:
        stream.next("hello")
        preview.builder.rebuild = held_rebuild
        edit(archive, ARTICLE, "status: verified", "status: false")
        _, build = stream.next("build")
        assert build["paths"] == ["/articles/talks/"]
        assert build["claim"] == {"path": "/articles/talks/", "id": "claim-no-breakthrough"}
        early = get(preview, "/articles/talks/")
        assert 'id="claim-no-breakthrough"' in early.text and "status-false" in early.text
        results = {}
        other = threading.Thread(
            target=lambda: results.setdefault("claims", get(preview, "/claims/"))
        )
        other.start()
        time.sleep(0.3)
        assert "claims" not in results  # waits for the rebuild
        release.set()
        other.join(20)
        claims = BeautifulSoup(results["claims"].text, "html.parser")
        link = claims.find("a", href="/articles/talks/#claim-no-breakthrough")
        assert "status-false" in link.find_parent("li")["class"]
        assert wait_until(lambda: "(open page in " in log(preview))
        assert get(preview, "/articles/talks/").body == early.body
    finally:
        release.set()
        stream.close()


def test_errors_reach_pages_and_terminal_while_the_last_good_site_stays(preview, archive):
    stream = EventStream(preview, "/articles/talks/")
    try:
        stream.next("hello")
        edit(archive, ARTICLE, "kind: fact", "kind: [fact")  # YAML broken at line 9
        _, broken = stream.next("build")
        check = run_briefgen("check", root=archive)
        assert check.code == 1
        expected = [line for line in check.diagnostics if ": error: " in line]
        shown = [
            f"{e['path']}:{e['line']}:{e['col']}: error: {e['message']}" for e in broken["errors"]
        ]
        assert shown == expected
        assert shown[0].startswith(f"{ARTICLE}:")
        # The last good page is still served, and a new page view learns of the errors.
        page = get(preview, "/articles/talks/")
        assert page.status == 200
        assert soup(page).find("mark", id="claim-no-breakthrough") is not None
        late = EventStream(preview, "/")
        assert late.next("hello")[1]["errors"] == broken["errors"]
        late.close()
        # The terminal printed each diagnostic once.
        assert wait_until(lambda: "still serving the last good build" in log(preview))
        for line in expected:
            assert log(preview).count(line) == 1
        edit(archive, ARTICLE, "kind: [fact", "kind: fact")
        _, fixed = stream.next("build")
        assert fixed["errors"] == []
        assert "errors fixed" in log(preview) or wait_until(lambda: "errors fixed" in log(preview))
    finally:
        stream.close()


def test_ctrl_c_stops_the_server_cleanly(archive: Path):
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--root", str(archive), "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = []
        for line in process.stderr:
            lines.append(line)
            if line.startswith("serving "):
                break
        url = lines[-1].split()[1]
        host_port = url.split("/")[2]
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in rest
    assert "stopping" in rest
    host, port = host_port.split(":")
    with socket.socket() as probe:  # the port is free again
        probe.bind((host, int(port)))


def test_a_first_build_with_errors_serves_the_errors_then_the_site(tmp_path: Path):
    files = dict(MINIMAL)
    files[ARTICLE] = MINIMAL[ARTICLE].replace("kind: fact", "kind: [fact")
    root = write_archive(tmp_path / "archive", files)
    with running_preview(root) as preview:
        page = get(preview, "/")
        assert page.status == 404
        assert soup(page).find("script", attrs={"data-briefgen": "live"}) is not None
        stream = EventStream(preview, "/")
        try:
            _, hello = stream.next("hello")
            assert [e["path"] for e in hello["errors"]] == [ARTICLE]
            assert "nothing to serve yet" in log(preview)
            edit(root, ARTICLE, "kind: [fact", "kind: fact")
            _, built = stream.next("build")
            assert built["errors"] == [] and "/" in built["paths"]
        finally:
            stream.close()
        assert get(preview, "/").status == 200


def test_serve_refuses_a_port_number_out_of_range(archive: Path):
    result = run_briefgen("serve", "--port", "70000", root=archive)
    assert result.code == 2
    assert "briefgen: error: --port 70000 is not a port number" in result.err


def test_serve_outside_an_archive_is_a_usage_error(tmp_path: Path):
    elsewhere = tmp_path / "not-an-archive"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("mine", encoding="utf-8")
    result = run_briefgen("serve", "--port", "0", root=elsewhere)
    assert result.code == 2
    assert result.err.splitlines() == [
        f"briefgen: error: '{elsewhere}' is not an archive (no content/ folder); run "
        "briefgen serve in an archive's root, pass --root DIR, or create one with "
        "'briefgen init DIR'"
    ]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.md"]


def test_serve_in_the_current_folder_outside_an_archive(tmp_path: Path):
    # As a user types it: no --root, a folder that is not an archive.
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "briefgen: error: this folder is not an archive (no content/ folder); run briefgen "
        "serve in an archive's root, pass --root DIR, or create one with 'briefgen init DIR'"
    ]
