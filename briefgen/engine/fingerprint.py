"""What identifies briefgen's own code, and a folder of files, as a hash.

Kept apart from keys.py, with nothing heavy imported: the check that a build has
nothing to do (cache.LastBuild) needs these and nothing of the pipeline.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from briefgen import __version__

# Bumped when the layout of a kept result changes.
FORMAT = "2"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def key_of(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def files_digest(folders: list[Path], pattern: str) -> str:
    """A hash of the names and bytes of the files matching `pattern` in `folders`."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(b"\0")
                h.update(path.read_bytes())
                h.update(b"\0")
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """briefgen's own code, data files and version (read once a process: code
    changes need a new process anyway). The data files are part of the output: the
    JSON Schemas are published under /data/, the fonts draw the share images."""
    return key_of(
        FORMAT,
        __version__,
        files_digest([PACKAGE_DIR], "*.py"),
        files_digest([PACKAGE_DIR / "schemas"], "*.json"),
        files_digest([PACKAGE_DIR / "fonts"], "*.ttf"),
    )
