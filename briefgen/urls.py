"""URLs: the one place that turns a site path such as `/entities/putin/` into an href.

Templates never build URLs by hand; they call `url(path)`, which knows the base path
(`/repo/` on a GitHub Pages project site) or, for sites read from disk, writes a
relative link that ends in `index.html`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable


class UrlBuilder:
    def __init__(self, base_path: str = "/", relative: bool = False, origin: str = ""):
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.relative = relative
        self.origin = origin.rstrip("/")  # scheme://host/base, '' when unknown

    def href(self, target: str, page: str) -> str:
        """The href of site path `target` written on the page at site path `page`."""
        path, sep, fragment = target.partition("#")
        if not path:  # a fragment on the same page
            return f"#{fragment}" if sep else ""
        if self.relative:
            start = page if page.endswith("/") else posixpath.dirname(page) + "/"
            href = _relpath(path, start)
            if path.endswith("/"):
                href = "index.html" if href == "." else href + "/index.html"
        else:
            href = self.base_path + path.lstrip("/")
        return href + (f"#{fragment}" if sep else "")

    def bind(self, page: str) -> Callable[[str], str]:
        """`url(path)` for the templates of one page."""

        def url(target: str) -> str:
            return self.href(target, page)

        return url

    def absolute(self, target: str) -> str:
        """Absolute URL for canonical links, feeds and sitemaps ('' when no base_url)."""
        if not self.origin:
            return ""
        return self.origin + "/" + target.lstrip("/")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site paths (absolute), without its normalisation
    work when no segment is '.' or '..': it runs for every link of every page."""
    path_parts = [part for part in path.split("/") if part]
    start_parts = [part for part in start.split("/") if part]
    if {".", ".."} & {*path_parts, *start_parts}:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(path_parts, start_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."
