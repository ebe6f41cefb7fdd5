"""Stage 4, render: Markdown to HTML, with claim, mention and citation marks.

Bodies are parsed by markdown-it-py into a token stream; marks are added to that
stream, never to HTML strings, so a quote may span emphasis or links and the
output stays well nested. Raw HTML in Markdown is escaped unless the archive opts
in (`raw_html: true`), and then sanitised (see sanitize.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as default_heading_slug
from mdit_py_plugins.footnote import footnote_plugin

from briefgen.config import Config
from briefgen.diagnostics import Diagnostics
from briefgen.model import Article, Claim, Entity, Mention, Source
from briefgen.quotes import _FOLD, find_all, fold
from briefgen.reanchor import Drift, best_passage
from briefgen.sanitize import clean_html, police_links
from briefgen.schema import CONFIG

# The theme renders the badge, hover card and citation markers that follow a claim.
ClaimTailRenderer = Callable[[Claim, list[tuple[int, Source]], Callable[[str], str]], str]


# Ids an article page gives to other things: claims, their cards, entries of the
# source list, mentions, footnotes, and the theme's landmarks and headings.
_RESERVED_ID = re.compile(
    r"^(?:(?:claim|card|source|mention)-|fn(?:ref)?\d|"
    r"(?:main|article-title|(?:claims|sources|entities|footnotes)-heading)$)"
)


def heading_slug(title: str) -> str:
    """A heading's anchor; never one of the ids above, so that `## Source 1` cannot
    capture the link of citation [1]."""
    slug = default_heading_slug(title)
    return slug + "-section" if _RESERVED_ID.search(slug) else slug


def make_markdown(
    raw_html: bool = False, slug_func: Callable[[str], str] = heading_slug
) -> MarkdownIt:
    """`slug_func` gives a heading its id; the default avoids the article page's ids
    (a body shown on another kind of page passes page_ids.heading_slug_for(kind))."""
    md = MarkdownIt("commonmark", {"html": raw_html, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slug_func)
    # Every link is kept so that police_links can report an unsafe one at its line
    # (markdown-it would otherwise silently print it as text).
    md.validateLink = lambda url: True
    md.add_render_rule("footnote_caption", _footnote_caption)
    md.add_render_rule("footnote_block_open", _footnote_block_open)
    md.add_render_rule(
        "table_open",
        lambda self, tokens, idx, options, env: (
            '<div class="table-wrap" role="region" aria-label="Table" tabindex="0">\n'
            + self.renderToken(tokens, idx, options, env)
        ),
    )
    md.add_render_rule(
        "table_close",
        lambda self, tokens, idx, options, env: (
            self.renderToken(tokens, idx, options, env) + "</div>\n"
        ),
    )
    return md


def _footnote_caption(self, tokens, idx, options, env) -> str:
    # Plain superscript numbers: bracketed numbers belong to source citations.
    number = str(tokens[idx].meta["id"] + 1)
    sub = tokens[idx].meta.get("subId", -1)
    return number + (f":{sub}" if sub > 0 else "")


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return (
        '<section class="footnotes" aria-labelledby="footnotes-heading">\n'
        '<h2 id="footnotes-heading">Notes</h2>\n<ol class="footnotes-list">\n'
    )


def render_markdown(
    md: MarkdownIt,
    text: str,
    path: str = "",
    first_line: int = 1,
    diags: Diagnostics | None = None,
    url: Callable[[str], str] | None = None,
) -> str:
    """Plain Markdown (notes, entity and source bodies, tag descriptions)."""
    if not text.strip():
        return ""
    env: dict = {}
    tokens = md.parse(text, env)
    police_links(tokens, text, first_line, path, diags if diags is not None else Diagnostics(), url)
    html = md.renderer.render(tokens, md.options, env)
    return clean_html(html) if md.options["html"] else html


def inline_text(token: Token) -> str:
    """The visible text of an inline token."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


