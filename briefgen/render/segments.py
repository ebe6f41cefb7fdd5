"""Text-segment maps: each inline token of a body as plain text with positions.

Quotes and entity names are looked for in plain text, but marked in the token
stream. A Block keeps the text of one paragraph, heading, list item or table cell
and maps positions of that text back to (child token, offset), so that a match
found in the text can be wrapped in tokens. The `text_segments` core rule builds
the blocks of a parse into `env["blocks"]` when `env["body_line"]` is given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefgen.quotes import _FOLD

_SPACES = re.compile(r"\s+")
_COLLAPSE = re.compile(r"^\s+|\s{2,}")


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
class Block:
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

    def index_children(self) -> str:
        """Map the token's children to raw text segments; returns the raw text.
        Run again after a rule has split or wrapped children (the text is the same,
        the children are not), so that the next rule finds its positions."""
        self.seg_start, self.seg_child, self.no_mention = [], [], []
        parts = []
        size = 0
        link_depth = 0
        for child_index, child in enumerate(self.token.children or []):
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
            self.seg_start.append(size)
            self.seg_child.append(child_index)
            if (link_depth > 0 or kind == "code_inline") and content:
                self.no_mention.append((size, size + len(content)))
            parts.append(content)
            size += len(content)
        return "".join(parts)

    def _fold_text(self) -> None:
        # A run of white space becomes one space standing for the run's first
        # character, and none at the start (`\s` is exactly str.isspace).
        raw = self.raw
        folded_at = raw_at = 0
        self.fold_start, self.raw_start = [0], [0]
        for run in _COLLAPSE.finditer(raw):
            start, end = run.span()
            folded_at += start - raw_at + (1 if start > 0 else 0)
            raw_at = end
            self.fold_start.append(folded_at)
            self.raw_start.append(end)
        display = _SPACES.sub(" ", raw)
        self.display = display[1:] if raw[:1].isspace() else display
        self.folded = self.display.translate(_FOLD)


def collect_blocks(tokens: list[Token], body_line: int) -> list[Block]:
    """A Block for every inline token, in reading order; `body_line` is the file
    line of the body's first line."""
    blocks = []
    section = ""
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        heading = index > 0 and tokens[index - 1].type == "heading_open"
        if heading:
            section = inline_text(token).strip()
        line = body_line + (token.map[0] if token.map else 0)
        block = Block(token, line, heading, section)
        block.raw = block.index_children()
        block._fold_text()
        blocks.append(block)
    return blocks


def text_segments_rule(state: StateCore) -> None:
    """Core rule. Reads env["body_line"]; writes env["blocks"]."""
    if "body_line" in state.env:
        state.env["blocks"] = collect_blocks(state.tokens, state.env["body_line"])
