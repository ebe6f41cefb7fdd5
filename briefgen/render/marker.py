"""Wrapping ranges of a block's text in tags, as tokens.

Claim marks and mention links both wrap a range of a Block's folded text in an
element. The range may cross the edge of emphasis or a link, so text tokens are
split at the range's ends and the wrap is cut into well-nested segments: the
output stays valid HTML whatever the Markdown around the quote.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from briefgen.render.segments import Block

_LINK_DEPTH = {"link_open": 1, "link_close": -1}


def tag_token(tag: str, nesting: int, attrs: dict | None = None) -> Token:
    token = Token(f"{tag}_{'open' if nesting == 1 else 'close'}", tag, nesting)
    for key, value in (attrs or {}).items():
        token.attrSet(key, value)
    return token


class Marker:
    """Splits text tokens at range boundaries and wraps ranges in balanced tags.

    Use: want() every range, split() once, then wrap() each range and finish()."""

    def __init__(self, block: Block):
        self.block = block
        self.children: list[Token] = list(block.token.children or [])
        self.cuts: dict[int, set[int]] = {}
        self.piece_at: dict[tuple[int, int], Token] = {}  # (child, offset) -> first token
        self.piece_before: dict[tuple[int, int], Token] = {}  # (child, offset) -> last token

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
            new_children.extend(pieces or [child])
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
        segments where the range crosses the boundary of an element; `tail` follows
        the range, outside any link."""
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
        depth = sum(_LINK_DEPTH.get(t.type, 0) for t in self.children[:position])
        while depth > 0 and position < len(self.children):
            depth += _LINK_DEPTH.get(self.children[position].type, 0)
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
        """Put the new children in the block's token and map its text to them."""
        self.block.token.children = self.children
        self.block.index_children()
