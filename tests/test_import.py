"""`briefgen import`: the demo's scraped page becomes the demo article's body, chrome
gone and the lost apostrophes and dashes restored and reported; an HTML page gives
its title, author and date; a URL is fetched (from a loopback server here); an
existing file is never overwritten."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import re
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest
import yaml
from conftest import REPO, parse_html, run_briefgen

from briefgen.importer.clean import clean_text
from briefgen.importer.markdown import escape_markdown
from briefgen.importer.repair import Repairer, split_run_together

DATA = Path(__file__).parent / "data"
SEED = DATA / "scraped_briefing.txt"  # the scraped page the demo article was cleaned from
PAGE = DATA / "article_page.html"
DEMO = REPO / "content/articles/2025-12-02-reasons-for-the-failure-of-us-russia-ukraine-talks.md"
SLUG = "reasons-for-the-failure-of-us-russia-ukraine-talks"
TODAY = dt.date.today().isoformat()

EXPECTED_REPAIRS = [
    ("Ukraines", "Ukraine’s"),
    ("Russias", "Russia’s"),
    ("Trumps", "Trump’s"),
    ("Administrations", "Administration’s"),
    ("tacticsdelaying", "tactics—delaying"),
    ("concessionswere", "concessions—were"),
    ("Russias", "Russia’s"),
]
NOTE_RE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): note: '(?P<old>[^']+)' -> '(?P<new>[^']+)'$"
)


def split_file(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    # Dates stay text, as briefgen reads them.
    return yaml.load(front, Loader=yaml.BaseLoader), body


def paragraphs(body: str) -> list[str]:
    return [block.strip() for block in body.strip().split("\n\n")]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    assert run_briefgen("init", str(root)).code == 0
    return root


def import_seed(root: Path, *extra: str):
    return run_briefgen("import", str(SEED), "--date", "2025-12-02", *extra, root=root)


def test_the_seed_becomes_the_demo_articles_body(archive: Path):
    result = import_seed(archive)
    assert result.code == 0, result.err
    path = archive / f"content/articles/2025-12-02-{SLUG}.md"
    assert result.out.strip() == str(path)
    meta, body = split_file(path.read_text(encoding="utf-8"))
    _, demo_body = split_file(DEMO.read_text(encoding="utf-8"))
    # The demo article has no emphasis to strip; its one editorial change to the
    # scraped words is the quotation marks restored around Ushakov's words (its claim
    # note says so), which no scrape repair can know of.
    demo = paragraphs(demo_body)
    assert not any(mark in demo_body for mark in ("*", "_"))
    assert paragraphs(body) == [p.replace("“", "").replace("”", "") for p in demo]
    assert sum(p != q for p, q in zip(paragraphs(body), demo, strict=True)) == 1
    assert [p for p in paragraphs(body) if p.startswith("## ")] == [
        "## Background and Context",
        "## Challenges in the Negotiations",
        "## Next Steps for the U.S.",
    ]
    assert meta["title"] == "Reasons for the Failure of U.S.-Russia Ukraine Talks"
    assert meta["author"] == "Jackson Miller"
    assert meta["section"] == "Politics"
    assert meta["date"] == "2025-12-02"
    assert meta["sources"] == [
        {
            "id": f"{SLUG}-page",
            "title": "Reasons for the Failure of U.S.-Russia Ukraine Talks",
            "author": "Jackson Miller",
        }
    ]


def test_no_chrome_line_is_left(archive: Path):
    import_seed(archive)
    _, body = split_file((archive / f"content/articles/2025-12-02-{SLUG}.md").read_text())
    lines = [line for line in body.splitlines() if line.strip()]
    for chrome in ("HOME", "POLITICS", "Last update", "min read", "Views", "Share", "Author:"):
        assert not any(chrome in line for line in lines), chrome
    assert not any("Reasons for the Failure" in line for line in lines)  # the title, twice
    assert not any(line.lstrip().startswith(("1.", "•")) for line in lines)


def test_each_repair_is_reported_where_it_stands(archive: Path):
    result = import_seed(archive)
    notes = [NOTE_RE.match(line) for line in result.err.splitlines() if "' -> '" in line]
    assert all(notes), result.err
    assert [(n["old"], n["new"]) for n in notes] == EXPECTED_REPAIRS
    rel = f"content/articles/2025-12-02-{SLUG}.md"
    lines = (archive / rel).read_text(encoding="utf-8").split("\n")
    for note in notes:
        assert note["path"] == rel
        line = lines[int(note["line"]) - 1]
        col = int(note["col"]) - 1
        assert line[col : col + len(note["new"])] == note["new"]
    assert "7 repairs" in result.err


def test_no_repair_keeps_the_text_as_scraped(archive: Path):
    result = import_seed(archive, "--no-repair")
    assert result.code == 0
    assert "' -> '" not in result.err
    _, body = split_file((archive / f"content/articles/2025-12-02-{SLUG}.md").read_text())
    for old, new in EXPECTED_REPAIRS:
        assert old in body and new not in body


def test_the_imported_article_builds_in_a_new_archive(archive: Path):
    assert import_seed(archive).code == 0
    check = run_briefgen("check", "--strict", root=archive)
    assert check.code == 0, check.err
    build = run_briefgen("build", "--no-cache", "-q", root=archive)
    assert build.code == 0, build.err
    page = parse_html(archive / f"site/articles/{SLUG}/index.html")
    text = page.select_one("main").get_text(" ")
    assert "Ukraine’s security" in text and "tactics—delaying" in text
    assert [h.get_text(strip=True) for h in page.select("main h2")][:3] == [
        "Background and Context",
        "Challenges in the Negotiations",
        "Next Steps for the U.S.",
    ]


def test_never_overwrites(archive: Path):
    assert import_seed(archive).code == 0
    path = archive / f"content/articles/2025-12-02-{SLUG}.md"
    before = path.read_bytes()
    again = import_seed(archive)
    assert again.code == 2
    assert again.err.splitlines() == [
        f"briefgen: error: content/articles/2025-12-02-{SLUG}.md already exists; "
        "not overwriting it (give --slug or --date)"
    ]
    assert path.read_bytes() == before


def test_slug_date_and_author_override(archive: Path):
    result = run_briefgen(
        "import", str(SEED), "--slug", "moscow-talks", "--date", "2025-12-05",
        "--author", "A. Analyst", root=archive,
    )  # fmt: skip
    assert result.code == 0, result.err
    meta, _ = split_file((archive / "content/articles/2025-12-05-moscow-talks.md").read_text())
    assert (meta["date"], meta["author"]) == ("2025-12-05", "A. Analyst")
    assert meta["sources"][0]["id"] == "moscow-talks-page"


def test_without_a_date_the_article_is_dated_today(archive: Path):
    result = run_briefgen("import", str(SEED), root=archive)
    assert result.code == 0
    assert (archive / f"content/articles/{TODAY}-{SLUG}.md").is_file()
    assert f"the page gives no date, so it is dated {TODAY}" in result.err


def test_bad_options_are_usage_errors(archive: Path):
    for args in (["--date", "2025-13-01"], ["--slug", "Not A Slug"], ["--timeout", "0"]):
        result = run_briefgen("import", str(SEED), *args, root=archive)
        assert result.code == 2 and len(result.err.splitlines()) == 1, args
    missing = run_briefgen("import", "no-such-page.txt", root=archive)
    assert missing.code == 2
    assert missing.err.startswith("briefgen: error: 'no-such-page.txt' is not a file")


def test_the_archive_entities_the_body_names_are_listed(tmp_path: Path):
    root = tmp_path / "demo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    result = run_briefgen(
        "import", str(SEED), "--slug", "seed-again", "--date", "2025-12-09", root=root
    )
    assert result.code == 0, result.err
    text = (root / "content/articles/2025-12-09-seed-again.md").read_text()
    meta, _ = split_file(text)
    demo_meta, _ = split_file(DEMO.read_text(encoding="utf-8"))
    # Every entity the annotated demo article lists, and no other.
    assert sorted(meta["entities"]) == sorted(demo_meta["entities"])
    # Names the archive has no entity for; Marco Rubio has one.
    assert re.findall(r"^# new entity\? .*$", text, re.M) == ["# new entity? Russian (5 mentions)"]
    assert run_briefgen("check", "--strict", root=root).code == 0


def test_repeated_names_no_entity_has_are_suggested(archive: Path):
    import_seed(archive)
    text = (archive / f"content/articles/2025-12-02-{SLUG}.md").read_text()
    assert re.findall(r"^# new entity\? .*$", text, re.M) == [
        "# new entity? Ukraine (10 mentions)",
        "# new entity? U.S. (9 mentions)",
        "# new entity? Russia (6 mentions)",
        "# new entity? Vladimir Putin (6 mentions)",
        "# new entity? Russian (5 mentions)",
        "# new entity? Europe (4 mentions)",
        "# new entity? Kremlin (4 mentions)",
        "# new entity? Envoy Steve Witkoff (3 mentions)",
        "# new entity? Donald Trump (2 mentions)",
        "# new entity? Moscow (2 mentions)",
        "# new entity? Trump Administration (2 mentions)",
    ]
    meta, _ = split_file(text)
    assert meta["entities"] == []  # the new archive's one entity is not named here


def test_an_html_page_gives_title_author_and_date(archive: Path):
    result = run_briefgen("import", str(PAGE), root=archive)
    assert result.code == 0, result.err
    path = archive / "content/articles/2025-11-20-talks-stall-in-geneva.md"
    meta, body = split_file(path.read_text(encoding="utf-8"))
    assert (meta["title"], meta["author"], meta["date"]) == (
        "Talks stall in Geneva",
        "Ana Lopez",
        "2025-11-20",
    )
    assert meta["sources"][0]["publisher"] == "Example News"
    assert paragraphs(body) == [
        "Negotiators from both delegations met in Geneva on Thursday for a third round of "
        "talks. The session ended after four hours without a joint statement, according to "
        "people familiar with the discussions.",
        "## What comes next",
        "Officials said a further round could take place before the end of the year. Neither "
        "side has published its proposals, and the mediators declined to comment on the "
        "substance of the talks.",
        "Analysts expect the gap on territorial questions to remain the main obstacle to any "
        "agreement in the coming weeks.",
    ]
    for chrome in ("Home", "Share", "Subscribe", "By Ana Lopez", "©"):
        assert chrome not in body
    assert run_briefgen("check", "--strict", root=archive).code == 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_a_url_is_fetched_and_recorded_as_the_source(archive: Path, tmp_path: Path):
    served = tmp_path / "www"
    served.mkdir()
    shutil.copy(PAGE, served / "talks.html")
    handler = lambda *a, **k: _Quiet(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/talks.html"
        result = run_briefgen("import", url, root=archive)
    finally:
        server.shutdown()
        server.server_close()
    assert result.code == 0, result.err
    meta, _ = split_file(
        (archive / "content/articles/2025-11-20-talks-stall-in-geneva.md").read_text()
    )
    source = meta["sources"][0]
    assert (source["url"], source["accessed"]) == (url, TODAY)
    assert run_briefgen("check", "--strict", root=archive).code == 0


def test_an_unreachable_url_is_one_clear_line(archive: Path):
    with socket.socket() as probe:  # a loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_briefgen(
        "import", f"http://127.0.0.1:{port}/page.html", "--timeout", "5", root=archive
    )
    assert result.code == 1
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith(
        f"briefgen: error: cannot fetch http://127.0.0.1:{port}/page.html: "
    )
    assert "Traceback" not in result.err
    assert not list((archive / "content/articles").glob("*page*"))


def test_standard_input(archive: Path, monkeypatch):
    text = "Ceasefire talks\n\nShare\n\nNegotiators met in Geneva again on Friday, and Geneva officials said the talks went well.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    result = run_briefgen("import", "-", "--date", "2025-12-01", root=archive)
    assert result.code == 0, result.err
    _, body = split_file((archive / "content/articles/2025-12-01-ceasefire-talks.md").read_text())
    assert paragraphs(body) == [
        "Negotiators met in Geneva again on Friday, and Geneva officials said the talks went well."
    ]


def test_markdown_characters_of_the_scrape_stay_text(archive: Path):
    line = "Prices rose 5*3 times, <b>said</b> [one] trader_ of A&amp;B, with a_b and `x`."
    scraped = f"Market notes\n\n{line}\n\n1. Not a list: the first point, made at length in the article here.\n"
    page = archive / "scraped.txt"
    page.write_text(scraped, encoding="utf-8")
    assert run_briefgen("import", str(page), "--date", "2025-12-01", root=archive).code == 0
    assert run_briefgen("build", "--no-cache", "-q", root=archive).code == 0
    html = parse_html(archive / "site/articles/market-notes/index.html")
    texts = [p.get_text() for p in html.select("main p")]
    assert line in texts
    assert "1. Not a list: the first point, made at length in the article here." in texts
    assert not html.select("main b, main ol")


# The steps on their own.


def test_a_run_together_word_is_split_only_into_two_common_words():
    assert split_run_together("tacticsdelaying") == ("tactics", "delaying")
    assert split_run_together("concessionswere") == ("concessions", "were")
    assert split_run_together("nonetheless") is None  # a word itself
    assert split_run_together("ofthe") is None  # halves too short: a lost space
    assert split_run_together("xqzvbnmtrw") is None


def test_a_plural_is_not_taken_for_a_possessive():
    text = "The Summit met. Both Summits were short. Russia spoke. Russias envoy left."
    repairer = Repairer([], text)
    line, repairs = repairer.repair_line(text, 0)
    assert line == "The Summit met. Both Summits were short. Russia spoke. Russia’s envoy left."
    assert [(r.old, r.new, r.col) for r in repairs] == [("Russias", "Russia’s", 55)]
    # Without 'Russia' in the text or among the entities, 'Russias' is left alone.
    assert Repairer([], "Russias envoy left.").repair_line("Russias envoy left.", 0)[1] == []
    assert Repairer(["Russian Federation", "Russia"], "x").repair_line("Russias envoy", 0)[1]


def test_escaping_keeps_text_as_text():
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("2) item") == "2\\) item"
    assert escape_markdown("snake_case stays") == "snake_case stays"
    assert escape_markdown("a *b* c") == "a \\*b\\* c"


def test_cleaning_finds_author_section_and_headings():
    page = clean_text(
        "Title of it\n\n  1. HOME\n  2. WORLD\n\nBy Ana Lopez\n\n"
        "The first paragraph is a sentence of the article, long enough to be prose.\n\n"
        "What Comes Next\n\nBy the end of the year, said the minister, talks resume.\n"
    )
    assert (page.title, page.author, page.section) == ("Title of it", "Ana Lopez", "World")
    assert [(b.text, b.heading) for b in page.blocks] == [
        ("The first paragraph is a sentence of the article, long enough to be prose.", False),
        ("What Comes Next", True),
        ("By the end of the year, said the minister, talks resume.", False),
    ]


def test_a_date_line_of_the_header_dates_the_article():
    page = clean_text(
        "Talks resume\n\n• Published: December 2, 2025\n\n• 3 min read\n\n"
        "The first paragraph is a sentence of the article, long enough to be prose.\n\n"
        "On 3 December 2025.\n"
    )
    assert page.date == "2025-12-02"
    assert [b.text for b in page.blocks] == [
        "The first paragraph is a sentence of the article, long enough to be prose.",
        "On 3 December 2025.",  # the body's own words, kept
    ]
    assert clean_text("T\n\nLast update: 33 minutes ago\n\nA body line.\n").date == ""


def test_extracted_markdown_without_a_heading_gives_no_title():
    page = clean_text(
        "The first paragraph of an article that has no heading at all.\n", markdown=True
    )
    assert page.title == "" and len(page.blocks) == 1


def test_a_page_without_a_title_asks_for_one(archive: Path, tmp_path: Path):
    page = tmp_path / "untitled.html"
    page.write_text(
        "<html><body><div><p>Negotiators met again in Geneva on Friday, and officials said "
        "the talks had gone well but that no date was set for the next round.</p><p>A second "
        "paragraph follows here with more words about the talks and what they might mean."
        "</p></div></body></html>",
        encoding="utf-8",
    )
    result = run_briefgen("import", str(page), "--date", "2025-01-01", root=archive)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"briefgen: error: no article found in '{page}' (no title: give --title)"
    ]
    titled = run_briefgen(
        "import", str(page), "--date", "2025-01-01", "--title", "Geneva talks", root=archive
    )
    assert titled.code == 0, titled.err
    meta, body = split_file((archive / "content/articles/2025-01-01-geneva-talks.md").read_text())
    assert meta["title"] == "Geneva talks"
    assert len(paragraphs(body)) == 2


def test_wordfreq_reads_its_word_list_from_its_own_package():
    # The dash repair must work offline: the English list ships inside the wheel.
    from importlib.resources import files

    assert (files("wordfreq") / "data" / "large_en.msgpack.gz").is_file()


# Correct text stays as it is; what is left out is said.

PLURALS = (
    "Americans fear a long war. Ukrainians remember, Europeans hesitate and Republicans "
    "argue while Russians wait; the Simpsons episode aired. An American, a Ukrainian, a "
    "European, a Republican, a Russian and Homer Simpson agree."
)


def test_plurals_are_not_taken_for_possessives():
    line, repairs = Repairer(["American", "Simpson"], PLURALS).repair_line(PLURALS, 0)
    assert (line, repairs) == (PLURALS, [])


def test_an_imported_text_keeps_its_plurals_verbatim(archive: Path, tmp_path: Path):
    page = tmp_path / "plurals.txt"
    page.write_text(f"Who fears what\n\n{PLURALS}\n", encoding="utf-8")
    result = run_briefgen("import", str(page), "--date", "2025-12-03", root=archive)
    assert result.code == 0, result.err
    assert "0 repairs" in result.err and "' -> '" not in result.err
    _, body = split_file((archive / "content/articles/2025-12-03-who-fears-what.md").read_text())
    assert paragraphs(body) == [PLURALS]


def test_an_html_page_is_never_repaired(archive: Path, tmp_path: Path):
    # A scrape's lost apostrophe would be repaired in a text file; an HTML page
    # keeps the punctuation it has, right or wrong.
    text = (
        "Russia spoke first. Russias envoy left Geneva after the talks, and officials "
        "said tacticsdelaying were expected from both sides in the coming weeks."
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Envoy leaves</title></head><body><article>"
        f"<h1>Envoy leaves</h1><p>{text}</p><p>A second paragraph of the article, "
        "long enough for the extractor to keep it as part of the text.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    result = run_briefgen("import", str(page), "--date", "2025-12-03", root=archive)
    assert result.code == 0, result.err
    assert "' -> '" not in result.err
    assert "0 repairs (an HTML page keeps its punctuation)" in result.err
    _, body = split_file((archive / "content/articles/2025-12-03-envoy-leaves.md").read_text())
    assert paragraphs(body)[0] == text


def test_a_sentence_is_never_taken_for_chrome(archive: Path, tmp_path: Path):
    lede = "Talks collapsed in Moscow on December 2, 2025."
    page = tmp_path / "lede.txt"
    page.write_text(f"Moscow talks\n\n{lede}\n\nShare\n\nThe envoy left.\n", encoding="utf-8")
    result = run_briefgen("import", str(page), "--date", "2025-12-03", root=archive)
    assert result.code == 0, result.err
    _, body = split_file((archive / "content/articles/2025-12-03-moscow-talks.md").read_text())
    assert paragraphs(body) == [lede, "The envoy left."]
    assert f"{page}:5:1: note: dropped page chrome: 'Share'" in result.err.splitlines()

    short = tmp_path / "short.txt"
    short.write_text("Title\n\nSome text here.\n", encoding="utf-8")
    result = run_briefgen("import", str(short), "--date", "2025-12-03", root=archive)
    assert result.code == 0, result.err
    _, body = split_file((archive / "content/articles/2025-12-03-title.md").read_text())
    assert paragraphs(body) == ["Some text here."]
    assert ": note: " not in result.err


def test_only_a_line_that_is_a_date_is_the_date_line():
    page = clean_text(
        "Talks\n\nLast update: Tuesday, December 2, 2025 10:30 GMT\n\n"
        "Talks collapsed in Moscow on December 3, 2025.\n\nTalks resume 4 Dec 2025\n"
    )
    assert page.date == "2025-12-02"
    assert [b.text for b in page.blocks] == [
        "Talks collapsed in Moscow on December 3, 2025.",
        "Talks resume 4 Dec 2025",
    ]
    assert [(d.line, d.col, d.text) for d in page.dropped] == [
        (3, 1, "Last update: Tuesday, December 2, 2025 10:30 GMT")
    ]


def test_each_line_of_chrome_dropped_is_reported(archive: Path):
    result = import_seed(archive)
    assert result.code == 0, result.err
    dropped = [line for line in result.err.splitlines() if "dropped page chrome" in line]
    title = "Reasons for the Failure of U.S.-Russia Ukraine Talks"
    assert dropped == [
        f"{SEED}:{line}:{col}: note: dropped page chrome: '{text}'"
        for line, col, text in [
            (3, 3, "1. HOME"),
            (4, 3, "2. POLITICS"),
            (5, 3, f"3. {title}"),
            (6, 3, "• Last update: 33 minutes ago"),
            (7, 3, "• 3 min read"),
            (8, 3, "• 329 Views"),
            (9, 3, "• POLITICS"),
            (10, 1, title),
            (34, 1, "Author: Jackson Miller"),
            (36, 1, "Share"),
        ]
    ]
    seed_lines = SEED.read_text(encoding="utf-8").split("\n")
    for line in dropped:
        number, col, text = re.match(
            r".*?:(\d+):(\d+): note: dropped page chrome: '(.*)'$", line
        ).groups()
        assert seed_lines[int(number) - 1][int(col) - 1 :] == text


def test_new_and_import_make_one_slug_of_one_title(archive: Path, tmp_path: Path):
    for number, title in enumerate(["U.S.-Russia Talks", "Putin’s Terms: No Deal", "Q&A"]):
        date = f"2025-12-1{number}"
        page = tmp_path / f"page{number}.txt"
        page.write_text(f"{title}\n\nThe talks ended without a deal.\n", encoding="utf-8")
        imported = run_briefgen("import", str(page), "--date", date, root=archive)
        assert imported.code == 0, imported.err
        new = run_briefgen("new", "article", title, "--date", "2025-12-20", root=archive)
        assert new.code == 0, new.err
        assert Path(imported.out.strip()).name == f"{date}-" + Path(new.out.strip()).name[11:]
        meta, _ = split_file(Path(new.out.strip()).read_text(encoding="utf-8"))
        assert meta["title"] == title
    assert (archive / "content/articles/2025-12-20-us-russia-talks.md").is_file()
    assert (archive / "content/articles/2025-12-20-putins-terms-no-deal.md").is_file()
