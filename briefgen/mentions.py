"""Finding entity names in an article body the way the article page links them.

The renderer links a listed entity's names where they stand in the body: whole
words of the folded text (quotes, dashes and white space normalised), outside
headings, links and code, a longer name winning over a shorter one inside it
(render/mention_links.py). `import` (which entities to list) and `coverage` (mentions of
entities an article does not list) ask the same question of every entity of the
archive, and answer it here with the renderer's own blocks and patterns, reading
the article's values and writing none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from briefgen.model import Entity
from briefgen.render import Block, name_patterns
from briefgen.render.mention_links import mention_spans

_BREAKS = ("softbreak", "hardbreak")


def body_blocks(md: MarkdownIt, body: str, body_line: int) -> list[Block]:
    """The body's paragraphs, headings, list items and cells, as the renderer sees them."""
    env = {"body_line": body_line}  # asks for the text-segment rule only
    md.parse(body, env)
    return env["blocks"]


@dataclass(frozen=True)
class NameFound:
    entity_id: str
    text: str  # as written
    block: Block
    start: int  # offsets in the block's folded text
    end: int


def find_names(blocks: list[Block], entities: Iterable[Entity]) -> list[NameFound]:
    """Every occurrence of an entity's name or alias in the body, in reading order."""
    patterns = name_patterns(entities)
    found: list[NameFound] = []
    if not patterns:
        return found
    for block in blocks:
        if block.heading:
            continue
        for start, end, entity_id in mention_spans(block, patterns, []):
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
