"""Pages that show something of the whole archive follow an edit elsewhere in it,
in a cached `build` into the same folder and in the preview's rebuilds alike: an
archive's own templates may show anything on any page, and every page's head
links the site's feed only while the archive has articles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, parse_html, run_briefgen, write_archive
from site_compare import comparable

from briefgen.build import BuildOptions, compile_site
from briefgen.incremental import IncrementalBuilder
from briefgen.theme import builtin_theme_dir

TALKS = "content/articles/2025-12-02-talks.md"
FOLLOW_UP = "content/articles/2025-12-04-follow-up.md"
REBUTTAL = "content/articles/2025-12-05-rebuttal.md"
TALKS_PAGE = "articles/talks/index.html"
SCHOLZ_PAGE = "entities/olaf-scholz/index.html"

FOLLOW_UP_TEXT = """
    ---
    title: Follow-up talks
    date: 2025-12-04
    claims:
      - id: more-talks
        quote: "more talks are planned"
        kind: forecast
    ---
    Officials said more talks are planned for January.
"""

REBUTTAL_TEXT = """
    ---
    title: Rebuttal
    date: 2025-12-05
    claims:
      - id: no-more-talks
        quote: "no further talks are planned"
        kind: fact
        relates:
          - {claim: "follow-up#more-talks", as: contradicts}
    ---
    A spokesman said no further talks are planned.
