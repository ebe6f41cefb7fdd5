"""The render stage through the memo: each article's, entity's, source's and tag's
Markdown rendered once per key.

An object that holds the rendering of its present key is not rendered again (the
preview's engine keeps them between runs); an article's rendering is looked up in
the memo under its key (engine/keys.py), and the rest is spread over the
executor's processes. Workers send back plain records (engine/records.py), which
are applied to the parent's objects in the archive's order, so the output and the
order of diagnostics are those of a serial run.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.engine.executor import Executor
from briefgen.engine.keys import Keys, body_key
from briefgen.engine.memo import ARTICLES, Memo
from briefgen.engine.records import article_record, read_record
from briefgen.model import Article
from briefgen.progress import Progress
from briefgen.render import RenderedArticle, apply_rendered


def _render_record(job) -> dict:
    article, render = job
    own = Diagnostics()
    return article_record(article, render(own), own)


class Bodies:
    """`keys`: the engine's keys (None: every object is rendered); `digest(rel)`:
    the document key of a content file as read, None when it was not; `keep`: what
    was rendered is kept for the next run (an engine kept warm: a one-run engine
    renders each object once, and need not hold 10,000 closures to its end)."""

    def __init__(
        self,
        executor: Executor,
        memo: Memo | None,
        keys: Keys | None,
        digest: Callable[[str], str | None],
        progress: Progress,
        keep: bool = False,
    ):
        self.executor = executor
        self.memo = memo
        self.keys = keys
        self.digest = digest
        self.progress = progress
        self.keep = keep
        # What each live object was last rendered with, by this engine or from a
        # memo record: (the object, its key, the diagnostics); an article's render
        # function; and the objects of this run (`seen`).
        self.rendered: dict[int, tuple[object, object, list[Diagnostic]]] = {}
        self.jobs: dict[int, Callable[[Diagnostics], object]] = {}
        self.seen: set[int] = set()
        self.articles_rendered = 0
        self.articles_from_memo = 0  # (a record that did not fit is rendered again)

    def new_run(self) -> None:
        self.seen = set()
        self.articles_rendered = self.articles_from_memo = 0

    def run_done(self) -> None:
        """The run rendered every object: those it did not list are let go."""
        self.rendered = {k: v for k, v in self.rendered.items() if k in self.seen}
        self.jobs = {k: v for k, v in self.jobs.items() if k in self.seen}

    def forget(self, item: object | None = None) -> None:
        """`item` (every object: None) is rendered again, whatever its key."""
        if item is None:
            self.rendered = {}
        else:
            self.rendered.pop(id(item), None)

    def key(self, item) -> object:
        """The key of rendering an article's, entity's, source's or tag's Markdown
        (engine/keys.py); None without keys (then it is always rendered)."""
        if isinstance(item, Article):
            return self._article_key(item)
        return body_key(item) if self.keys is not None else None

    def _article_key(self, article: Article) -> str | None:
        # An article whose file could not be read has no key: it is rendered afresh.
        if self.keys is None or self.digest(article.path) is None:
            return None
        return self.keys.article(article)

    def done(self, item, diagnostics: list[Diagnostic]) -> None:
        """`item` was rendered for its present key, with `diagnostics`."""
        self.rendered[id(item)] = (item, self.key(item), diagnostics)

    def _already(self, item, key: object) -> list[Diagnostic] | None:
        """The diagnostics of rendering `item` when it holds its rendering for `key`
        (never in a one-run engine, which renders each object once)."""
        if not self.keep:
            return None
        self.seen.add(id(item))
        done = self.rendered.get(id(item))
        if key is None or done is None or done[0] is not item or done[1] != key:
            return None
        return done[2]

    def render(self, item, render: Callable[[Diagnostics], object], diags: Diagnostics) -> None:
        """Render one article, entity, source or tag's Markdown into `item`, unless it
        holds the rendering of its present key already."""
        key = self.key(item) if self.keep else None  # only kept to be compared
        done = self._already(item, key)
        if done is not None:
            diags.items.extend(done)
            return
        own = Diagnostics()
        render(own)
        if isinstance(item, Article):
            self.articles_rendered += 1
        if key is not None:
            self.rendered[id(item)] = (item, key, own.items)
        diags.items.extend(own.items)

    def render_articles(self, jobs: list[tuple], diags: Diagnostics) -> None:
        """Render each (article, render) of `jobs`; results applied in order."""
        if self.keep:
            self.jobs.update((id(article), render) for article, render in jobs)
        if self.memo is None and not self.executor.pooled(len(jobs)):
            for article, render in jobs:
                self.render(article, render, diags)
                self.progress.advance()
            return
        keys = [self._article_key(article) for article, _ in jobs]
        # Per article: what rendering it gave (None: the objects hold it already)
        # and its diagnostics; None until known.
        results: list[tuple[RenderedArticle | None, list[Diagnostic]] | None] = []
        for (article, _), key in zip(jobs, keys, strict=True):
            done = self._already(article, key)
            if done is not None:
                results.append((None, done))
                continue
            record = self.memo.get(ARTICLES, key) if key and self.memo else None
            results.append(read_record(article, record) if record is not None else None)
            self.articles_from_memo += results[-1] is not None
        missing = [n for n, result in enumerate(results) if result is None]
        here: set[int] = set()  # rendered in this process: the objects hold the result

        def render_here(job) -> dict:
            article, render = job
            own = Diagnostics()
            rendered = render(own)
            here.add(id(article))
            return article_record(article, rendered, own)

        todo = [jobs[n] for n in missing]
        records = self.executor.map(_render_record, todo, render_here)
        for n, record in zip(missing, records, strict=True):
            article = jobs[n][0]
            self.articles_rendered += 1
            key = keys[n]
            if self.memo and key and not any(d[3] == "error" for d in record["diagnostics"]):
                self.memo.put(ARTICLES, key, record)
            if id(article) in here:
                results[n] = (None, [Diagnostic(*item) for item in record["diagnostics"]])
            else:
                results[n] = read_record(article, record)
                if results[n] is None:
                    raise RuntimeError(f"{article.path}: a worker's rendering reads back unfit")
        for (article, _), key, result in zip(jobs, keys, results, strict=True):
            rendered, diagnostics = result
            if rendered is not None:
                apply_rendered(article, rendered)
            if key is not None and self.keep:
                self.rendered[id(article)] = (article, key, diagnostics)
            diags.items.extend(diagnostics)
            self.progress.advance()
