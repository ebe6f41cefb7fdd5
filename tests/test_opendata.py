"""Open data: the files of /data/, their schemas, the /data/ page and `briefgen export`."""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from analysis_fixture import ANALYSIS
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from conftest import MINIMAL, REPO, parse_html, run_briefgen, write_archive

from briefgen.cache import CACHE_DIR
from briefgen.csl import CSL_TYPES, csl_name
from briefgen.serve.server import content_type

SCHEMAS = REPO / "briefgen" / "schemas"
DATA_FILES = {
    "claims.json": "claims.schema.json",
    "entities.json": "entities.schema.json",
    "sources.json": "sources.schema.json",
    "articles.json": "articles.schema.json",
}

# MINIMAL, plus a second article with sources of other kinds, an organisation as
# author, a date-less source, and a quote a spreadsheet would take for a formula.
ARCHIVE = MINIMAL | {
    "content/articles/2025-12-05-markets.md": """
        ---
        title: Markets after the talks
        date: 2025-12-05
        updated: 2025-12-06
        author: [Jane Analyst, Omar Writer]
        section: Economy
        summary: Prices moved.
        tags: [Markets]
        entities: [steve-witkoff]
        claims:
          - id: formula
            quote: "=SUM(A1:A9) was typed"
            kind: assessment
            about: [steve-witkoff, vladimir-putin]
            sources:
              - source: wire-story
                locator: "para. 3"
                quote: "typed, then deleted"
              - source: price-data
          - id: rally
            quote: "prices rallied"
            kind: forecast
            status: unverified
            note: "Watch the *next* week."
            sources: [price-data]
        sources:
          - id: wire-story
            title: Markets shrug off Moscow talks
            url: https://news.example/markets
            publisher: The Daily Wire
            author: Reuters staff
            date: 2025-12-04
            accessed: 2025-12-05
            archive_url: https://archive.example/markets
            kind: news
          - id: price-data
            title: Daily prices
            publisher: Example Exchange
            author: ["Leyen, Ursula von der"]
            kind: dataset
        ---
        =SUM(A1:A9) was typed into a sheet. Witkoff watched as prices rallied.
    """,
}


def build(root: Path, *extra: str) -> Path:
    result = run_briefgen("build", "--no-cache", *extra, root=root)
    assert result.code == 0, result.err
    return root / "site"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return write_archive(tmp_path_factory.mktemp("opendata") / "archive", ARCHIVE)


@pytest.fixture(scope="module")
def site(archive) -> Path:
    return build(archive)