@dataclass
class _Block:
    """One inline token of the body (a paragraph, heading, list item or cell).

    Three texts of it: `raw`, its text children joined (a line break as a space);
    `display`, raw with each run of white space collapsed to one space; `folded`,
    display with quotes and dashes normalised for matching (same length). Positions
    are mapped between them by a few segments, not by a list per character: this
    runs for every paragraph of every article.
    """

    token: Token
    line: int
    heading: bool
    section: str
    raw: str = ""
    folded: str = ""  # normalised text, for matching
    display: str = ""  # original characters, white space collapsed
    # raw text: one segment per text child, from raw offset seg_start[k]
    seg_start: list[int] = field(default_factory=list)
    seg_child: list[int] = field(default_factory=list)  # the segment's child index
    # raw ranges inside a link or code, where no mention is looked for
    no_mention: list[tuple[int, int]] = field(default_factory=list)
    # folded index -> raw index: from fold_start[k] on, raw = raw_start[k] + offset
    fold_start: list[int] = field(default_factory=list)
    raw_start: list[int] = field(default_factory=list)

    def to_raw(self, index: int) -> int:
        k = bisect_right(self.fold_start, index) - 1
        return self.raw_start[k] + index - self.fold_start[k]

    def child_at(self, index: int) -> tuple[int, int]:
        """(child index, offset in its content) of folded position `index`."""
        at = self.to_raw(index)
        k = bisect_right(self.seg_start, at) - 1
        return self.seg_child[k], at - self.seg_start[k]

    def mention_allowed(self, start: int, end: int) -> bool:
        """No letter of folded [start, end) is inside a link or code."""
        if not self.no_mention:
            return True
        first, last = self.to_raw(start), self.to_raw(end - 1)
        for a, b in self.no_mention:
            if a <= last and first < b:
                lo, hi = max(a, first), min(b, last + 1)
                if not self.raw[lo:hi].isspace():
                    return False
        return True


_SPACES = re.compile(r"\s+")
_COLLAPSE = re.compile(r"^\s+|\s{2,}")


def _collect_blocks(tokens: list[Token], body_line: int) -> list[_Block]:
    blocks = []
    section = ""
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        heading = index > 0 and tokens[index - 1].type == "heading_open"
        if heading:
            section = inline_text(token).strip()
        line = body_line + (token.map[0] if token.map else 0)
        block = _Block(token, line, heading, section)
        raw_text = []
        size = 0
        link_depth = 0
        for child_index, child in enumerate(token.children or []):
            kind = child.type
            if kind == "link_open":
                link_depth += 1
            elif kind == "link_close":
                link_depth -= 1
            if kind == "text" or kind == "code_inline":
                content = child.content
            elif kind == "softbreak" or kind == "hardbreak":
                content = " "
            else:
                continue
            block.seg_start.append(size)
            block.seg_child.append(child_index)
            if (link_depth > 0 or kind == "code_inline") and content:
                block.no_mention.append((size, size + len(content)))
            raw_text.append(content)
            size += len(content)
        raw = block.raw = "".join(raw_text)
        # A run of white space becomes one space standing for the run's first
        # character, and none at the start (`\s` is exactly str.isspace).
        folded_at = raw_at = 0
        block.fold_start.append(0)
        block.raw_start.append(0)
        for run in _COLLAPSE.finditer(raw):
            start, end = run.span()
            folded_at += start - raw_at + (1 if start > 0 else 0)
            raw_at = end
            block.fold_start.append(folded_at)
            block.raw_start.append(end)
        display = _SPACES.sub(" ", raw)
        block.display = display[1:] if raw[:1].isspace() else display
        block.folded = block.display.translate(_FOLD)
        blocks.append(block)
    return blocks


@dataclass
class _Range:
    block: _Block
    start: int  # folded offsets, end exclusive
    end: int


