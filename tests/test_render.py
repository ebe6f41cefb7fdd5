"""Article bodies as a reader gets them, parsed with BeautifulSoup: claim highlights,
citations and the numbered source list, entity mention links, escaped raw HTML and
the Markdown extensions (issue 2, item 3)."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

ENTITIES = {
    "content/entities/vladimir-putin.md": MINIMAL["content/entities/vladimir-putin.md"],
    "content/entities/steve-witkoff.md": MINIMAL["content/entities/steve-witkoff.md"],
    "content/entities/united-states.md": """
        ---
        name: United States
        type: place
        aliases: [US, "U.S."]
        ---
    """,
    "content/sources/kremlin-readout.md": MINIMAL["content/sources/kremlin-readout.md"],
    "content/sources/tass-report.md": """
        ---
        title: TASS report
        ---
    """,
}


def build_article(tmp_path: Path, front: str, body: str, settings: str = "title: T\n") -> Path:
    """Build an archive with one article (slug `a`) and return its page's path."""
    root = write_archive(
        tmp_path / "archive",
        {
            **ENTITIES,
            "briefgen.yaml": settings,
            "content/articles/2025-12-02-a.md": "---\ntitle: A\ndate: 2025-12-02\n"
            + front
            + "---\n"
            + body,
        },
    )
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    return root / "site/articles/a/index.html"


def body_of(page: Path):
    return parse_html(page).select_one("div.article-body")


def target(page: Path, href: str) -> Path:
    """The file a relative href on `page` leads to (fragment dropped)."""
    path = href.partition("#")[0]
    assert path and "://" not in path and not path.startswith("/"), href
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))


class _NestingChecker(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_well_nested(html: str) -> None:
    checker = _NestingChecker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, checker.problems
    assert not checker.stack, f"never closed: {checker.stack}"


def text_without_tails(element) -> str:
    """The element's text, leaving out the badge, card and markers that follow a
    claim (they may sit inside an element the claim ends in, or an enclosing claim)."""
    parts = []
    for piece in element.find_all(string=True):
        if not piece.find_parent("span", class_="claim-tail"):
            parts.append(str(piece))
    return "".join(parts)


def claim_text(body, claim_id: str) -> str:
    marks = body.find_all("mark", attrs={"data-claim": claim_id})
    return "".join(text_without_tails(m) for m in marks)


# --- claim highlights


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("fact", "verified"),
        ("assessment", "disputed"),
        ("forecast", "unverified"),
        ("recommendation", "misleading"),
        ("statement", "false"),
    ],
)
def test_claim_is_highlighted_with_its_anchor_kind_and_status(tmp_path, kind, status):
    page = build_article(
        tmp_path,
        f"claims:\n  - id: the-claim\n    quote: talks will fail\n    kind: {kind}\n"
        f"    status: {status}\n    by: steve-witkoff\n",
        "Everyone knew the talks will fail before they began.\n",
    )
    body = body_of(page)
    mark = body.find(id="claim-the-claim")
    assert mark.name == "mark"
    assert {"claim", f"kind-{kind}", f"status-{status}"} <= set(mark["class"])
    assert mark.get_text() == "talks will fail"
    assert mark["data-claim"] == "the-claim"
    # The badge after it says kind and status in words, not by colour alone.
    badge = body.select_one("a.claim-badge")
    assert badge["href"] == "#claim-the-claim"
    assert kind.capitalize() in badge.get_text() and status.capitalize() in badge.get_text()


def test_default_status_is_unverified(tmp_path):
    page = build_article(
        tmp_path,
        "claims:\n  - id: c\n    quote: talks\n    kind: fact\n",
        "The talks began.\n",
    )
    assert "status-unverified" in body_of(page).find(id="claim-c")["class"]


