"""Claims' list items, rendered once and reused (briefgen/fragments.py): every list
shows what a fresh render would, also with an archive's own item template."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINIMAL, write_archive
from site_compare import comparable
from test_serve_incremental import A, clean, replace

from briefgen.build import BuildOptions, compile_site
from briefgen.incremental import IncrementalBuilder

CLAIM_PAGES = ("claims/index.html", "tags/negotiations/index.html")


def test_an_archive_that_overrides_the_item_gets_it_with_each_page_around_it(tmp_path: Path):
    files = dict(MINIMAL)
    files["templates/partials/claim_item.html"] = (
        '<li class="mine" data-page="{{ page.path }}">{{ claim.quote }}</li>\n'
    )
    root = write_archive(tmp_path / "archive", files)

    # Links rooted at the base path: a kept item could serve both pages.
    compiled = compile_site(root, BuildOptions(base_url="https://example.org/repo/"))

    shown = {}
    for rel in CLAIM_PAGES:
        page = BeautifulSoup(compiled.files[rel], "html.parser")
        shown[rel] = {item["data-page"] for item in page.select("li.mine")}
    # The same claim, listed on two pages: each item was rendered with its own page.
    assert shown == {
        "claims/index.html": {"/claims/"},
        "tags/negotiations/index.html": {"/tags/negotiations/"},
    }


def test_the_lists_follow_each_edit_of_the_claims_they_show(tmp_path: Path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    builder.finish_deferred(builder.rebuild().compiled)
    for step in (
        replace(A, "status: verified", "status: disputed"),
        replace(A, "title: Talks in Moscow", "title: Talks in Moscow, again"),
        replace(A, "tags: [Negotiations]\n", "tags: [Negotiations, Sanctions]\n"),
    ):
        hints = step(root)
        builder.early(hints)
        result = builder.rebuild(hints)
        builder.finish_deferred(result.compiled)
        want = clean(root).files
        for rel in CLAIM_PAGES:
            assert comparable({rel: result.compiled.files[rel]}) == comparable({rel: want[rel]}), (
                step.__name__,
                rel,
            )
