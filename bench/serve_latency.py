"""Live preview latency: from a file save to the browser showing the change.

Starts `briefgen serve` on a copy of an archive, opens an article in Chromium (driven
by Playwright), then 20 times edits the status of one of its claims in the
front-matter and measures the time until the open page shows the new status. Prints
each edit's figure, the median and the 90th percentile.

    python bench/serve_latency.py                      # the demo archive and 1,000 articles
    python bench/serve_latency.py --archive demo --edits 20
    python bench/serve_latency.py --archive synthetic --articles 1000
    python bench/serve_latency.py --copy bench/scratch/corpus-10000-s1/briefgen --edits 5

The demo archive is this repository's content/ (copied, never edited in place); the
synthetic one is written by bench/corpus.py; --copy measures a copy of an existing
archive (its content/ and briefgen.yaml) instead.
"""

from __future__ import annotations

import argparse
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STATUSES = ("verified", "disputed", "unverified", "false", "misleading")
WATCH_SCRIPT = """(selector) => {
  window.__shownAt = null;
  const check = () => {
    if (window.__shownAt === null && document.querySelector(selector)) {
      window.__shownAt = Date.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  check();
}"""


def demo_archive(into: Path) -> Path:
    root = into / "demo"
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "briefgen.yaml").is_file():
        shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    return root


def copied_archive(source: Path, into: Path) -> Path:
    root = into / "copy"
    shutil.copytree(source / "content", root / "content")
    if (source / "briefgen.yaml").is_file():
        shutil.copy(source / "briefgen.yaml", root / "briefgen.yaml")
    return root


def synthetic_archive(into: Path, articles: int) -> Path:
    out = into / f"synthetic-{articles}"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "corpus.py"),
            "--articles",
            str(articles),
            "--out",
            str(out),
            "--format",
            "briefgen",
        ],
        check=True,
    )
    return out / "briefgen"


class Server:
    """`briefgen serve` in a child process, its messages read line by line."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "--root", str(root), "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.rebuilds: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = ""
        deadline = time.monotonic() + 600
        while not self.url:
            line = self.lines.get(timeout=max(1.0, deadline - time.monotonic()))
            found = re.search(r"serving (http://\S+)", line)
            if found:
                self.url = found.group(1)

    def _read(self) -> None:
        for line in self.process.stderr:
            if " rebuilt in " in line:
                self.rebuilds.append(line.strip())
            self.lines.put(line)

    def wait_rebuilds(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.rebuilds) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def pick_claim(root: Path) -> tuple[Path, str, str]:
    """An article, its slug and the id of a claim with a `status:` line."""
    for path in sorted((root / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))
        if not isinstance(front, dict) or front.get("draft"):
            continue
        for claim in front.get("claims") or []:
            if isinstance(claim, dict) and "status" in claim and _status_line(text, claim["id"]):
                slug = front.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
                return path, slug, claim["id"]
    raise SystemExit(f"no article in {root} has a claim with a status line")


def _status_line(text: str, claim_id: str) -> re.Match | None:
    """The `status:` line of the claim, found after its `id:` line."""
    start = re.search(rf"^\s*-\s*id:\s*['\"]?{re.escape(claim_id)}['\"]?\s*$", text, re.M)
    if not start:
        return None
    pattern = re.compile(r"^(\s+status:\s*)(\S+)\s*$", re.M)
    following = pattern.search(text, start.end())
    next_claim = re.compile(r"^\s*-\s*id:", re.M).search(text, start.end())
    if following and (not next_claim or following.start() < next_claim.start()):
        return following
    return None


def set_status(path: Path, claim_id: str, status: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = _status_line(text, claim_id)
    text = text[: line.start(2)] + status + text[line.end(2) :]
    path.write_text(text, encoding="utf-8")


def measure(name: str, root: Path, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    path, slug, claim_id = pick_claim(root)
    started = time.perf_counter()
    server = Server(root)
    print(f"{name}: server ready in {time.perf_counter() - started:.1f} s; {server.url}")
    latencies: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{server.url}articles/{slug}/")
            page.wait_for_selector("html[data-briefgen-live]", state="attached")
            current = page.get_attribute(f"mark#claim-{claim_id}", "class")
            status = next(s for s in STATUSES if f"status-{s}" in current.split())
            for n in range(edits):
                status = STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)]
                selector = f"mark#claim-{claim_id}.status-{status}"
                # The page notes the moment the new status is in its DOM: Playwright's
                # own waiting polls at growing intervals (up to 500 ms) and would add
                # its polling delay to the figure.
                page.evaluate(WATCH_SCRIPT, selector)
                before = len(server.rebuilds)
                t0 = time.time() * 1000
                set_status(path, claim_id, status)
                page.wait_for_function("window.__shownAt !== null", timeout=30000)
                latency = (page.evaluate("window.__shownAt") - t0) / 1000
                latencies.append(latency)
                # Let the rebuild finish (pages nobody looks at come last) before the
                # next save, as between an annotator's saves.
                server.wait_rebuilds(before + 1)
                rebuild = server.rebuilds[-1] if len(server.rebuilds) > before else "?"
                page.wait_for_selector("html[data-briefgen-live]", state="attached")
                time.sleep(0.2)
                print(f"  edit {n + 1:2}: {latency * 1000:6.0f} ms   (server: {rebuild})")
            browser.close()
    finally:
        server.stop()
    return latencies


def report(name: str, latencies: list[float]) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p90 = ms[max(0, int(round(0.9 * len(ms))) - 1)]
    print(
        f"{name}: save-to-browser latency over {len(ms)} edits: "
        f"median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, "
        f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", choices=["demo", "synthetic", "both"], default="both")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--copy", type=Path, metavar="ROOT", help="measure a copy of ROOT")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-latency-") as tmp:
        if args.copy:
            name = f"copy of {args.copy}"
            results[name] = measure(name, copied_archive(args.copy, Path(tmp)), args.edits)
        elif args.archive in ("demo", "both"):
            results["demo"] = measure("demo", demo_archive(Path(tmp)), args.edits)
        if not args.copy and args.archive in ("synthetic", "both"):
            root = synthetic_archive(Path(tmp), args.articles)
            name = f"synthetic ({args.articles} articles)"
            results[name] = measure(name, root, args.edits)
    print()
    for name, latencies in results.items():
        report(name, latencies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
