"""Site settings from `briefgen.yaml`, validated like content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.diagnostics import Diagnostics, Position, closest_field, did_you_mean
from briefgen.load import FrontMatterError, YMap, parse_yaml
from briefgen.schema import CONFIG

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
    # How alike (0-1) a passage must be to a quote that no longer matches for the
    # quote to count as drifted there (re-anchored by `check --fix`) and not orphaned.
    quote_similarity: float = CONFIG["quote_similarity"].default
    # Full-text search: /search/ and its index under /pagefind/.
    search: bool = True
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


# The Python type each field type of the declarations (briefgen.schema) reads as.
_PYTHON_TYPES = {
    "text": str,
    "choice": str,
    "bool": bool,
    "integer": int,
    "share": float,
    "mapping": dict,
}
_FIELDS = {item.name: _PYTHON_TYPES[item.type] for item in CONFIG.fields}
_TYPE_WORDS = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    dict: "a mapping",
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
            # A typo of a known setting is an error, as in content (DESIGN §1).
            typo = closest_field(str(key), _FIELDS)
            if typo:
                diags.error(
                    CONFIG_FILE, data.kpos(key), f"unknown setting '{key}'; did you mean '{typo}'?"
                )
            else:
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
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            shown = f"'{value}'" if isinstance(value, (str, int, float)) else "a list"
            if isinstance(value, dict):
                shown = "a mapping"
            diags.error(
                CONFIG_FILE,
                data.vpos(key),
                f"'{key}' must be {_TYPE_WORDS[expected]}, not {shown}",
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
    mention_links = CONFIG["mention_links"]
    if config.mention_links not in mention_links.values:
        allowed = " or ".join(f"'{value}'" for value in mention_links.values)
        diags.error(
            CONFIG_FILE,
            data.vpos("mention_links"),
            f"mention_links must be {allowed}, not '{config.mention_links}'",
        )
        config.mention_links = mention_links.default
    if config.cname and not re.match(CONFIG["cname"].pattern, config.cname):
        diags.error(CONFIG_FILE, data.vpos("cname"), "cname must be a bare host name")
        config.cname = ""
    feed_count = CONFIG["feed_count"]
    if config.feed_count < feed_count.minimum:
        diags.error(
            CONFIG_FILE,
            data.vpos("feed_count"),
            f"feed_count must be at least {feed_count.minimum}",
        )
        config.feed_count = feed_count.default
    if not 0 < config.quote_similarity <= 1:
        diags.error(
            CONFIG_FILE,
            data.vpos("quote_similarity"),
            "quote_similarity must be a number above 0 and at most 1, such as 0.85, "
            f"not {config.quote_similarity:g}",
        )
        config.quote_similarity = CONFIG["quote_similarity"].default
    return config


def has_absolute_base(config: Config) -> bool:
    return config.base_url.startswith(("http://", "https://"))


def publish_note(config: Config) -> str:
    """A line for the build summary when feeds and sitemap have relative links."""
    if has_absolute_base(config):
        return ""
    return (
        "feeds and sitemap have relative links: set base_url in briefgen.yaml "
        "(or pass --base-url) to the site's address to make them absolute"
    )
