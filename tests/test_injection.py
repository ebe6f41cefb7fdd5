"""An archive with a script payload in every field builds into pages that run nothing
the theme did not put there: no foreign <script>, no on* attributes, no javascript:
URLs, and every payload shown as text."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run_briefgen, write_archive
from site_compare import comparable, tree

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>{{ 7*7 }}{% raw %}"
# The same payload as a YAML double-quoted string.
Y = json.dumps(PAYLOAD)

HOSTILE = {
    "briefgen.yaml": f"title: {Y}\ndescription: {Y}\nfooter: {Y}\n",
    "content/articles/2025-12-02-x.md": f"""
        ---
        title: {Y}
        date: 2025-12-02
        author: [{Y}]
        summary: {Y}
        section: {Y}
        tags: [{Y}, "Plain"]
        entities: [evil-entity]
        claims:
          - id: evil-claim
            quote: {Y}
            kind: statement
            status: misleading
            by: evil-entity
            about: [evil-entity]
            tags: [{Y}]
            note: {Y}
            sources:
              - source: evil-source
                locator: {Y}
                quote: {Y}
              - inline-evil
        sources:
          - id: inline-evil
            title: {Y}
            publisher: {Y}
            author: {Y}
        ---
        Evil Name said: <script>alert(1)</script>"'><img src=x onerror=alert(2)>{{{{ 7*7 }}}}{{% raw %}}

        <iframe src="javascript:alert(3)"></iframe> and [a link](https://example.org "{PAYLOAD.replace('"', "")}").
    """,
    "content/entities/evil-entity.md": f"""
        ---
        name: Evil Name
        type: person
        aliases: [{Y}]
        description: {Y}
        links:
          - title: {Y}
            url: "https://example.org/?q=%22%3E%3Cscript%3E"
        ---
        Body <script>alert(4)</script> {{{{ 7*7 }}}}
    """,
    "content/sources/evil-source.md": f"""
        ---
        title: {Y}
        publisher: {Y}
        author: {Y}
        url: "https://example.org/a?b=<c>"
        ---
        <img src=x onerror=alert(5)>
    """,
    "content/tags/plain.md": f"""
        ---
        name: {Y}
        ---
        <script>alert(6)</script>
    """,
}


def assert_page_is_clean(path: Path, raw_html: bool = False) -> None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for script in soup.find_all("script"):
        # The only scripts a built page may hold are the theme's JSON-LD blocks, the
        # theme's own reading-view script on article pages and its search script on
        # /search/, each from the site's assets and loaded empty.
        if script.get("src", "").endswith("assets/reading.js"):
            assert not script.string and script.get("type") is None, f"{path}: {script}"
            continue
        if script.get("src"):
            assert path.parent.name == "search" and script["src"].endswith("assets/search.js")
            assert not (script.string or "").strip(), f"{path}: {script}"
            continue
        assert script.get("type") == "application/ld+json", f"{path}: {script}"
        json.loads(script.string or "")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{path}: {tag.name} has {name}"
            values = value if isinstance(value, list) else [value]
            for item in values:
                assert not str(item).strip().lower().startswith(("javascript:", "data:")), (
                    f"{path}: {tag.name} {name}={item}"
                )
    # Escaped content makes no element at all; sanitised raw HTML may keep a plain <img>.
    forbidden = ["iframe", "object", "embed"] + ([] if raw_html else ["img"])
    assert not soup.find_all(forbidden), path
    assert "49" not in soup.get_text().split(), f"{path}: template code was evaluated"


def test_payload_in_every_field_comes_out_as_text(tmp_path):
    root = write_archive(tmp_path / "a", HOSTILE)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        assert_page_is_clean(page)
    article = BeautifulSoup(
        (root / "site/articles/x/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert article.find("h1").get_text() == PAYLOAD
    mark = article.find(id="claim-evil-claim")
    assert mark.get_text() == PAYLOAD
    body_text = article.find(class_="article-body").get_text()
    assert "<script>alert(1)</script>" in body_text  # shown, not run
    assert "<iframe" in body_text


def test_payload_read_back_from_the_memo_comes_out_as_text(tmp_path):
    """A second build takes what validation made of each file and each article's
    rendering from .briefgen-cache/ (another output folder makes it read them
    rather than answer "nothing changed"): the pages are as clean, and the same."""
    root = write_archive(tmp_path / "a", HOSTILE)
    first = run_briefgen("build", "--out", str(tmp_path / "first"), root=root)
    second = run_briefgen("build", "--out", str(tmp_path / "second"), root=root)
    assert first.code == second.code == 0, second.err
    assert "1 article bodies from cache" in second.err
    pages = sorted((tmp_path / "second").rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        assert_page_is_clean(page)
    assert comparable(tree(tmp_path / "second")) == comparable(tree(tmp_path / "first"))


def test_kept_claim_items_come_out_as_text(tmp_path):
    # With a base_url, links are rooted and each claim's list item is rendered once
    # and reused on every list (briefgen/fragments.py): it is still escaped.
    root = write_archive(tmp_path / "a", HOSTILE)
    result = run_briefgen("build", "--base-url", "https://example.org/repo/", root=root)
    assert result.code == 0, result.err
    for page in sorted((root / "site").rglob("*.html")):
        assert_page_is_clean(page)
    claims = BeautifulSoup(
        (root / "site/claims/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    quotes = [q.get_text() for q in claims.select("li.claim-item .claim-quote a")]
    assert f"“{PAYLOAD}”" in quotes


def test_raw_html_opt_in_is_sanitised(tmp_path):
    files = dict(HOSTILE)
    files["briefgen.yaml"] = "title: Raw\nraw_html: true\n"
    # With raw HTML on, the payload in the body is markup, not words a quote can match.
    article = "content/articles/2025-12-02-x.md"
    files[article] = files[article].replace(f"quote: {Y}", 'quote: "Evil Name said"')
    root = write_archive(tmp_path / "a", files)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    for page in sorted((root / "site").rglob("*.html")):
        assert_page_is_clean(page, raw_html=True)