def load(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


# --- the files against their schemas --------------------------------------------


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_each_data_file_is_valid_against_its_published_schema(site, name):
    published = json.loads((site / "data" / "schema" / DATA_FILES[name]).read_text())
    assert published == schema(DATA_FILES[name])
    jsonschema.Draft202012Validator.check_schema(published)
    validator = jsonschema.Draft202012Validator(published)
    errors = [e.message for e in validator.iter_errors(load(site, name))]
    assert errors == []


def test_the_demo_archive_data_is_valid_too(tmp_path):
    out = tmp_path / "demo-site"
    result = run_briefgen("build", "--no-cache", "--out", str(out), root=REPO)
    assert result.code == 0, result.err
    for name, schema_name in DATA_FILES.items():
        data = load(out, name)
        assert data, name
        jsonschema.validate(data, schema(schema_name), cls=jsonschema.Draft202012Validator)


def test_a_schema_rejects_what_it_does_not_describe(site):
    claims = load(site, "claims.json")
    validator = jsonschema.Draft202012Validator(schema("claims.schema.json"))
    wrong = json.loads(json.dumps(claims))
    wrong[0]["status"] = "probably"
    del wrong[1]["quote"]
    wrong[2]["sources"] = [{"source": "Not An Id"}]
    failing = {tuple(e.absolute_path)[:1] for e in validator.iter_errors(wrong)}
    assert failing == {(0,), (1,), (2,)}


# --- what the records say ---------------------------------------------------------


def test_claims_json_has_one_record_per_claim_with_links_that_resolve(site):
    claims = load(site, "claims.json")
    # Newest article first, its claims in front-matter order.
    assert [(c["article"], c["id"]) for c in claims] == [
        ("markets", "formula"),
        ("markets", "rally"),
        ("talks", "no-breakthrough"),
        ("talks", "no-compromise"),
    ]
    by_id = {c["id"]: c for c in claims}
    formula = by_id["formula"]
    assert formula["quote"] == "=SUM(A1:A9) was typed"
    assert formula["kind"] == "assessment" and formula["status"] == "unverified"
    assert formula["by"] is None and formula["likelihood"] is None
    assert formula["about"] == ["steve-witkoff", "vladimir-putin"]
    assert formula["sources"] == [
        {
            "source": "wire-story",
            "locator": "para. 3",
            "quote": "typed, then deleted",
            "reliability": None,
            "credibility": None,
            "grade": None,
        },
        {
            "source": "price-data",
            "locator": None,
            "quote": None,
            "reliability": None,
            "credibility": None,
            "grade": None,
        },
    ]
    compromise = by_id["no-compromise"]
    assert compromise["by"] == "vladimir-putin"
    assert compromise["tags"] == ["negotiations", "ceasefire-line"]
    assert by_id["rally"]["note"] == "Watch the *next* week."
    # Without base_url: paths from the site's root; the permalink is the claim's
    # highlighted quote in its article, and `page` the claim page's address.
    assert compromise["permalink"] == "/articles/talks/#claim-no-compromise"
    assert compromise["page"] == "/claims/talks/no-compromise/"
    for claim in claims:
        path, anchor = claim["permalink"].split("#")
        article = parse_html(site / path.lstrip("/") / "index.html")
        mark = article.find(id=anchor)
        assert mark is not None and mark.name == "mark"
        assert " ".join(mark.get_text().split()) == claim["quote"]


def test_claims_csv_has_the_rows_of_claims_json(site):
    claims = load(site, "claims.json")
    data = (site / "data" / "claims.csv").read_bytes()
    assert data.startswith(
        b"article,id,permalink,page,quote,kind,status,likelihood,resolve_by,outcome,by,about,"
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [(r["article"], r["id"]) for r in rows] == [(c["article"], c["id"]) for c in claims]
    formula = rows[0]
    # Text, not a formula, in a spreadsheet; the JSON keeps the quote as written.
    assert formula["quote"] == "'=SUM(A1:A9) was typed"
    assert formula["about"] == "steve-witkoff vladimir-putin"
    assert formula["sources"] == "wire-story price-data"
    assert formula["source_locators"].split("\n") == ["para. 3", ""]
    assert formula["by"] == "" and formula["status"] == "unverified"
    compromise = rows[3]
    assert compromise["by"] == "vladimir-putin"
    assert compromise["permalink"] == "/articles/talks/#claim-no-compromise"
    assert compromise["page"] == "/claims/talks/no-compromise/"
    assert compromise["tags"] == "negotiations ceasefire-line"


def test_entities_json_gives_wikidata_ids_and_mention_counts(site):
    entities = {e["id"]: e for e in load(site, "entities.json")}
    assert list(entities) == ["steve-witkoff", "vladimir-putin"]  # by id
    putin = entities["vladimir-putin"]
    assert putin["wikidata"] == "Q7747"
    assert putin["wikidata_url"] == "https://www.wikidata.org/wiki/Q7747"
    assert putin["url"] == "/entities/vladimir-putin/"
    assert putin["claims_by"] == ["talks#no-compromise"]
    assert putin["claims_about"] == ["markets#formula", "talks#no-breakthrough"]
    # The talks name him twice ("Vladimir Putin", "Putin"); the markets article
    # does not name him.
    assert putin["articles"] == [{"article": "talks", "mentions": 2, "listed": True}]
    assert putin["mentions"] == 2
    witkoff = entities["steve-witkoff"]
    assert witkoff["wikidata"] is None
    assert witkoff["articles"] == [
        {"article": "markets", "mentions": 1, "listed": True},
        {"article": "talks", "mentions": 1, "listed": True},
    ]
    # The entity page counts the same mentions.
    page = parse_html(site / "entities/vladimir-putin/index.html")
    assert len(page.select(".mention-contexts li")) == putin["mentions"]


def test_articles_json_lists_each_article_newest_first(site):
    articles = load(site, "articles.json")
    assert [a["slug"] for a in articles] == ["markets", "talks"]
    markets = articles[0]
    assert markets["title"] == "Markets after the talks"
    assert markets["url"] == "/articles/markets/"
    assert markets["date"] == "2025-12-05" and markets["updated"] == "2025-12-06"
    assert markets["authors"] == ["Jane Analyst", "Omar Writer"]
    assert markets["section"] == "Economy" and markets["summary"] == "Prices moved."
    assert markets["tags"] == ["markets"]
    assert markets["claims"] == ["formula", "rally"]
    assert markets["sources"] == ["wire-story", "price-data"]
    assert markets["word_count"] > 0
    talks = articles[1]
    assert talks["updated"] is None and talks["section"] is None
    assert talks["summary"].startswith("Vladimir Putin met Steve Witkoff")


def test_sources_json_is_csl_json(site):
    items = {item["id"]: item for item in load(site, "sources.json")}
    assert list(items) == ["kremlin-readout", "price-data", "wire-story"]
    wire = items["wire-story"]
    assert wire["type"] == "article-newspaper"
    assert wire["container-title"] == "The Daily Wire" and "publisher" not in wire
    assert wire["author"] == [{"literal": "Reuters staff"}]
    assert wire["issued"] == {"date-parts": [[2025, 12, 4]]}
    assert wire["accessed"] == {"date-parts": [[2025, 12, 5]]}
    assert wire["URL"] == "https://news.example/markets"
    assert wire["note"].splitlines() == [
        "Archived copy: https://archive.example/markets",
        "Briefing archive: /sources/wire-story/",
    ]
    data = items["price-data"]
    assert data["type"] == "dataset" and data["publisher"] == "Example Exchange"
    assert data["author"] == [
        {"family": "Leyen", "given": "Ursula", "non-dropping-particle": "von der"}
    ]
    assert "issued" not in data and "URL" not in data
    readout = items["kremlin-readout"]
    assert readout["type"] == "speech" and readout["publisher"] == "Kremlin"


def test_citeproc_renders_sources_json_as_a_bibliography(site):
    items = load(site, "sources.json")
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == 3
    wire = next(e for e in entries if "Markets shrug off Moscow talks" in e)
    assert wire.startswith("Reuters staff (2025)")
    assert "The Daily Wire" in wire and "https://news.example/markets" in wire
    prices = next(e for e in entries if "Daily prices" in e)
    assert prices.startswith("von der Leyen, U.")
    readout = next(e for e in entries if "Kremlin readout of the meeting" in e)
    assert "2025" in readout


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Jackson Miller", {"family": "Miller", "given": "Jackson"}),
        ("Ushakov, Yuri", {"family": "Ushakov", "given": "Yuri"}),
        ("A. B. Researcher", {"family": "Researcher", "given": "A. B."}),
        ("Jean-Luc Picard", {"family": "Picard", "given": "Jean-Luc"}),
        (
            "Ursula von der Leyen",
            {"family": "Leyen", "given": "Ursula", "non-dropping-particle": "von der"},
        ),
        (
            "von der Leyen, Ursula",
            {"family": "Leyen", "given": "Ursula", "non-dropping-particle": "von der"},
        ),
        ("Mary Ann Evans", {"family": "Evans", "given": "Mary Ann"}),
        ("Reuters", {"literal": "Reuters"}),
        ("BBC News", {"literal": "BBC News"}),
        ("Ministry of Foreign Affairs", {"literal": "Ministry of Foreign Affairs"}),
        ("Institute for the Study of War", {"literal": "Institute for the Study of War"}),
        ("Kremlin press service", {"literal": "Kremlin press service"}),
        ("G7 leaders", {"literal": "G7 leaders"}),
    ],
)
def test_names_split_into_family_and_given_only_where_they_read_as_a_persons(name, expected):
    assert csl_name(name) == expected


