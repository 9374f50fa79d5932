// Links shared before the timeline had pages of its own pointed at the home page: #<event-id>,
// #status-…, #year-…, #month-…. When the fragment is not on this page, fetch the map of where
// they went (only then) and go there. Without JavaScript such a link lands on this page.
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!id || document.getElementById(id) || !window.fetch) { return; }
  var root = document.querySelector("form.site-search").getAttribute("data-root") || "./";
  fetch(root + "data/anchors.json").then(function (response) { return response.json(); }).then(function (map) {
    var target = map.moved[id] || (map.events.indexOf(id) >= 0 ? "events/" + id + "/" : null);
    if (target) { window.location.replace(root + target); }
  });
})();