"""

RELATES = '    relates:\n      - {claim: "follow-up#more-talks", as: contradicts}\n'

# The archive's own article page, which lists every contradiction in the archive:
# the talks article shows the titles of two other articles that it has no relation to.
CUSTOM_ARTICLE = (
    (builtin_theme_dir() / "article.html")
    .read_text(encoding="utf-8")
    .replace(
        "</h1>",
        '</h1>\n<ul class="site-contested">{% for r in lineage.contested() %}'
        "<li>{{ r.source.article.title }} contradicts {{ r.target.article.title }}</li>"
        "{% endfor %}</ul>",
        1,
    )
)


def _replace(root: Path, rel: str, old: str, new: str) -> set[str]:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {rel}


def _contested(soup: BeautifulSoup) -> list[str]:
    return [li.get_text() for li in soup.select("ul.site-contested li")]


def _feed_links(soup: BeautifulSoup) -> list[str]:
    return [link["href"] for link in soup.select('head link[type="application/atom+xml"]')]


def _soup(data: bytes) -> BeautifulSoup:
    return BeautifulSoup(data.decode("utf-8"), "html.parser")


@pytest.fixture
def themed(tmp_path: Path) -> Path:
    return write_archive(
        tmp_path / "archive",
        {
            **MINIMAL,
            FOLLOW_UP: FOLLOW_UP_TEXT,
            REBUTTAL: REBUTTAL_TEXT,
            "templates/article.html": CUSTOM_ARTICLE,
        },
    )


@pytest.fixture
def with_unmentioned_entity(tmp_path: Path) -> Path:
    # An entity no article names: nothing on its page but the head follows them.
    scholz = """
        ---
        name: Olaf Scholz
        type: person
        ---
    """
    return write_archive(
        tmp_path / "archive", {**MINIMAL, "content/entities/olaf-scholz.md": scholz}
    )


# Each edit of another article, and what the talks article's page lists afterwards.
THEMED_STEPS = [
    # An edit that needs no relinking (the preview patches the article in place).
    (
        (REBUTTAL, "title: Rebuttal", "title: A rebuttal"),
        ["A rebuttal contradicts Follow-up talks"],
    ),
    # An edit that does (its relations change).
    ((REBUTTAL, RELATES, ""), []),
    (
        (REBUTTAL, "kind: fact\n", "kind: fact\n" + RELATES),
        ["A rebuttal contradicts Follow-up talks"],
    ),
    (
        (FOLLOW_UP, "title: Follow-up talks", "title: Talks go on"),
        ["A rebuttal contradicts Talks go on"],
    ),
]


def _build(root: Path, out: Path) -> None:
    result = run_briefgen("build", "--out", str(out), root=root)
    assert result.code == 0, result.err


def test_a_custom_template_showing_other_articles_follows_their_edits_in_a_cached_build(
    themed: Path, tmp_path: Path
):
    out = tmp_path / "site"
    _build(themed, out)
    assert _contested(parse_html(out / TALKS_PAGE)) == ["Rebuttal contradicts Follow-up talks"]
    for (rel, old, new), shown in THEMED_STEPS:
        _replace(themed, rel, old, new)
        _build(themed, out)
        assert _contested(parse_html(out / TALKS_PAGE)) == shown, (rel, new)


def test_a_custom_template_showing_other_articles_follows_their_edits_in_the_preview(
    themed: Path,
):
    builder = IncrementalBuilder(themed, BuildOptions(serving=True))
    first = builder.rebuild()
    assert _contested(_soup(first.compiled.files[TALKS_PAGE])) == [
        "Rebuttal contradicts Follow-up talks"
    ]
    for (rel, old, new), shown in THEMED_STEPS:
        hints = _replace(themed, rel, old, new)
        # The talks article is open in a browser: its page comes with the rebuild.
        builder.set_urgent({TALKS_PAGE})
        builder.early(hints)
        result = builder.rebuild(hints)
        assert _contested(_soup(result.compiled.files[TALKS_PAGE])) == shown, (rel, new)
        builder.finish_deferred(result.compiled)
        clean = compile_site(themed, BuildOptions(serving=True))
        assert comparable(result.compiled.files) == comparable(clean.files), (rel, new)


def test_the_site_feed_link_follows_the_first_and_last_article_in_a_cached_build(
    with_unmentioned_entity: Path, tmp_path: Path
):
    root, out = with_unmentioned_entity, tmp_path / "site"
    article = (root / TALKS).read_text(encoding="utf-8")
    _build(root, out)
    assert _feed_links(parse_html(out / SCHOLZ_PAGE)) == ["../../feed.xml"]
    (root / TALKS).unlink()
    _build(root, out)
    assert _feed_links(parse_html(out / SCHOLZ_PAGE)) == []
    assert _feed_links(parse_html(out / "404.html")) == []
    (root / TALKS).write_text(article, encoding="utf-8")
    _build(root, out)
    assert _feed_links(parse_html(out / SCHOLZ_PAGE)) == ["../../feed.xml"]
    assert len(_feed_links(parse_html(out / "404.html"))) == 1


def test_the_site_feed_link_follows_the_first_and_last_article_in_the_preview(
    with_unmentioned_entity: Path,
):
    root = with_unmentioned_entity
    article = (root / TALKS).read_text(encoding="utf-8")
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    first = builder.rebuild()
    assert _feed_links(_soup(first.compiled.files[SCHOLZ_PAGE])) == ["/feed.xml"]

    def rebuild(hints: set[str]) -> dict[str, bytes]:
        result = builder.rebuild(hints)
        builder.finish_deferred(result.compiled)
        clean = compile_site(root, BuildOptions(serving=True))
        assert comparable(result.compiled.files) == comparable(clean.files)
        return result.compiled.files

    (root / TALKS).unlink()
    files = rebuild({TALKS})
    assert _feed_links(_soup(files[SCHOLZ_PAGE])) == []
    assert _feed_links(_soup(files["404.html"])) == []
    (root / TALKS).write_text(article, encoding="utf-8")
    files = rebuild({TALKS})
    assert _feed_links(_soup(files[SCHOLZ_PAGE])) == ["/feed.xml"]
    assert len(_feed_links(_soup(files["404.html"]))) == 1


# The archive's own claim item, which shows how many contradictions the archive
# holds: a tag page made with the built-in tag.html shows it through claim_item().
COUNTING_ITEM = (
    (builtin_theme_dir() / "partials/claim_item.html")
    .read_text(encoding="utf-8")
    .replace("</li>", '<span class="contested">{{ lineage.contested()|length }}</span></li>', 1)
)
NEGOTIATIONS_PAGE = "tags/negotiations/index.html"


def _contested_counts(data: bytes) -> list[str]:
    return [span.get_text() for span in _soup(data).select("span.contested")]


def test_a_built_in_page_showing_an_archive_partial_follows_edits_elsewhere(tmp_path: Path):
    root = write_archive(
        tmp_path / "archive",
        {
            **MINIMAL,
            FOLLOW_UP: FOLLOW_UP_TEXT,
            REBUTTAL: REBUTTAL_TEXT,
            "templates/partials/claim_item.html": COUNTING_ITEM,
        },
    )
    out = tmp_path / "site"
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    files = builder.rebuild().compiled.files
    _build(root, out)
    for data in (files[NEGOTIATIONS_PAGE], (out / NEGOTIATIONS_PAGE).read_bytes()):
        assert _contested_counts(data) == ["1", "1"]
    hints = _replace(root, REBUTTAL, RELATES, "")
    result = builder.rebuild(hints)
    builder.finish_deferred(result.compiled)
    _build(root, out)
    for data in (result.compiled.files[NEGOTIATIONS_PAGE], (out / NEGOTIATIONS_PAGE).read_bytes()):
        assert _contested_counts(data) == ["0", "0"]


def _pages_from_last_build(result) -> int:
    assert result.code == 0, result.err
    return int(re.search(r"(\d+) pages from the last build", result.out + result.err)[1])


def _rendered_after_an_edit(root: Path, out: Path) -> tuple[int, int, int]:
    """(pages of the site, pages the preview renders again, pages `build` keeps)
    after an edit of one article's text."""
    _build(root, out)
    _replace(root, FOLLOW_UP, "planned for January.", "planned for January, again.")
    kept = _pages_from_last_build(run_briefgen("build", "--out", str(out), root=root))
    builder = IncrementalBuilder(root, BuildOptions(serving=True), defer_pages=False)
    pages = builder.rebuild().stats["pages_rendered"]
    hints = _replace(root, FOLLOW_UP, "again.", "once more.")
    return pages, builder.rebuild(hints).stats["pages_rendered"], kept