def test_quote_spanning_emphasis_and_a_link_is_highlighted_and_well_nested(tmp_path):
    quote = "Putin said no compromise has been found on the line"
    page = build_article(
        tmp_path,
        f'claims:\n  - id: span\n    quote: "{quote}"\n    kind: statement\n    by: vladimir-putin\n',
        "Late on Tuesday Putin said *no compromise* has [been found](https://example.org/a)"
        " on **the line** of contact.\n",
    )
    html = page.read_text(encoding="utf-8")
    body = body_of(page)
    assert_well_nested(str(body))
    assert_well_nested(html)
    marks = body.find_all("mark", attrs={"data-claim": "span"})
    assert len(marks) > 1  # split around the elements it crosses
    assert claim_text(body, "span") == quote
    assert [m.get("id") for m in marks].count("claim-span") == 1
    assert marks[0]["id"] == "claim-span"
    # The emphasis, the link and the strong text are still there, each highlighted.
    em = body.find("em")
    assert em.get_text() == "no compromise"
    assert em.find_parent("mark") or em.find("mark")
    link = body.find("a", href="https://example.org/a")
    assert link.get_text() == "been found"
    assert link.find("mark") or link.find_parent("mark")
    assert text_without_tails(body.find("strong")) == "the line"
    # Text outside the quote is not highlighted.
    assert "Late on Tuesday" not in claim_text(body, "span")
    assert "of contact" not in claim_text(body, "span")


def test_quote_across_a_line_break_and_two_paragraph_claims(tmp_path):
    page = build_article(
        tmp_path,
        "claims:\n  - id: one\n    quote: first claim spans\n    kind: fact\n"
        "  - id: two\n    quote: second one\n    kind: forecast\n",
        "The first claim\nspans a line break.\n\nThe second one is here.\n",
    )
    body = body_of(page)
    assert " ".join(claim_text(body, "one").split()) == "first claim spans"
    assert claim_text(body, "two") == "second one"
    assert body.find(id="claim-two").find_parent("p") is not body.find(id="claim-one").find_parent(
        "p"
    )


@pytest.mark.parametrize(
    ("quote", "body", "shown"),
    [
        # white space in the quote or the body is not significant
        ("talks   ended\nwithout", "The talks ended without a deal.", "talks ended without"),
        ("talks ended without", "The talks\n   ended    without a deal.", None),
        # straight quotes in the front-matter, typographic in the body
        ('Putin\'s aides said "no"', "Putin’s aides said “no” again.", "Putin’s aides said “no”"),
        # and the other way round
        ("Putin’s “plan”", 'It was Putin\'s "plan" all along.', 'Putin\'s "plan"'),
        # dashes: hyphen in the quote, en and em dash in the body
        ("peace - or war - now", "It is peace — or war – now.", "peace — or war – now"),
    ],
    ids=["space-in-quote", "space-in-body", "straight-in-quote", "typographic-in-quote", "dashes"],
)
def test_quote_matching_ignores_white_space_quotes_and_dashes(tmp_path, quote, body, shown):
    page = build_article(
        tmp_path,
        f"claims:\n  - id: c\n    quote: {json.dumps(quote)}\n    kind: fact\n",
        body + "\n",
    )
    mark = body_of(page).find(id="claim-c")
    text = claim_text(body_of(page), "c")
    if shown is None:
        assert " ".join(text.split()) == "talks ended without"
    else:
        assert text == shown  # the body's own characters are kept
    assert mark is not None


# --- citations and the numbered source list


CITED = (
    "sources:\n  - id: inline-memo\n    title: An inline memo\n"
    "claims:\n"
    "  - id: first\n    quote: opened the talks\n    kind: fact\n"
    "    sources: [tass-report]\n"
    "  - id: second\n    quote: closed the talks\n    kind: fact\n"
    "    sources: [kremlin-readout, {source: tass-report, locator: p. 2}]\n"
    "  - id: third\n    quote: left the room\n    kind: fact\n"
    "    sources: [inline-memo]\n"
)
CITED_BODY = "Witkoff left the room.\n\nPutin opened the talks and closed the talks.\n"