def test_forecasts_and_grades_reach_the_data_from_the_front_matter(tmp_path):
    # The fixture of the forecast tests: graded sources, resolved and open forecasts.
    root = write_archive(tmp_path / "analysis", ANALYSIS)
    out = tmp_path / "site"
    result = run_briefgen("build", "--no-cache", "--out", str(out), root=root)
    assert result.code == 0, result.err
    records = {c["id"]: c for c in json.loads((out / "data/claims.json").read_text())}
    jsonschema.validate(
        load(out, "claims.json"), schema("claims.schema.json"), cls=jsonschema.Draft202012Validator
    )
    talks = records["jan-talks"]
    assert (talks["likelihood"], talks["resolve_by"], talks["outcome"]) == (
        "likely",
        "2025-03-01",
        "occurred",
    )
    assert [(s["reliability"], s["credibility"], s["grade"]) for s in talks["sources"]] == [
        ("B", 2, "B2")
    ]
    aid = records["jan-aid"]
    assert (aid["likelihood"], aid["resolve_by"], aid["outcome"]) == (
        "very likely",
        "2026-06-01",
        None,
    )
    assert records["jan-ceasefire"]["likelihood"] == 0.9
    assert records["jan-count"]["likelihood"] is None and records["jan-count"]["outcome"] is None
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((out / "data/claims.csv").read_text(), newline=""))
    }
    assert (rows["jan-talks"]["outcome"], rows["jan-talks"]["source_grades"]) == ("occurred", "B2")
    assert rows["jan-aid"]["resolve_by"] == "2026-06-01"


