"""The load and validate stages through the memo: each content file is read and
validated on its own, and again only when it changed.

A file is looked at by its stat first: an engine that is kept warm between runs
(the preview) reuses the file as last read when its stat is the same and the
watcher did not name it. Then by the key of its bytes (engine/keys.py): the same
bytes give what they gave last time, and a memo (build's SQLite) gives what
validation made of bytes read in an earlier run (engine/validated_records.py).
Only the rest is parsed, over the executor's processes, and validated.
Validation checks each file on its own (briefgen/validate), so what it made is
kept per file; linking joins the files (engine/steps.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.engine.executor import Executor
from briefgen.engine.keys import document_key, front_matter_key
from briefgen.engine.memo import DOCUMENTS, Memo
from briefgen.engine.templates import stat_sig
from briefgen.engine.validated_records import validated_entry, validated_from_entry
from briefgen.load import CONTENT_KINDS, MAX_FILE_BYTES, Document, discover, read_document
from briefgen.validate import Validated, validate


@dataclass
class ContentFile:
    """One content file as read: its stat, the key of its bytes (`digest`; "" in a
    run without keys) and what came of them; `front`: its front_matter_key.
    `document`: None when what validation made was taken from the memo."""

    kind: str
    sig: tuple | None
    digest: str
    document: Document | None
    validated: Validated
    diagnostics: list[Diagnostic]
    front: str = ""


def _parse(job) -> tuple:
    root, path, kind = job
    own = Diagnostics()
    return read_document(root, path, kind, own), own.items


class ContentFiles:
    """The archive's content files as last read (`files`, by archive-relative path),
    and reading them again. `keyed`: work out each file's keys (a run with a memo,
    or kept warm); `warm`: keep what was read for the next run."""

    def __init__(self, executor: Executor, memo: Memo | None, keyed: bool, warm: bool):
        self.executor = executor
        self.memo = memo
        self.keyed = keyed
        self.warm = warm
        self.files: dict[str, ContentFile] = {}
        self.parsed = 0  # files validated again (parsed, or from the memo) by the last `read`
        # The folders' stat when the files were last listed, and what was found.
        self.discovered: tuple[tuple, list, list] | None = None
        self.folder_inodes: dict[str, int] = {}

    def discover(self, root: Path, hints: set[str], diags: Diagnostics) -> list[tuple]:
        """load.discover: again only when a folder changed or the watcher saw a file
        appear or vanish (an edit in place changes neither), in a warm engine."""
        if not self.warm:
            return discover(root, diags)
        folders = ["content"] + [f"content/{kind}" for kind in CONTENT_KINDS]
        sig = []
        self.folder_inodes = {}
        for folder in folders:
            try:
                st = (root / folder).stat()
            except OSError:
                sig.append(None)
                continue
            sig.append(st.st_mtime_ns)
            self.folder_inodes[folder] = st.st_ino
        known = set(self.files)
        moved = any(
            (rel not in known) == (root / rel).is_file()
            for rel in hints
            if rel.startswith("content/")
        )
        if self.discovered is not None and self.discovered[0] == tuple(sig) and not moved:
            diags.items.extend(self.discovered[2])
            return self.discovered[1]
        own = Diagnostics()
        found = discover(root, own)
        self.discovered = (tuple(sig), found, own.items)
        diags.items.extend(own.items)
        return found

    def read(self, root: Path, found: list[tuple], hints: set[str]) -> dict[str, ContentFile]:
        """Each file of `found` ((kind, path), in that order) as it is now; a file
        named in `hints` is looked at whatever its stat says. `files` is not
        changed: what was read becomes the next run's by `keep`."""
        files: dict[str, ContentFile | None] = {}
        from_memo = 0
        todo: list[tuple] = []  # (rel, kind, path, sig, digest) of the files to parse
        for kind, path in found:
            rel = f"content/{kind}/{path.name}"
            old = self.files.get(rel)
            try:
                sig = stat_sig(path)
            except OSError:
                if self.warm:
                    continue  # gone since it was listed; the watcher reports it again
                sig = None  # read_document reports it
            if old is not None and old.kind == kind and old.sig == sig and rel not in hints:
                files[rel] = old
                continue
            digest = ""
            if self.keyed and sig is not None:
                size = sig[2]
                try:
                    data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
                except OSError:
                    data = b""
                digest = document_key(kind, rel, data, size if size > MAX_FILE_BYTES else 0)
                if old is not None and old.kind == kind and old.digest == digest and data:
                    old.sig = sig
                    files[rel] = old
                    continue
                # (A file that could not be read has no bytes to look up: it is read
                # again, and reports why.)
                readable = data or size == 0
                entry = self.memo.get(DOCUMENTS, digest) if self.memo and readable else None
                kept = validated_from_entry(entry) if entry is not None else None
                if kept is not None:
                    part, items, front = kept
                    files[rel] = ContentFile(kind, sig, digest, None, part, items, front)
                    from_memo += 1
                    continue
            files[rel] = None
            todo.append((rel, kind, path, sig, digest))
        parsed = self.executor.map(_parse, [(root, path, kind) for _, kind, path, _, _ in todo])
        for rel, kind, _, sig, digest in todo:
            document, items = next(parsed)
            own = Diagnostics()
            own.items.extend(items)
            part = validate([document], own) if document is not None else Validated()
            front = front_matter_key(document.meta) if self.keyed and document else ""
            files[rel] = ContentFile(kind, sig, digest, document, part, own.items, front)
            if document is not None and digest and self.memo is not None and not own.errors:
                try:
                    self.memo.put(DOCUMENTS, digest, validated_entry(part, own.items, front))
                except (TypeError, ValueError):
                    pass  # a value JSON cannot hold: the file is read again next time
        self.parsed = len(todo) + from_memo
        return files

    def keep(self, files: dict[str, ContentFile]) -> None:
        """`files` are the archive's files now (for the next run, when warm)."""
        self.files = files if self.warm else {}
