"""What a new content file is called and how its values are written, the same for
`briefgen new` and `briefgen import`, so that one title gives one slug."""

from __future__ import annotations

import json
import re

from briefgen.validate import slugify


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def article_slug(title: str) -> str:
    """A slug from a title, abbreviations and possessives kept whole: 'U.S.-Russia
    Talks' gives 'us-russia-talks', not 'u-s-russia-talks'."""
    return slugify(re.sub(r"[.'’]", "", title))