def test_only_pages_made_with_an_archive_template_are_rendered_again_after_any_edit(
    tmp_path: Path,
):
    """After an edit of one article's text: with the archive's own tag.html, the tag
    pages are rendered again besides what the built-in theme renders again; with its
    own base.html, which every page extends, every page made with a template is."""
    counts = {}
    for override in ["", "tag.html", "base.html", "static/extra.css"]:
        files = {**MINIMAL, FOLLOW_UP: FOLLOW_UP_TEXT}
        if override:
            theme_file = builtin_theme_dir() / override
            text = theme_file.read_text(encoding="utf-8") if theme_file.is_file() else "p {}\n"
            files[f"templates/{override}"] = text
        root = write_archive(tmp_path / (override.replace("/", "-") or "plain"), files)
        counts[override] = _rendered_after_an_edit(root, root / "site")
    pages, rendered, kept = counts[""]
    tags = len(list((tmp_path / "plain/site/tags").glob("*/index.html")))
    assert tags == 3 and rendered < pages - tags
    assert counts["static/extra.css"] == counts[""]
    assert counts["tag.html"] == (pages, rendered + tags, kept - tags)
    # With base.html, also the pages about one entity, source or other article.
    site = tmp_path / "plain/site"
    about_one = tags + 1  # the tags and the other article
    about_one += len(list(site.glob("entities/*/index.html")))
    about_one += len(list(site.glob("sources/*/index.html")))
    base_pages, base_rendered, base_kept = counts["base.html"]
    assert base_pages == pages and about_one > tags + 3
    assert base_rendered >= rendered + about_one and base_kept <= kept - about_one


