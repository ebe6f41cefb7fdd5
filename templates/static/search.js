// The search page: queries the Pagefind index under /pagefind/ and lists results.
// Result links are made from each page's site path and the address the index was
// loaded from, so they work under any base path.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var sort = document.getElementById("search-sort");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var facets = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var PAGE = 20;

  function unavailable(why) {
    var note = document.getElementById("search-unavailable");
    if (why) document.getElementById("search-unavailable-why").textContent = why;
    note.hidden = false;
    form.hidden = true;
  }

  if (location.protocol === "file:") {
    unavailable();
    return;
  }

  var indexUrl = new URL(form.dataset.index, document.baseURI);
  var root = new URL("../", indexUrl);
  var fileLinks = form.dataset.links === "files";
  var pagefind = null;
  var shown = [];
  var latest = 0;

  function href(path) {
    var rel = path.replace(/^\/+/, "");
    if (fileLinks && (rel === "" || rel.slice(-1) === "/")) rel += "index.html";
    return new URL(rel, root).href;
  }

  // Pagefind's excerpt is text with <mark> around the words found: keep exactly
  // that, as text and mark elements, whatever else it might hold.
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("p");
    p.className = "excerpt";
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var kicker = document.createElement("p");
    kicker.className = "kicker";
    kicker.textContent = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
    var heading = document.createElement("h2");
    var a = document.createElement("a");
    a.href = href(data.url);
    a.textContent = data.meta.title || data.url;
    heading.appendChild(a);
    li.appendChild(kicker);
    li.appendChild(heading);
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function showMore() {
    var ticket = latest;
    var batch = shown.splice(0, PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (ticket !== latest) return;  // a newer search has begun
      items.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = shown.length === 0;
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = {};
    facets.forEach(function (select) {
      if (select.value) filters[select.dataset.facet] = select.value;
    });
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    if (sort.value) params.set("sort", sort.value);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
    var ticket = ++latest;
    status.textContent = "";
    if (!query && Object.keys(filters).length === 0) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    var options = { filters: filters };
    if (sort.value) options.sort = { date: sort.value };
    return pagefind.search(query || null, options).then(function (found) {
      if (ticket !== latest || !found) return;
      shown = found.results.slice();
      var n = shown.length;
      list.textContent = "";
      // The count is told once the first results are in the list.
      return showMore().then(function () {
        if (ticket !== latest) return;
        status.textContent = n === 0 ? "No results." : n === 1 ? "1 result." : n + " results.";
      });
    });
  }

  var timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  import(indexUrl.href).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: "/" });
  }).then(function () {
    form.hidden = false;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    facets.forEach(function (select) {
      var value = params.get(select.dataset.facet);
      if (value !== null) select.value = value;
    });
    sort.value = params.get("sort") || "";
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", soon);
    facets.concat([sort]).forEach(function (s) { s.addEventListener("change", run); });
    more.addEventListener("click", function () { showMore(); });
    return run();
  }).catch(function () {
    unavailable("The search index could not be loaded.");
  });
})();
