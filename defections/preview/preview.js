// The preview's own client, beside livereload's: a page that loaded just before a rebuild, and so
// missed its reload message while its WebSocket was connecting, notices and reloads itself. And the
// panel of warnings can be folded or dismissed: it stays so, on every page, until the warnings change.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="preview-generation"]');
  var shown = meta ? Number(meta.content) : 0;
  function check() {
    fetch("/__preview__/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) { if (status.generation > shown) { location.reload(); } })
      .catch(function () { /* the server is restarting or gone: nothing to do */ });
  }
  [300, 1000, 2500].forEach(function (delay) { setTimeout(check, delay); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { check(); } });

  function remembered(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function remember(key, value) {
    try { sessionStorage.setItem(key, value); } catch (e) { /* storage refused: it only lasts this page */ }
  }
  function warnings() {
    var panel = document.getElementById("preview-warnings");
    if (!panel) { return; }
    var signature = panel.getAttribute("data-signature") || "";
    var details = panel.querySelector("details");
    if (remembered("preview-warnings-dismissed") === signature) { panel.hidden = true; return; }
    if (details && remembered("preview-warnings-folded") === signature) { details.open = false; }
    if (details) {
      details.addEventListener("toggle", function () {
        remember("preview-warnings-folded", details.open ? "" : signature);
      });
    }
    var dismiss = panel.querySelector(".preview-dismiss");
    if (dismiss) {
      dismiss.addEventListener("click", function () {
        panel.hidden = true;
        remember("preview-warnings-dismissed", signature);
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", warnings); } else { warnings(); }
})();
