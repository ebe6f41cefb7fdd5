"""An article's body as a feed carries it: claims as plain <mark> and [n] marks.

Feed readers drop stylesheets and most attributes, so the claim tail of the page
(the badge, the card shown on hover, the citation markers) would show as run-on
text ("Fact · Verified Kind Fact Status Verified About ..."). Here each claim tail
is cut out of the rendered body and replaced by the claim's source numbers as
plain "[n]" links to the page's source list, each quote's <mark> loses its classes,
and the numbered source list ends the entry.

The body is HTML that briefgen wrote (markdown-it's output, or nh3's when raw HTML
is allowed), so text never holds a raw "<": a tag found by a pattern is a tag. A
tail is found by its class, not by its contents, so an archive's own claim
template is cut out as well; its end is the end tag that balances its start tag.
Patterns, not an HTML parser: an entry is made for every article a feed lists, and
the standard library's parser took longer than rendering the page.
"""

from __future__ import annotations

import re
from html import escape

from briefgen.model import Article

# In one pass: a mark's start and end, and the start of a claim tail.
_SCAN = re.compile(
    r"<mark\b[^>]*>|</mark>"
    r'|<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bclass="(?:[^"]*\s)?claim-tail[\s"][^>]*>'
)
_CLAIM_ID = re.compile(r'data-claim="([^"]*)"')


def _without_tails(html: str, citations: dict[str, list[int]]) -> str:
    out: list[str] = []
    position = 0  # html before it is in `out`
    open_marks: list[str] = []  # claim ids of the marks open at this point
    last_closed = ""  # the claim of the mark that ended last
    for found in _SCAN.finditer(html):
        text = found.group()
        if found.start() < position:  # inside a tail already cut out
            continue
        if text.startswith("<mark"):
            claim = _CLAIM_ID.search(text)
            open_marks.append(claim.group(1) if claim else "")
            out.append(html[position : found.start()] + "<mark>")
            position = found.end()
            continue
        if text == "</mark>":
            last_closed = open_marks.pop() if open_marks else ""
            continue
        # A tail: cut up to the end tag that balances its start tag. The theme's
        # tail names its claim; another is taken to follow the quote just ended.
        depth = 0
        end = len(html)
        for match in re.compile(rf"<(/?){found.group('tag')}\b[^>]*>").finditer(
            html, found.start()
        ):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                end = match.end()
                break
        claim = _CLAIM_ID.search(text)
        numbers = citations.get(claim.group(1) if claim else last_closed, [])
        out.append(html[position : found.start()])
        out.append("".join(f'<sup><a href="#source-{n}">[{n}]</a></sup>' for n in numbers))
        position = end
    out.append(html[position:])
    return "".join(out)


def feed_body(article: Article) -> str:
    """The entry content of `article`: its body without claim tails, with [n] marks
    and the numbered source list."""
    citations: dict[str, list[int]] = {}
    for claim in article.claims:
        numbers: list[int] = []
        for citation in claim.citations:
            if citation.source is not None and citation.number and citation.number not in numbers:
                numbers.append(citation.number)
        citations[claim.id] = numbers
    html = _without_tails(str(article.body_html), citations)
    if article.sources_cited:
        items = []
        for number, source in enumerate(article.sources_cited, start=1):
            text = escape(source.title)
            if source.url:
                text = f'<a href="{escape(source.url, quote=True)}">{text}</a>'
            if source.publisher:
                text += f", {escape(source.publisher)}"
            items.append(f'<li id="source-{number}">{text}</li>')
        html += "\n<h2>Sources</h2>\n<ol>" + "".join(items) + "</ol>\n"
    return html
