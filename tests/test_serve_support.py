"""Helpers for the preview server's tests: a running preview, raw HTTP, events."""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefgen.build import BuildOptions
from briefgen.serve.preview import Preview

ARTICLE = "content/articles/2025-12-02-talks.md"


@contextlib.contextmanager
def running_preview(root: Path, out: Path | None = None, **kwargs) -> Iterator[Preview]:
    """A preview of `root` on a free loopback port, stopped afterwards."""
    options = kwargs.pop("options", BuildOptions())
    preview = Preview(root, options, port=0, out=out, stream=io.StringIO(), **kwargs)
    preview.start()
    try:
        yield preview
    finally:
        preview.stop()


def log(preview: Preview) -> str:
    return preview.stream.getvalue()


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def port(preview: Preview) -> int:
    return preview.server.server_address[1]


def get(preview: Preview, raw_path: str, method: str = "GET") -> Response:
    """A request with `raw_path` sent exactly as given (no normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port(preview), timeout=30)
    try:
        conn.putrequest(method, raw_path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Response(response.status, headers, body)
    finally:
        conn.close()


def raw_request(preview: Preview, request_line: bytes) -> bytes:
    """Send bytes no HTTP client would (a NUL in the path); returns the status line."""
    with socket.create_connection(("127.0.0.1", port(preview)), timeout=10) as sock:
        sock.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n", 1)[0]


class EventStream:
    """The server's live events, as a page would receive them."""

    def __init__(self, preview: Preview, page: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port(preview), timeout=15)
        base = preview.site.base_path
        self.conn.request("GET", f"{base}__briefgen/events?page={page}")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self, name: str | None = None) -> tuple[str, dict]:
        """The next event (of the given name), skipping keep-alive comments."""
        while True:
            event, data = "message", []
            while True:
                line = self.response.fp.readline().decode("utf-8")
                if line == "":
                    raise EOFError("event stream closed")
                line = line.rstrip("\n")
                if not line:
                    break
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                elif line.startswith("data: "):
                    data.append(line[len("data: ") :])
            if data and (name is None or event == name):
                return event, json.loads("\n".join(data))

    def close(self) -> None:
        self.conn.close()


def wait_until(condition, timeout: float = 10, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
