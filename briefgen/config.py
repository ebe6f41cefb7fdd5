"""Site settings from `briefgen.yaml`, validated like content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.diagnostics import Diagnostics, Position, did_you_mean
from briefgen.load import FrontMatterError, YMap, parse_yaml

CONFIG_FILE = "briefgen.yaml"


@dataclass
class Config:
    title: str = "Briefings"
    description: str = ""
    base_url: str = ""  # absolute URL of the published site, e.g. https://u.github.io/repo/
    language: str = "en"
    author: str = ""
    cname: str = ""
    # Link every mention of an entity, or only the first per section.
    mention_links: str = "first"
    # Links that work from disk (relative, ending in index.html).
    offline: bool = False
    feed_count: int = 20
    feed_full_content: bool = True
    raw_html: bool = False
    footer: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/repo/' or '/'."""
        if not self.base_url:
            return "/"
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def site_origin(self) -> str:
        """base_url without a trailing slash, for absolute URLs ('' when unset)."""
        return self.base_url.rstrip("/")


_FIELDS = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "author": str,
    "cname": str,
    "mention_links": str,
    "offline": bool,
    "feed_count": int,
    "feed_full_content": bool,
    "raw_html": bool,
    "footer": str,
    "extra": dict,
}


def normalise_base_url(value: str) -> str | None:
    """An http(s) URL (or a bare path) ending in '/'; None when unusable."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.scheme and not parts.netloc:
        return None
    if not parts.scheme and not value.startswith("/"):
        return None
    return value if value.endswith("/") else value + "/"


def load_config(root: Path, diags: Diagnostics) -> Config:
    config = Config()
    path = root / CONFIG_FILE
    if not path.is_file():
        return config
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        data = parse_yaml(text, line_offset=0)
    except UnicodeDecodeError:
        diags.error(CONFIG_FILE, Position(1, 1), "not valid UTF-8; save the file as UTF-8")
        return config
    except FrontMatterError as exc:
        diags.error(CONFIG_FILE, exc.pos, exc.message)
        return config
    if data is None:
        return config
    if not isinstance(data, YMap):
        diags.error(CONFIG_FILE, Position(1, 1), "settings must be a YAML mapping (key: value)")
        return config
    for key, value in data.items():
        if key not in _FIELDS:
            diags.warning(
                CONFIG_FILE,
                data.kpos(key),
                f"unknown setting '{key}'" + did_you_mean(str(key), _FIELDS),
            )
            continue
        expected = _FIELDS[key]
        if value is None:
            continue
        if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            diags.error(
                CONFIG_FILE,
                data.vpos(key),
                f"'{key}' must be a {expected.__name__}, not {type(value).__name__}",
            )
            continue
        setattr(config, key, value)
    if config.base_url:
        normalised = normalise_base_url(config.base_url)
        if normalised is None:
            diags.error(
                CONFIG_FILE,
                data.vpos("base_url"),
                f"base_url '{config.base_url}' must be an http(s) URL such as "
                "https://user.github.io/repo/",
            )
            config.base_url = ""
        else:
            config.base_url = normalised
    if config.mention_links not in ("first", "all"):
        diags.error(
            CONFIG_FILE,
            data.vpos("mention_links"),
            f"mention_links must be 'first' or 'all', not '{config.mention_links}'",
        )
        config.mention_links = "first"
    if config.cname and not re.fullmatch(r"[A-Za-z0-9.-]+", config.cname):
        diags.error(CONFIG_FILE, data.vpos("cname"), "cname must be a bare host name")
        config.cname = ""
    if config.feed_count < 1:
        diags.error(CONFIG_FILE, data.vpos("feed_count"), "feed_count must be at least 1")
        config.feed_count = 20
    return config