# --- URLs, order and bytes ---------------------------------------------------------


def test_urls_are_absolute_with_an_http_base_url_and_rooted_at_a_base_path(archive, tmp_path):
    absolute = tmp_path / "absolute"
    result = run_briefgen(
        "build", "--no-cache", "--out", str(absolute), "--base-url", "https://u.github.io/repo/",
        root=archive,
    )  # fmt: skip
    assert result.code == 0, result.err
    claim = load(absolute, "claims.json")[-1]
    assert claim["permalink"] == "https://u.github.io/repo/articles/talks/#claim-no-compromise"
    assert claim["page"] == "https://u.github.io/repo/claims/talks/no-compromise/"
    entity = load(absolute, "entities.json")[0]
    assert entity["url"] == "https://u.github.io/repo/entities/steve-witkoff/"
    published = json.loads((absolute / "data/schema/claims.schema.json").read_text())
    assert published["$id"] == "https://u.github.io/repo/data/schema/claims.schema.json"

    rooted = tmp_path / "rooted"
    result = run_briefgen(
        "build", "--no-cache", "--out", str(rooted), "--base-url", "/repo/", root=archive
    )
    assert result.code == 0, result.err
    article = load(rooted, "articles.json")[0]
    assert article["url"] == "/repo/articles/markets/"
    assert "$id" not in json.loads((rooted / "data/schema/claims.schema.json").read_text())


def test_data_files_are_the_same_bytes_in_every_build(archive, site, tmp_path):
    again = tmp_path / "again"
    result = run_briefgen("build", "--no-cache", "--jobs", "2", "--out", str(again), root=archive)
    assert result.code == 0, result.err
    for path in sorted((site / "data").rglob("*")):
        if path.is_file():
            rel = path.relative_to(site)
            assert (again / rel).read_bytes() == path.read_bytes(), rel
    # One record a line, so a change to one claim is a one-line diff.
    lines = (site / "data/claims.json").read_text().splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 2 + 4


def test_an_archive_without_articles_has_empty_data_files(tmp_path):
    root = write_archive(tmp_path / "empty", {"briefgen.yaml": "title: Empty\n"})
    (root / "content").mkdir()
    site = build(root)
    for name in DATA_FILES:
        assert load(site, name) == []
    header = (site / "data/claims.csv").read_text().splitlines()
    assert header == [
        "article,id,permalink,page,quote,kind,status,likelihood,resolve_by,outcome,by,about,tags,sources,"
        "source_locators,source_grades,note"
    ]


# --- the /data/ page ---------------------------------------------------------------


def test_the_data_page_links_every_file_and_its_schema(site):
    page = parse_html(site / "data/index.html")
    assert page.h1.get_text() == "Open data"
    files = {}
    for term in page.select("dl.data-files dt"):
        link = term.find("a")
        target = posixpath.normpath(posixpath.join("data", link["href"]))
        assert (site / target).is_file(), target
        schema_link = term.find_next_sibling("dd").find("a", href=lambda h: "schema" in h)
        schema_target = posixpath.normpath(posixpath.join("data", schema_link["href"]))
        assert (site / schema_target).is_file(), schema_target
        files[link.get_text()] = (term.select_one(".count").get_text(), schema_link.get_text())
    assert files == {
        "claims.json": ("4 claims", "claims.schema.json"),
        "claims.csv": ("4 claims", "claims.schema.json"),
        "entities.json": ("2 entities", "entities.schema.json"),
        "sources.json": ("3 sources", "sources.schema.json"),
        "articles.json": ("2 articles", "articles.schema.json"),
    }
    notes = page.select_one(".data-notes").get_text()
    assert "paths from the server's root" in notes
    assert "briefgen export" in notes