class _Marker:
    """Splits text tokens at range boundaries and wraps ranges in balanced tags."""

    def __init__(self, block: _Block):
        self.block = block
        self.children: list[Token] = list(block.token.children or [])
        self.cuts: dict[int, set[int]] = {}
        self._split_done = False
        self.first_last: dict[tuple[int, int], tuple[Token, Token]] = {}

    def _raw_bounds(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        first = self.block.child_at(start)
        last_child, last_offset = self.block.child_at(end - 1)
        return first, (last_child, last_offset + 1)

    def want(self, start: int, end: int) -> None:
        (c1, o1), (c2, o2) = self._raw_bounds(start, end)
        self.cuts.setdefault(c1, set()).add(o1)
        self.cuts.setdefault(c2, set()).add(o2)

    def split(self) -> None:
        """Split text tokens so that every wanted boundary is a token boundary."""
        self.piece_at: dict[tuple[int, int], Token] = {}  # (child, offset) -> first token
        self.piece_before: dict[tuple[int, int], Token] = {}  # (child, offset) -> last token
        new_children: list[Token] = []
        for child_index, child in enumerate(self.children):
            if child.type != "text":
                new_children.append(child)
                for offset in self.cuts.get(child_index, ()):
                    self.piece_at[(child_index, offset)] = child
                    self.piece_before[(child_index, offset)] = child
                continue
            cuts = sorted({0, len(child.content)} | self.cuts.get(child_index, set()))
            cuts = [c for c in cuts if 0 <= c <= len(child.content)]
            pieces = []
            for a, b in zip(cuts, cuts[1:], strict=False):
                piece = Token("text", "", 0, content=child.content[a:b])
                pieces.append(piece)
                self.piece_at[(child_index, a)] = piece
                self.piece_before[(child_index, b)] = piece
            if not pieces:
                pieces = [child]
            new_children.extend(pieces)
        self.children = new_children

    def tokens_for(self, start: int, end: int) -> tuple[Token, Token]:
        (c1, o1), (c2, o2) = self._raw_bounds(start, end)
        return self.piece_at[(c1, o1)], self.piece_before[(c2, o2)]

    def _index(self, token: Token) -> int:
        for index, child in enumerate(self.children):
            if child is token:
                return index
        raise LookupError("token not found")

    def wrap(
        self,
        first: Token,
        last: Token,
        make_open: Callable[[int], Token],
        make_close: Callable[[], Token],
        tail: list[Token] | None = None,
    ) -> None:
        """Wrap first..last (inclusive) in open/close tokens, split into well-nested
        segments where the range crosses the boundary of an element."""
        start = self._index(first)
        end = self._index(last) + 1
        out: list[Token] = []
        segment: list[Token] = []
        segments = 0

        def close_segment() -> None:
            nonlocal segments
            if any(t.type not in ("softbreak",) for t in segment) and segment:
                out.append(make_open(segments))
                out.extend(segment)
                out.append(make_close())
                segments += 1
            else:
                out.extend(segment)
            segment.clear()

        index = start
        while index < end:
            token = self.children[index]
            if token.nesting == 1:
                match = self._match(index)
                if match < end:
                    segment.extend(self.children[index : match + 1])
                    index = match + 1
                    continue
                close_segment()
                out.append(token)
            elif token.nesting == -1:
                close_segment()
                out.append(token)
            else:
                segment.append(token)
            index += 1
        close_segment()
        self.children[start:end] = out
        if tail:
            self.children[self._outside_links(start + len(out)) : 0] = tail

    def _outside_links(self, position: int) -> int:
        """The first position at or after `position` that is not inside a link, so
        that the claim's badge and citation links never nest inside another link."""
        depth = sum(
            {"link_open": 1, "link_close": -1}.get(t.type, 0) for t in self.children[:position]
        )
        while depth > 0 and position < len(self.children):
            depth += {"link_open": 1, "link_close": -1}.get(self.children[position].type, 0)
            position += 1
        return position

    def _match(self, index: int) -> int:
        depth = 0
        for position in range(index, len(self.children)):
            depth += self.children[position].nesting
            if depth == 0:
                return position
        return len(self.children)

    def finish(self) -> None:
        self.block.token.children = self.children


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _tag(tag: str, nesting: int, attrs: dict | None = None) -> Token:
    token = Token(f"{tag}_{'open' if nesting == 1 else 'close'}", tag, nesting)
    for key, value in (attrs or {}).items():
        token.attrSet(key, value)
    return token


_ABBREVIATION_RE = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|No|vs))\.$")


