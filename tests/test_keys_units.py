"""The keys of costly steps on their own (briefgen/engine/keys.py): a key changes
exactly when what the step shows changes. The files' digests are given here, so
each test says which file changed and how."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL, write_archive

from briefgen import page as kinds
from briefgen.config import Config
from briefgen.diagnostics import Diagnostics
from briefgen.engine.keys import Keys
from briefgen.link import Archive, link
from briefgen.load import load_archive_files
from briefgen.pages import build_routes
from briefgen.validate import validate

TALKS = "content/articles/2025-12-02-talks.md"
PUTIN = "content/entities/vladimir-putin.md"
WITKOFF = "content/entities/steve-witkoff.md"
READOUT = "content/sources/kremlin-readout.md"
LATER = "content/articles/2025-12-09-later.md"

LATER_TEXT = """
    ---
    title: Later
    date: 2025-12-09
    claims:
      - id: later-claim
        quote: "nothing new"
        kind: fact
        tags: [Elsewhere]
    ---
    There was nothing new.
"""


class KeyedArchive:
    """A linked archive and the digests its keys are made from, which a test edits."""

    def __init__(self, tmp_path: Path):
        root = write_archive(tmp_path / "archive", {**MINIMAL, LATER: LATER_TEXT})
        diags = Diagnostics()
        validated = validate(load_archive_files(root, diags), diags)
        self.archive: Archive = link(validated, Config(title="Test"), diags, drafts=False)
        assert diags.items == []
        rels = [TALKS, LATER, PUTIN, WITKOFF, READOUT]
        self.digests = {rel: f"file {rel}" for rel in rels}  # the whole file
        self.fronts = {rel: f"front {rel}" for rel in rels}  # its front-matter
        self.pages = {page.output_file: page for page in build_routes(self.archive)}

    def keys(self, environment: str = "theme") -> Keys:
        keys = Keys(environment, self.digests.__getitem__, front_matter=self.fronts.__getitem__)
        keys.linked(self.archive)
        return keys

    def article(self, slug: str):
        return self.archive.article_by_slug(slug)

    def page_key(self, output_file: str, everything: str = "all") -> str:
        return self.keys().page(self.pages[output_file], "page template", everything)


def test_an_article_body_is_keyed_by_its_file_and_the_front_matter_it_refers_to(tmp_path):
    a = KeyedArchive(tmp_path)
    before = a.keys().article(a.article("talks"))
    a.digests[PUTIN] = "an entity's description edited"  # body only: not shown
    assert a.keys().article(a.article("talks")) == before
    a.fronts[PUTIN] = "an entity renamed"
    renamed = a.keys().article(a.article("talks"))
    assert renamed != before
    a.fronts[READOUT] = "a source retitled"
    assert a.keys().article(a.article("talks")) != renamed
    a.digests[TALKS] = "its own text edited"
    assert a.keys().article(a.article("talks")) not in (before, renamed)


def test_an_article_body_is_not_keyed_by_an_article_it_has_nothing_to_do_with(tmp_path):
    a = KeyedArchive(tmp_path)
    before = a.keys().article(a.article("talks"))
    a.digests[LATER] = "another article edited"
    a.fronts[LATER] = "another article edited"
    assert a.keys().article(a.article("talks")) == before
    assert a.keys("another theme").article(a.article("talks")) != before


def test_a_page_about_one_subject_follows_what_it_lists_and_nothing_else(tmp_path):
    a = KeyedArchive(tmp_path)
    tag = "tags/negotiations/index.html"
    assert a.pages[tag].kind == kinds.TAG
    before = a.page_key(tag)
    a.digests[LATER] = "an article with no claim of this tag"
    assert a.page_key(tag) == before
    a.digests[TALKS] = "the article whose claims it lists"
    assert a.page_key(tag) != before
    # The key of the whole archive is not asked for.
    a.digests[TALKS] = "file " + TALKS
    assert a.page_key(tag, everything="anything else") == before


def test_a_page_that_lists_the_archive_is_keyed_by_all_of_it(tmp_path):
    a = KeyedArchive(tmp_path)
    listing = "archive/index.html"
    assert a.page_key(listing, "all") != a.page_key(listing, "all, after an edit")
    asked = []
    a.keys().page(a.pages["tags/negotiations/index.html"], "t", lambda: asked.append(1) or "x")
    assert asked == []  # worked out only for a page that needs it


def test_the_claims_page_and_claim_data_follow_front_matter_and_found_quotes(tmp_path):
    """What they show of a claim comes from the front-matter, and, on the claims
    page, whether its quote was found in its article: an edit of an article's text
    that leaves both does not key them again, even though the archive changed."""
    a = KeyedArchive(tmp_path)
    claim = a.article("talks").claims[0]
    claim.context = ("Talks ", claim.quote, ".")  # as rendering finds it in the text
    files = ["claims/index.html", "forecasts/index.html", "data/claims.json", "data/claims.csv"]
    schema = "data/schema/claims.schema.json"
    before = {rel: a.page_key(rel, "all") for rel in [*files, schema]}

    a.digests[TALKS] = "its text edited, every quote still found"
    assert {rel: a.page_key(rel, "all, after an edit") for rel in before} == before

    claim.context = ()  # the quote is no longer in the text
    found = {rel: a.page_key(rel, "all") for rel in before}
    lists, data = files[:2], files[2:]
    assert all(found[rel] != before[rel] for rel in lists)  # no "in context" link
    assert [found[rel] for rel in data] == [before[rel] for rel in data]

    a.fronts[WITKOFF] = "a speaker renamed"
    renamed = {rel: a.page_key(rel, "all") for rel in before}
    assert all(renamed[rel] != found[rel] for rel in files)
    assert renamed[schema] == before[schema]  # briefgen's own file


def _own_theme(tmp_path: Path, files: list[str], uses: dict[str, set[str]]):
    """Keys of the archive with the theme files `files` of its own; `uses` says which
    templates each template uses (itself alone when not said)."""
    a = KeyedArchive(tmp_path)
    root = tmp_path / "archive"
    for rel in files:
        (root / "templates" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "templates" / rel).write_text("{{ 1 }}")
    whole = {"key": "all"}
    keys = a.keys()
    keys.read_theme(root, lambda name: uses.get(name, {name}), lambda: whole["key"])
    return a, keys, whole


def test_a_page_made_with_an_archive_template_is_keyed_by_all_of_it(tmp_path):
    uses = {"tag.html": {"tag.html"}, "entity.html": {"entity.html", "base.html"}}
    a, keys, _ = _own_theme(tmp_path, ["tag.html"], uses)
    tag, entity = (
        a.pages["tags/negotiations/index.html"],
        a.pages["entities/vladimir-putin/index.html"],
    )
    assert keys.shows_archive(tag) and not keys.shows_archive(entity)
    assert keys.page(tag, "t", "all") != keys.page(tag, "t", "all, after an edit")
    assert keys.page(entity, "t", "all") == keys.page(entity, "t", "all, after an edit")
    assert not keys.bodies_show_archive


def test_with_an_archive_claim_template_article_bodies_are_keyed_by_all_of_it(tmp_path):
    a, keys, whole = _own_theme(tmp_path, ["partials/claim_tail.html"], {})
    assert keys.bodies_show_archive
    before = keys.article(a.article("talks"))
    whole["key"] = "all, after an edit of another file"
    keys.forget()
    assert keys.article(a.article("talks")) != before
