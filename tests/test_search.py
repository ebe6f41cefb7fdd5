"""Search (issue 13, item 2): the Pagefind index under /pagefind/, the /search/ page
with its facets, `search: false`, and searching in Chromium under a base path, from
disk and in the preview server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from browser_helpers import launched_chromium
from conftest import parse_html, run_briefgen, write_archive
from site_compare import comparable, tree
from test_pages import ARCHIVE, follow, lands, page_path
from test_serve_support import running_preview, wait_until

CLAIMS = ["talks/no-breakthrough", "talks/no-compromise", "earlier/witkoff-hopeful"]
CLAIMS += ["earlier/kremlin-silent", "old/forecast-one"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("search") / "archive", ARCHIVE)
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    return root / "site"


def facets(page) -> dict[str, list[str]]:
    return {
        select["data-facet"]: [o.get_text() for o in select.find_all("option")][1:]
        for select in page.select("select[data-facet]")
    }


def test_the_index_holds_articles_entities_sources_and_claims(site):
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_bytes())
    (language,) = entry["languages"].values()
    # 3 articles, 5 entities, 2 sources, 5 claims; no tag, index or list page.
    assert language["page_count"] == 3 + 5 + 2 + 5
    assert (site / "pagefind/pagefind.js").is_file()
    assert (site / f"pagefind/wasm.{language['wasm']}.pagefind").is_file()
    assert not list((site / "pagefind").glob("pagefind-ui*"))  # Pagefind's own UI: unused


def test_indexed_pages_carry_their_facets_and_others_are_left_out(site):
    claim = parse_html(page_path(site, "/claims/earlier/witkoff-hopeful/"))
    main = claim.find("main")
    assert main.has_attr("data-pagefind-body")
    filters = [
        (s["data-pagefind-filter"], s.get_text()) for s in main.select("[data-pagefind-filter]")
    ]
    assert filters == [
        ("type", "Claim"),
        ("kind", "Statement"),
        ("status", "Unverified"),
        ("entity", "Steve Witkoff"),
        ("entity", "Kremlin"),
        ("tag", "Negotiations"),
        ("tag", "Optimism"),
        ("section", "Politics"),
        ("year", "2025"),
    ]
    assert main.select_one("[data-pagefind-sort=date]").get_text() == "2025-11-20"
    article = parse_html(page_path(site, "/articles/talks/")).find("main")
    assert ("author", "Jane Analyst") in [
        (s["data-pagefind-filter"], s.get_text()) for s in article.select("[data-pagefind-filter]")
    ]
    for listing in ("/", "/tags/negotiations/", "/claims/", "/archive/", "/search/"):
        assert not parse_html(page_path(site, listing)).select("[data-pagefind-body]"), listing


def test_search_page_offers_every_facet_value_and_a_way_without_javascript(site):
    path = page_path(site, "/search/")
    page = parse_html(path)
    assert page.find("h1").get_text() == "Search"
    assert facets(page) == {
        "type": ["Article", "Claim", "Entity", "Source"],
        "kind": ["Fact", "Forecast", "Statement"],
        "status": ["Disputed", "False", "Unverified", "Verified"],
        "entity": ["Kremlin", "Moscow", "Steve Witkoff", "Vladimir Putin"],
        "tag": ["Ceasefire line", "Diplomacy", "Negotiations", "Optimism"],
        "author": ["Jane Analyst"],
        "section": ["Politics"],
        "year": ["2025", "2024"],
    }
    labels = {label["for"] for label in page.select("form label")}
    assert {f"facet-{name}" for name in facets(page)} <= labels
    # Without JavaScript: the form stays hidden and the page says what to do instead.
    assert page.find("form", id="search-form").has_attr("hidden")
    noscript = parse_html_fragment(page.find("noscript"))
    assert "needs JavaScript" in noscript.get_text()
    targets = {follow(path, a["href"])[0] for a in noscript.find_all("a")}
    assert targets == {page_path(site, "/archive/"), page_path(site, "/claims/")}
    # Every page links to the search page from the site's navigation.
    for rel in ("index.html", "articles/talks/index.html", "claims/talks/no-compromise/index.html"):
        nav = parse_html(site / rel).select_one("nav.site-nav")
        (link,) = [a for a in nav.find_all("a") if a.get_text() == "Search"]
        assert lands(site / rel, link["href"]) == path


def parse_html_fragment(tag):
    """The markup inside <noscript>, which html.parser keeps as text."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(tag.decode_contents(), "html.parser")


