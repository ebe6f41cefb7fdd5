"""What an imported page is, once extracted and cleaned: metadata and body blocks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One block of the body: a paragraph (Markdown text, possibly several lines) or
    a section heading (its text, written as a `##` heading)."""

    text: str
    heading: bool = False


@dataclass
class Page:
    title: str = ""
    author: str = ""
    date: str = ""  # YYYY-MM-DD, when the page says
    section: str = ""
    publisher: str = ""
    url: str = ""
    blocks: list[Block] = field(default_factory=list)
