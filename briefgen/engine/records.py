"""Results of costly steps as plain JSON-ready values: what crosses from a worker
process to the parent, and what the memo keeps. JSON, not pickle: the SQLite memo
sits inside an archive that may come from anyone, and reading it must never run
code."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable

from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.model import Article, Claim, Source
from briefgen.render.article import RenderedArticle

# -- a rendered article ----------------------------------------------------------
#
# A record holds each field of RenderedArticle under its name, written after the
# field's type: a field added there is carried through the cache as it is. What
# refers to the article's own objects is written as a reference to them: a claim
# as its index in article.claims, a source as its id, the article itself as null.
# A record is read back only when it has every field, each of the type it should
# have: a record written for other fields is rendered afresh.

_PLAIN = (str, int, float, bool, type(None))


class _Unfit(Exception):
    """A record (or a value in it) that is not what its field's type says."""


@dataclasses.dataclass
class _Own:
    """The objects of one article that a record refers to."""

    article: Article
    sources: dict[str, Source]  # by id: those its claims cite


def _parts(hint) -> tuple[object, tuple]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        origin = types.UnionType
    return origin, args


def _init_fields(cls) -> list[tuple[str, object]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]


def _shaped(value, hint) -> bool:
    """Whether `value` is of the type `hint` names, as far as choosing among a
    union's alternatives needs."""
    origin, args = _parts(hint)
    if origin is tuple:
        return isinstance(value, tuple) and (args[-1:] == (Ellipsis,) or len(value) == len(args))
    return isinstance(value, origin or hint)


@functools.cache
def _writer(hint) -> Callable[[object, Article], object]:
    """How a value of type `hint` is written into a record."""
    origin, args = _parts(hint)
    if hint in _PLAIN:
        return lambda value, article: value
    if origin is types.UnionType:
        alternatives = [(n, alt, _writer(alt)) for n, alt in enumerate(args)]

        def union(value, article):
            for n, alternative, write in alternatives:
                if _shaped(value, alternative):
                    return [n, write(value, article)]
            raise TypeError(f"{value!r} is none of {hint}")

        return union
    if origin is list or (origin is tuple and args[-1:] == (Ellipsis,)):
        item = _writer(args[0])
        return lambda value, article: [item(v, article) for v in value]
    if origin is tuple:
        items = [_writer(a) for a in args]
        return lambda value, article: [
            write(v, article) for v, write in zip(value, items, strict=True)
        ]
    if origin is dict:
        key, item = _writer(args[0]), _writer(args[1])
        return lambda value, article: [
            [key(k, article), item(v, article)] for k, v in value.items()
        ]
    if hint is Article:

        def own_article(value, article):
            if value is not article:
                raise TypeError("a rendered article refers to another article")

        return own_article
    if hint is Claim:
        return lambda value, article: next(n for n, c in enumerate(article.claims) if c is value)
    if hint is Source:
        return lambda value, article: value.id
    if dataclasses.is_dataclass(hint):
        fields = [(name, _writer(h)) for name, h in _init_fields(hint)]
        return lambda value, article: [
            write(getattr(value, name), article) for name, write in fields
        ]
    raise TypeError(f"a rendered article's {hint} cannot be written into a record")


@functools.cache
def _reader(hint) -> Callable[[object, _Own], object]:
    """How a value of type `hint` is read back from a record; raises _Unfit for
    anything else."""
    origin, args = _parts(hint)
    if hint in _PLAIN:
        # JSON keeps an int and a float apart, so a float field that held an int
        # (a setting written as 1) reads back as the int it was.
        allowed = (int, float) if hint is float else (hint,)

        def plain(data, own):
            if type(data) not in allowed:
                raise _Unfit(f"{data!r} is not a {hint.__name__}")
            return data

        return plain
    if origin is types.UnionType:
        alternatives = [_reader(alt) for alt in args]

        def union(data, own):
            n, value = _items(data, 2)
            if type(n) is not int or not 0 <= n < len(alternatives):
                raise _Unfit(f"no alternative {n!r} of {hint}")
            return alternatives[n](value, own)

        return union
    if origin in (list, tuple) and (origin is list or args[-1:] == (Ellipsis,)):
        item = _reader(args[0])
        return lambda data, own: origin(item(v, own) for v in _items(data))
    if origin is tuple:
        items = [_reader(a) for a in args]
        return lambda data, own: tuple(
            read(v, own) for v, read in zip(_items(data, len(items)), items, strict=True)
        )
    if origin is dict:
        key, item = _reader(args[0]), _reader(args[1])
        return lambda data, own: {
            key(k, own): item(v, own) for k, v in (_items(pair, 2) for pair in _items(data))
        }
    if hint is Article:

        def own_article(data, own):
            if data is not None:
                raise _Unfit("a reference to another article")
            return own.article

        return own_article
    if hint is Claim:

        def claim(data, own):
            if type(data) is not int or not 0 <= data < len(own.article.claims):
                raise _Unfit(f"no claim {data!r}")
            return own.article.claims[data]

        return claim
    if hint is Source:

        def source(data, own):
            if type(data) is not str or data not in own.sources:
                raise _Unfit(f"no source {data!r}")
            return own.sources[data]

        return source
    if dataclasses.is_dataclass(hint):
        fields = [_reader(h) for _, h in _init_fields(hint)]
        return lambda data, own: hint(
            *(read(v, own) for v, read in zip(_items(data, len(fields)), fields, strict=True))
        )
    raise TypeError(f"a rendered article's {hint} cannot be read from a record")


def _items(data, count: int | None = None) -> list:
    if not isinstance(data, list) or (count is not None and len(data) != count):
        raise _Unfit(f"{data!r} is not a list of {count or 'any number of'} items")
    return data


_FIELDS = _init_fields(RenderedArticle)


def article_record(article: Article, rendered: RenderedArticle, diags: Diagnostics) -> dict:
    """`rendered`, the rendering of `article`, and the diagnostics it gave, as
    JSON-ready values."""
    record = {name: _writer(hint)(getattr(rendered, name), article) for name, hint in _FIELDS}
    record["diagnostics"] = [[d.path, d.line, d.col, d.severity, d.message] for d in diags.items]
    return record


def read_record(article: Article, record: dict) -> tuple[RenderedArticle, list[Diagnostic]] | None:
    """The rendering of `article` and its diagnostics, from its record; None when the
    record lacks a field or does not fit the article's claims and citations (a
    cache entry is keyed by the file's bytes, so only a damaged entry or one of
    another version of briefgen would)."""
    sources = {
        citation.source_id: citation.source
        for claim in article.claims
        for citation in claim.citations
        if citation.source is not None
    }
    own = _Own(article, sources)
    try:
        rendered = RenderedArticle(
            **{name: _reader(hint)(record[name], own) for name, hint in _FIELDS}
        )
        diagnostics = [Diagnostic(*item) for item in record["diagnostics"]]
    except (_Unfit, KeyError, TypeError, ValueError):
        return None
    if not rendered.fits(article):
        return None
    return rendered, diagnostics
