"""The preview's HTTP side: the published site, request paths, and live events.

`Site` is what readers may see: the output folder, the list of files the last good
build published, and the files a rebuild is still writing. A request for a file a
rebuild is writing waits for it, so no reader ever gets a half-built site. A request
path is decoded once and refused when it could reach outside the output (`..`, `.`,
empty segments, backslashes, NUL bytes); a file is served only when the last build
published it and its real path lies inside the output folder.
"""

from __future__ import annotations

import json
import mimetypes
import os
import queue
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefgen.serve.livereload import EVENTS_PATH, inject

WAIT_FOR_BUILD_SECONDS = 60
KEEPALIVE_SECONDS = 10

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
}
ATOM_FILES = ("feed.xml",)


def content_type(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    if name in ATOM_FILES:
        return "application/atom+xml"
    ext = os.path.splitext(name)[1].lower()
    if ext in CONTENT_TYPES:
        return CONTENT_TYPES[ext]
    if not ext and name in ("CNAME", ".nojekyll"):
        return "text/plain; charset=utf-8"
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


@dataclass
class Resolved:
    kind: str  # "file", "redirect", "bad", "outside"
    value: str = ""  # the relative file, or the redirect's location


def resolve_request(raw: str, base_path: str) -> Resolved:
    """Map a request target to a file relative to the output folder, or say why not."""
    if not raw.startswith("/"):
        return Resolved("bad")  # absolute-form targets and the like
    path = raw.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return Resolved("bad")
    if "\x00" in decoded or "\\" in decoded:
        return Resolved("bad")
    segments = decoded.split("/")[1:]
    if any(segment in (".", "..") for segment in segments):
        return Resolved("bad")
    if any(segment == "" for segment in segments[:-1]):
        return Resolved("bad")  # '//' would make the rest an absolute path
    if not decoded.startswith(base_path):
        if decoded + "/" == base_path or decoded == "/":
            return Resolved("redirect", base_path)
        return Resolved("outside")
    rest = decoded[len(base_path) :]
    if rest == "" or rest.endswith("/"):
        rest += "index.html"
    return Resolved("file", rest)


class Site:
    """The published output, shared by the builder thread and request threads."""

    def __init__(self):
        self.out_real = ""  # set_out() before the first request
        self.cond = threading.Condition()
        self.files: set[str] = set()
        self.base_path = "/"
        self.building = True  # until the first build is published
        self.pending: set[str] = set()
        # Files published ahead of the rebuild in progress: served while it runs.
        self.ready: set[str] = set()
        self.errors: list[dict] = []
        self.generation = 0
        self.fetched: set[str] = set()  # files sent since the last build was published

    def set_out(self, out: Path) -> None:
        self.out_real = os.path.realpath(out)

    def wait_ready(self, rel: str) -> None:
        with self.cond:
            self.cond.wait_for(
                lambda: (not self.building or rel in self.ready) and rel not in self.pending,
                timeout=WAIT_FOR_BUILD_SECONDS,
            )

    def read(self, rel: str) -> bytes | None:
        """The bytes of a published file, or None."""
        self.wait_ready(rel)
        with self.cond:
            if rel not in self.files:
                return None
            path = os.path.join(self.out_real, *rel.split("/"))
            real = os.path.realpath(path)
            if not real.startswith(self.out_real + os.sep) or real != path:
                return None  # a link, or anything that resolves elsewhere
            try:
                with open(real, "rb") as handle:
                    data = handle.read()
            except OSError:
                return None
            return data

    def sent(self, rel: str) -> None:
        with self.cond:
            self.fetched.add(rel)
            self.cond.notify_all()

    def wait_fetched(self, rels: set[str], timeout: float) -> None:
        with self.cond:
            self.cond.wait_for(lambda: rels <= self.fetched, timeout=timeout)

    def has_folder(self, rel: str) -> bool:
        with self.cond:
            return f"{rel}/index.html" in self.files

    def snapshot(self) -> dict:
        with self.cond:
            return {"errors": list(self.errors), "generation": self.generation}


class Hub:
    """Open pages and their event streams."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clients: dict[int, tuple[str, queue.Queue]] = {}
        self.closed = False

    def connect(self, page: str) -> tuple[int, queue.Queue]:
        q: queue.Queue = queue.Queue()
        with self.lock:
            key = id(q)
            self.clients[key] = (page, q)
        return key, q

    def disconnect(self, key: int) -> None:
        with self.lock:
            self.clients.pop(key, None)

    def open_pages(self) -> set[str]:
        with self.lock:
            return {page for page, _ in self.clients.values()}

    def broadcast(self, event: str, data: dict) -> None:
        message = f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()
        with self.lock:
            for _, q in self.clients.values():
                q.put(message)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            for _, q in self.clients.values():
                q.put(None)


class PreviewHandler(BaseHTTPRequestHandler):
    server_version = "briefgen-preview"
    protocol_version = "HTTP/1.1"
    site: Site
    hub: Hub
    log = None

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self):  # noqa: N802 - the base class's naming
        self._serve(body=False)

    def do_GET(self):  # noqa: N802
        self._serve(body=True)

    def _send(self, status: int, data: bytes, ctype: str, body: bool, extra=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _plain(self, status: int, text: str, body: bool) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8", body)

    def _serve(self, body: bool) -> None:
        site = self.site
        base = site.base_path
        events = base + EVENTS_PATH
        if self.path.split("?", 1)[0] == events:
            self._events()
            return
        resolved = resolve_request(self.path, base)
        if resolved.kind == "bad":
            self._plain(HTTPStatus.BAD_REQUEST, "400 bad request path\n", body)
            return
        if resolved.kind == "redirect":
            self._send(HTTPStatus.FOUND, b"", "text/plain", body, {"Location": resolved.value})
            return
        if resolved.kind == "file":
            rel = resolved.value
            data = site.read(rel)
            if data is not None:
                self._file(HTTPStatus.OK, rel, data, body)
                self.wfile.flush()
                site.sent(rel)
                return
            folder = rel.removesuffix("/index.html") if rel.endswith("/index.html") else rel
            if not rel.endswith("index.html") and site.has_folder(folder):
                location = base + urllib.parse.quote(folder) + "/"
                headers = {"Location": location}
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", body, headers)
                return
        self._not_found(body)

    def _file(self, status: int, rel: str, data: bytes, body: bool) -> None:
        ctype = content_type(rel)
        if rel.endswith(".html"):
            data = inject(data, self.site.base_path)
        self._send(status, data, ctype, body)

    def _not_found(self, body: bool) -> None:
        page = self.site.read("404.html")
        if page is None:
            if self.site.errors or not self.site.files:
                # Nothing good built yet: an empty page that shows the errors and
                # reloads itself once the archive builds.
                page = b"<!DOCTYPE html><title>briefgen</title><body></body>"
            else:
                self._plain(HTTPStatus.NOT_FOUND, "404 not found\n", body)
                return
        self._file(HTTPStatus.NOT_FOUND, "404.html", page, body)

    def _events(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        page = query.get("page", [""])[0]
        resolved = resolve_request(page or "/", self.site.base_path)
        key, q = self.hub.connect(resolved.value if resolved.kind == "file" else "")
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            hello = json.dumps(self.site.snapshot())
            self.wfile.write(f"retry: 500\nevent: hello\ndata: {hello}\n\n".encode())
            self.wfile.flush()
            while not self.hub.closed:
                try:
                    message = q.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    message = b": keep-alive\n\n"
                if message is None:
                    break
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            self.hub.disconnect(key)
            self.close_connection = True


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(host: str, port: int, site: Site, hub: Hub) -> PreviewHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"site": site, "hub": hub})
    return PreviewHTTPServer((host, port), handler)
