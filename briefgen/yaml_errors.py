"""YAML syntax errors, explained in words an annotator understands.

PyYAML reports what its parser expected ("expected <block end>, but found
'<scalar>'"), which says nothing to someone who typed a quotation mark inside a
quote. Here the line the parser stopped at is read again to find the usual causes
(a tab, a line indented off its siblings, a `: ` or ` #` inside an unquoted value, a
quotation mark inside a quoted value, an unclosed list or quote), and the message
names the cause and the fix, at the place where the fix goes.
"""

from __future__ import annotations

import re

# `key: value` or `- key: value` or `- value`, with the column where the value starts.
_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?:(?P<key>[^\s:#'\"][^:#]*?):(?:\s+|$))?")
_SHORT = 50  # longer values are not repeated in a suggestion


class Explained:
    """Where (0-based line and column in the YAML text) and what to tell the user."""

    def __init__(self, line: int, col: int, message: str):
        self.line = line
        self.col = col
        self.message = message


def _value_of(line: str) -> tuple[str, str, int]:
    """(key, value, column of the value) of a YAML line; key '' for a list item."""
    match = _KEY_VALUE.match(line)
    start = match.end() if match else 0
    return (match.group("key") or "") if match else "", line[start:].rstrip(), start


def _quoted_suggestion(key: str, value: str) -> str:
    if len(value) > _SHORT:
        return ""
    if '"' in value:
        quoted = "'" + value.replace("'", "''") + "'"
    else:
        quoted = '"' + value + '"'
    return f": {key}: {quoted}" if key else f": - {quoted}"


def _tab(lines: list[str], line: int, col: int, problem: str) -> Explained | None:
    if "'\\t'" in problem:
        return Explained(line, col, _TAB_MESSAGE)
    for index in range(min(line, len(lines) - 1), -1, -1):
        text = lines[index]
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:
            return Explained(index, indent.index("\t"), _TAB_MESSAGE)
        if index < line - 1:
            break
    return None


_TAB_MESSAGE = (
    "invalid YAML: this line holds a tab character; YAML lines are indented with "
    "spaces only, so replace the tab with spaces"
)


def _inner_quote(text: str, line: int, col: int) -> Explained | None:
    key, value, start = _value_of(text)
    if value.startswith('"') and value.count('"') - value.count('\\"') >= 3:
        inner = value[1:-1] if value.endswith('"') else value[1:]
        where = text.find('"', start + 1)
        suggestion = f" ({key}: '{inner}')" if len(inner) <= _SHORT and "'" not in inner else ""
        name = f"the value of '{key}'" if key else "this value"
        return Explained(
            line,
            where if where >= 0 else col,
            f"invalid YAML: {name} holds a '\"' inside double quotes, which ends it early; "
            f"write it in single quotes{suggestion} or as a block: '{key or '-'}: >-' "
            "and the text on the next line, indented",
        )
    if value.startswith("'") and value.count("'") >= 3:
        where = text.find("'", start + 1)
        return Explained(
            line,
            where if where >= 0 else col,
            'invalid YAML: this value holds a "\'" inside single quotes, which ends it '
            "early; write it twice ('it''s') or put the value in double quotes",
        )
    return None


def _colon_in_value(text: str, line: int, col: int) -> Explained | None:
    key, value, start = _value_of(text)
    if not key or col < start or value[:1] in ("'", '"', "[", "{"):
        return None
    return Explained(
        line,
        col,
        f"invalid YAML: the value of '{key}' holds ': ', which YAML reads as the start "
        "of another field; put the whole value in quotes" + _quoted_suggestion(key, value),
    )


def _hash_in_value(lines: list[str], line: int) -> Explained | None:
    """A ' #' inside an unquoted value starts a comment: the rest of the line is lost,
    which breaks a list or leaves a dangling line below."""
    for index in (line, line - 1):
        if not 0 <= index < len(lines):
            continue
        key, value, start = _value_of(lines[index])
        if not value or value[:1] in ("'", '"', "#"):
            continue
        found = re.search(r"(?:^|[\s\[,{])#", value)
        if found:
            where = start + found.end() - 1
            if value[:1] in ("[", "{"):
                item = re.match(r"#[^,\]}]*", value[found.end() - 1 :]).group().strip()
                hint = f": '{item}'" if len(item) <= _SHORT else ""
                what = "put that item in quotes"
            else:
                hint = _quoted_suggestion(key, value) if key else ""
                what = "put the value in quotes"
            return Explained(
                index,
                where,
                "invalid YAML: a '#' after a space (or at the start of a value) begins a "
                f"comment, so the rest of this line is ignored; {what}" + hint,
            )
    return None


def _indentation(text: str, line: int) -> Explained:
    indent = len(text) - len(text.lstrip(" "))
    return Explained(
        line,
        indent,
        "invalid YAML: this line is not indented like the lines around it; the fields "
        "of one mapping start in the same column, and the fields of a list item two "
        "spaces after its '- '",
    )


_INDENT_PROBLEMS = (
    "expected <block end>, but found '<block mapping start>'",
    "expected <block end>, but found '<block sequence start>'",
    "did not find expected key",
    "did not find expected '-' indicator",
)


def explain(
    yaml_text: str, problem: str, context: str, problem_mark, context_mark, line_offset: int = 0
) -> Explained:
    """The cause of a YAML syntax error and its fix. Marks are PyYAML's (0-based, in
    the YAML text); `line_offset` is the number of file lines before the text."""
    lines = yaml_text.split("\n")
    mark = problem_mark or context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    text = lines[line] if line < len(lines) else ""
    problem, context = problem or "", context or ""

    found = _tab(lines, line, col, problem)
    if found:
        return found
    if "found '<scalar>'" in problem or "found unexpected end of stream" in problem:
        found = _inner_quote(text, line, col)
        if found:
            return found
    if problem == "mapping values are not allowed here":
        found = _colon_in_value(text, line, col)
        if found:
            return found
    found = _hash_in_value(lines, line)
    if found:
        return found
    if context.startswith("while scanning a quoted scalar") and context_mark:
        return Explained(
            context_mark.line,
            context_mark.column,
            "invalid YAML: the quotation mark that opens this value is never closed; "
            "end the value with the same quotation mark",
        )
    if context.startswith("while parsing a flow") and context_mark:
        opener = "[" if "sequence" in context else "{"
        closer = "]" if opener == "[" else "}"
        return Explained(
            line,
            col,
            f"invalid YAML: the '{opener}' opened on line {context_mark.line + 1 + line_offset} "
            f"is not "
            f"closed with '{closer}' (or an item holds ',', ':' or '#': put it in quotes)",
        )
    if problem == "mapping values are not allowed here" or problem in _INDENT_PROBLEMS:
        return _indentation(text, line)
    return Explained(
        line,
        col,
        f"invalid YAML: this line could not be read ({problem or context}); check its "
        "quotation marks and indentation, and those of the line above",
    )