def test_an_image_among_the_archive_templates_is_copied_not_read_as_a_template(tmp_path: Path):
    """An archive's templates/static/ may hold images; a template that includes by a
    computed name may use any template file, and an image is none of them."""
    image = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary"
    tags = (builtin_theme_dir() / "tags.html").read_text(encoding="utf-8")
    computed = '{% block main %}{% set part = "note" %}{% include "partials/" ~ part ~ ".html" %}'
    root = write_archive(
        tmp_path / "archive",
        {
            **MINIMAL,
            "templates/tags.html": tags.replace("{% block main %}", computed, 1),
            "templates/partials/note.html": '<p class="note">A note.</p>\n',
        },
    )
    (root / "templates/static").mkdir()
    (root / "templates/static/logo.png").write_bytes(image)
    out = tmp_path / "site"
    for _ in range(2):  # cold, then with the cache
        _build(root, out)
        assert (out / "assets/logo.png").read_bytes() == image
        assert parse_html(out / "tags/index.html").select_one("p.note") is not None
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    first = builder.rebuild()
    assert not first.compiled.failed(False), first.compiled.diagnostics.sorted()
    assert first.compiled.files["assets/logo.png"] == image
    # An edit of the note shows on the page that includes it.
    hints = _replace(root, "templates/partials/note.html", "A note.", "Another note.")
    result = builder.rebuild(hints)
    builder.finish_deferred(result.compiled)
    assert _soup(result.compiled.files["tags/index.html"]).select_one("p.note").get_text() == (
        "Another note."
    )


# The archive's own claim template, which shows how many claims the claim's speaker
# makes in the whole archive: another article's edit changes this article's body.
COUNTING_TAIL = (
    (builtin_theme_dir() / "partials/claim_tail.html")
    .read_text(encoding="utf-8")
    .replace(
        '<span class="claim-tail',
        '{% if claim.by %}<span class="says">{{ claim.by.claims_by|length }}</span>'
        '{% endif %}<span class="claim-tail',
        1,
    )
)
# The follow-up article, its claim now said by the talks article's speaker.
ANOTHER_CLAIM_BY_PUTIN = FOLLOW_UP_TEXT.replace(
    "kind: forecast", "kind: statement\n        by: vladimir-putin"
)


def _says(data: bytes) -> list[str]:
    return [span.get_text() for span in _soup(data).select("span.says")]


def test_an_archive_claim_template_showing_other_articles_follows_their_edits(tmp_path: Path):
    root = write_archive(
        tmp_path / "archive",
        {**MINIMAL, "templates/partials/claim_tail.html": COUNTING_TAIL},
    )
    out = tmp_path / "site"
    _build(root, out)
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    first = builder.rebuild()
    for data in ((out / TALKS_PAGE).read_bytes(), first.compiled.files[TALKS_PAGE]):
        assert _says(data) == ["1"]
    # Another article with a claim by the same speaker: the talks article's body,
    # which neither file names, now says two.
    write_archive(root, {FOLLOW_UP: ANOTHER_CLAIM_BY_PUTIN})
    _build(root, out)
    result = builder.rebuild({FOLLOW_UP})
    builder.finish_deferred(result.compiled)
    for data in ((out / TALKS_PAGE).read_bytes(), result.compiled.files[TALKS_PAGE]):
        assert _says(data) == ["2"]
    # And an edit that needs no relinking (the new claim's kind) keeps it so.
    hints = _replace(root, FOLLOW_UP, "kind: statement", "kind: assessment")
    builder.set_urgent({TALKS_PAGE})
    builder.early(hints)
    result = builder.rebuild(hints)
    builder.finish_deferred(result.compiled)
    clean = compile_site(root, BuildOptions(serving=True))
    assert comparable(result.compiled.files) == comparable(clean.files)


def _pages_rendered_by_build(root: Path) -> set[str]:
    """Build `root` into its site/ with the cache, as `briefgen build` does; the
    output files of the pages rendered rather than kept from the last build."""
    from briefgen.build import build
    from briefgen.cache import CacheStore
    from briefgen.engine.memo import SqliteMemo
    from briefgen.engine.steps import Engine

    options = BuildOptions()
    engine = Engine(memo=SqliteMemo(CacheStore(root)), options=options)
    rendered: set[str] = set()
    store = engine.page_store
    made = store.made
    store.made = lambda page, data: rendered.add(page.output_file) or made(page, data)
    try:
        result = build(root, root / "site", options, engine)
    finally:
        engine.finish()
    assert not result.compiled.diagnostics.items
    engine.committed(root / "site")
    return rendered


def _quotes(root: Path) -> list[str]:
    """The quotes of the claims page's items, and of claims.json."""
    soup = parse_html(root / "site" / "claims" / "index.html")
    page = [
        item.select_one(".claim-quote").get_text(strip=True) for item in soup.select(".claim-item")
    ]
    data = json.loads((root / "site" / "data" / "claims.json").read_text(encoding="utf-8"))
    return sorted(page) + sorted(f"“{claim['quote']}”" for claim in data)


