"""The script the preview server adds to every HTML page it serves (never to files
that `briefgen build` writes).

It listens to the server's events (Server-Sent Events at `<base>__briefgen/events`)
and, when the page's output changed, fetches it again and puts the new head and body
in place: no new document, so no stylesheet to fetch and lay out again, and the
scroll position stays. When that cannot work (the stylesheet changed, the fetch
failed) it reloads the page and restores the position. A claim whose annotation
changed is scrolled to and flashed. While the archive has errors, they show in an
overlay above the last good page until they are fixed. Diagnostics are put in the
page as text (textContent), never as HTML.
"""

from __future__ import annotations

import json
import re

EVENTS_PATH = "__briefgen/events"
OVERLAY_ID = "briefgen-overlay"

_SCRIPT = r"""
(function () {
  "use strict";
  var BASE = %(base)s, KEY = "briefgen-reload";
  function here() {
    var path = location.pathname;
    return /\/index\.html$/.test(path) ? path.slice(0, -10) : path;
  }
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var style = document.createElement("style");
  style.textContent =
    "#%(overlay)s{position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;" +
    "overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#fff;" +
    "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
    "border-top:4px solid #e5484d;box-shadow:0 -4px 24px rgba(0,0,0,.4)}" +
    "#%(overlay)s h2{font:600 15px/1.3 system-ui,sans-serif;margin:0 0 .5rem;color:#fff}" +
    "#%(overlay)s ul{margin:0;padding:0;list-style:none}" +
    "#%(overlay)s li{margin:.25rem 0;white-space:pre-wrap;word-break:break-word}" +
    "#%(overlay)s .where{color:#ffb4b4;font-weight:600}" +
    "#%(overlay)s p{margin:.5rem 0 0;font:13px system-ui,sans-serif;color:#f3caca}" +
    "#%(overlay)s .suggestion{display:block;margin:.35rem 0 .6rem 1.5rem;padding:.4rem .7rem;" +
    "border-left:3px solid #f5a524;background:#3d1d12;white-space:normal;" +
    "font:15px/1.5 system-ui,sans-serif}" +
    "#%(overlay)s .suggestion .label{display:block;font-size:12px;color:#f3caca}" +
    "#%(overlay)s .suggestion q{color:#fff}" +
    "@keyframes briefgen-flash{0%%,60%%{outline:4px solid #f5a524;outline-offset:3px}" +
    "100%%{outline:4px solid transparent;outline-offset:3px}}" +
    ".briefgen-flash{animation:briefgen-flash 2s ease-out}";
  document.head.appendChild(style);

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) { saved = null; }
    if (!saved || saved.path !== here()) return;
    var claim = saved.claim && document.getElementById(saved.claim);
    if (claim) {
      claim.scrollIntoView({block: "center"});
      claim.classList.add("briefgen-flash");
      document.documentElement.setAttribute("data-briefgen-flashed", saved.claim);
    } else {
      window.scrollTo(saved.x, saved.y);
    }
  }
  restore();

  // A drifted quote: the passage the body now has, set apart from the message.
  function suggestion(s) {
    var box = document.createElement("span");
    box.className = "suggestion";
    var label = document.createElement("span");
    label.className = "label";
    label.textContent = "The body now reads (line " + s.line + ", " + s.similarity +
      "%% similar); 'briefgen check --fix' re-anchors the quote to it:";
    var passage = document.createElement("q");
    passage.textContent = s.passage;
    box.appendChild(label);
    box.appendChild(passage);
    return box;
  }

  function showErrors(errors) {
    var old = document.getElementById("%(overlay)s");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var box = document.createElement("section");
    box.id = "%(overlay)s";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "briefgen: " + errors.length + " error" +
      (errors.length === 1 ? "" : "s") + " in the archive";
    box.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (d) {
      var item = document.createElement("li");
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = d.path + ":" + d.line + ":" + d.col;
      item.appendChild(where);
      item.appendChild(document.createTextNode(": " + d.severity + ": " + d.message));
      if (d.suggestion) item.appendChild(suggestion(d.suggestion));
      list.appendChild(item);
    });
    box.appendChild(list);
    var note = document.createElement("p");
    note.textContent = "This page is the last good build. It updates once the files are fixed.";
    box.appendChild(note);
    document.body.appendChild(box);
  }

  function reload(claim) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(
        {path: here(), x: window.scrollX, y: window.scrollY, claim: claim || null}));
    } catch (e) { /* private mode: reload without keeping the position */ }
    location.reload();
  }

  function sheets(root) {
    return Array.prototype.map.call(
      root.querySelectorAll('link[rel="stylesheet"]'), function (l) { return l.href; }).join(" ");
  }

  var refreshes = 0;
  function refresh(claim, assetsChanged) {
    var x = window.scrollX, y = window.scrollY;
    if (assetsChanged) return reload(claim);
    fetch(location.href, {cache: "no-store"}).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (sheets(doc) !== sheets(document)) return reload(claim);
      doc.querySelectorAll('script[data-briefgen="live"]').forEach(function (s) { s.remove(); });
      Array.prototype.slice.call(document.head.children).forEach(function (node) {
        if (node !== style && !(node.matches('link[rel="stylesheet"]'))) node.remove();
      });
      Array.prototype.slice.call(doc.head.children).forEach(function (node) {
        if (!node.matches('link[rel="stylesheet"]')) document.head.appendChild(node);
      });
      var overlay = document.getElementById("%(overlay)s");
      document.body.replaceWith(doc.body);
      if (overlay) document.body.appendChild(overlay);
      refreshes += 1;
      document.documentElement.setAttribute("data-briefgen-refreshed", String(refreshes));
      var target = claim && document.getElementById(claim);
      if (target) {
        target.scrollIntoView({block: "center"});
        target.classList.add("briefgen-flash");
        document.documentElement.setAttribute("data-briefgen-flashed", claim);
      } else {
        window.scrollTo(x, y);
      }
    }).catch(function () { reload(claim); });
  }

  var source = new EventSource(BASE + "%(events)s?page=" + encodeURIComponent(here()));
  source.addEventListener("hello", function (event) {
    var data = JSON.parse(event.data);
    showErrors(data.errors);
    document.documentElement.setAttribute("data-briefgen-live", data.generation);
  });
  source.addEventListener("build", function (event) {
    var data = JSON.parse(event.data);
    showErrors(data.errors);
    document.documentElement.setAttribute("data-briefgen-live", data.generation);
    // Every page uses the stylesheet and other assets: a change to one reloads it.
    var assets = data.paths.some(function (p) { return p.indexOf(BASE + "assets/") === 0; });
    if (assets || data.paths.indexOf(here()) >= 0) {
      var claim = data.claim && data.claim.path === here() ? data.claim.id : null;
      refresh(claim, assets);
    }
  });
})();
"""


def reload_script(base_path: str) -> str:
    code = _SCRIPT % {
        "base": json.dumps(base_path),
        "overlay": OVERLAY_ID,
        "events": EVENTS_PATH,
    }
    # The script sits inside <script>: no '</' may end it early.
    return code.replace("</", "<\\/")


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(html: bytes, base_path: str) -> bytes:
    """`html` with the reload script added before its last </body>."""
    tag = f'<script data-briefgen="live">{reload_script(base_path)}</script>\n'.encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]