def test_every_page_links_the_data_page_and_the_sitemap_lists_it(site, archive, tmp_path):
    for rel in ["index.html", "articles/talks/index.html", "entities/index.html"]:
        footer = parse_html(site / rel).select_one("footer")
        link = footer.find("a", string="Open data")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), link["href"]))
        assert target == "data/index.html", rel
    out = tmp_path / "with-base"
    result = run_briefgen(
        "build", "--no-cache", "--out", str(out), "--base-url", "https://u.github.io/repo/",
        root=archive,
    )  # fmt: skip
    assert result.code == 0
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://u.github.io/repo/data/</loc>" in sitemap
    assert "data/claims.json" not in sitemap
    note = parse_html(out / "data/index.html").select_one(".data-notes").get_text()
    assert "absolute URLs, starting https://u.github.io/repo/" in note


# --- briefgen export ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, file",
    [
        (["claims"], "claims.json"),
        (["claims", "--format", "csv"], "claims.csv"),
        (["entities"], "entities.json"),
        (["sources"], "sources.json"),
        (["sources", "--format", "csl"], "sources.json"),
        (["articles", "--format", "json"], "articles.json"),
    ],
)
def test_export_writes_the_bytes_of_the_site_file(archive, site, tmp_path, args, file):
    out = tmp_path / "export.out"
    result = run_briefgen("export", *args, "--out", str(out), root=archive)
    assert result.code == 0, result.err
    assert result.out == ""
    assert out.read_bytes() == (site / "data" / file).read_bytes()
    printed = run_briefgen("export", *args, root=archive)
    assert printed.code == 0
    assert printed.out.encode("utf-8") == (site / "data" / file).read_bytes()


def test_export_out_takes_its_format_from_the_file_suffix(archive, site, tmp_path):
    out = tmp_path / "claims.csv"
    result = run_briefgen("export", "claims", "--out", str(out), root=archive)
    assert result.code == 0, result.err
    assert out.read_bytes() == (site / "data/claims.csv").read_bytes()
    # A suffix that names a format the kind does not have is refused, not ignored.
    refused = run_briefgen("export", "sources", "--out", str(tmp_path / "s.csv"), root=archive)
    assert refused.code == 2
    assert "names a CSV file, but sources export as json or csl" in refused.err
    assert not (tmp_path / "s.csv").exists()


def test_export_in_a_process_of_its_own_prints_the_bytes_as_they_are(archive, site):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "export", "claims", "--format", "csv"],
        cwd=archive,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (site / "data/claims.csv").read_bytes()
    assert result.stdout.count(b"\r\n") >= 5  # RFC 4180 line ends, untranslated
    assert result.stderr == b""


def test_the_preview_serves_the_data_with_their_media_types():
    assert content_type("data/claims.csv") == "text/csv; charset=utf-8"
    assert content_type("data/claims.json") == "application/json"


def test_export_shares_the_render_cache_with_build(tmp_path):
    root = write_archive(tmp_path / "cached", ARCHIVE)
    assert run_briefgen("export", "claims", "--no-cache", root=root).code == 0
    assert not (root / CACHE_DIR).exists()
    assert run_briefgen("export", "entities", root=root).code == 0
    built = run_briefgen("build", root=root)
    assert built.code == 0, built.err
    assert "; 2 article bodies from cache" in built.err


def test_export_out_gets_the_mode_of_any_new_file(archive, tmp_path):
    out = tmp_path / "claims.json"
    assert run_briefgen("export", "claims", "--out", str(out), root=archive).code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["claims.json"]  # no part file left


def test_export_csv_of_entities_and_articles(archive):
    result = run_briefgen("export", "entities", "--format", "csv", root=archive)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert [(r["id"], r["wikidata"], r["mentions"]) for r in rows] == [
        ("steve-witkoff", "", "2"),
        ("vladimir-putin", "Q7747", "2"),
    ]
    result = run_briefgen("export", "articles", "--format", "csv", root=archive)
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert [(r["slug"], r["authors"].split("\n")) for r in rows] == [
        ("markets", ["Jane Analyst", "Omar Writer"]),
        ("talks", ["Jane Analyst"]),
    ]