def test_citation_markers_link_to_a_numbered_source_list_that_links_back(tmp_path):
    page = build_article(tmp_path, CITED, CITED_BODY)
    soup = parse_html(page)
    body = soup.select_one("div.article-body")

    # Sources are numbered in reading order of their first citation: third (first in
    # the body) cites the memo, then first cites TASS, then second cites the readout.
    def markers(claim_id):
        tail = body.find(id=f"claim-{claim_id}").find_next("span", class_="claim-tail")
        return [(a.get_text(), a["href"]) for a in tail.select("sup.cite a")]

    assert markers("third") == [("[1]", "#source-1")]
    assert markers("first") == [("[2]", "#source-2")]
    assert markers("second") == [("[3]", "#source-3"), ("[2]", "#source-2")]

    entries = soup.select("section.source-list > ol > li")
    assert [li["id"] for li in entries] == ["source-1", "source-2", "source-3"]
    titles = [li.find("a").get_text() for li in entries]
    assert titles == ["An inline memo", "TASS report", "Kremlin readout of the meeting"]
    # Each entry links to the source's page ...
    for li, source_id in zip(
        entries, ["inline-memo", "tass-report", "kremlin-readout"], strict=True
    ):
        assert (
            target(page, li.find("a")["href"])
            == page.parents[2] / f"sources/{source_id}/index.html"
        )
        assert target(page, li.find("a")["href"]).is_file()
    # ... and back to every claim citing it, whose anchors exist on the page.
    backs = {li["id"]: [a["href"] for a in li.select(".backlinks a")] for li in entries}
    assert backs == {
        "source-1": ["#claim-third"],
        "source-2": ["#claim-first", "#claim-second"],
        "source-3": ["#claim-second"],
    }
    for hrefs in backs.values():
        for href in hrefs:
            assert soup.find(id=href[1:]) is not None
    # A reader sees each citing claim by its number in the list of claims and its
    # first words, never by its id.
    cited_by = [
        [" ".join(item.get_text().split()) for item in li.select(".backlinks li")] for li in entries
    ]
    assert cited_by == [
        ["claim 3: “left the room”"],
        ["claim 1: “opened the talks”", "claim 2: “closed the talks”"],
        ["claim 2: “closed the talks”"],
    ]
    numbered = [" ".join(li.get_text().split()) for li in soup.select(".claim-summary > li")]
    assert [text.split("”")[0] for text in numbered] == [
        "“opened the talks",
        "“closed the talks",
        "“left the room",
    ]


def test_every_citation_marker_target_exists(tmp_path):
    page = build_article(tmp_path, CITED, CITED_BODY)
    soup = parse_html(page)
    for a in soup.select("sup.cite a"):
        assert soup.find(id=a["href"][1:]).name == "li"


def test_claim_card_shows_kind_status_speaker_tags_and_sources(tmp_path):
    page = build_article(
        tmp_path,
        "claims:\n  - id: c\n    quote: no compromise\n    kind: statement\n    status: disputed\n"
        "    by: vladimir-putin\n    tags: [Ceasefire line]\n    sources: [kremlin-readout]\n",
        "Putin said there is no compromise.\n",
    )
    card = body_of(page).select_one("#card-c")
    text = card.get_text(" ")
    assert "Statement" in text and "Disputed" in text
    assert card.find("a", string="Vladimir Putin")
    assert card.find("a", string="Ceasefire line")
    assert card.find("a", string="[1] Kremlin readout of the meeting")
    assert body_of(page).select_one("a.claim-badge")["aria-describedby"] == "card-c"


# --- entity mentions


MENTIONS_BODY = (
    "The USSR fell and the focus of the US moved. The U.S. envoy was Steve Witkoff.\n\n"
    "Witkoff met Putin; then the US team left. Busy USB ports and a USA cap.\n\n"
    "## Later\n\n"
    "The US and Witkoff came back.\n"
)


def mention_links(body) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in body.select("a.mention")]


