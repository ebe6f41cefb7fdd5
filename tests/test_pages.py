"""The pages of DESIGN §5 (but feed and sitemap) for a small archive, and every
cross-link both ways, followed on the parsed HTML: article <-> entity, claim <-> tag,
claim <-> source, speaker <-> entity (issue 2, item 4)."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

from briefgen.build import BuildOptions, compile_site

ARCHIVE = {
    **MINIMAL,
    "briefgen.yaml": """
        title: Pages test
        cname: briefs.example.org
    """,
    "content/articles/2025-11-20-earlier.md": """
        ---
        title: Earlier talks
        date: 2025-11-20
        section: Politics
        tags: [Negotiations]
        entities: [steve-witkoff, kremlin, vladimir-putin]
        sources:
          - id: envoy-notes
            title: Notes of the envoy
            publisher: Envoy office
        claims:
          - id: witkoff-hopeful
            quote: "a deal is close"
            kind: statement
            status: unverified
            by: steve-witkoff
            about: [kremlin]
            tags: [Negotiations, Optimism]
            sources: [envoy-notes, kremlin-readout]
          - id: kremlin-silent
            quote: "The Kremlin did not comment"
            kind: fact
            status: verified
            about: [kremlin]
        ---
        Steve Witkoff flew in and said a deal is close. The Kremlin did not comment.

        ## Reactions

        Witkoff repeated it. Putin was silent.
    """,
    "content/articles/2024-05-01-old.md": """
        ---
        title: An older briefing
        date: 2024-05-01
        entities: [moscow]
        claims:
          - id: forecast-one
            quote: "talks will resume"
            kind: forecast
            status: false
        ---
        In Moscow, analysts said talks will resume soon.
    """,
    "content/entities/kremlin.md": """
        ---
        name: Kremlin
        type: organization
        aliases: [the Kremlin]
        description: Seat of the Russian government.
        ---
    """,
    "content/entities/moscow.md": """
        ---
        name: Moscow
        type: place
        ---
        Capital of Russia.
    """,
    "content/entities/unmentioned.md": """
        ---
        name: Nobody Mentioned
        type: event
        ---
    """,
    "content/tags/negotiations.md": """
        ---
        name: Negotiations
        ---
        Talks between the parties.
    """,
}

SLUGS = ["talks", "earlier", "old"]
ENTITY_IDS = ["kremlin", "moscow", "steve-witkoff", "unmentioned", "vladimir-putin"]
TAG_SLUGS = ["ceasefire-line", "diplomacy", "negotiations", "optimism"]
SOURCE_IDS = ["envoy-notes", "kremlin-readout"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("pages") / "archive", ARCHIVE)
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    return root / "site"


def page_path(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def follow(page: Path, href: str) -> tuple[Path, str]:
    """Where a relative href on `page` leads: (file, fragment)."""
    path, _, fragment = href.partition("#")
    assert "://" not in href and not href.startswith("/"), href
    if not path:
        return page, fragment
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path))), fragment


def lands(page: Path, href: str) -> Path:
    """Follow `href` and assert that its file and its anchor, if any, exist."""
    file, fragment = follow(page, href)
    assert file.is_file(), f"{href} on {page} leads nowhere"
    if fragment:
        assert parse_html(file).find(id=fragment) is not None, f"no #{fragment} in {file}"
    return file


def links_to(page: Path, soup_or_tag, file: Path, fragment: str | None = None) -> list:
    """The <a> elements of `soup_or_tag` leading to `file` (and `fragment`)."""
    found = []
    for a in soup_or_tag.find_all("a", href=True):
        if "://" in a["href"] or a["href"].startswith(("mailto:", "/")):
            continue
        target, frag = follow(page, a["href"])
        if target == file and (fragment is None or frag == fragment):
            found.append(a)
    return found


def test_every_page_of_the_site_exists(site):
    paths = ["/", "/entities/", "/tags/", "/claims/", "/sources/", "/archive/", "/404.html"]
    paths += [f"/articles/{slug}/" for slug in SLUGS]
    paths += [f"/entities/{e}/" for e in ENTITY_IDS]
    paths += [f"/tags/{t}/" for t in TAG_SLUGS]
    paths += [f"/sources/{s}/" for s in SOURCE_IDS]
    for path in paths:
        file = page_path(site, path)
        assert file.is_file(), path
        soup = parse_html(file)
        assert soup.find("h1") is not None, path
        assert soup.find("main") is not None, path
    assert (site / ".nojekyll").read_bytes() == b""
    assert (site / "CNAME").read_text() == "briefs.example.org\n"
    assert (site / "assets/style.css").stat().st_size > 1000
    # No page for anything else: one folder per article, entity, tag and source.
    assert sorted(p.name for p in (site / "articles").iterdir()) == sorted(SLUGS)
    assert sorted(p.name for p in (site / "entities").iterdir() if p.is_dir()) == ENTITY_IDS
    assert sorted(p.name for p in (site / "tags").iterdir() if p.is_dir()) == TAG_SLUGS
    assert sorted(p.name for p in (site / "sources").iterdir() if p.is_dir()) == SOURCE_IDS


def test_every_internal_link_of_every_page_lands(site):
    for file in sorted(site.rglob("*.html")):
        soup = parse_html(file)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if "://" in href or href.startswith("mailto:"):
                continue
            lands(file, href)


def test_article_links_to_entity_and_entity_page_shows_mentions_in_context(site):
    article = page_path(site, "/articles/earlier/")
    entity = page_path(site, "/entities/steve-witkoff/")
    soup = parse_html(article)
    # In the body: the first mention per section, linked to the entity page.
    body_links = [
        a
        for a in links_to(article, soup.select_one(".article-body"), entity)
        if "mention" in a.get("class", [])
    ]
    assert [a.get_text() for a in body_links] == ["Steve Witkoff", "Witkoff"]
    # And in the list of who and what the article is about.
    assert links_to(article, soup.select_one(".article-entities"), entity)

    page = parse_html(entity)
    item = next(
        li
        for li in page.select("ul.mention-articles > li")
        if links_to(entity, li.find("h3"), article)
    )
    assert "2 mentions" in item.select_one(".byline").get_text()
    contexts = item.select("ul.mention-contexts a")
    assert [a.get_text() for a in contexts] == [
        "Steve Witkoff flew in and said a deal is close.",
        "Witkoff repeated it.",
    ]
    anchors = []
    for a in contexts:
        file, fragment = follow(entity, a["href"])
        assert file == article and fragment.startswith("mention-steve-witkoff-")
        target = soup.find(id=fragment)
        assert target is not None and target.get_text() in a.get_text()
        anchors.append(fragment)
    assert len(set(anchors)) == 2
    assert "(Reactions)" in item.get_text()  # the section of the second mention


def test_entity_page_lists_articles_newest_first(site):
    entity = page_path(site, "/entities/vladimir-putin/")
    titles = [h.get_text() for h in parse_html(entity).select("ul.mention-articles > li > h3")]
    assert titles == ["Talks in Moscow", "Earlier talks"]


def test_claim_links_to_tag_and_tag_page_links_to_claim(site):
    article = page_path(site, "/articles/earlier/")
    tag = page_path(site, "/tags/optimism/")
    soup = parse_html(article)
    card = soup.select_one("#card-witkoff-hopeful")
    assert [a.get_text() for a in links_to(article, card, tag)] == ["Optimism"]
    summary = soup.select_one(".article-claims")
    assert links_to(article, summary, tag)

    page = parse_html(tag)
    assert page.find("h1").get_text() == "Optimism"
    items = page.select("li.claim-item")
    assert len(items) == 1
    # The quote leads to the claim's own page, "in context" to its place in the article.
    claim_page = page_path(site, "/claims/earlier/witkoff-hopeful/")
    (quote_link,) = links_to(tag, items[0], claim_page)
    assert quote_link.get_text() == "“a deal is close”"
    (context_link,) = links_to(tag, items[0], article, "claim-witkoff-hopeful")
    assert context_link.get_text().startswith("in context")
    lands(tag, context_link["href"])
    assert "Statement" in items[0].get_text() and "Unverified" in items[0].get_text()
    assert links_to(tag, items[0], article)  # the article named beside the claim


def test_tag_page_lists_claims_and_articles_across_the_archive(site):
    tag = page_path(site, "/tags/negotiations/")
    page = parse_html(tag)
    quotes = [a.get_text() for a in page.select("li.claim-item .claim-quote a")]
    # Newest article first, claims in article order.
    assert quotes == [
        "“ended without any breakthrough”",
        "“no compromise has been found”",
        "“a deal is close”",
    ]
    assert page.select_one(".tag-description").get_text().strip() == "Talks between the parties."
    articles = [a.get_text() for a in page.select("ul.article-list .article-item-title a")]
    assert articles == ["Earlier talks"]  # the only article with the topic tag
    article_tags = parse_html(page_path(site, "/articles/earlier/")).select(".tag-list a")
    assert [a.get_text() for a in article_tags] == ["Negotiations"]
    assert follow(page_path(site, "/articles/earlier/"), article_tags[0]["href"])[0] == tag


def test_claim_links_to_source_and_source_page_links_to_claim(site):
    article = page_path(site, "/articles/earlier/")
    source = page_path(site, "/sources/kremlin-readout/")
    soup = parse_html(article)
    # The claim's marker leads to the numbered entry, which leads to the source page.
    markers = soup.select_one("#claim-witkoff-hopeful").find_next("span", class_="claim-tail")
    hrefs = [a["href"] for a in markers.select("sup.cite a")]
    assert hrefs == ["#source-1", "#source-2"]
    entry = soup.find(id="source-2")
    assert links_to(article, entry, source)
    assert [a["href"] for a in entry.select(".backlinks a")] == ["#claim-witkoff-hopeful"]

    page = parse_html(source)
    quotes = [a for a in page.select("li.claim-item .claim-quote a")]
    assert [follow(source, a["href"]) for a in quotes] == [
        (page_path(site, "/claims/talks/no-breakthrough/"), ""),
        (page_path(site, "/claims/talks/no-compromise/"), ""),
        (page_path(site, "/claims/earlier/witkoff-hopeful/"), ""),
    ]
    places = [a for a in page.select("li.claim-item a.in-context")]
    claims = [follow(source, a["href"]) for a in places]
    assert claims == [
        (page_path(site, "/articles/talks/"), "claim-no-breakthrough"),
        (page_path(site, "/articles/talks/"), "claim-no-compromise"),
        (article, "claim-witkoff-hopeful"),
    ]
    for a in places:
        lands(source, a["href"])
    assert "At para. 2" in page.select_one("li.citation-detail").get_text()
    assert page.select_one(".source-details").find("dd", string="Kremlin")


def test_inline_source_page_names_the_article_declaring_it(site):
    source = page_path(site, "/sources/envoy-notes/")
    page = parse_html(source)
    assert page.find("h1").get_text() == "Notes of the envoy"
    details = page.select_one(".source-details")
    assert links_to(source, details, page_path(site, "/articles/earlier/"))


def test_speaker_links_to_entity_and_entity_page_lists_claims_made_by_and_about(site):
    article = page_path(site, "/articles/earlier/")
    entity = page_path(site, "/entities/steve-witkoff/")
    soup = parse_html(article)
    said = soup.select_one(".article-claims .said-by")
    assert said.get_text(" ", strip=True) == "said by Steve Witkoff"
    assert links_to(article, said, entity)
    assert links_to(article, soup.select_one("#card-witkoff-hopeful"), entity)

    page = parse_html(entity)
    by = page.find(id="by-heading").find_parent("section")
    assert by.find("h2").get_text() == "Claims made by Steve Witkoff"
    assert links_to(entity, by, article, "claim-witkoff-hopeful")
    about = page.find(id="about-heading").find_parent("section")
    assert about.find("p").get_text() == "None recorded."

    kremlin = page_path(site, "/entities/kremlin/")
    about = parse_html(kremlin).find(id="about-heading").find_parent("section")
    assert [a.get_text() for a in about.select(".claim-quote a")] == [
        "“a deal is close”",
        "“The Kremlin did not comment”",
    ]


def test_entity_page_shows_co_mentions(site):
    page = parse_html(page_path(site, "/entities/steve-witkoff/"))
    co = page.find(id="co-heading").find_parent("section")
    names = [a.get_text() for a in co.select("a")]
    assert names[0] == "Vladimir Putin"  # beside Witkoff in both articles
    assert set(names) == {"Vladimir Putin", "Kremlin"}


def test_claims_page_groups_by_kind_and_status(site):
    claims = page_path(site, "/claims/")
    page = parse_html(claims)
    kinds = [s.find("h2")["id"] for s in page.select("section.claim-kind")]
    assert kinds == [
        "kind-fact",
        "kind-assessment",
        "kind-forecast",
        "kind-recommendation",
        "kind-statement",
    ]

    def group(kind, status):
        heading = page.find(id=f"kind-{kind}-{status}")
        if heading is None:
            return None
        return [
            follow(claims, a["href"])[1]
            for a in heading.find_next_sibling("ul").select("a.in-context")
        ]

    assert group("fact", "verified") == ["claim-no-breakthrough", "claim-kremlin-silent"]
    assert group("statement", "disputed") == ["claim-no-compromise"]
    assert group("statement", "unverified") == ["claim-witkoff-hopeful"]
    assert group("forecast", "false") == ["claim-forecast-one"]
    assert group("fact", "disputed") is None
    assert page.find(id="kind-assessment").find_parent("section").find("p").get_text() == (
        "No claims of this kind."
    )
    # The counts table leads to the groups.
    cell = page.find("a", attrs={"aria-label": "2 verified fact claims"})
    assert follow(claims, cell["href"]) == (claims, "kind-fact-verified")


def test_home_shows_latest_briefings_most_mentioned_and_counts(site):
    home = page_path(site, "/")
    page = parse_html(home)
    latest = page.select_one("section.latest")
    assert [a.get_text() for a in latest.select(".article-item-title a")] == [
        "Talks in Moscow",
        "Earlier talks",
        "An older briefing",
    ]
    assert latest.select_one(".summary").get_text().startswith("Vladimir Putin met Steve Witkoff")
    ranked = page.select("ol.entity-rank > li")
    names = [li.find("a").get_text() for li in ranked]
    assert names[:2] == ["Steve Witkoff", "Vladimir Putin"]
    assert "Nobody Mentioned" not in names
    assert "3 mentions in 2 briefings" in ranked[0].get_text()
    for li in ranked:
        lands(home, li.find("a")["href"])

    counts = page.select_one("table.counts")
    assert counts.find("caption").get_text() == "5 claims by kind and status"
    header = [th.get_text() for th in counts.select("thead th")]
    assert header == ["Kind", "Verified", "Disputed", "Unverified", "False", "Misleading"]
    rows = {
        tr.find("th").get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in counts.select("tbody tr")
    }
    assert rows == {
        "Fact": ["2", "", "", "", ""],
        "Assessment": ["", "", "", "", ""],
        "Forecast": ["", "", "", "1", ""],
        "Recommendation": ["", "", "", "", ""],
        "Statement": ["", "1", "1", "", ""],
    }


def test_entity_index_is_grouped_by_type(site):
    index = page_path(site, "/entities/")
    page = parse_html(index)
    groups = {
        section.find("h2").get_text(): [a.get_text() for a in section.select(".entity-index a")]
        for section in page.select("section")
        if section.find("h2")
    }
    assert groups == {
        "People": ["Steve Witkoff", "Vladimir Putin"],
        "Organisations": ["Kremlin"],
        "Places": ["Moscow"],
        "Events": ["Nobody Mentioned"],
    }
    assert list(groups) == ["People", "Organisations", "Places", "Events"]  # type order
    for a in page.select(".entity-index a"):
        lands(index, a["href"])


def test_archive_is_chronological_by_year(site):
    archive = page_path(site, "/archive/")
    page = parse_html(archive)
    years = [
        (s.find("h2").get_text(), [a.get_text() for a in s.select("a")])
        for s in page.select("main section")
    ]
    assert years == [
        ("2025", ["Talks in Moscow", "Earlier talks"]),
        ("2024", ["An older briefing"]),
    ]
    dates = [t["datetime"] for t in page.select("main time")]
    assert dates == ["2025-12-02", "2025-11-20", "2024-05-01"]


def test_tag_and_source_indexes_list_everything(site):
    tags = page_path(site, "/tags/")
    linked = {follow(tags, a["href"])[0] for a in parse_html(tags).select("main a")}
    assert {page_path(site, f"/tags/{t}/") for t in TAG_SLUGS} <= linked
    sources = page_path(site, "/sources/")
    linked = {follow(sources, a["href"])[0] for a in parse_html(sources).select("main a")}
    assert {page_path(site, f"/sources/{s}/") for s in SOURCE_IDS} <= linked


def test_archive_template_overrides_one_theme_file(tmp_path):
    override = """
        <!DOCTYPE html>
        <html lang="en"><head><title>{{ tag.name }}</title></head>
        <body><main><h1 class="custom-tag">Custom: {{ tag.name }}</h1>
        {% for claim in tag.claims %}<p class="custom-claim">{{ claim.quote }}</p>{% endfor %}
        </main></body></html>
    """
    root = write_archive(tmp_path / "archive", {**MINIMAL, "templates/tag.html": override})
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    tag = parse_html(root / "site/tags/negotiations/index.html")
    assert tag.select_one("h1.custom-tag").get_text() == "Custom: Negotiations"
    assert [p.get_text() for p in tag.select("p.custom-claim")] == [
        "ended without any breakthrough",
        "no compromise has been found",
    ]
    assert tag.find("header", class_="site-header") is None  # not the theme's base.html
    # Every other page still comes from the built-in theme.
    entity = parse_html(root / "site/entities/vladimir-putin/index.html")
    assert entity.find(id="by-heading") is not None
    assert (root / "site/assets/style.css").is_file()
    index = parse_html(root / "site/tags/index.html")
    assert index.find("main") is not None and index.select_one("h1.custom-tag") is None


def test_archives_built_in_one_process_each_get_their_own_templates(tmp_path):
    """Compiled templates are kept for the process (briefgen.theme), as in the
    preview: two archives overriding the same file, and an override edited between
    builds, each still build with the template as it is on disk."""
    override = "<!DOCTYPE html><title>t</title><h1 class=custom>{}</h1>\n"
    first = write_archive(tmp_path / "a", {**MINIMAL, "templates/tag.html": override.format("A")})
    second = write_archive(tmp_path / "b", {**MINIMAL, "templates/tag.html": override.format("B")})

    def heading(root: Path) -> str:
        compiled = compile_site(root, BuildOptions())  # in this process
        assert not compiled.failed(False), compiled.diagnostics.sorted()
        page = compiled.files["tags/negotiations/index.html"].decode()
        return BeautifulSoup(page, "html.parser").select_one("h1.custom").get_text()

    assert [heading(first), heading(second), heading(first)] == ["A", "B", "A"]
    (first / "templates/tag.html").write_text(override.format("C"))
    assert heading(first) == "C"
    # One that no longer compiles is reported, not taken from what was kept.
    (first / "templates/tag.html").write_text(override.format("{% if %}"))
    compiled = compile_site(first, BuildOptions())
    assert {d.path for d in compiled.diagnostics.errors} == {"templates/tag.html"}


def test_archive_template_can_override_a_partial_and_a_static_file(tmp_path):
    root = write_archive(
        tmp_path / "archive",
        {
            **MINIMAL,
            "templates/partials/claim_item.html": '<li class="my-claim">{{ claim.id }}</li>\n',
            "templates/static/extra.css": "body { color: black; }\n",
        },
    )
    assert run_briefgen("build", root=root).code == 0
    tag = parse_html(root / "site/tags/negotiations/index.html")
    assert [li.get_text() for li in tag.select("li.my-claim")] == [
        "no-breakthrough",
        "no-compromise",
    ]
    assert (root / "site/assets/extra.css").read_text() == "body { color: black; }\n"
    theme_css = (root / "site/assets/style.css").read_text()
    assert "claim" in theme_css


def test_user_content_is_escaped_on_every_page(tmp_path):
    files = dict(MINIMAL)
    files["content/articles/2025-12-02-talks.md"] = (
        files["content/articles/2025-12-02-talks.md"]
        .replace("title: Talks in Moscow", 'title: "<b>x</b> & {{ 7*7 }}"')
        .replace("tags: [Diplomacy]", 'tags: ["<i>Diplomacy</i>"]')
    )
    files["content/entities/steve-witkoff.md"] = files["content/entities/steve-witkoff.md"].replace(
        "type: person", 'type: person\n        description: "<em>envoy</em>"'
    )
    root = write_archive(tmp_path / "archive", files)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    article = parse_html(root / "site/articles/talks/index.html")
    assert article.find("h1").get_text() == "<b>x</b> & {{ 7*7 }}"
    assert article.find("h1").find("b") is None
    assert article.find("title").get_text().startswith("<b>x</b> & {{ 7*7 }}")
    home = parse_html(root / "site/index.html")
    assert home.select_one(".article-item-title a").get_text() == "<b>x</b> & {{ 7*7 }}"
    assert home.select_one(".article-item-title b") is None
    tag = parse_html(root / "site/tags/i-diplomacy-i/index.html")
    assert tag.find("h1").get_text() == "<i>Diplomacy</i>"
    entity = parse_html(root / "site/entities/steve-witkoff/index.html")
    assert entity.select_one(".lede").get_text() == "<em>envoy</em>"
    assert entity.select_one(".lede em") is None
    for file in (root / "site").rglob("*.html"):
        assert "49" not in parse_html(file).get_text().split(), file  # never evaluated


def test_with_a_base_url_every_internal_link_is_under_its_path(tmp_path):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    result = run_briefgen("build", "--base-url", "https://user.github.io/repo/", root=root)
    assert result.code == 0, result.err
    site = root / "site"
    checked = 0
    for file in sorted(site.rglob("*.html")):
        soup = parse_html(file)
        for element in soup.find_all(["a", "link"], href=True):
            href = element["href"]
            if href.startswith("#") or href.startswith("mailto:"):
                continue
            if href.startswith("https://user.github.io/repo/"):
                href = href[len("https://user.github.io") :]
            if "://" in href:
                continue  # outside links (sources, Wikidata)
            assert href.startswith("/repo/"), f"{href} on {file}"
            path, _, fragment = href[len("/repo/") :].partition("#")
            target = site / path / "index.html" if path.endswith("/") or not path else site / path
            assert target.is_file(), f"{href} on {file}"
            if fragment:
                assert parse_html(target).find(id=fragment) is not None, href
            checked += 1
    assert checked > 200


def test_tags_written_differently_are_one_tag_named_by_its_file(tmp_path):
    files = dict(MINIMAL)
    files["content/articles/2025-11-01-b.md"] = """
        ---
        title: B
        date: 2025-11-01
        tags: [ceasefire-line]
        claims:
          - id: lines
            quote: "the line held"
            kind: fact
            tags: [CEASEFIRE  line]
        ---
        In November the line held.
    """
    files["content/tags/ceasefire-line.md"] = """
        ---
        name: Ceasefire line
        ---
        Where the fighting stops.
    """
    root = write_archive(tmp_path / "archive", files)
    assert run_briefgen("build", "--strict", root=root).code == 0
    assert [p.name for p in (root / "site/tags").iterdir() if p.is_dir()].count(
        "ceasefire-line"
    ) == 1
    tag = root / "site/tags/ceasefire-line/index.html"
    page = parse_html(tag)
    assert page.find("h1").get_text() == "Ceasefire line"
    quotes = [follow(tag, a["href"])[1] for a in page.select("a.in-context")]
    assert quotes == ["claim-no-compromise", "claim-lines"]
    assert [a.get_text() for a in page.select(".article-item-title a")] == ["B"]
