"""An article's rendering as the cache keeps it (engine/records.py): every field of
RenderedArticle goes in and comes back the same, and a record lacking one is
never used."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive
from site_compare import tree
from test_render_rules import MD, PUTIN, article, claim, source, tail

from briefgen.cache import CACHE_DIR
from briefgen.config import Config
from briefgen.diagnostics import Diagnostics
from briefgen.engine.records import article_record, read_record
from briefgen.render import RenderedArticle, render_body

BODY = """## Background

Vladimir Putin said the talks went well. Putin left [early](/articles/b/).

## Outlook

Nothing was agreed.
"""


def _rendered_article():
    tass, readout = source("tass"), source("readout")
    claims = [
        claim("well", "the talks went well", cites=[tass, readout]),
        claim("left", "Putin left early", cites=[readout]),
        # Not in the body: a drift, and an error.
        claim("gone", "the talks collapsed overnight"),
    ]
    claims[0].note = "See *the readout*."
    art = article(BODY, claims, entities=[PUTIN])
    diags = Diagnostics()
    rendered = render_body(art, MD, Config(), lambda p: p, tail, diags)
    return art, rendered, diags


def _through_json(record: dict) -> dict:
    return json.loads(json.dumps(record))


def test_a_rendered_article_comes_back_from_its_record_as_it_was():
    art, rendered, diags = _rendered_article()
    # Every kind of field holds something: the round trip below means something.
    for f in dataclasses.fields(RenderedArticle):
        assert getattr(rendered, f.name), f.name
    assert diags.items
    record = _through_json(article_record(art, rendered, diags))
    assert {f.name for f in dataclasses.fields(RenderedArticle)} <= set(record)
    read = read_record(art, record)
    assert read is not None
    again, diagnostics = read
    assert again == rendered
    for f in dataclasses.fields(RenderedArticle):
        assert getattr(again, f.name) == getattr(rendered, f.name), f.name
    # The very objects of the article, not copies.
    assert [id(s) for s in again.sources_cited] == [id(s) for s in rendered.sources_cited]
    assert all(m.article is art for m in again.mentions)
    assert [[id(c) for c in claims] for claims in again.source_claims.values()] == [
        [id(c) for c in claims] for claims in rendered.source_claims.values()
    ]
    assert [d.format() for d in diagnostics] == [d.format() for d in diags.items]


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(RenderedArticle)])
def test_a_record_missing_a_field_is_not_used(name: str):
    art, rendered, diags = _rendered_article()
    record = _through_json(article_record(art, rendered, diags))
    del record[name]
    assert read_record(art, record) is None


def test_a_record_of_other_claims_or_values_of_another_type_is_not_used():
    art, rendered, diags = _rendered_article()
    record = _through_json(article_record(art, rendered, diags))
    fewer = article(BODY, art.claims[:2], entities=[PUTIN])
    assert read_record(fewer, record) is None
    assert read_record(art, {**record, "word_count": "many"}) is None
    assert read_record(art, {**record, "toc": [[2, "background"]]}) is None
    assert read_record(art, {**record, "sources_cited": ["not-cited"]}) is None
    assert read_record(art, {**record, "diagnostics": [["only a path"]]}) is None


def test_a_cached_record_missing_a_field_is_rendered_again(tmp_path: Path):
    files = {**MINIMAL, "briefgen.yaml": MINIMAL["briefgen.yaml"] + "    search: false\n"}
    root = write_archive(tmp_path / "archive", files)
    reference = tmp_path / "reference"
    assert run_briefgen("build", "--out", str(reference), "--no-cache", root=root).code == 0
    first = run_briefgen("build", "--out", str(tmp_path / "first"), root=root)
    assert first.code == 0 and "; 0 article bodies from cache" in first.err
    with closing(sqlite3.connect(root / CACHE_DIR / "cache.sqlite")) as db, db:
        ((key, value),) = db.execute("SELECT key, value FROM articles").fetchall()
        record = json.loads(value)
        del record["word_count"]
        db.execute("UPDATE articles SET value = ? WHERE key = ?", (json.dumps(record), key))
    second = run_briefgen("build", "--out", str(tmp_path / "second"), root=root)
    assert second.code == 0, second.err
    assert "; 0 article bodies from cache" in second.err
    byline = parse_html(tmp_path / "second" / "articles" / "talks" / "index.html").select_one(
        ".byline"
    )
    assert "words" in byline.get_text()
    assert tree(tmp_path / "second") == tree(reference)
    # Rendered again, it is kept whole: the next build takes it from the cache.
    third = run_briefgen("build", "--out", str(tmp_path / "third"), root=root)
    assert "; 1 article bodies from cache" in third.err
    assert tree(tmp_path / "third") == tree(reference)
