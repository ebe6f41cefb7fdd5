"""The objects linking makes from validation's, which stay as validation made them.

Linking fills references and indexes into objects of its own: a copy of each
validated object whose fields of later stages (model.filled_by) start empty. An
engine kept warm (the preview) gives an unchanged validated object the same linked
object again, with only what linking and the mention index fill emptied: what was
rendered into it stays, and is reused while its key holds (engine/bodies.py).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import MISSING

from briefgen.model import (
    LINK,
    MENTIONS,
    RENDER,
    Article,
    Citation,
    Claim,
    fields_filled_by,
    written_fields,
)


class _Defaults:
    """The defaults of some fields of a class, to set in one go: the immutable ones
    with one dict update, the others from their factories."""

    def __init__(self, filled: tuple):
        self.values = {name: default for name, default, make in filled if make is MISSING}
        self.factories = tuple((name, make) for name, _, make in filled if make is not MISSING)

    def set_on(self, obj) -> None:
        fields = obj.__dict__
        fields.update(self.values)
        for name, make in self.factories:
            fields[name] = make()


@functools.cache
def _filled_later(cls: type) -> _Defaults:
    """What link, render and the mention index fill."""
    return _Defaults(fields_filled_by(cls, (LINK, RENDER, MENTIONS)))


@functools.cache
def _relinked(cls: type) -> _Defaults:
    """What link and the mention index fill."""
    return _Defaults(fields_filled_by(cls, (LINK, MENTIONS)))


def _copy(spec):
    """A shallow copy of `spec` with every field of a later stage at its default."""
    obj = object.__new__(type(spec))
    obj.__dict__.update(spec.__dict__)
    _filled_later(type(spec)).set_on(obj)
    return obj


def _copy_claim(spec: Claim, article: Article) -> Claim:
    claim = _copy(spec)
    claim.article = article
    claim.citations = [_copy(citation) for citation in spec.citations]
    if spec.resolution is not None and spec.resolution.citations:
        citations = [_copy(citation) for citation in spec.resolution.citations]
        claim.resolution = dataclasses.replace(spec.resolution, citations=citations)
    return claim


def _copy_tree(spec):
    """`spec` copied with its parts: an article's claims and their citations."""
    obj = _copy(spec)
    if isinstance(spec, Article):
        obj.claims = [_copy_claim(claim, obj) for claim in spec.claims]
    return obj


def relink(obj) -> None:
    """Empty what linking and the mention index fill in a linked object and its
    parts, so that linking fills it afresh."""
    _relinked(type(obj)).set_on(obj)
    if isinstance(obj, Article):
        claim_fields, citation_fields = _relinked(Claim), _relinked(Citation)
        for claim in obj.claims:
            claim_fields.set_on(claim)
            claim.article = obj
            for citation in claim.citations:
                citation_fields.set_on(citation)
            if claim.resolution is not None:
                for citation in claim.resolution.citations:
                    citation_fields.set_on(citation)


class LinkedObjects:
    """The linked object of each validated article, entity, source and tag. `keep`:
    give an unchanged validated object the same linked object in the next run."""

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.made: dict[int, tuple[object, object]] = {}  # id(spec) -> (spec, linked)
        self._next: dict[int, tuple[object, object]] = {}

    def start(self) -> None:
        """A link starts (what a link that stopped half-way asked for is let go)."""
        self._next = {}

    def of(self, spec):
        """The linked object for `spec`, with nothing linked into it yet."""
        if not self.keep:
            return _copy_tree(spec)
        made = self.made.get(id(spec))
        if made is not None and made[0] is spec:
            obj = made[1]
            relink(obj)
        else:
            obj = _copy_tree(spec)
        self._next[id(spec)] = (spec, obj)
        return obj

    def linked(self) -> None:
        """A link is done: the objects it did not ask for are let go."""
        if self.keep:
            self.made, self._next = self._next, {}

    def get(self, spec):
        """The linked object last made for `spec`; None when there is none."""
        made = self.made.get(id(spec))
        return made[1] if made is not None and made[0] is spec else None

    def moved(self, old_spec, new_spec) -> None:
        """`new_spec` has been patched into the linked object of `old_spec`
        (engine/patch.py): the next link gives it for `new_spec`."""
        made = self.made.pop(id(old_spec), None)
        if made is not None:
            self.made[id(new_spec)] = (new_spec, made[1])


def copy_written(linked, spec) -> None:
    """Copy into a linked object what is written of it in `spec` (a newer
    validation of the same object): model.written_fields."""
    for name in written_fields(type(spec)):
        setattr(linked, name, getattr(spec, name))