def test_mentions_link_whole_words_first_per_section(tmp_path):
    page = build_article(
        tmp_path,
        "entities: [united-states, steve-witkoff, vladimir-putin]\n",
        MENTIONS_BODY,
    )
    body = body_of(page)
    us, sw = "../../entities/united-states/index.html", "../../entities/steve-witkoff/index.html"
    putin = "../../entities/vladimir-putin/index.html"
    # First mention per entity per section is a link; the rest are plain but anchored.
    assert mention_links(body) == [
        ("US", us),
        ("Steve Witkoff", sw),
        ("Putin", putin),
        ("US", us),
        ("Witkoff", sw),
    ]
    for _, href in mention_links(body):
        assert target(page, href).is_file()
    plain = [s.get_text() for s in body.select("span.mention-plain")]
    assert plain == ["U.S.", "Witkoff", "US"]
    # Never inside another word.
    for element in body.select("a.mention, span.mention-plain"):
        assert element.get_text() not in ("USSR", "USB", "USA", "focus")
    paragraph = body.find("p")
    assert "USSR" in paragraph.get_text()
    texts = [t for t in paragraph.find_all(string=True) if "USSR" in t or "focus" in t]
    assert texts and all(t.parent.name == "p" for t in texts)
    # Every mention has an anchor an entity page can link to.
    ids = [e["id"] for e in body.select("a.mention, span.mention-plain")]
    assert ids == [
        "mention-united-states-1",
        "mention-united-states-2",
        "mention-steve-witkoff-1",
        "mention-steve-witkoff-2",
        "mention-vladimir-putin-1",
        "mention-united-states-3",
        "mention-united-states-4",
        "mention-steve-witkoff-3",
    ]
    # Headings are not linked.
    assert not body.find("h2").find("a", class_="mention")


def test_mention_links_all_links_every_mention(tmp_path):
    page = build_article(
        tmp_path,
        "entities: [united-states, steve-witkoff, vladimir-putin]\n",
        MENTIONS_BODY,
        settings="title: T\nmention_links: all\n",
    )
    body = body_of(page)
    assert [text for text, _ in mention_links(body)] == [
        "US",
        "U.S.",
        "Steve Witkoff",
        "Witkoff",
        "Putin",
        "US",
        "US",
        "Witkoff",
    ]
    assert not body.select("span.mention-plain")


def test_only_the_articles_own_entities_are_linked(tmp_path):
    page = build_article(tmp_path, "entities: [steve-witkoff]\n", MENTIONS_BODY)
    assert {href for _, href in mention_links(body_of(page))} == {
        "../../entities/steve-witkoff/index.html"
    }


def test_mentions_are_not_linked_inside_links_or_code(tmp_path):
    page = build_article(
        tmp_path,
        "entities: [steve-witkoff]\n",
        "See [Witkoff's profile](https://example.org/w) and `Witkoff` in code; Witkoff spoke.\n",
    )
    body = body_of(page)
    links = body.select("a.mention")
    assert len(links) == 1
    assert links[0].find_parent("a") is None and links[0].find_parent("code") is None
    assert body.find("code").get_text() == "Witkoff"
    assert not body.find("a", href="https://example.org/w").select(".mention, .mention-plain")
    assert_well_nested(str(body))


def test_mention_inside_a_claim_stays_well_nested(tmp_path):
    page = build_article(
        tmp_path,
        "entities: [vladimir-putin]\nclaims:\n  - id: c\n    quote: Vladimir Putin met\n"
        "    kind: fact\n  - id: d\n    quote: Putin met him\n    kind: fact\n",
        "Then Vladimir Putin met him.\n",
    )
    body = body_of(page)
    assert_well_nested(str(body))
    assert claim_text(body, "c") == "Vladimir Putin met"
    assert claim_text(body, "d") == "Putin met him"


# --- Markdown


