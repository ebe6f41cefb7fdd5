"""Finding entity names in an article body the way the article page links them.

The renderer links a listed entity's names where they stand in the body: whole
words of the folded text (quotes, dashes and white space normalised), outside
headings, links and code, a longer name winning over a shorter one inside it
(render.py). `import` (which entities to list) and `coverage` (mentions of
entities an article does not list) ask the same question of every entity of the
archive, and answer it here with the renderer's own blocks and patterns, reading
the article's values and writing none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from briefgen.model import Entity
from briefgen.render import _Block, _collect_blocks, name_patterns

_BREAKS = ("softbreak", "hardbreak")


def body_blocks(md: MarkdownIt, body: str, body_line: int) -> list[_Block]:
    """The body's paragraphs, headings, list items and cells, as the renderer sees them."""
    return _collect_blocks(md.parse(body, {}), body_line)


@dataclass(frozen=True)
class NameFound:
    entity_id: str
    text: str  # as written
    block: _Block
    start: int  # offsets in the block's folded text
    end: int


def find_names(blocks: list[_Block], entities: Iterable[Entity]) -> list[NameFound]:
    """Every occurrence of an entity's name or alias in the body, in reading order."""
    patterns = name_patterns(entities)
    found: list[NameFound] = []
    if not patterns:
        return found
    for block in blocks:
        if block.heading:
            continue
        text = block.folded
        spans: list[tuple[int, int, str]] = []
        for name, pattern, entity_id in patterns:
            if name not in text:
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e, _ in spans):
                    continue  # a longer name holds some of these characters
                if block.mention_allowed(start, end):
                    spans.append((start, end, entity_id))
        for start, end, entity_id in sorted(spans):
            found.append(NameFound(entity_id, block.display[start:end], block, start, end))
    return found


def line_and_column(found: NameFound, body: str, body_line: int) -> tuple[int, int]:
    """The 1-based line and column of the file where a name found stands."""
    block = found.block
    children = block.token.children or []
    child_index, offset = block.child_at(found.start)
    line = block.line + sum(1 for c in children[:child_index] if c.type in _BREAKS)
    lines = body.split("\n")
    source = lines[line - body_line] if 0 <= line - body_line < len(lines) else ""
    content = children[child_index].content if child_index < len(children) else ""
    # A text token is usually the source's own characters; where escapes or entities
    # changed them, the name itself is looked for on the line instead.
    # A name may run onto the next line: its first word is on this one.
    first_word = found.text.split(" ")[0]
    at = source.find(content) if len(content) >= 3 else -1
    if at >= 0 and source.startswith(first_word, at + offset):
        return line, at + offset + 1
    at = source.find(first_word)
    return line, (at + 1 if at >= 0 else 1)
