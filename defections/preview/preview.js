// The preview's own client, beside livereload's: a page that loaded just before a rebuild, and so
// missed its reload message while its WebSocket was connecting, notices and reloads itself.
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
})();
