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
        return self.bind(page)(target)

    def bind(self, page: str) -> Callable[[str], str]:
        """`url(path)` for the templates of one page. It runs for every link of every
        page, so what depends only on the page is worked out here, once."""
        if not self.relative:
            base = self.base_path

            def rooted(target: str) -> str:
                path, sep, fragment = target.partition("#")
                if not path:  # a fragment on the same page
                    return f"#{fragment}" if sep else ""
                return base + path.lstrip("/") + (f"#{fragment}" if sep else "")

            return rooted

        start = page if page.endswith("/") else posixpath.dirname(page) + "/"
        start_parts = [part for part in start.split("/") if part]
        start_plain = not {".", ".."} & set(start_parts)

        def relative(target: str) -> str:
            path, sep, fragment = target.partition("#")
            if not path:
                return f"#{fragment}" if sep else ""
            href = _relpath(path, start_parts) if start_plain else None
            if href is None:
                href = posixpath.relpath(path, start)
            if path.endswith("/"):
                href = "index.html" if href == "." else href + "/index.html"
            return href + (f"#{fragment}" if sep else "")

        return relative

    def absolute(self, target: str) -> str:
        """Absolute URL for canonical links, feeds and sitemaps ('' when no base_url)."""
        if not self.origin:
            return ""
        return self.origin + "/" + target.lstrip("/")


def _relpath(path: str, start_parts: list[str]) -> str | None:
    """posixpath.relpath of site path `path` from the folder whose segments are
    `start_parts`, without its normalisation work; None when a segment of `path`
    is '.' or '..' (then posixpath.relpath does it)."""
    path_parts = [part for part in path.split("/") if part]
    if "." in path_parts or ".." in path_parts:
        return None
    common = 0
    for a, b in zip(path_parts, start_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."
