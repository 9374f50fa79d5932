// Links shared before the timeline had pages of its own pointed at the home page: #<event-id>,
// #status-…, #year-…, #month-…, and filtered views (?year=2012&branch=military). When the
// fragment is not on this page, fetch the map of where they went (only then) and go there; a
// filtered view goes to its year's page with the same filters. Without JavaScript such a link
// lands on this page.
(function () {
  "use strict";
  var root = document.querySelector("form.site-search").getAttribute("data-root") || "./";
  var params = new URLSearchParams(window.location.search);
  var year = params.get("year");
  if (year && /^[0-9]{4}$/.test(year)) {
    params.delete("year");
    var rest = params.toString();
    window.location.replace(root + "timeline/" + year + "/" + (rest ? "?" + rest : "") + window.location.hash);
    return;
  }
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!id || document.getElementById(id) || !window.fetch) { return; }
  fetch(root + "data/anchors.json").then(function (response) { return response.json(); }).then(function (map) {
    var target = map.moved[id] || (map.events.indexOf(id) >= 0 ? "events/" + id + "/" : null);
    if (target) { window.location.replace(root + target); }
  });
})();
