"""Stage 1, load: files on disk become Documents (front-matter + body).

The front-matter is parsed with PyYAML's safe loader into plain Python values that
remember where each key and value stood, so later stages can point diagnostics at
the exact line and column.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefgen.diagnostics import Diagnostics, Position
from briefgen.yaml_errors import explain

# Larger files are refused rather than parsed: a briefing is a few hundred KB at most,
# and a runaway file must never hang the build.
MAX_FILE_BYTES = 8 * 1024 * 1024
# Upper bound on YAML nodes after alias expansion ("billion laughs").
MAX_YAML_NODES = 50_000

CONTENT_KINDS = ("articles", "entities", "sources", "tags")


class YMap(dict):
    """A YAML mapping that remembers the position of each key and value."""

    def __init__(self, pos: Position):
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.value_pos: dict = {}

    def kpos(self, key) -> Position:
        return self.key_pos.get(key, self.pos)

    def vpos(self, key) -> Position:
        return self.value_pos.get(key, self.kpos(key))


class YList(list):
    """A YAML sequence that remembers the position of each item."""

    def __init__(self, pos: Position):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []

    def ipos(self, index: int) -> Position:
        return self.item_pos[index] if index < len(self.item_pos) else self.pos


# YAML 1.2's core schema for plain (unquoted) words (DESIGN §1). PyYAML follows YAML
# 1.1, where `no`, `off` and `y` are booleans (`status: no` became the verdict False),
# `1:30` is the number 90 and `012` is octal. Here only true/false are booleans,
# numbers are decimal unless written 0o.. or 0x.., and dates stay text, so that a date
# that does not exist (2025-02-30) is reported by validation with its position instead
# of failing inside the YAML parser.
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_REPLACED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


def _core_schema_resolvers(resolvers: dict) -> dict:
    table = {
        first: [(tag, regexp) for tag, regexp in found if tag not in _REPLACED_TAGS]
        for first, found in resolvers.items()
    }
    additions = (
        ("tag:yaml.org,2002:bool", _CORE_BOOL, "tTfF"),
        ("tag:yaml.org,2002:int", _CORE_INT, "-+0123456789"),
        ("tag:yaml.org,2002:float", _CORE_FLOAT, "-+0123456789."),
    )
    for tag, regexp, firsts in additions:
        for first in firsts:
            table.setdefault(first, []).append((tag, regexp))
    return {first: found for first, found in table.items() if found}


# The most bits an integer may have: Python writes no int of more than 4,300
# digits as text (a decimal one longer than that is refused when it is read), and
# every value is written as text somewhere (a message, a key).
MAX_INT_BITS = 14_000


def _construct_core_int(loader, node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        value = int(text[2:], 8)
    elif text.startswith("0x"):
        value = int(text[2:], 16)
    else:
        return int(text, 10)
    if value.bit_length() > MAX_INT_BITS:
        raise ValueError(f"the number {text[:12]}... is too large")
    return value


def _construct_core_float(loader, node) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's meaning of plain words."""


_Loader.yaml_implicit_resolvers = _core_schema_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_core_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_core_float)

