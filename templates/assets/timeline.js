// Filters for a timeline page: progressive enhancement. Without JavaScript every event is listed;
// with it, the form appears and the chosen filters live in the address, so a view can be shared.
// Each entry's values are read once; a change only sets `hidden` where it changes, and a month
// with nothing left to show is hidden whole.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var status = form.querySelector(".filter-status");
  var names = ["branch", "kind", "status"];
  var sections = Array.prototype.map.call(document.querySelectorAll("section.month"), function (section) {
    var items = Array.prototype.map.call(section.querySelectorAll("ol.events > li"), function (item) {
      var event = item.firstElementChild;
      return {item: item, hidden: false, kind: event.getAttribute("data-kind"), status: event.getAttribute("data-status"),
        branches: " " + event.getAttribute("data-branches") + " "};
    });
    return {section: section, items: items, hidden: false};
  });
  var total = sections.reduce(function (sum, s) { return sum + s.items.length; }, 0);

  function chosen() {
    var values = {};
    names.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function apply(updateAddress) {
    var values = chosen();
    var branch = values.branch ? " " + values.branch + " " : "";
    var shown = 0;
    sections.forEach(function (s) {
      var here = 0;
      s.items.forEach(function (e) {
        var hide = (branch && e.branches.indexOf(branch) < 0) || (values.kind && e.kind !== values.kind) ||
          (values.status && e.status !== values.status);
        hide = Boolean(hide);
        if (hide !== e.hidden) { e.item.hidden = e.hidden = hide; }
        if (!hide) { here += 1; }
      });
      if ((here === 0) !== s.hidden) { s.section.hidden = s.hidden = here === 0; }
      shown += here;
    });
    var on = names.filter(function (name) { return values[name]; }).map(function (name) {
      return name + ": " + values[name];
    });
    status.textContent = on.length ? "Showing " + shown + " of " + total + " events (" + on.join(", ") + ")." :
      "Showing all " + total + " events.";
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
