"""The share image of an article: a 1200x630 PNG that chat apps and social sites
show beside a link to it (`og:image`), at /articles/<slug>/share.png.

It shows the site's title, the article's title (wrapped, smaller when long), its
date and its claims counted by kind, each with the kind's shape and colour as on
the page. It is drawn with Pillow in DejaVu Sans, shipped in briefgen/fonts/ so that
every machine draws the same glyphs; the PNG holds no time or other metadata, so an
unchanged article gives the same bytes. What it shows is a `ShareCard`: the page key
of the image (briefgen/engine/keys.py), so an image is drawn again only when the title,
date, site title or claim counts change.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from briefgen.model import CLAIM_KINDS, KIND_LABELS, Article
from briefgen.theme import format_date

FILE_NAME = "share.png"
WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"

# The theme's light colours (templates/static/style.css).
BACKGROUND = (253, 253, 251)
TEXT = (29, 31, 33)
MUTED = (84, 89, 95)
RULE = (217, 219, 222)
KIND_COLOURS = {
    "fact": (31, 95, 168),
    "assessment": (107, 63, 160),
    "forecast": (11, 107, 92),
    "recommendation": (154, 71, 0),
    "statement": (138, 40, 70),
}
MARGIN = 80


@dataclass(frozen=True)
class ShareCard:
    """Everything a share image shows."""

    site_title: str
    title: str
    date: str
    counts: tuple[tuple[str, int], ...]  # (kind, number of claims), kinds with claims

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def share_path(article: Article) -> str:
    return article.url + FILE_NAME


def share_card(article: Article, site_title: str) -> ShareCard:
    by_kind = {kind: 0 for kind in CLAIM_KINDS}
    for claim in article.claims:
        by_kind[claim.kind] += 1
    return ShareCard(
        site_title=site_title,
        title=article.title,
        date=format_date(article.date),
        counts=tuple((kind, n) for kind, n in by_kind.items() if n),
    )


def alt_text(card: ShareCard) -> str:
    """What the image shows, for `og:image:alt`."""
    return f"{card.title} · {card.date} · {_claims_line(card)}"


def _claims_line(card: ShareCard) -> str:
    total = card.total
    if not total:
        return "no claims"
    parts = ", ".join(_count_label(kind, n) for kind, n in card.counts)
    return f"{total} claim{'s' if total != 1 else ''}: {parts}"


def _count_label(kind: str, n: int) -> str:
    label = KIND_LABELS[kind].lower()
    return f"{n} {label}{'s' if n != 1 else ''}"


@functools.cache
def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _wrap(text: str, font, width: int) -> list[str]:
    """Lines of at most `width` pixels, broken at spaces (inside a word only when
    the word alone is wider)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while font.getlength(word) > width:  # a very long word: cut it
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(title: str, width: int, height: int) -> tuple[object, list[str], int]:
    """The largest title size whose wrapped lines fit; at the smallest, the lines
    that fit, the last ending in an ellipsis."""
    for size in (72, 64, 56, 50, 44):
        font = _font(size, bold=True)
        line_height = round(size * 1.18)
        lines = _wrap(title, font, width)
        if len(lines) * line_height <= height:
            return font, lines, line_height
    most = max(1, height // line_height)
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return font, lines, line_height


def _shape(draw, kind: str, x: int, y: int, size: int) -> None:
    """The kind's shape (as in the theme's badges) with its top left at x, y."""
    colour = KIND_COLOURS[kind]
    if kind == "fact":
        draw.rectangle((x, y, x + size, y + size), fill=colour)
    elif kind == "assessment":
        h = size // 2
        draw.polygon(
            [(x + h, y - 2), (x + size + 2, y + h), (x + h, y + size + 2), (x - 2, y + h)],
            fill=colour,
        )
    elif kind == "forecast":
        draw.polygon([(x + size // 2, y), (x + size + 1, y + size), (x - 1, y + size)], fill=colour)
    elif kind == "recommendation":
        draw.ellipse((x, y, x + size, y + size), fill=colour)
    else:  # statement: an opening quotation mark
        font = _font(round(size * 2.2), bold=True)
        draw.text((x - 2, y - round(size * 0.35)), "“", font=font, fill=colour)


def draw_share_image(card: ShareCard) -> bytes:
    """The PNG bytes of `card`'s image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # A band along the foot, split between the kinds in proportion to their claims.
    band_top = HEIGHT - 18
    if card.total:
        x = 0
        for index, (kind, n) in enumerate(card.counts):
            end = WIDTH if index == len(card.counts) - 1 else x + round(WIDTH * n / card.total)
            draw.rectangle((x, band_top, end, HEIGHT), fill=KIND_COLOURS[kind])
            x = end
    else:
        draw.rectangle((0, band_top, WIDTH, HEIGHT), fill=RULE)

    site_font = _font(30, bold=True)
    site = _wrap(card.site_title, site_font, inner)[:1]
    draw.text((MARGIN, 56), site[0] if site else "", font=site_font, fill=MUTED)
    draw.line((MARGIN, 108, MARGIN + 96, 108), fill=TEXT, width=4)

    # The counts, one row or more, from the foot up.
    count_font = _font(30)
    rows: list[list[tuple[str, str, int]]] = [[]]
    row_width = 0
    for kind, n in card.counts:
        text = _count_label(kind, n)
        width = 34 + round(count_font.getlength(text))
        if rows[-1] and row_width + 40 + width > inner:
            rows.append([])
            row_width = 0
        row_width += (40 if rows[-1] else 0) + width
        rows[-1].append((kind, text, width))
    row_height = 48
    counts_top = band_top - 56 - row_height * len(rows)
    for r, row in enumerate(rows):
        x = MARGIN
        y = counts_top + r * row_height
        for kind, text, width in row:
            _shape(draw, kind, x, y + 9, 22)
            draw.text((x + 34, y), text, font=count_font, fill=TEXT)
            x += width + 40

    # Date and total above the counts; the title fills the space above them.
    meta_font = _font(30)
    total = card.total
    meta = f"{card.date} · {total} claim{'s' if total != 1 else ''}"
    meta_top = counts_top - 62
    draw.text((MARGIN, meta_top), meta, font=meta_font, fill=MUTED)
    title_top = 142
    font, lines, line_height = _fit_title(card.title, inner, meta_top - 28 - title_top)
    for n, line in enumerate(lines):
        draw.text((MARGIN, title_top + n * line_height), line, font=font, fill=TEXT)

    out = io.BytesIO()
    # An image of a few colours and their blends with the background: as a palette
    # image it is written several times faster and in half the bytes, and looks the
    # same; zlib's level 3 takes half the time of its default for a quarter more
    # bytes (about 22 KB). No text chunks, no time: the same card, the same bytes.
    paletted = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    paletted.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


@functools.cache
def _palette():
    """The background, and 15 steps from it to each colour drawn (anti-aliased
    edges are such blends)."""
    from PIL import Image

    colours = [BACKGROUND]
    for colour in (TEXT, MUTED, RULE, *KIND_COLOURS.values()):
        for step in range(1, 16):
            colours.append(
                tuple(
                    round(b + (c - b) * step / 15) for b, c in zip(BACKGROUND, colour, strict=True)
                )
            )
    palette = Image.new("P", (1, 1))
    flat = [value for colour in colours for value in colour]
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette
