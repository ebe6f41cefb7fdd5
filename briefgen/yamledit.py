"""Rewriting a claim's quote (and occurrence) in a content file, byte for byte.

`briefgen check --fix` changes only the values it repairs: the span of the quote's
scalar in the front-matter is replaced by the new text written in the same style
(plain, 'single', "double", or a `>-` / `|` block, wrapped like the old one), and
every other byte of the file (comments, indentation, key order, a BOM, CRLF line
endings) stays as it was. A style that cannot hold the new text (a plain value
that would start with a quote, or hold ': ') gives way to single, then double
quotes. Each edit is checked by parsing the result again: the file must then read
exactly as before except for the values edited, or nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from briefgen.quotes import fold

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLOCK_WIDTH = 80


class EditError(Exception):
    """The value cannot be edited safely in place; the file is left alone."""


@dataclass(frozen=True)
class Edit:
    start: int  # character offsets in the file's text (without a BOM)
    end: int
    text: str


@dataclass(frozen=True)
class QuoteFix:
    claim_id: str
    quote: str  # the new quote
    occurrence: int | None  # the new occurrence; None: leave it out (or as it is)


def _front_matter(text: str) -> tuple[int, int]:
    """Character offsets [start, end) of the YAML between the two '---' lines."""
    first = _LINE_BREAK.search(text)
    if first is None or text[: first.start()].rstrip() != "---":
        raise EditError("the file does not start with a '---' line")
    at = first.end()
    for match in _LINE_BREAK.finditer(text, at):
        line = text[at : match.start()]
        if line.rstrip() in ("---", "..."):
            return first.end(), at
        at = match.end()
    raise EditError("the front-matter is never closed")


def _compose(yaml_text: str):
    try:
        return yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"the front-matter does not parse: {exc}") from None


def _value(mapping, key: str):
    """(key node, value node) of `key` in a mapping node, or (None, None)."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None, None


def _claim_node(root, claim_id: str):
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the front-matter is not a mapping")
    _, claims = _value(root, "claims")
    if not isinstance(claims, yaml.SequenceNode):
        raise EditError("no 'claims' list")
    for item in claims.value:
        if isinstance(item, yaml.MappingNode):
            _, id_node = _value(item, "id")
            if isinstance(id_node, yaml.ScalarNode) and id_node.value == claim_id:
                return item
    raise EditError(f"no claim '{claim_id}'")


def _inside(node, outer) -> bool:
    """`node` is written inside `outer` (not an alias of a value written elsewhere)."""
    return outer.start_mark.index <= node.start_mark.index < outer.end_mark.index


def _double_quoted(value: str) -> str:
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _block_content(yaml_text: str, node) -> tuple[int, int, str, str, int]:
    """Of a block scalar: the span of its content lines (after the header line, up
    to its last non-blank character), their indentation, the line break used, and
    the width of its longest line."""
    start, end = node.start_mark.index, node.end_mark.index
    header_end = _LINE_BREAK.search(yaml_text, start)
    if header_end is None or header_end.start() >= end:
        raise EditError("empty block scalar")
    content_start = header_end.end()
    body = yaml_text[content_start:end]
    content_end = content_start + len(body.rstrip())
    lines = _LINE_BREAK.split(yaml_text[content_start:content_end])
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(" "))]
    if not indent:
        raise EditError("block scalar without indentation")
    width = max(_BLOCK_WIDTH, *(len(line) for line in lines))
    return content_start, content_end, indent, header_end.group(), width


