"""Stage 6, write: the rendered files become the output folder, all at once.

The new site is written into a temporary sibling folder and then swapped with the
old one, so a failed or killed build never leaves a half-written `site/`. Files
whose bytes did not change are hard-linked from the previous output instead of
rewritten, so they keep their modification times.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

TMP_MARK = ".tmp-"
OLD_MARK = ".old-"


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0


class OutputError(Exception):
    pass


def check_output_dir(out: Path, root: Path) -> None:
    """Refuse to replace a folder that is not a site: the archive, or a parent of it."""
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or root_r.is_relative_to(out_r):
        raise OutputError(f"refusing to write the site over '{out}', which holds the archive")
    for part in ("content", "templates"):
        if out_r.is_relative_to(root_r / part):
            raise OutputError(
                f"refusing to write the site over '{out}', which is inside the archive's {part}/"
            )
    if (out / "briefgen.yaml").exists() or (out / "content").is_dir():
        raise OutputError(f"refusing to write the site over '{out}', which holds an archive")
    # The output is replaced as a whole: a folder with other files in it (a typo in
    # --out, a home folder) must not be, unless it is a site written before.
    if out.is_dir() and any(out.iterdir()) and not (out / ".nojekyll").exists():
        raise OutputError(
            f"refusing to replace '{out}': it holds files and is not a site briefgen "
            "wrote; choose an empty or new folder for --out"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def clean_stale(out: Path) -> None:
    """Remove temporary folders left by a build that was killed."""
    parent = out.parent
    if not parent.is_dir():
        return
    prefix = f".{out.name}"
    for entry in parent.iterdir():
        if entry.name.startswith(prefix) and (TMP_MARK in entry.name or OLD_MARK in entry.name):
            shutil.rmtree(entry, ignore_errors=True)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


class StagedSite:
    """The new output, built file by file in a temporary sibling of `out`, then
    swapped in whole by `commit` (or removed by `discard`).

    Pages can be put from forked worker processes as they are rendered, so the
    site is never held in memory; a worker reports back only whether it wrote the
    file or linked the unchanged one, and the parent `note`s that.
    """

    def __init__(self, out: Path):
        self.out = out
        self.tmp: Path | None = None
        self.stats = WriteStats()
        self.paths: list[str] = []
        self._made: set[Path] = set()  # folders this process made under tmp

    def open(self) -> None:
        if self.tmp is not None:
            return
        self.out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(self.out)
        tmp = self.out.parent / f".{self.out.name}{TMP_MARK}{os.getpid()}"
        tmp.mkdir()
        self.tmp = tmp

    def put(self, rel: str, data: bytes) -> bool:
        """Write one file; True if written, False if linked from the previous output
        because its bytes are the same. Safe in several processes at once."""
        target = self._target(rel)
        previous = self.out / rel
        if _same_bytes(previous, data):
            try:
                os.link(previous, target)
                return False
            except OSError:
                pass
        with open(target, "wb") as handle:
            handle.write(data)
        return True

    def keep(self, rel: str) -> bool:
        """Link the previous output's file for `rel` into the new output; False when
        it cannot be (then the page is rendered)."""
        self.open()
        try:
            os.link(self.out / rel, self._target(rel))
        except OSError:
            return False
        return True

    def _target(self, rel: str) -> Path:
        """Where `rel` goes in the new output, its folder made."""
        assert self.tmp is not None, "open() first"
        target = self.tmp / rel
        folder = target.parent
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        return target

    def note(self, rel: str, written: bool) -> None:
        self.paths.append(rel)
        if written:
            self.stats.written += 1
        else:
            self.stats.unchanged += 1

    def add(self, rel: str, data: bytes) -> None:
        self.open()
        self.note(rel, self.put(rel, data))

    def folder(self, rel: str) -> Path:
        """Where the folder `rel` goes in the new output, for a tool that writes its
        files there itself (the caller `note`s each)."""
        self.open()
        assert self.tmp is not None
        return self.tmp / rel

    def read(self, rel: str) -> bytes:
        """The bytes put for `rel` (by this process or a worker)."""
        assert self.tmp is not None, "nothing put yet"
        return (self.tmp / rel).read_bytes()

    def commit(self) -> WriteStats:
        """Replace `out` with what was put."""
        self.open()
        tmp, out = self.tmp, self.out
        self.tmp = None
        try:
            if out.is_dir() and not out.is_symlink():
                if not _exchange(tmp, out):
                    old = out.parent / f".{out.name}{OLD_MARK}{os.getpid()}"
                    os.rename(out, old)
                    os.rename(tmp, out)
                    tmp = old
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                if out.exists() or out.is_symlink():
                    out.unlink()
                os.rename(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self.stats

    def discard(self) -> None:
        """Leave `out` as it was and remove what was put."""
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def update_in_place(out: Path, files: dict[str, bytes], previous: set[str]) -> WriteStats:
    """For the preview server: write only changed files and delete vanished ones.
    The caller holds the lock that keeps readers out meanwhile."""
    stats = WriteStats()
    for rel in sorted(files):
        target = out / rel
        if _same_bytes(target, files[rel]):
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        part.write_bytes(files[rel])
        os.replace(part, target)
        stats.written += 1
    for rel in sorted(previous - set(files)):
        try:
            (out / rel).unlink()
        except OSError:
            pass
    return stats


class Output:
    """Where `compile_site` puts the site's files: here, `files` in memory."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files

    def add(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    def note(self, rel: str, written: bool) -> None:  # only StagedSite is put into directly
        raise NotImplementedError

    def read(self, rel: str) -> bytes:
        return self.files[rel]


@dataclass(frozen=True)
class Stored:
    """A page that the stage rendering it put into the output itself."""

    written: bool  # False: the previous output had the same bytes, and was linked