# libyaml's parser, where PyYAML was built with it, composes front-matter about ten
# times faster than the pure-Python one (which was a fifth of a build's time). It
# gives the same nodes and marks for valid YAML; for invalid YAML the pure-Python
# parser's message and position are the more precise, so errors are re-parsed there.
if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(yaml.CSafeLoader):
        """_Loader on libyaml."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_core_int)
    _FastLoader.add_constructor("tag:yaml.org,2002:float", _construct_core_float)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader


class FrontMatterError(Exception):
    def __init__(self, pos: Position, message: str):
        super().__init__(message)
        self.pos = pos
        self.message = message


@dataclass
class Document:
    kind: str  # articles, entities, sources, tags
    path: str  # relative to the archive root, forward slashes
    abspath: Path
    meta: YMap
    body: str
    body_line: int  # 1-based line of the file where the body starts
    stem: str = field(default="")


_STR_TAG = "tag:yaml.org,2002:str"


def _mark_pos(mark, line_offset: int) -> Position:
    return Position(mark.line + 1 + line_offset, mark.column + 1)


def _convert(node, loader: _Loader, line_offset: int, budget: list[int], seen: set[int]):
    """Turn a composed YAML node into YMap / YList / scalars, with positions."""
    budget[0] -= 1
    if budget[0] < 0:
        raise FrontMatterError(
            _mark_pos(node.start_mark, line_offset),
            f"front-matter expands to more than {MAX_YAML_NODES} values "
            "(too many YAML aliases); write the values out",
        )
    pos = _mark_pos(node.start_mark, line_offset)
    if isinstance(node, yaml.MappingNode):
        if node.tag not in ("tag:yaml.org,2002:map",):
            raise FrontMatterError(pos, f"YAML tag {node.tag!r} is not allowed")
        if id(node) in seen:
            raise FrontMatterError(pos, "recursive YAML alias")
        seen = seen | {id(node)}
        loader.flatten_mapping(node)  # resolves `<<` merge keys
        result = YMap(pos)
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, line_offset, budget, seen)
            kpos = _mark_pos(key_node.start_mark, line_offset)
            if isinstance(key, (dict, list)):
                raise FrontMatterError(kpos, "a mapping key must be a plain value")
            if key in result:
                raise FrontMatterError(
                    kpos,
                    f"duplicate key '{key}' (first at line {result.kpos(key).line}); "
                    "remove one of them",
                )
            result[key] = _convert(value_node, loader, line_offset, budget, seen)
            result.key_pos[key] = kpos
            result.value_pos[key] = _mark_pos(value_node.start_mark, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise FrontMatterError(pos, f"YAML tag {node.tag!r} is not allowed")
        if id(node) in seen:
            raise FrontMatterError(pos, "recursive YAML alias")
        seen = seen | {id(node)}
        result = YList(pos)
        for item in node.value:
            result.append(_convert(item, loader, line_offset, budget, seen))
            result.item_pos.append(_mark_pos(item.start_mark, line_offset))
        return result
    # Scalars: the safe constructor knows only the standard tags and refuses others
    # (e.g. !!python/object), which we report with the position. Strings, nearly
    # every scalar, are their node's value: that much of the constructor is skipped.
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise FrontMatterError(pos, f"YAML value not allowed: {exc.problem}") from None
    except ValueError as exc:
        raise FrontMatterError(pos, f"invalid YAML value: {exc}") from None


def parse_yaml(text: str, line_offset: int) -> object:
    """Parse YAML text safely into positioned values. `line_offset` is the number of
    file lines before the text. Raises FrontMatterError."""
    loader = _FastLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
            loader = _Loader(text)
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        found = explain(
            text, exc.problem, exc.context, exc.problem_mark, exc.context_mark, line_offset
        )
        pos = Position(found.line + 1 + line_offset, found.col + 1)
        raise FrontMatterError(pos, found.message) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(Position(line_offset + 1, 1), f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, loader, line_offset, [MAX_YAML_NODES], set())


def _decode(data: bytes) -> tuple[str | None, Position | None, str]:
    """Decode UTF-8; on failure return the position of the first bad byte."""
    if b"\x00" in data[:8192]:
        return None, Position(1, 1), "binary file (it contains NUL bytes); expected UTF-8 text"
    try:
        return data.decode("utf-8"), None, ""
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return (
            None,
            Position(line, col),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split normalised text into (yaml, body, body_line). Raises FrontMatterError."""
    if not text.strip():
        raise FrontMatterError(
            Position(1, 1), "empty file; a content file starts with '---', YAML, then '---'"
        )
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise FrontMatterError(
            Position(1, 1),
            "missing front-matter: the file must start with a '---' line, then YAML, "
            "then a '---' line",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    raise FrontMatterError(
        Position(1, 1), "front-matter opened with '---' on line 1 is never closed; add a '---' line"
    )


def read_document(root: Path, abspath: Path, kind: str, diags: Diagnostics) -> Document | None:
    """Read one content file. Problems go to `diags`; returns None when unusable."""
    rel = abspath.relative_to(root).as_posix()
    try:
        size = abspath.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(
                rel,
                Position(1, 1),
                f"file is {size // (1024 * 1024)} MB; content files are limited to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            )
            return None
        data = abspath.read_bytes()
    except OSError as exc:
        diags.error(rel, Position(1, 1), f"cannot read file: {exc.strerror or exc}")
        return None
    text, bad_pos, problem = _decode(data)
    if text is None:
        diags.error(rel, bad_pos, problem)
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        yaml_text, body, body_line = split_front_matter(text)
        meta = parse_yaml(yaml_text, line_offset=1)
    except FrontMatterError as exc:
        diags.error(rel, exc.pos, exc.message)
        return None
    if meta is None:
        meta = YMap(Position(2, 1))
    if not isinstance(meta, YMap):
        diags.error(
            rel,
            getattr(meta, "pos", Position(2, 1)),
            "front-matter must be a YAML mapping of fields (key: value)",
        )
        return None
    return Document(kind, rel, abspath, meta, body, body_line, stem=abspath.stem)


def is_content_file(name: str) -> bool:
    """Markdown files, but never editors' temporary and backup files."""
    return (
        name.endswith(".md")
        and not name.startswith((".", "#", "~"))
        and not name.endswith(("~", ".swp", ".swx", ".bck", ".tmp"))
    )


def discover(root: Path, diags: Diagnostics) -> list[tuple[str, Path]]:
    """Content files as (kind, path), in a stable order whatever the file system's."""
    found: list[tuple[str, Path]] = []
    content = root / "content"
    real_root = root.resolve()
    for kind in CONTENT_KINDS:
        folder = content / kind
        if not folder.is_dir():
            continue
        # A file that is no link lies where its folder does: only links (and the
        # files of a folder outside the archive) are resolved one by one, which
        # at 13,000 files saves half a second.
        folder_inside = folder.resolve().is_relative_to(real_root)
        with os.scandir(folder) as entries:
            listed = sorted((entry.name, entry) for entry in entries)
        for name, entry in listed:
            if not is_content_file(name):
                continue
            path = folder / name
            if entry.is_symlink() or not folder_inside:
                if not path.resolve().is_relative_to(real_root):
                    diags.error(
                        f"content/{kind}/{name}",
                        Position(1, 1),
                        "file links outside the archive; copy it in instead",
                    )
                    continue
            if not entry.is_file():
                continue
            found.append((kind, path))
    return found


def load_archive_files(root: Path, diags: Diagnostics) -> list[Document]:
    documents = []
    for kind, path in discover(root, diags):
        document = read_document(root, path, kind, diags)
        if document is not None:
            documents.append(document)
    return documents
