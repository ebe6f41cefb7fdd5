"""Fragments: a claim's list item, rendered once and reused on every page that
lists the claim (Hugo's partialCached does the same for its partials).

A claim is listed on the claims page, on its tags', entities' and sources' pages
and on the forecasts page; at 10,000 articles the claims page alone lists 40,000
of them. The preview renders the pages that list the whole archive again after
each save, and with the items kept between its rebuilds only those of the claims
that changed are rendered again.

An item is kept under the claim's key (what it shows: `Engine.claim_key`) and the
environment it was rendered with. It is rendered each time when its links are
relative to the page (a build without a base_url: no two pages would share it),
and when the archive overrides the item's template (which may show anything of
the page).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import jinja2
from markupsafe import Markup

from briefgen.theme import builtin_theme_dir

CLAIM_ITEM = "partials/claim_item.html"


class Fragments:
    """Rendered items of the running generation and the one before it (one
    generation per `compile_site`): an item not used by two rebuilds in a row is
    dropped."""

    def __init__(self):
        self.env: jinja2.Environment | None = None
        self.current: dict[Hashable, Markup] = {}
        self.previous: dict[Hashable, Markup] = {}

    def start(self, env: jinja2.Environment) -> None:
        if env is not self.env:
            self.env, self.current, self.previous = env, {}, {}
        else:
            self.previous, self.current = self.current, {}

    def get(self, key: Hashable) -> Markup | None:
        found = self.current.get(key)
        if found is None:
            found = self.previous.get(key)
            if found is not None:
                self.current[key] = found
        return found

    def put(self, key: Hashable, html: Markup) -> Markup:
        self.current[key] = html
        return html


def _from_theme(env: jinja2.Environment, name: str) -> bool:
    """Whether `name` is the built-in theme's (not an archive's own) template."""
    try:
        _, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateError:
        return False
    return filename is not None and Path(filename).is_relative_to(builtin_theme_dir())


def claim_item_helper(
    env: jinja2.Environment,
    fragments: Fragments,
    claim_key: Callable[[object], Hashable],
    relative: bool,
) -> Callable:
    """The templates' `claim_item(claim)`: the claim's list item, as
    `{% include "partials/claim_item.html" %}` would render it there."""
    kept = _from_theme(env, CLAIM_ITEM) and not relative

    @jinja2.pass_context
    def claim_item(context, claim) -> Markup:
        environment = context.environment
        template = environment.get_template(CLAIM_ITEM)
        if not kept:
            return Markup(template.render(context.get_all(), claim=claim))
        key = (id(environment), claim_key(claim))
        html = fragments.get(key)
        if html is None:
            html = fragments.put(key, Markup(template.render(context.get_all(), claim=claim)))
        return html

    return claim_item
