"""Comparing two outputs of one archive, byte for byte but for the search index's
unordered parts.

Pagefind (1.5) writes an index's filters in the order of a hash map seeded afresh in
each run: the filter files (`pagefind/filter/*.pf_filter`) hold the same values and
pages in another order, under other names, and the metadata file naming them
(`pagefind.<hash>.pf_meta`, named in `pagefind-entry.json`) differs with them. Its
word index, its page fragments and every other file of the site are the same bytes
in every build. So `comparable` keeps every other file as it is, the entry with its
hash blanked, the metadata by its unpacked size, and each filter file by the sorted
bytes of its unpacked content (the same values in another order give the same)."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

ENTRY = "pagefind/pagefind-entry.json"
META = re.compile(r"pagefind/pagefind\.[^/]+\.pf_meta")
FILTER = re.compile(r"pagefind/filter/[^/]+\.pf_filter")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def comparable(files: dict[str, bytes]) -> dict[str, object]:
    result: dict[str, object] = {}
    filters = []
    for rel, data in files.items():
        if rel == ENTRY:
            result[rel] = re.sub(rb'"hash":"[^"]*"', b'"hash":""', data)
        elif META.fullmatch(rel):
            result["pagefind/pagefind.*.pf_meta"] = len(gzip.decompress(data))
        elif FILTER.fullmatch(rel):
            filters.append(bytes(sorted(gzip.decompress(data))))
        else:
            result[rel] = data
    if filters:
        result["pagefind/filter/*.pf_filter"] = sorted(filters)
    return result


def digest(folder: Path) -> dict[str, str]:
    """Every file of the tree (hidden ones too) with the hash of what `comparable`
    keeps of it."""
    return {
        rel: hashlib.sha256(
            repr(value).encode() if not isinstance(value, bytes) else value
        ).hexdigest()
        for rel, value in comparable(tree(folder)).items()
    }
