"""The demo archive, built for a base URL and served there on loopback, crawled by
LinkChecker: no broken internal link, under a project-site path and at a domain
root. Feed entries and the 404 page (served for any missing URL, as GitHub Pages
does) are followed too."""

from __future__ import annotations

import csv
import http.server
import io
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, run_briefgen
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def make_handler(folder: Path, prefix: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            if not path.startswith(prefix):
                return str(folder / "no such file")
            return super().translate_path("/" + path[len(prefix) :])

        def send_error(self, code, message=None, explain=None):
            # Like GitHub Pages: a missing URL gets the site's 404.html.
            if code != 404 or not (folder / "404.html").is_file():
                return super().send_error(code, message, explain)
            body = (folder / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def end_headers(self):
            # LinkChecker waits 0.1-0.6 s between requests to a host unless the
            # host answers with this header; the crawl then takes seconds, not minutes.
            self.send_header("LinkChecker", "loopback test server")
            super().end_headers()

        def log_message(self, format, *args):
            pass

    return Handler


@contextmanager
def serve(folder: Path, prefix: str):
    """Serve `folder` at http://127.0.0.1:PORT{prefix}; yields the port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(folder, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def crawl(start_urls: list[str], port: int, work: Path) -> list[dict]:
    """LinkChecker's CSV rows for every URL it met, starting from `start_urls`."""
    config = work / "linkcheckerrc"
    # Everything on the loopback server is internal and checked, so a link that
    # escapes the base path is reported as broken rather than skipped as external.
    config.write_text(
        "[checking]\nmaxrequestspersecond=1000\nthreads=4\ntimeout=10\n"
        f"[filtering]\ninternlinks=^http://127\\.0\\.0\\.1:{port}/\n",
        encoding="utf-8",
    )
    config.chmod(0o644)  # LinkChecker run as root drops to user nobody
    work.chmod(0o755)
    command = [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status"]
    command += ["--no-warnings", "-o", "csv", "-v", *start_urls]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, done.stdout + done.stderr
    return rows


def site_urls(site: Path, base: str) -> set[str]:
    """The URL of every file a reader can reach (the Pages marker file aside)."""
    urls = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        # The search index is fetched by the search page's script, not linked: the
        # crawler cannot reach it (test_search.py searches it in a browser).
        if rel.startswith("pagefind/"):
            continue
        if path.is_file() and rel not in (".nojekyll", "robots.txt"):
            urls.add(base + rel.removesuffix("index.html"))
    return urls


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check_published_site(tmp_path: Path, prefix: str) -> dict:
    site = tmp_path / "site"
    with serve(site, prefix) as port:
        base = f"http://127.0.0.1:{port}{prefix}"
        result = run_briefgen("build", "--out", str(site), "--base-url", base, root=REPO)
        assert result.code == 0, result.err

        rows = crawl([base, base + "sitemap.xml", base + "404.html"], port, tmp_path)
        broken = [(r["url"], r["parentname"], r["result"]) for r in rows if r["valid"] != "True"]
        assert broken == []
        skipped = [r["url"] for r in rows if r["result"] == "filtered"]
        assert skipped and not [u for u in skipped if u.startswith("http://127.0.0.1")]
        checked = {r["url"].split("#")[0] for r in rows if r["result"] != "filtered"}
        checked = {url.removesuffix("index.html") for url in checked}
        # The crawl reached every file of the site, and nothing outside it, but the
        # share images: pages name them in <meta property="og:image">, which a link
        # checker does not follow. Each article's names its own, and it is served.
        files = site_urls(site, base)
        share_images = {url for url in files if url.endswith("/share.png")}
        assert checked == files - share_images
        named = set()
        for url in sorted(u for u in checked if "/articles/" in u and u.endswith("/")):
            page = BeautifulSoup(fetch(url)[1], "html.parser")
            image = page.find("meta", property="og:image")["content"]
            assert image == url + "share.png"
            named.add(image)
        assert named == share_images and len(named) >= 2
        assert [u for u in sorted(named) if fetch(u)[0] != 200] == []

        # Feed entries and the links in their content lead to pages of the site.
        # feedparser resolves the content's relative links through xml:base; it is
        # slow on long bodies, so the other feeds (the same articles) are read by lxml.
        status, body = fetch(base + "feed.xml")
        feed = feedparser.parse(body)
        assert status == 200 and feed.bozo == 0
        feed_links = {entry.link for entry in feed.entries}
        for entry in feed.entries:
            html = BeautifulSoup(entry.content[0].value, "html.parser")
            feed_links.update(a["href"] for a in html.find_all("a", href=True))
        for feed_url in sorted(u for u in checked if u.endswith("feed.xml")):
            status, body = fetch(feed_url)
            assert status == 200, feed_url
            links = etree.fromstring(body).iterfind(f"{ATOM}entry/{ATOM}link[@rel='alternate']")
            feed_links.update(link.get("href") for link in links)
        internal = {u.split("#")[0] for u in feed_links if u.startswith(base)}
        assert len(internal) >= 10
        assert [u for u in sorted(internal) if fetch(u)[0] != 200] == []
        assert not [u for u in feed_links if u.startswith("/")]

        # A missing URL at any depth gets the 404 page, whose links all work there.
        for missing in ("no-such-page", "articles/gone/", "a/b/c/d/e/"):
            status, body = fetch(base + missing)
            assert status == 404
            page = BeautifulSoup(body, "html.parser")
            assert page.find("h1").get_text() == "Page not found"
            targets = [
                t.get("href") or t.get("src") for t in page.find_all(["a", "link", "script"])
            ]
            links = [t for t in targets if t and not t.startswith("#")]  # '#main' is here
            resolved = {urljoin(base + missing, t).split("#")[0] for t in links}
            local = sorted(u for u in resolved if u.startswith(f"http://127.0.0.1:{port}/"))
            assert len(local) >= 5
            assert [u for u in local if fetch(u)[0] != 200] == []

        status, robots = fetch(base + "robots.txt")
        assert status == 200
        assert f"Sitemap: {base}sitemap.xml" in robots.decode().splitlines()
    pages = sum(1 for url in checked if url.endswith("/") or url.endswith(".html"))
    return {"pages": pages, "urls": len(rows), "checked": len(checked), "broken": len(broken)}


@pytest.mark.parametrize("prefix", ["/briefing/", "/"], ids=["project-path", "domain-root"])
def test_demo_served_under_base_url_has_no_broken_links(tmp_path, prefix, capsys):
    figures = check_published_site(tmp_path, prefix)
    with capsys.disabled():
        print(f"\ncrawl {prefix}: {figures}")