def test_export_takes_the_base_url_and_drafts_like_build(archive, tmp_path):
    root = write_archive(
        tmp_path / "drafts",
        ARCHIVE
        | {
            "content/articles/2025-12-09-draft.md": """
                ---
                title: Not yet
                date: 2025-12-09
                draft: true
                claims:
                  - id: later
                    quote: "later"
                    kind: fact
                ---
                More later.
            """
        },
    )
    plain = json.loads(run_briefgen("export", "articles", root=root).out)
    assert [a["slug"] for a in plain] == ["markets", "talks"]
    with_drafts = run_briefgen(
        "export", "claims", "--drafts", "--base-url", "https://x.example/", root=root
    )
    claims = json.loads(with_drafts.out)
    assert claims[0]["page"] == "https://x.example/claims/draft/later/"


@pytest.mark.parametrize(
    "args, message",
    [
        (["claims", "--format", "csl"], "--format csl is not a format of claims"),
        (["sources", "--format", "csv"], "--format csv is not a format of sources"),
        (["entities", "--format", "csl"], "use --format json or --format csv"),
        (["people"], "invalid choice: 'people'"),
        (["claims", "--format", "xml"], "invalid choice: 'xml'"),
        (["claims", "--base-url", "ftp://x"], "--base-url 'ftp://x' must be an http(s) URL"),
    ],
)
def test_export_usage_errors_exit_2(archive, args, message):
    result = run_briefgen("export", *args, root=archive)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""


def test_export_out_must_name_a_file_in_an_existing_folder(archive, tmp_path):
    result = run_briefgen("export", "claims", "--out", str(tmp_path), root=archive)
    assert result.code == 2 and "is a folder" in result.err
    missing = tmp_path / "nowhere" / "claims.json"
    result = run_briefgen("export", "claims", "--out", str(missing), root=archive)
    assert result.code == 2 and "no folder" in result.err


def test_export_reports_content_errors_and_writes_nothing(tmp_path):
    broken = dict(MINIMAL)
    broken["content/articles/2025-12-02-talks.md"] = broken[
        "content/articles/2025-12-02-talks.md"
    ].replace("about: [vladimir-putin]", "about: [vladimir-putn]")
    root = write_archive(tmp_path / "broken", broken)
    out = tmp_path / "claims.json"
    out.write_text("previous\n")
    result = run_briefgen("export", "claims", "--out", str(out), root=root)
    assert result.code == 1
    assert result.out == ""
    assert out.read_text() == "previous\n"
    assert len(result.diagnostics) == 1
    line = result.diagnostics[0]
    assert line.startswith("content/articles/2025-12-02-talks.md:")
    assert "error: claim 'no-breakthrough': unknown entity 'vladimir-putn'" in line
    assert "did you mean 'vladimir-putin'?" in line
    assert "export failed: 1 error" in result.err
    assert "Traceback" not in result.err


def test_export_help_names_kinds_and_formats():
    result = run_briefgen("export", "--help")
    assert result.code == 0
    for word in ["claims", "entities", "sources", "articles", "csv", "csl", "--out"]:
        assert word in result.out


def test_the_data_schemas_allow_the_values_the_content_format_declares():
    from briefgen import schema as format_schema

    claim = schema("claims.schema.json")["$defs"]
    assert claim["claim"]["properties"]["kind"]["enum"] == list(format_schema.CLAIM_KINDS)
    assert claim["claim"]["properties"]["status"]["enum"] == list(format_schema.CLAIM_STATUSES)
    terms = claim["claim"]["properties"]["likelihood"]["oneOf"][1]["enum"]
    assert terms == list(format_schema.LIKELIHOOD_TERMS)
    reliability = claim["citation"]["properties"]["reliability"]["oneOf"][1]["enum"]
    assert reliability == list(format_schema.RELIABILITY_GRADES)
    entity = schema("entities.schema.json")["$defs"]["entity"]["properties"]
    assert entity["type"]["enum"] == list(format_schema.ENTITY_TYPES)
    assert entity["wikidata"]["oneOf"][1]["pattern"] == format_schema.WIKIDATA_PATTERN
    csl_types = schema("sources.schema.json")["$defs"]["item"]["properties"]["type"]["enum"]
    assert {CSL_TYPES[kind] for kind in format_schema.SOURCE_KINDS} == set(csl_types)


def test_the_data_page_counts_one_record_in_the_singular():
    from briefgen.opendata import DataFile

    def counted(kind: str, count: int) -> str:
        return DataFile("p", "n", "application/json", kind, count, "s", "d").count_text

    assert [counted(kind, 1) for kind in ("claims", "entities", "sources", "articles")] == [
        "1 claim",
        "1 entity",
        "1 source",
        "1 article",
    ]
    assert counted("entities", 0) == "0 entities"
