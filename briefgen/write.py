"""Stage 6, write: the rendered files become the output folder.

A build puts each file of the new site into a temporary sibling of the output
folder, and only once the whole build has succeeded does anything in the output
change, so a failed build leaves `site/` exactly as it was. Then:

- First build, `--no-cache`, a build that changes most files (then the swap costs
  little more and keeps the commit one step), or when the previous output cannot
  be trusted (a build was killed while committing in place, a path in it is a
  symbolic link, a file stands where the new site needs a folder): the temporary
  folder holds
  the whole new site (files whose bytes did not change hard-linked from the
  previous output, so they keep their modification times) and is swapped with the
  output in one rename.
- Otherwise the temporary folder holds only the new and changed files, and the
  commit moves each into place with `os.replace` (atomic per file), then deletes
  the files the new site no longer has; every unchanged file is left as it is.
  Making a whole tree of folders and links and removing the old one cost a third
  of a one-article edit build at 10,000 articles; this costs a few operations per
  changed file.

The trade-off of the second way: it is atomic per file, not for the whole site.
A build killed during its commit (a few milliseconds for a few files) leaves a
site with files of both builds, until the next build. A marker beside the output
(`.site.partial` for `site/`) is made before the first file is moved and removed
after the last, so the next build knows, and makes the whole site again with the
swap. New files are moved in before changed ones and deletions come last, so even
then no file names another that is not there.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

TMP_MARK = ".tmp-"
OLD_MARK = ".old-"
# Beside the output while a commit in place moves files into it.
PARTIAL_MARK = ".partial"


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
    # Imported only for a swap: finding the C library is a tenth of the time of a
    # build that has nothing to do.
    import ctypes
    import ctypes.util

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
    """The new output, put file by file into a temporary sibling of `out`, then
    committed by `commit` (or removed by `discard`): swapped in whole, or, when
    `in_place` is allowed and the previous output can be trusted, its new and
    changed files moved into it (see the module's docstring).

    Pages can be put from forked worker processes as they are rendered, so the
    site is never held in memory; a worker reports back only whether it wrote the
    file or found the previous one unchanged, and the parent `note`s that. Which
    way the commit goes is settled by `open`, before any worker is forked.
    """

    def __init__(self, out: Path, in_place: bool = False):
        self.out = out
        self.tmp: Path | None = None
        self.stats = WriteStats()
        self.paths: list[str] = []
        self.allow_in_place = in_place
        self.in_place = False  # settled by open()
        self._made: set[Path] = set()  # folders this process made under tmp
        self._borrowed: set[str] = set()  # linked into tmp only to be read there

    @property
    def marker(self) -> Path:
        """Present while files are being moved into `out`: a build killed then left
        it, and `out` holds files of two builds."""
        return partial_marker(self.out)

    def open(self) -> None:
        if self.tmp is not None:
            return
        self.out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(self.out)
        # Every site briefgen writes has a .nojekyll: a new or empty folder takes the
        # whole site in one rename rather than a rename per file.
        self.in_place = (
            self.allow_in_place
            and not self.out.is_symlink()
            and (self.out / ".nojekyll").is_file()
            and not os.path.lexists(self.marker)
        )
        tmp = self.out.parent / f".{self.out.name}{TMP_MARK}{os.getpid()}"
        tmp.mkdir()
        self.tmp = tmp

    def put(self, rel: str, data: bytes) -> bool:
        """Put one file; True if written, False if the previous output has the same
        bytes (kept: linked into the new tree, or, in place, left alone). Safe in
        several processes at once."""
        previous = self.out / rel
        if _same_bytes(previous, data):
            if self.in_place:
                return False
            try:
                os.link(previous, self._target(rel))
                return False
            except OSError:
                pass
        with open(self._target(rel), "wb") as handle:
            handle.write(data)
        return True

    def keep(self, rel: str) -> bool:
        """Keep the previous output's file for `rel` (the caller has checked it is
        the one the last build wrote); False when it cannot be (then the page is
        rendered)."""
        self.open()
        if self.in_place:
            return True  # it stays where it is
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

    def gathered(self, rels: list[str]) -> Path:
        """A folder in which each of `rels` (put or kept already) is at its path, for
        a tool that reads them there: the temporary folder, where in place the
        files that stay in `out` are linked for the time of the build."""
        self.open()
        assert self.tmp is not None
        if self.in_place:
            for rel in rels:
                if not (self.tmp / rel).exists():
                    os.link(self.out / rel, self._target(rel))
                    self._borrowed.add(rel)
        return self.tmp

    def read(self, rel: str) -> bytes:
        """The bytes put for `rel` (by this process or a worker)."""
        assert self.tmp is not None, "nothing put yet"
        staged = self.tmp / rel
        if self.in_place and not staged.exists():
            return (self.out / rel).read_bytes()
        return staged.read_bytes()

    def commit(self) -> WriteStats:
        """Make `out` what was put."""
        self.open()
        tmp = self.tmp
        assert tmp is not None
        try:
            if self.in_place:
                plan = _plan_in_place(self.out, tmp, set(self.paths), self._borrowed)
                if plan is not None:
                    self.tmp = None
                    _move_in(self.out, tmp, plan, self.marker)
                    shutil.rmtree(tmp, ignore_errors=True)
                    return self.stats
                # Not to be trusted: the whole new site is made, as on a first build.
                self._fill(set(self.paths) - _files_under(tmp))
            self.tmp = None
            _swap(tmp, self.out)
            self.marker.unlink(missing_ok=True)
        except BaseException:
            self.tmp = None
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self.stats

    def _fill(self, rels: set[str]) -> None:
        """Link each of `rels`, left in `out`, into the temporary folder."""
        self.in_place = False
        for rel in sorted(rels):
            os.link(self.out / rel, self._target(rel))

    def discard(self) -> None:
        """Leave `out` as it was and remove what was put."""
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def folders_above(paths) -> set[str]:
    """Every folder that holds one of `paths` (relative ones), however deep; not the
    output folder itself ("")."""
    folders: set[str] = set()
    for rel in paths:
        parent = rel.rpartition("/")[0]
        while parent and parent not in folders:  # the rest above is in already
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def partial_marker(out: Path) -> Path:
    return out.parent / f".{out.name}{PARTIAL_MARK}"


def _swap(tmp: Path, out: Path) -> None:
    """Put the folder `tmp` where `out` is, in one step, and remove the old one."""
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


@dataclass
class _Tree:
    files: set[str]
    folders: set[str]
    odd: list[str]  # symbolic links, sockets, ...: not what a build writes


def _scan(folder: Path) -> _Tree:
    """Every file and folder under `folder`, by relative path (no stat calls)."""
    tree = _Tree(set(), set(), [])

    def walk(directory: str, rel: str) -> None:
        with os.scandir(directory) as it:
            for entry in it:
                path = rel + entry.name
                if entry.is_dir(follow_symlinks=False):
                    tree.folders.add(path)
                    walk(entry.path, path + "/")
                elif entry.is_file(follow_symlinks=False):
                    tree.files.add(path)
                else:
                    tree.odd.append(path)

    walk(str(folder), "")
    return tree


def _files_under(folder: Path) -> set[str]:
    return _scan(folder).files


@dataclass
class _Plan:
    added: list[str]  # put, not in the output yet
    changed: list[str]  # put, replacing a file of the output
    removed: list[str]  # in the output, not in the new site
    # Folders of the output that hold none of the new site's files (put there by
    # hand, or left empty): the site is what the archive makes, and only that.
    folders_gone: list[str]


def _plan_in_place(out: Path, tmp: Path, paths: set[str], borrowed: set[str]) -> _Plan | None:
    """What moving the put files into `out` involves; None when `out` is not what
    the build took it for and the whole site must be swapped in instead."""
    try:
        old, staged = _scan(out), _scan(tmp)
    except OSError:
        return None
    put = staged.files - borrowed
    if old.odd or staged.odd or not put <= paths:
        return None
    # When most of the site changed (a theme edited, another base URL), the swap
    # costs little more and keeps the commit a single step.
    if 2 * len(put) > len(paths):
        return None
    if not (paths - put) <= old.files:  # a kept file is gone (deleted meanwhile)
        return None
    for rel in put:
        if rel in old.folders:
            return None
        parent = rel.rpartition("/")[0]
        while parent:
            if parent in old.files:
                return None
            parent = parent.rpartition("/")[0]
    needed = folders_above(paths)
    return _Plan(
        added=sorted(put - old.files),
        changed=sorted(put & old.files),
        removed=sorted(old.files - paths),
        folders_gone=sorted(old.folders - needed),
    )


def _move_in(out: Path, tmp: Path, plan: _Plan, marker: Path) -> None:
    """Move the put files into `out` and delete the ones it no longer has. New files
    go first, so that a changed file never names one that is not there yet."""
    marker.write_bytes(b"")
    made: set[str] = set()
    for rel in plan.added + plan.changed:
        parent = rel.rpartition("/")[0]
        if parent and parent not in made:
            (out / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        os.replace(tmp / rel, out / rel)
    for rel in plan.removed:
        (out / rel).unlink(missing_ok=True)
    emptied = set(plan.folders_gone) | folders_above(plan.removed)
    # Deepest first, so that a folder whose folders all went goes too.
    for folder in sorted(emptied, key=lambda f: f.count("/"), reverse=True):
        try:
            (out / folder).rmdir()
        except OSError:
            pass  # not empty: it still holds files of the new site
    marker.unlink()


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