def test_search_false_turns_it_off(tmp_path):
    files = dict(ARCHIVE)
    files["briefgen.yaml"] = "title: No search\nsearch: false\n"
    root = write_archive(tmp_path / "archive", files)
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    site = root / "site"
    assert not (site / "search").exists() and not (site / "pagefind").exists()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "data-pagefind" not in text, path
        assert ">Search</a>" not in text, path
    assert "search/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_search_setting_that_is_not_true_or_false_is_an_error(tmp_path):
    files = dict(ARCHIVE)
    files["briefgen.yaml"] = "title: Bad\nsearch: maybe\n"
    root = write_archive(tmp_path / "archive", files)
    result = run_briefgen("build", root=root)
    assert result.code == 1
    assert result.diagnostics == [
        "briefgen.yaml:2:9: error: 'search' must be true or false, not 'maybe'"
    ]


# --- in a browser -----------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_under(folder: Path, base: str):
    """Serve `folder` at http://127.0.0.1:PORT/<base>/, as GitHub Pages serves a
    project site."""
    www = folder.parent / f"www-{base}"
    www.mkdir()
    (www / base).symlink_to(folder, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{base}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


def results(page) -> list[tuple[str, str]]:
    """(kicker, link) of each result shown."""
    found = page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(li => [li.querySelector('.kicker').textContent,"
        " li.querySelector('h2 a').href])",
    )
    return [tuple(item) for item in found]


def type_query(page, text: str) -> None:
    page.fill("#search-input", text)
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q"
        " && document.querySelector('#search-status').textContent !== ''",
        arg=text,
    )


def test_search_under_a_base_path_finds_the_claim_and_narrows_by_kind(browser, tmp_path):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    result = run_briefgen("build", "--base-url", "https://example.org/repo/", root=root)
    assert result.code == 0, result.err
    with serve_under(root / "site", "repo") as base:
        page = browser.new_page()
        page.goto(base + "search/")
        page.wait_for_selector("#search-form:not([hidden])")
        type_query(page, "deal")  # from the quote "a deal is close"
        found = results(page)
        assert found[0] == ("Claim · 2025-11-20", base + "claims/earlier/witkoff-hopeful/")
        assert len(found) >= 2  # the article says it too
        # The link leads to the claim's page.
        page.click("#search-results li:first-child h2 a")
        page.wait_for_url(base + "claims/earlier/witkoff-hopeful/")
        assert page.inner_text("h1") == "“a deal is close”"

        page.goto(base + "search/")
        page.wait_for_selector("#search-form:not([hidden])")
        type_query(page, "Kremlin")
        everything = results(page)
        kinds = {kicker.split(" · ")[0] for kicker, _ in everything}
        assert {"Article", "Claim", "Entity"} <= kinds
        page.select_option("#facet-kind", "Fact")
        page.wait_for_function("new URLSearchParams(location.search).get('kind') === 'Fact'")
        page.wait_for_function(
            "n => document.querySelectorAll('#search-results li').length < n", arg=len(everything)
        )
        narrowed = results(page)
        assert narrowed and all(kicker.startswith("Claim") for kicker, _ in narrowed)
        assert base + "claims/earlier/kremlin-silent/" in [link for _, link in narrowed]
        assert base + "claims/earlier/witkoff-hopeful/" not in [link for _, link in narrowed]
        # The state is in the address: a reload shows the same results.
        page.reload()
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        assert results(page) == narrowed
        assert page.input_value("#facet-kind") == "Fact"
        page.close()


def test_search_opened_from_disk_says_it_cannot_work_there(browser, site):
    page = browser.new_page()
    page.goto((site / "search/index.html").as_uri())
    note = page.locator("#search-unavailable")
    note.wait_for(state="visible")
    assert "served over the web" in note.inner_text()
    assert page.locator("#search-form").is_hidden()
    page.close()


def test_search_without_javascript_offers_the_archive_and_claims(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve_under(site, "plain") as base:
        page.goto(base + "search/")
        assert "Search needs JavaScript" in page.inner_text("main")
        assert page.locator("#search-form").is_hidden()
        page.get_by_role("link", name="list of claims").click()
        page.wait_for_url(base + "claims/index.html")
    context.close()


def test_the_preview_rebuilds_the_index_after_an_edit(browser, tmp_path):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    article = root / "content/articles/2025-11-20-earlier.md"
    with running_preview(root) as preview:
        page = browser.new_page()
        page.goto(preview.url + "search/")
        page.wait_for_selector("#search-form:not([hidden])")
        type_query(page, "zeppelin")
        assert results(page) == []
        text = article.read_text(encoding="utf-8")
        article.write_text(
            text.replace('quote: "a deal is close"', 'quote: "a zeppelin deal is close"').replace(
                "said a deal is close", "said a zeppelin deal is close"
            ),
            encoding="utf-8",
        )

        def indexed() -> bool:
            return (
                not preview.site.building
                and not preview.site.pending
                and "zeppelin"
                in (
                    preview.published.get("claims/earlier/witkoff-hopeful/index.html", b"").decode()
                )
            )

        assert wait_until(indexed, timeout=20)
        page.goto(preview.url + "search/?q=zeppelin")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        assert results(page)[0][1] == preview.url + "claims/earlier/witkoff-hopeful/"
        page.close()
    shutil.rmtree(root / "site", ignore_errors=True)


def test_the_index_ignores_pagefind_settings_of_the_shell_and_folder(tmp_path, monkeypatch):
    """Pagefind reads PAGEFIND_* variables and a pagefind.yml where it runs: the
    archive's index is made from its pages alone, wherever briefgen is run from."""
    root = write_archive(tmp_path / "archive", ARCHIVE)
    assert run_briefgen("build", "--strict", "--out", str(tmp_path / "plain"), root=root).code == 0
    (tmp_path / "pagefind.yml").write_text("exclude_selectors: [p, h1, h2, li]\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "nav")
    result = run_briefgen("build", "--strict", "--out", "set", root=Path("archive"))
    assert result.code == 0, result.err
    plain, got = tree(tmp_path / "plain"), tree(tmp_path / "set")
    assert any(rel.startswith("pagefind/filter/") for rel in got)
    assert comparable(got) == comparable(plain)


@pytest.mark.parametrize(
    "script, said",
    [
        (
            "echo 'Error: no pages to index' >&2; exit 3",
            "Pagefind failed (exit 3): Error: no pages",
        ),
        ("echo 'Indexed 0 pages'", "Pagefind wrote no usable index: Indexed 0 pages"),
    ],
)
def test_a_failing_indexer_is_an_error_with_its_words_and_the_site_is_kept(
    tmp_path, monkeypatch, script, said
):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    assert run_briefgen("build", root=root).code == 0
    before = tree(root / "site")
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setattr("briefgen.search_index._pagefind_binary", lambda: str(fake))
    (root / "content/articles/2025-12-02-talks.md").write_text(
        (root / "content/articles/2025-12-02-talks.md").read_text() + "\nMore.\n"
    )
    result = run_briefgen("build", root=root)
    assert result.code == 1
    assert f"briefgen.yaml:1:1: error: cannot build the search index: {said}" in result.err
    assert "set 'search: false'" in result.err
    assert tree(root / "site") == before
