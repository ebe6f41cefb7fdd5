"""A content file read and validated, as the JSON-ready entry the memo keeps under
the key of the file's bytes (engine/keys.document_key): what validation made of
it, the diagnostics it gave and the key of its front-matter.

Nothing after validation writes into its objects (linking makes its own:
briefgen/link_objects.py), so `build` takes an unchanged file's objects from here
and neither parses nor validates it again. Each object is written as the list of
its fields as written (model.py: not those a later stage fills), each after the
type the model declares: a file holding a value of another type is not kept, and
an entry is read back only when every value has that type, else the file is
read again. JSON, not pickle: reading
the memo must never run code (engine/records.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass

from briefgen.diagnostics import Diagnostic, Position
from briefgen.model import Article, Entity, Source, Tag
from briefgen.validate import Validated

# Validated's lists, and the class of each.
_KINDS = {"articles": Article, "entities": Entity, "sources": Source, "tags": Tag}


class _Unfit(TypeError):
    """A value that is not of the type the model declares: written, the file is
    not kept (engine/content_files.py takes the TypeError so); read back, the
    entry is not used."""


def _items(data, count: int | None = None) -> list:
    if type(data) is not list or (count is not None and len(data) != count):
        raise _Unfit(f"{data!r} is not a list of {count or 'any number of'} items")
    return data


def _exactly(kind: type, convert: Callable = lambda value: value) -> Callable:
    """Check that a value is of exactly `kind` (a datetime where a date is declared
    would read back as a date), then `convert` it. A float field may hold an int (a
    probability written as 1): JSON keeps it one."""
    allowed = (int, float) if kind is float else (kind,)

    def checked(value):
        if type(value) not in allowed:
            raise _Unfit(f"{value!r} is not a {kind.__name__}")
        return convert(value)

    return checked


def _read_date(value) -> dt.date:
    if type(value) is not str:
        raise _Unfit(f"{value!r} is not a date")
    return dt.date.fromisoformat(value)  # ValueError for anything else


def _read_position(value) -> Position:
    line, col = _items(value, 2)
    if type(line) is not int or type(col) is not int:
        raise _Unfit(f"{value!r} is not a position")
    return Position(line, col)


@functools.cache
def _codec(hint) -> tuple[Callable, Callable]:
    """(write, read) for a value of type `hint`: write gives a JSON-ready value,
    read gives the value back or raises _Unfit."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, int, float, bool):
        return _exactly(hint), _exactly(hint)
    if hint is dt.date:
        return _exactly(dt.date, dt.date.isoformat), _read_date
    if hint is Position:
        return _exactly(Position, list), _read_position
    if origin is list:
        write, read = _codec(args[0])
        return (
            _exactly(list, lambda v: [write(x) for x in v]),
            lambda d: [read(x) for x in _items(d)],
        )
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        write, read = _codec(next(a for a in args if a is not type(None)))
        return (
            lambda v: None if v is None else write(v),
            lambda d: None if d is None else read(d),
        )
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        names = [f.name for f in fields(hint) if "filled_by" not in f.metadata]
        codecs = [_codec(hints[name]) for name in names]
        writes = list(zip(names, (write for write, _ in codecs), strict=True))
        reads = [read for _, read in codecs]

        def write_object(value):
            if type(value) is not hint:
                raise _Unfit(f"{value!r} is not a {hint.__name__}")
            return [write(getattr(value, name)) for name, write in writes]

        def read_object(data):
            values = _items(data, len(reads))
            return hint(
                **{name: read(v) for name, read, v in zip(names, reads, values, strict=True)}
            )

        return write_object, read_object
    raise TypeError(f"validation's {hint} cannot be written into the memo")


# A diagnostic's path, line, column, severity and message.
_DIAGNOSTIC = tuple(_exactly(kind) for kind in (str, int, int, str, str))


def validated_entry(part: Validated, diagnostics: list[Diagnostic], front: str) -> dict:
    """What validation made of one file, its diagnostics and its front-matter key,
    as JSON-ready values."""
    entry = {
        name: [_codec(cls)[0](item) for item in getattr(part, name)] for name, cls in _KINDS.items()
    }
    entry["diagnostics"] = [[d.path, d.line, d.col, d.severity, d.message] for d in diagnostics]
    entry["front"] = front
    return entry


def validated_from_entry(entry: dict) -> tuple[Validated, list[Diagnostic], str] | None:
    """The objects, diagnostics and front-matter key an entry was made from; None
    for an entry that does not fit (damaged, or of another version of briefgen)."""
    try:
        part = Validated(
            **{
                name: [_codec(cls)[1](item) for item in _items(entry[name])]
                for name, cls in _KINDS.items()
            }
        )
        diagnostics = [
            Diagnostic(*(read(v) for read, v in zip(_DIAGNOSTIC, _items(item, 5), strict=True)))
            for item in _items(entry["diagnostics"])
        ]
        front = _exactly(str)(entry["front"])
    except (KeyError, TypeError, ValueError):  # _Unfit is a TypeError
        return None
    return part, diagnostics, front
