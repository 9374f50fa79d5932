// Filters for the timeline: progressive enhancement. Without JavaScript every event is listed;
// with it, the form appears and the chosen filters live in the address, so a view can be shared.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var status = form.querySelector(".filter-status");
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var names = ["branch", "kind", "status", "year"];

  function chosen() {
    var values = {};
    names.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function matches(event, values) {
    return (!values.branch || event.dataset.branches.split(" ").indexOf(values.branch) >= 0) &&
      (!values.kind || event.dataset.kind === values.kind) &&
      (!values.status || event.dataset.status === values.status) &&
      (!values.year || event.dataset.year === values.year);
  }

  function apply(updateAddress) {
    var values = chosen();
    var shown = 0;
    events.forEach(function (event) {
      var visible = matches(event, values);
      event.parentElement.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.querySelectorAll("section.month, section.year").forEach(function (section) {
      section.hidden = !section.querySelector("li:not([hidden]) article.event");
    });
    status.textContent = "Showing " + shown + " of " + events.length + " events.";
    if (updateAddress) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        if (values[name]) { params.set(name, values[name]); } else { params.delete(name); }
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  var params = new URLSearchParams(window.location.search);
  names.forEach(function (name) {
    var value = params.get(name);
    var select = form.elements[name];
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply(false);
})();
