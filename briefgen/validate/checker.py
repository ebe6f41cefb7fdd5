"""Field access for one file: each value read as its declaration says
(briefgen.schema), each problem reported at its line and column."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from briefgen.diagnostics import Diagnostics, Position, closest_field, did_you_mean
from briefgen.load import YList, YMap
from briefgen.model import Citation
from briefgen.schema import CITATION, RECORDS, Field, Record
from briefgen.validate.ids import EMPTY_TAG, ID_RE, slugify, suggest_id

# Words YAML 1.1 read as false; in YAML 1.2 (and here) they are words.
_FALSE_WORDS = ("no", "off", "n")


class Checker:
    """Field access for one file that reports problems at their position in it."""

    def __init__(self, path: str, diags: Diagnostics):
        self.path = path
        self.diags = diags

    def error(self, pos: Position, message: str) -> None:
        self.diags.error(self.path, pos, message)

    def warning(self, pos: Position, message: str) -> None:
        self.diags.warning(self.path, pos, message)

    def unknown_fields(self, mapping: YMap, record: Record, what: str = "") -> None:
        """A field the record does not have: an error naming the fix when it is within
        two edits of a known field (a typo: `staus`), otherwise a warning."""
        known = record.by_name
        what = what or record.name
        for key in mapping:
            if key in known:
                continue
            typo = closest_field(str(key), known)
            if typo:
                self.error(
                    mapping.kpos(key), f"unknown {what} field '{key}'; did you mean '{typo}'?"
                )
            else:
                self.warning(
                    mapping.kpos(key),
                    f"unknown {what} field '{key}'; it is ignored" + did_you_mean(str(key), known),
                )

    def value(self, mapping: YMap, item: Field, what: str = ""):
        """The value of one field, checked as its declaration says (briefgen.schema).
        Lists of text come back as (values, positions); records that no stage reads
        yet are type-checked and come back as they were written."""
        key = item.name
        kind = item.type
        if kind in ("text", "markdown"):
            text = self.string(mapping, key, required=item.required, what=what)
            if text and item.pattern and not re.match(item.pattern, text):
                self.error(mapping.vpos(key), f"{key} must be {item.pattern_hint}, not '{text}'")
                return ""
            return text
        if kind == "id":
            text = self.string(mapping, key, required=item.required, what=what)
            if text and not self.identifier(text, mapping.vpos(key), item.label or key):
                return ""
            return text
        if kind == "date":
            return self.date(mapping, key, required=item.required)
        if kind == "url":
            if item.required and mapping.get(key) is None:
                self.error(mapping.pos, f"{what} is missing required '{key}'")
            return self.url(mapping, key)
        if kind == "bool":
            return self.boolean(mapping, key)
        if kind == "integer":
            return self.integer(mapping, item)
        if kind == "choice":
            return self.enum(mapping, key, item.values, required=item.required, what=what)
        if kind == "text-list":
            return self.string_list(mapping, key)
        if kind == "id-list":
            good, good_pos = [], []
            for text, pos in zip(*self.string_list(mapping, key), strict=True):
                if self.identifier(text, pos, item.label or key):
                    good.append(text)
                    good_pos.append(pos)
            return good, good_pos
        if kind == "citations":
            return self.citations(mapping, key)
        if kind == "likelihood":
            return self.likelihood(mapping, item)
        if kind == "mapping":
            raw = mapping.get(key)
            if raw is not None and not isinstance(raw, YMap):
                self.error(mapping.vpos(key), f"'{key}' must be a mapping, not {type_name(raw)}")
                return None
            return raw
        if kind == "record":
            raw = mapping.get(key)
            if raw is not None:
                if isinstance(raw, YMap):
                    self.record(raw, RECORDS[item.record])
                else:
                    self.error(mapping.vpos(key), f"'{key}' must be a mapping of fields")
            return raw
        if kind == "records":
            raw = mapping.get(key)
            if raw is not None:
                if isinstance(raw, YList):
                    for index, entry in enumerate(raw):
                        if isinstance(entry, YMap):
                            self.record(entry, RECORDS[item.record])
                        else:
                            self.error(raw.ipos(index), f"each item of '{key}' must be a mapping")
                else:
                    self.error(mapping.vpos(key), f"'{key}' must be a list")
            return raw
        raise ValueError(f"field type {kind!r} has no check")  # a declaration mistake

    def record(self, mapping: YMap, record: Record, what: str = "") -> None:
        """Type-check every field of a record that no stage reads yet."""
        self.unknown_fields(mapping, record, what)
        for item in record.fields:
            self.value(mapping, item, what or record.name)

    def unread_fields(self, mapping: YMap, record: Record, what: str, read: tuple) -> None:
        """Type-check the record's fields that the caller does not read itself."""
        for item in record.fields:
            if item.name not in read:
                self.value(mapping, item, what)

    def integer(self, mapping: YMap, item: Field) -> int | None:
        value = mapping.get(item.name)
        if value is None:
            return None
        low, high = item.minimum, item.maximum
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            if low is not None and high is not None:
                bounds = f" from {low} to {high}"
            elif low is not None:
                bounds = f" ≥ {low}"
            else:
                bounds = ""
            self.error(mapping.vpos(item.name), f"'{item.name}' must be a whole number{bounds}")
            return None
        return value

    def likelihood(self, mapping: YMap, item: Field):
        value = mapping.get(item.name)
        if value is None:
            return None
        if isinstance(value, str) and value.strip() in item.values:
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
            return value
        hint = did_you_mean(value, item.values) if isinstance(value, str) else ""
        self.error(
            mapping.vpos(item.name),
            f"'{item.name}' must be one of {', '.join(item.values)} or a number between 0 "
            f"and 1, not '{value}'" + hint,
        )
        return None

    def citations(self, mapping: YMap, key: str) -> list[Citation]:
        """A list of citations; a single source id is accepted as a list of one."""
        citations: list[Citation] = []
        raw = mapping.get(key)
        if raw is None:
            return citations
        if isinstance(raw, str):
            raw_items, raw_pos = [raw], [mapping.vpos(key)]
        elif isinstance(raw, YList):
            raw_items, raw_pos = list(raw), raw.item_pos
        else:
            self.error(mapping.vpos(key), f"'{key}' must be a list of citations")
            raw_items, raw_pos = [], []
        for item, ipos in zip(raw_items, raw_pos, strict=False):
            citation = self.citation(item, ipos)
            if citation:
                citations.append(citation)
        return citations

    def citation(self, item, pos: Position) -> Citation | None:
        """One item of a list of citations: a source id or a mapping."""
        if isinstance(item, str):
            if not self.identifier(item.strip(), pos, "source id"):
                return None
            return Citation(source_id=item.strip(), pos=pos)
        if isinstance(item, YMap):
            self.unknown_fields(item, CITATION)
            read = ("source", "locator", "quote", "credibility")
            self.unread_fields(item, CITATION, "citation", read)
            source_id = self.value(item, CITATION["source"], what="citation")
            if not source_id:
                return None
            return Citation(
                source_id=source_id,
                pos=item.vpos("source"),
                locator=self.value(item, CITATION["locator"]),
                quote=self.value(item, CITATION["quote"]),
                credibility=self.value(item, CITATION["credibility"]),
            )
        self.error(pos, "a citation is a source id or a mapping {source, locator, quote}")
        return None

    def string(self, mapping: YMap, key: str, required: bool = False, what: str = "") -> str:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(mapping.pos, f"{what or 'front-matter'} is missing required '{key}'")
            return ""
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(mapping.vpos(key), f"'{key}' must be text, not {type_name(value)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.error(mapping.vpos(key), f"'{key}' must not be empty")
        return text

    def string_list(self, mapping: YMap, key: str) -> tuple[list[str], list[Position]]:
        """A list of strings; a single string is accepted as a list of one."""
        if key not in mapping or mapping[key] is None:
            return [], []
        value = mapping[key]
        if isinstance(value, str):
            return [value.strip()], [mapping.vpos(key)]
        if not isinstance(value, YList):
            self.error(mapping.vpos(key), f"'{key}' must be a list of text, not {type_name(value)}")
            return [], []
        items, positions = [], []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(value.ipos(index), f"'{key}' items must be text, not {type_name(item)}")
                continue
            if not str(item).strip():
                self.error(value.ipos(index), f"'{key}' has an empty item")
                continue
            items.append(str(item).strip())
            positions.append(value.ipos(index))
        return items, positions

    def tag_names(self, mapping: YMap, item: Field) -> list[str]:
        """The tags of a tag field whose slug is not empty; an error for each other."""
        tags, tag_pos = self.value(mapping, item)
        for value, vpos in zip(tags, tag_pos, strict=True):
            if not slugify(value):
                self.error(vpos, EMPTY_TAG.format(value=value))
        return [t for t in tags if slugify(t)]

    def identifier(self, value: str, pos: Position, what: str) -> bool:
        if ID_RE.match(value):
            return True
        self.error(
            pos,
            f"{what} '{value}' is not a valid id (lower-case letters, digits and single "
            f"hyphens)" + suggest_id(value),
        )
        return False

    def date(self, mapping: YMap, key: str, required: bool = False) -> dt.date | None:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(mapping.pos, f"front-matter is missing required '{key}' (YYYY-MM-DD)")
            return None
        value = mapping[key]
        pos = mapping.vpos(key)
        # A date and time (YAML's explicit `!!timestamp`) is refused like the text of
        # one: compared with the plain dates of other fields it would fail.
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.error(pos, f"'{key}' must be a date written YYYY-MM-DD, not '{text}'")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(pos, f"'{key}' is not a real date: {text} does not exist")
            return None

    def url(self, mapping: YMap, key: str) -> str:
        text = self.string(mapping, key)
        if not text:
            return ""
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(
                mapping.vpos(key),
                f"'{key}' must be an http(s) URL, not '{text}'",
            )
            return ""
        return text

    def enum(self, mapping: YMap, key: str, allowed: tuple, required: bool, what: str) -> str:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(
                    mapping.pos,
                    f"{what} is missing required '{key}' (one of {', '.join(allowed)})",
                )
            return ""
        value = mapping[key]
        text = str(value).strip() if isinstance(value, str) else value
        if text not in allowed:
            hint = did_you_mean(str(text), allowed) if isinstance(text, str) else ""
            if not hint and "false" in allowed and str(text).lower() in _FALSE_WORDS:
                # Only say what 'false' means: a guess would steer a claim to the
                # verdict False on the strength of a YAML 1.1 habit.
                hint = (
                    f"; '{text}' is not a verdict (to mark the claim false, write '{key}: false')"
                )
            self.error(
                mapping.vpos(key),
                f"{what} {key} '{value}' is not one of {', '.join(allowed)}" + hint,
            )
            return ""
        return text

    def boolean(self, mapping: YMap, key: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(mapping.vpos(key), f"'{key}' must be true or false, not '{value}'")
            return False
        return value


def type_name(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing"
    return type(value).__name__