def test_raw_html_in_markdown_is_escaped(tmp_path):
    page = build_article(
        tmp_path,
        "",
        'Before <script>alert("x")</script> and <b onclick="x()">bold</b>.\n\n'
        '<div class="raw">block html</div>\n',
    )
    body = body_of(page)
    assert body.find("script") is None
    assert body.find("b") is None
    assert body.find("div", class_="raw") is None
    text = body.get_text()
    assert '<script>alert("x")</script>' in text
    assert '<div class="raw">block html</div>' in text
    # The only scripts on the page are the theme's: JSON-LD, where the text is
    # escaped, and the reading view's, from the theme's assets.
    scripts = parse_html(page).find_all("script")
    assert all(
        s.get("type") == "application/ld+json" or s.get("src", "").endswith("assets/reading.js")
        for s in scripts
    )
    scripts = [s for s in scripts if s.string is not None]
    assert all("</script" not in s.string and "<script" not in s.string for s in scripts)


def test_tables_strikethrough_footnotes_and_heading_anchors_render(tmp_path):
    page = build_article(
        tmp_path,
        "",
        "Intro with ~~struck~~ words and a note.[^n]\n\n"
        "## Talks in Moscow\n\n"
        "| City | Month |\n|------|-------|\n| Anchorage | August |\n| Budapest | October |\n\n"
        "### Second heading\n\nText.\n\n"
        "[^n]: The footnote text.\n",
    )
    body = body_of(page)
    assert body.find("s").get_text() == "struck"
    rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])]
        for tr in body.find("table").find_all("tr")
    ]
    assert rows == [["City", "Month"], ["Anchorage", "August"], ["Budapest", "October"]]
    h2, h3 = body.find("h2"), body.find("h3")
    assert h2["id"] == "talks-in-moscow" and h3["id"] == "second-heading"
    ref = body.find("sup", class_="footnote-ref").find("a")
    note = body.find(id=ref["href"][1:])
    assert note is not None and "The footnote text." in note.get_text()
    back = note.find("a", class_="footnote-backref")
    assert body.find(id=back["href"][1:]) is not None


def test_a_quote_matches_whole_words_only(tmp_path):
    # 'talks' inside 'Stalks' is not a second occurrence: the quote is not ambiguous.
    page = build_article(
        tmp_path,
        "claims:\n  - id: c\n    quote: talks\n    kind: fact\n",
        "Stalks of wheat; the talks began.\n",
    )
    mark = body_of(page).find(id="claim-c")
    assert mark.get_text() == "talks"
    assert mark.previous_sibling.endswith("the ")


def test_a_source_cited_twice_by_one_claim_gets_one_marker(tmp_path):
    page = build_article(
        tmp_path,
        "claims:\n  - id: c\n    quote: talks began\n    kind: fact\n"
        "    sources: [kremlin-readout, {source: kremlin-readout, locator: p. 3}, tass-report]\n",
        "The talks began.\n",
    )
    body = body_of(page)
    assert [a.get_text() for a in body.select("sup.cite a")] == ["[1]", "[2]"]
    card = body.select_one("#card-c")
    assert [a.get_text() for a in card.find_all("a")] == [
        "[1] Kremlin readout of the meeting",
        "[2] TASS report",
    ]


def test_heading_anchors_never_take_an_id_the_page_uses(tmp_path):
    page = build_article(
        tmp_path,
        "claims:\n  - id: c\n    quote: talks began\n    kind: fact\n    sources: [kremlin-readout]\n",
        "## Source 1\n\nThe talks began.[^n]\n\n## Claim c\n\n## Main\n\n## Intro\n\n## Intro\n\n"
        "## Claims heading\n\n[^n]: A note.\n",
    )
    soup = parse_html(page)
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert sorted(set(ids)) == sorted(ids), "duplicate ids"
    # The citation marker and the skip link still lead where they should.
    assert soup.find(id="source-1").name == "li"
    assert soup.find(id="claim-c").name == "mark"
    assert soup.find(id="main").name == "main"
    headings = [h["id"] for h in body_of(page).find_all("h2") if "footnotes" not in h["id"]]
    assert headings == [
        "source-1-section",
        "claim-c-section",
        "main-section",
        "intro",
        "intro-1",
        "claims-heading-section",
    ]