def _abbreviation_ends(text: str, at: int) -> bool:
    """text[:at] ends with an abbreviation such as "Dr." or "J.". Only the last few
    characters are searched (the longest is six, with the character before it that
    makes the word boundary), not the whole text before, for every full stop."""
    return _ABBREVIATION_RE.search(text, max(0, at - 8), at) is not None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that contains [start, end)."""
    left = 0
    for match in re.finditer(r"[.!?][\"”’)]?\s", text[:start]):
        if not _abbreviation_ends(text, match.start() + 1):
            left = match.end()
    right = len(text)
    for match in re.finditer(r"[.!?][\"”’)]?(?:\s|$)", text[end:]):
        if not _abbreviation_ends(text, end + match.start() + 1):
            right = end + match.end()
            break
    return text[left:right].strip()


@dataclass
class _Match:
    block: _Block
    start: int
    end: int


def _where(match: _Match, width: int = 70) -> str:
    """`line N: "...sentence..."`: where a match stands, for a diagnostic listing
    several. The line is the match's own, not its paragraph's first."""
    block = match.block
    child = block.child_at(match.start)[0]
    breaks = ("softbreak", "hardbreak")
    line = block.line + sum(1 for c in (block.token.children or [])[:child] if c.type in breaks)
    text = sentence_around(block.display, match.start, match.end)
    if len(text) > width:  # a window around the match, cut at spaces
        room = max(10, (width - (match.end - match.start)) // 2)
        left = block.display.rfind(" ", 0, max(0, match.start - room)) + 1
        right = block.display.find(" ", match.end + room)
        right = len(block.display) if right == -1 else right
        text = (
            ("…" if left > 0 else "")
            + block.display[left:right]
            + ("…" if right < len(block.display) else "")
        )
    return f'line {line}: "{text}"'


def _whole_words(text: str, start: int, end: int) -> bool:
    """A quote is whole words of the body: 'talks' never matches inside 'stalks'."""
    inside = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (inside[:1].isalnum() and before.isalnum()) and not (
        inside[-1:].isalnum() and after.isalnum()
    )


def _matches(blocks: list[_Block], quote: str) -> list[_Match]:
    """Every whole-word occurrence of folded `quote`, in reading order."""
    return [
        _Match(block, start, start + len(quote))
        for block in blocks
        for start in find_all(block.folded, quote)
        if _whole_words(block.folded, start, start + len(quote))
    ]


def _file_position(article: Article, match: _Match) -> tuple[int, int]:
    """The file line and column where `match` starts. The line is counted from the
    paragraph's line breaks; the column is found in that line of the source, where
    Markdown markup and indentation only ever add characters before the text."""
    block = match.block
    child = block.child_at(match.start)[0]
    children = block.token.children or []
    breaks = [n for n, c in enumerate(children[:child]) if c.type in ("softbreak", "hardbreak")]
    line = block.line + len(breaks)
    # The text read on this line before the match, and the line as written.
    line_start = block.seg_start[block.seg_child.index(breaks[-1])] + 1 if breaks else 0
    before = block.to_raw(match.start) - line_start
    lines = article.body.split("\n")
    source = lines[line - article.body_line] if 0 <= line - article.body_line < len(lines) else ""
    first_word = block.display[match.start : match.end].split(" ")[0]
    found = source.find(first_word, max(0, before)) if first_word else -1
    return line, (found if found != -1 else max(0, before)) + 1


def _drift(article: Article, claim: Claim, blocks: list[_Block], threshold: float) -> Drift:
    """The passage most like a quote that no longer matches, as a Drift."""
    quote = fold(claim.quote)
    passage = best_passage(quote, [block.folded for block in blocks])
    if passage is None:
        return Drift(claim.id, *claim.quote_pos, 0.0, "", 0, 0, None, threshold)
    block = blocks[passage.index]
    same = _matches(blocks, block.folded[passage.start : passage.end])
    match = next(m for m in same if m.block is block and m.start == passage.start)
    # A repeated phrase reworded everywhere: the claim stays on the same occurrence.
    if claim.occurrence is not None and claim.occurrence <= len(same):
        match = same[claim.occurrence - 1]
    line, col = _file_position(article, match)
    return Drift(
        claim.id,
        *claim.quote_pos,
        passage.similarity,
        match.block.display[match.start : match.end],
        line,
        col,
        same.index(match) + 1 if len(same) > 1 else None,
        threshold,
    )


def _locate_claims(
    article: Article,
    blocks: list[_Block],
    diags: Diagnostics,
    threshold: float = CONFIG["quote_similarity"].default,
    drifts: list[Drift] | None = None,
) -> dict[str, _Match]:
    """Each claim's match in the body, by claim id. A quote that matches nowhere is
    an error naming the passage most like it, and its Drift goes to `drifts`."""
    found: dict[str, _Match] = {}
    for claim in article.claims:
        matches = _matches(blocks, fold(claim.quote))
        if not matches:
            # Only a quote that no longer matches is searched for fuzzily.
            drift = _drift(article, claim, blocks, threshold)
            if drifts is not None:
                drifts.append(drift)
            markup = any(char in claim.quote for char in "*_`[]")
            diags.error(
                article.path,
                claim.quote_pos,
                drift.message()
                + ("; a quote is the text as read, without Markdown markup" if markup else ""),
            )
            continue
        if claim.occurrence is not None:
            if claim.occurrence > len(matches):
                diags.error(
                    article.path,
                    claim.quote_pos,
                    f"claim '{claim.id}': occurrence {claim.occurrence} requested but the quote "
                    f"occurs {len(matches)} time{'s' if len(matches) > 1 else ''}",
                )
                continue
            found[claim.id] = matches[claim.occurrence - 1]
        elif len(matches) > 1:
            lines = ", ".join(f"{n} ({_where(m)})" for n, m in enumerate(matches, start=1))
            diags.error(
                article.path,
                claim.quote_pos,
                f"claim '{claim.id}': quote occurs {len(matches)} times in the body: {lines}; "
                "add 'occurrence: N' or quote more words",
            )
        else:
            found[claim.id] = matches[0]
    return found


def _entity_patterns(article: Article) -> list[tuple[str, re.Pattern, str]]:
    return name_patterns(article.entities)


def name_patterns(entities: Iterable[Entity]) -> list[tuple[str, re.Pattern, str]]:
    """(folded name, pattern, entity id) for every name and alias of `entities`, the
    longest first; a pattern matches whole words of folded text. `import` and
    `coverage` look for names the way the article page links them."""
    names: list[tuple[str, str]] = []
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            folded = fold(name)
            if folded:
                names.append((folded, entity.id))
    # Longest names first, so "Vladimir Putin" wins over "Putin".
    names.sort(key=lambda item: (-len(item[0]), item[0]))
    return [
        (name, re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)"), entity_id)
        for name, entity_id in names
    ]


def render_article(
    article: Article,
    md: MarkdownIt,
    config: Config,
    url: Callable[[str], str],
    claim_tail: ClaimTailRenderer,
    diags: Diagnostics,
) -> None:
    """Render an article's body and find its mentions. Sets body_html, toc, summary,
    sources_cited, source_claims, mentions and word_count on `article`."""
    env: dict = {}
    tokens = md.parse(article.body, env)
    police_links(tokens, article.body, article.body_line, article.path, diags, url)
    blocks = _collect_blocks(tokens, article.body_line)
    article.drifts = []
    located = _locate_claims(article, blocks, diags, config.quote_similarity, article.drifts)
    for claim in article.claims:
        claim.context = ()

    # Claims in reading order; sources numbered by first citation.
    order = {id(block): n for n, block in enumerate(blocks)}
    claims = sorted(
        (c for c in article.claims if c.id in located),
        key=lambda c: (order[id(located[c.id].block)], located[c.id].start, -located[c.id].end),
    )
    numbers: dict[str, int] = {}
    article.sources_cited = []
    article.source_claims = {}
    for claim in claims:
        for citation in claim.citations:
            if citation.source is None:
                continue
            if citation.source_id not in numbers:
                numbers[citation.source_id] = len(numbers) + 1
                article.sources_cited.append(citation.source)
            citation.number = numbers[citation.source_id]
            cited_by = article.source_claims.setdefault(citation.source_id, [])
            if claim not in cited_by:
                cited_by.append(claim)

    # Mentions: every whole-word occurrence of a listed entity's name or alias,
    # outside headings, links and code, and not straddling a claim's edge.
    patterns = _entity_patterns(article)
    mentions_by_block: dict[int, list[tuple[int, int, str]]] = {}
    for block in blocks:
        if block.heading or not patterns:
            continue
        text = block.folded
        present = [item for item in patterns if item[0] in text]
        if not present:  # most names are not in most paragraphs
            continue
        claim_edges = [(m.start, m.end) for m in located.values() if m.block is block]
        spans = []
        for _, pattern, entity_id in present:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e, _ in spans):
                    continue  # a longer name holds some of these characters
                if not block.mention_allowed(start, end):
                    continue
                if any(s < start < e < end or start < s < end < e for s, e in claim_edges):
                    continue
                spans.append((start, end, entity_id))
        spans.sort()
        mentions_by_block[id(block)] = spans

    article.mentions = []
    linked_in_section: set[tuple[str, str]] = set()
    counters: dict[str, int] = {}
    entity_by_id = {e.id: e for e in article.entities}
    for block in blocks:
        spans = mentions_by_block.get(id(block), [])
        block_claims = [c for c in claims if located[c.id].block is block]
        if not spans and not block_claims:
            continue
        marker = _Marker(block)
        for claim in block_claims:
            match = located[claim.id]
            marker.want(match.start, match.end)
        for start, end, _ in spans:
            marker.want(start, end)
        marker.split()
        for claim in block_claims:
            match = located[claim.id]
            text = block.display
            claim.context = (text[: match.start], text[match.start : match.end], text[match.end :])
            first, last = marker.tokens_for(match.start, match.end)
            classes = f"claim kind-{claim.kind} status-{claim.status}"
            # One marker per source, even when the claim cites it at two places.
            cited = []
            for c in claim.citations:
                if c.source and all(number != c.number for number, _ in cited):
                    cited.append((c.number, c.source))

            def make_open(segment: int, claim=claim, classes=classes) -> Token:
                attrs = {"class": classes if segment == 0 else classes + " claim-cont"}
                if segment == 0:
                    attrs["id"] = claim.anchor
                attrs["data-claim"] = claim.id
                return _tag("mark", 1, attrs)

            marker.wrap(
                first,
                last,
                make_open,
                lambda: _tag("mark", -1),
                tail=[_html(claim_tail(claim, cited, url))],
            )
        for start, end, entity_id in spans:
            entity = entity_by_id[entity_id]
            counters[entity_id] = counters.get(entity_id, 0) + 1
            anchor = f"mention-{entity_id}-{counters[entity_id]}"
            key = (entity_id, block.section)
            linked = config.mention_links == "all" or key not in linked_in_section
            linked_in_section.add(key)
            first, last = marker.tokens_for(start, end)
            if linked:
                attrs = {"class": "mention", "id": anchor, "href": url(entity.url)}
                tag = "a"
            else:
                attrs = {"class": "mention-plain", "id": anchor}
                tag = "span"
            marker.wrap(
                first,
                last,
                lambda segment, attrs=attrs, tag=tag: _tag(
                    tag, 1, attrs if segment == 0 else {"class": attrs["class"]}
                ),
                lambda tag=tag: _tag(tag, -1),
            )
            article.mentions.append(
                Mention(
                    entity_id=entity_id,
                    article=article,
                    anchor=anchor,
                    text=block.display[start:end],
                    sentence=sentence_around(block.display, start, end),
                    section=block.section,
                    linked=linked,
                )
            )
        marker.finish()

    for entity in article.entities:
        if not any(m.entity_id == entity.id for m in article.mentions):
            position = article.entity_pos[article.entity_ids.index(entity.id)]
            diags.warning(
                article.path,
                position,
                f"entity '{entity.id}' is listed but neither its name nor an alias occurs in "
                "the body; add an alias as written in the text",
            )

    article.body_html = md.renderer.render(tokens, md.options, env)
    if md.options["html"]:
        article.body_html = clean_html(article.body_html)
    article.toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            level = int(token.tag[1])
            article.toc.append((level, str(token.attrGet("id")), inline_text(tokens[index + 1])))
    if not article.summary:
        first_paragraph = next((b for b in blocks if not b.heading and b.display.strip()), None)
        article.summary = first_paragraph.display.strip() if first_paragraph else ""
    article.word_count = sum(len(b.display.split()) for b in blocks)
    for claim in article.claims:
        claim.note_html = render_markdown(md, claim.note, article.path, claim.pos.line, diags, url)
