"""An article's body as a feed carries it: claims as plain <mark> and [n] marks.

Feed readers drop stylesheets and most attributes, so the claim tail of the page
(the badge, the card shown on hover, the citation markers) would show as run-on
text ("Fact · Verified Kind Fact Status Verified About ..."). Here the rendered
body is read with the standard library's HTML parser and written again with each
claim tail left out; after it come the claim's source numbers as plain "[n]"
links to the page's source list, and the list itself ends the entry. The tail is
found by its class, not by its contents, so an archive's own claim template is
left out as well.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from briefgen.model import Article

# Elements without an end tag (HTML's void elements).
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Attributes a feed entry keeps: what makes a link, an image or a table work.
_KEPT_ATTRIBUTES = frozenset(
    "id href src alt title colspan rowspan scope lang dir start reversed cite datetime".split()
)


def _classes(attrs: list[tuple[str, str | None]]) -> list[str]:
    for name, value in attrs:
        if name == "class" and value:
            return value.split()
    return []


class _FeedBody(HTMLParser):
    def __init__(self, citations: dict[str, list[int]]):
        super().__init__(convert_charrefs=True)
        self.citations = citations
        self.out: list[str] = []
        self.skip_depth = 0  # > 0 inside a claim tail
        self.last_claim = ""

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str = ">") -> str:
        kept = "".join(
            f' {name}="{escape(value or "", quote=True)}"'
            for name, value in attrs
            if name in _KEPT_ATTRIBUTES
        )
        return f"<{tag}{kept}{end}"

    def handle_starttag(self, tag, attrs):
        if self.skip_depth:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        classes = _classes(attrs)
        if "claim-tail" in classes:
            self.skip_depth = 1
            return
        if tag == "mark":
            claim = dict(attrs).get("data-claim") or ""
            if claim:
                self.last_claim = claim
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        if not self.skip_depth:
            self.out.append(self._tag(tag, attrs))

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag in _VOID:
                return
            self.skip_depth -= 1
            if self.skip_depth == 0:
                self.out.append(self._marks(self.last_claim))
            return
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip_depth:
            self.out.append(escape(data, quote=False))

    def _marks(self, claim_id: str) -> str:
        numbers = self.citations.get(claim_id, [])
        return "".join(f'<sup><a href="#source-{n}">[{n}]</a></sup>' for n in numbers)


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
    parser = _FeedBody(citations)
    parser.feed(str(article.body_html))
    parser.close()
    html = "".join(parser.out)
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
