/* The "Show annotations" switch of an article page. Without this script the switch
   stays hidden and every annotation is shown; with it, a reader can hide the claim
   marks for plain reading, and the choice is kept (in localStorage) for the next
   article. */
(function () {
  "use strict";
  var KEY = "briefgen:annotations";
  var button = document.querySelector(".annotations-switch");
  var article = button && button.closest(".article");
  if (!article) return;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* private mode, file:// */ }
  }
  function show(on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) article.removeAttribute("data-annotations");
    else article.setAttribute("data-annotations", "off");
  }

  show(stored() !== "off");
  button.hidden = false;
  button.addEventListener("click", function () {
    var on = button.getAttribute("aria-pressed") !== "true";
    show(on);
    store(on ? "on" : "off");
  });
})();
