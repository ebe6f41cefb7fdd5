"""Each article's share image: a 1200x630 PNG at /articles/<slug>/share.png, named by
the page's Open Graph and Twitter tags, the same bytes from the same article, and
drawn again only when what it shows changes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive
from PIL import Image
from test_serve_support import get, running_preview

import briefgen.pages
from briefgen.share_image import KIND_COLOURS

BASE = "https://example.org/briefing/"
ARTICLE = "content/articles/2025-12-02-talks.md"


def build(root: Path, out: Path, *extra: str) -> Path:
    result = run_briefgen("build", "--out", str(out), *extra, root=root)
    assert result.code == 0, result.err
    return out


def meta(page, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)


def test_an_article_page_names_its_share_image_by_absolute_url(archive: Path, tmp_path: Path):
    site = build(archive, tmp_path / "site", "--base-url", BASE)
    page = parse_html(site / "articles/talks/index.html")
    assert meta(page, "og:image") == BASE + "articles/talks/share.png"
    assert meta(page, "og:image:type") == "image/png"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "og:image:alt") == (
        "Talks in Moscow · 2 December 2025 · 2 claims: 1 fact, 1 statement"
    )
    assert meta(page, "twitter:card") == "summary_large_image"

    image = png((site / "articles/talks/share.png").read_bytes())
    assert image.format == "PNG" and image.size == (1200, 630)
    # Nothing but the picture: no text chunks, no time of making.
    assert not {"tIME", "tEXt", "iTXt", "zTXt"} & set(image.info)
    assert set(image.info) <= {"transparency", "dpi"}
    # The band along the foot shares the width between the kinds of the claims:
    # here one fact and one statement, half each.
    rgb = image.convert("RGB")
    assert rgb.getpixel((300, 625)) == KIND_COLOURS["fact"]
    assert rgb.getpixel((900, 625)) == KIND_COLOURS["statement"]

    # Pages that are not articles have no image, and a small card.
    home = parse_html(site / "index.html")
    assert meta(home, "og:image") is None
    assert meta(home, "twitter:card") == "summary"


def test_without_a_base_url_the_image_is_named_relative_to_the_page(archive: Path, tmp_path):
    site = build(archive, tmp_path / "site")
    page_path = site / "articles/talks/index.html"
    src = meta(parse_html(page_path), "og:image")
    assert not src.startswith(("http:", "https:", "/"))
    assert (page_path.parent / src).resolve() == (site / "articles/talks/share.png").resolve()


def test_the_image_is_the_same_bytes_from_the_same_article(archive: Path, tmp_path: Path):
    first = build(archive, tmp_path / "one", "--no-cache") / "articles/talks/share.png"
    second = build(archive, tmp_path / "two", "--no-cache") / "articles/talks/share.png"
    assert first.read_bytes() == second.read_bytes()

    # A long title with letters beyond ASCII is wrapped and still drawn: a new title
    # gives a new image of the same size.
    path = archive / ARTICLE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Talks in Moscow",
            "title: Erdoğan, Zelenskyy and the envoys — why the talks in Moscow, Geneva "
            "and Florida ended without any breakthrough after five hours of discussion",
        ),
        encoding="utf-8",
    )
    third = build(archive, tmp_path / "three", "--no-cache") / "articles/talks/share.png"
    assert third.read_bytes() != first.read_bytes()
    assert png(third.read_bytes()).size == (1200, 630)


@pytest.mark.parametrize("own_theme", [False, True])
def test_an_image_is_drawn_again_only_when_what_it_shows_changes(
    archive: Path, tmp_path: Path, monkeypatch, own_theme: bool
):
    if own_theme:  # templates of its own: any page may show anything, but not an image
        (archive / "templates").mkdir()
        (archive / "templates" / "404.html").write_text(
            '{% extends "base.html" %}{% block main %}<h1>Lost</h1>{% endblock %}\n'
        )
    drawn: list[str] = []
    draw = briefgen.pages.draw_share_image

    def counting(card):
        drawn.append(card.title)
        return draw(card)

    monkeypatch.setattr(briefgen.pages, "draw_share_image", counting)
    out = tmp_path / "site"
    build(archive, out, "--jobs", "1")
    assert drawn == ["Talks in Moscow"]
    path = archive / ARTICLE
    text = path.read_text(encoding="utf-8")

    # The body and a claim's status are not on the image: it is kept.
    text = text.replace("in Moscow.", "in Moscow on Tuesday.").replace(
        "status: disputed", "status: false"
    )
    path.write_text(text, encoding="utf-8")
    drawn.clear()
    build(archive, out, "--jobs", "1")
    assert drawn == []
    assert "on Tuesday" in (out / "articles/talks/index.html").read_text(encoding="utf-8")

    # A claim's kind, the title and the date are.
    for old, new in (
        ("kind: statement", "kind: assessment"),
        ("title: Talks in Moscow", "title: Talks in the Kremlin"),
        ("date: 2025-12-02", "date: 2025-12-03"),
    ):
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        drawn.clear()
        build(archive, out, "--jobs", "1")
        assert len(drawn) == 1, old
    reference = build(archive, tmp_path / "reference", "--no-cache")
    share = "articles/talks/share.png"
    assert (out / share).read_bytes() == (reference / share).read_bytes()


def test_the_preview_serves_the_image(archive: Path, tmp_path: Path):
    with running_preview(archive, out=tmp_path / "out") as preview:
        page = get(preview, "/articles/talks/")
        src = meta(parse_html_text(page.text), "og:image")
        assert src == "/articles/talks/share.png"
        image = get(preview, src)
        assert image.status == 200
        assert image.headers["content-type"] == "image/png"
        assert png(image.body).size == (1200, 630)


def parse_html_text(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")
