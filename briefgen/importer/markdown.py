"""Scraped text written as Markdown that reads back as the same text."""

from __future__ import annotations

import re

# Characters that Markdown would read as markup anywhere in a line.
_INLINE_RE = re.compile(r"[\\`*\[\]<]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
# What makes a line a heading, quote, list item, rule or fenced block.
_BLOCK_RE = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s)|=+\s*$|(\d{1,9})([.)])(?=\s|$)|~~~)")


def escape_markdown(line: str) -> str:
    """Backslash-escape what Markdown would take for markup, so that the rendered
    text (and the text claims quote) is the scraped line itself."""
    escaped = _INLINE_RE.sub(lambda m: "\\" + m.group(0), line)
    match = _BLOCK_RE.match(escaped)
    if not match:
        return escaped
    indent, marker = match.group(1), match.group(2)
    if match.group(3):  # "1. " -> "1\. "
        rest = escaped[match.end() :]
        return f"{indent}{match.group(3)}\\{match.group(4)}{rest}"
    return f"{indent}\\{escaped[len(indent) :]}" if marker else escaped