def _wrap(words: list[str], indent: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(indent) + len(current) + 1 + len(word) > width:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(indent + current)
    return lines


def _quote_edits(yaml_text: str, node, value: str, style: str | None) -> Edit:
    """The edit writing `value` over the scalar `node` in `style`."""
    start, end = node.start_mark.index, node.end_mark.index
    if style is None:
        return Edit(start, end, value)
    if style == "'":
        return Edit(start, end, "'" + value.replace("'", "''") + "'")
    if style == '"':
        return Edit(start, end, _double_quoted(value))
    content_start, content_end, indent, newline, width = _block_content(yaml_text, node)
    return Edit(content_start, content_end, newline.join(_wrap(value.split(" "), indent, width)))


def _apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _reads_as(yaml_text: str, claim_id: str, value: str, style: str | None) -> bool:
    """The claim's quote in `yaml_text` is `value`, written in `style`."""
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        claim = _claim_node(root, claim_id)
    except (yaml.YAMLError, EditError):
        return False
    _, node = _value(claim, "quote")
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        return False
    if node.style != style:
        return False
    # A block scalar holds the words wrapped over lines (and a final line break
    # unless chomped): the same quote, since quotes match across white space.
    return node.value == value if style not in ("|", ">") else fold(node.value) == value


def _occurrence_edit(yaml_text: str, claim, quote_node, occurrence: int | None) -> Edit | None:
    _, node = _value(claim, "occurrence")
    if node is not None:
        if not _inside(node, claim):
            raise EditError("the claim's occurrence is a YAML alias")
        wanted = occurrence or 1
        if node.value == str(wanted):
            return None
        return Edit(node.start_mark.index, node.end_mark.index, str(wanted))
    if occurrence is None:
        return None
    if claim.flow_style:
        at = quote_node.end_mark.index
        return Edit(at, at, f", occurrence: {occurrence}")
    # A new line under the quote's key, after the quote's last line.
    key_node, _ = _value(claim, "quote")
    last_line_end = quote_node.end_mark.index
    if quote_node.style in ("|", ">"):
        last_line_end = _block_content(yaml_text, quote_node)[1]
    line_break = _LINE_BREAK.search(yaml_text, last_line_end)
    if line_break is None:
        raise EditError("the front-matter ends inside the claim")
    indent = " " * key_node.start_mark.column
    return Edit(
        line_break.end(),
        line_break.end(),
        f"{indent}occurrence: {occurrence}{line_break.group()}",
    )


def _styles_to_try(style: str | None) -> list[str | None]:
    if style is None:
        return [None, "'", '"']
    if style == "'":
        return ["'", '"']
    if style in ("|", ">"):
        return [style, '"']
    return ['"']


def fix_quotes(text: str, fixes: list[QuoteFix]) -> str:
    """`text` (a content file, BOM removed) with each claim's quote rewritten and its
    occurrence set or updated as `fixes` say. Raises EditError when an edit cannot
    be made safely; then no edit is made."""
    fm_start, fm_end = _front_matter(text)
    yaml_text = text[fm_start:fm_end]
    before = _plain_values(yaml_text)
    for fix in fixes:
        yaml_text = _fix_one(yaml_text, fix)
    # The whole front-matter must read as before, but for the values edited.
    after = _plain_values(yaml_text)
    for fix in fixes:
        old, new = _claim_values(before, fix.claim_id), _claim_values(after, fix.claim_id)
        old["quote"] = new.get("quote")
        if fix.occurrence is not None or "occurrence" in old:
            old["occurrence"] = str(fix.occurrence or 1)
    if before != after:
        raise EditError("the edit would change other values; edit the quote by hand")
    return text[:fm_start] + yaml_text + text[fm_end:]


def _plain_values(yaml_text: str):
    """The front-matter as plain strings, lists and dicts (no type is resolved, so
    no value can fail to convert). BaseLoader constructs nothing but those: it is
    narrower than the safe loader, never wider."""
    loader = yaml.BaseLoader(yaml_text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise EditError(f"the front-matter does not parse: {exc}") from None
    finally:
        loader.dispose()


def _claim_values(data, claim_id: str) -> dict:
    claims = data.get("claims") if isinstance(data, dict) else None
    for claim in claims if isinstance(claims, list) else []:
        if isinstance(claim, dict) and claim.get("id") == claim_id:
            return claim
    raise EditError(f"no claim '{claim_id}'")


def _fix_one(yaml_text: str, fix: QuoteFix) -> str:
    claim = _claim_node(_compose(yaml_text), fix.claim_id)
    _, node = _value(claim, "quote")
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"claim '{fix.claim_id}' has no quote to edit")
    if not _inside(node, claim) or yaml_text[node.start_mark.index] in "&!":
        # Its span would hold the anchor or tag, and other values may share it.
        raise EditError(
            f"the quote of claim '{fix.claim_id}' has a YAML alias, anchor or tag; edit it by hand"
        )
    for style in _styles_to_try(node.style):
        try:
            edit = _quote_edits(yaml_text, node, fix.quote, style)
        except EditError:
            continue
        edited = _apply(yaml_text, [edit])
        if not _reads_as(edited, fix.claim_id, fix.quote, style):
            continue
        # The occurrence is placed relative to the quote as now written.
        claim_now = _claim_node(_compose(edited), fix.claim_id)
        _, node_now = _value(claim_now, "quote")
        occurrence = _occurrence_edit(edited, claim_now, node_now, fix.occurrence)
        return _apply(edited, [occurrence]) if occurrence else edited
    raise EditError(f"cannot write the quote of claim '{fix.claim_id}' back safely")
