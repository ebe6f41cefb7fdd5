"""Versions of the theme's templates, for the preview's keys: a template's version
is a hash of its source and of every template it extends, includes or imports, so
a page is rendered again only when a template it uses changed."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
import jinja2.meta

from briefgen.engine.keys import key_of
from briefgen.fragments import CLAIM_ITEM
from briefgen.theme import STATIC_DIR, builtin_theme_dir


def stat_sig(path: Path) -> tuple:
    st = path.stat()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def templates_signature(root: Path) -> tuple:
    """The stats of every template file, the archive's and the built-in theme's."""
    entries = []
    for base in (root / "templates", builtin_theme_dir()):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    try:
                        entries.append((str(path), stat_sig(path)))
                    except OSError:
                        pass
    return tuple(entries)


# The templates a source names, by source: the preview makes a new environment at
# each template edit, and parsing every template of the theme again for the
# archive-wide key took 0.3 s of the time to the open page.
_REFERENCES: dict[str, list] = {}


def _referenced(env: jinja2.Environment, source: str) -> list:
    found = _REFERENCES.get(source)
    if found is None:
        if len(_REFERENCES) > 1024:
            _REFERENCES.clear()
        found = _REFERENCES[source] = list(jinja2.meta.find_referenced_templates(env.parse(source)))
    return list(found)


STATIC_PREFIX = STATIC_DIR + "/"

# Templates any template may render without naming them: `claim_item(claim)`
# (briefgen/fragments.py) renders this partial.
RENDERED_BY_HELPERS = (CLAIM_ITEM,)


class TemplateVersions:
    """The versions of one environment's templates, each worked out once."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.versions: dict[str, str] = {}
        self.chains: dict[str, frozenset[str]] = {}

    def uses(self, name: str) -> frozenset[str]:
        """Every template that rendering `name` may use: the ones it extends,
        includes or imports, theirs, and the ones the templates' helpers render."""
        found = self.chains.get(name)
        if found is None:
            found = set()
            for start in (name, *RENDERED_BY_HELPERS):
                found |= self._walk(start)[1]
            found = self.chains[name] = frozenset(found)
        return found

    def all(self) -> str:
        """A version of every template."""
        if "*" not in self.versions:
            names = self.env.list_templates()
            self.versions["*"] = key_of([self.of(n) for n in names])
        return self.versions["*"]

    def of(self, name: str) -> str:
        """Hash of a template and every template it extends, includes or imports."""
        if name not in self.versions:
            sources, _ = self._walk(name)
            self.versions[name] = key_of(sorted(sources))
        return self.versions[name]

    def of_page(self, name: str) -> str:
        """The version of page template `name` as a page renders it: its own
        (`of`) and that of each template the helpers may render on any page
        (`claim_item()` renders its partial, which no page template names).
        Not kept: Engine.page_key keeps its key per page template."""
        return key_of(self.of(name), [self.of(helper) for helper in RENDERED_BY_HELPERS])

    def _walk(self, name: str) -> tuple[list[tuple[str, str]], set[str]]:
        """The (name, source) of `name` and of every template it extends, includes
        or imports, and their names."""
        env = self.env
        sources: list[tuple[str, str]] = []
        todo, done = [name], set()
        while todo:
            current = todo.pop()
            if current in done:
                continue
            done.add(current)
            try:
                source, _, _ = env.loader.get_source(env, current)
                # A file of templates/static/ is copied, not rendered: a template may
                # include a text one (by a computed name), but it names no other.
                is_static = current.startswith(STATIC_PREFIX)
                referenced = [] if is_static else _referenced(env, source)
            except UnicodeDecodeError:
                # Not text (an image in templates/static/): no template can show it.
                source, referenced = "not text", []
            except (jinja2.TemplateError, OSError):
                # Missing or broken: rendering reports it; the key must differ each time.
                source, referenced = f"unreadable {time.monotonic_ns()}", []
            sources.append((current, source))
            if None in referenced:  # a computed name: any template may be used
                referenced = env.list_templates()
            todo.extend(r for r in referenced if r)
        return sources, done