def test_the_claims_page_and_claim_data_follow_the_front_matter_not_every_text_edit(
    tmp_path: Path,
):
    """They show what the front-matter says of each claim (and the claims page
    whether its quote is in its article's text, which a build that publishes always
    finds): an edit of an article's text that leaves its quotes renders neither
    again; an edit of a quote does."""
    root = write_archive(tmp_path / "archive", {**MINIMAL, FOLLOW_UP: FOLLOW_UP_TEXT})
    claim_files = {
        "claims/index.html",
        "forecasts/index.html",
        "data/claims.json",
        "data/claims.csv",
    }
    assert claim_files <= _pages_rendered_by_build(root)

    _replace(root, FOLLOW_UP, "planned for January.", "planned for January, again.")
    rendered = _pages_rendered_by_build(root)
    assert "articles/follow-up/index.html" in rendered and not claim_files & rendered

    for _ in range(2):  # the quote, and its words in the text
        _replace(root, FOLLOW_UP, "more talks are planned", "further meetings are planned")
    assert claim_files <= _pages_rendered_by_build(root)
    quotes = _quotes(root)
    assert quotes.count("“further meetings are planned”") == 2
    assert "“more talks are planned”" not in quotes
    clean = compile_site(root, BuildOptions()).files
    for rel in claim_files:
        assert (root / "site" / rel).read_bytes() == clean[rel]


def test_a_template_edit_renders_again_only_the_pages_that_use_it(tmp_path: Path):
    """A cached build after an edit of the archive's source page template renders
    the source pages again, with the edit, and leaves the article and entity pages,
    which do not use it, as they are."""
    putin_page = "entities/vladimir-putin/index.html"
    own_source = (builtin_theme_dir() / "source.html").read_text(encoding="utf-8")
    root = write_archive(tmp_path / "archive", {**MINIMAL, "templates/source.html": own_source})
    first = _pages_rendered_by_build(root)
    assert {TALKS_PAGE, putin_page, "sources/kremlin-readout/index.html"} <= first

    edited = own_source.replace("<h1>", '<p class="edited">Edited template</p>\n  <h1>', 1)
    (root / "templates" / "source.html").write_text(edited, encoding="utf-8")
    rendered = _pages_rendered_by_build(root)
    assert "sources/kremlin-readout/index.html" in rendered
    assert not {TALKS_PAGE, putin_page} & rendered
    page = parse_html(root / "site" / "sources" / "kremlin-readout" / "index.html")
    assert page.select_one("p.edited").get_text() == "Edited template"
    clean = compile_site(root, BuildOptions()).files
    for rel in (TALKS_PAGE, putin_page, "sources/kremlin-readout/index.html"):
        assert (root / "site" / rel).read_bytes() == clean[rel]


def test_an_edit_of_the_claim_item_partial_renders_the_pages_that_list_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Tag, entity, source and claims pages list claims through `claim_item()`,
    which renders partials/claim_item.html though no page template names it: an
    edit of the built-in partial (a theme being worked on) renders them again."""
    import briefgen.engine.templates
    import briefgen.fragments
    import briefgen.theme

    theme = tmp_path / "theme"
    shutil.copytree(builtin_theme_dir(), theme)
    for module in (briefgen.theme, briefgen.engine.templates, briefgen.fragments):
        monkeypatch.setattr(module, "builtin_theme_dir", lambda: theme)
    root = write_archive(tmp_path / "archive", MINIMAL)
    listing = {
        "tags/negotiations/index.html",
        "entities/vladimir-putin/index.html",
        "sources/kremlin-readout/index.html",
        "claims/index.html",
    }
    assert listing <= _pages_rendered_by_build(root)

    partial = theme / "partials" / "claim_item.html"
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace('<li class="', '<li data-edited="yes" class="', 1))
    rendered = _pages_rendered_by_build(root)
    assert listing <= rendered
    for rel in listing:
        items = parse_html(root / "site" / rel).select("li.claim-item")
        assert items and all(item.get("data-edited") == "yes" for item in items)
