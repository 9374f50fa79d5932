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
  // A count's words in the page's language, by its plural category (Arabic has six: zero, one,
  // two, few, many, other): the page gives one data-<name>-<category> attribute for each.
  var plurals = window.Intl && Intl.PluralRules ?  // the words' language (a page without a catalog speaks English)
    new Intl.PluralRules(form.getAttribute("data-words-in") || document.documentElement.lang) : null;
  function counted(element, name, count) {
    var category = plurals ? plurals.select(count) : count === 1 ? "one" : "other";
    var words = element.getAttribute("data-" + name + "-" + category) || element.getAttribute("data-" + name + "-other");
    return words.replace("{count}", count);
  }
  sections.forEach(function (s) {
    s.items.forEach(function (e) {
      var event = e.item.firstElementChild;
      e.month = event.getAttribute("data-month");
      e.chart = (event.getAttribute("data-chart") || "").split(" ").filter(Boolean).map(function (pair) {
        var parts = pair.split(":");
        return {branch: parts[0], people: Number(parts[1])};
      });
    });
  });

  // The page's chart follows the filters: each bar is drawn again, at the same scale, from the
  // people of the events that are shown (chart.py stacks the confirmed first, then the reported).
  var svg = document.querySelector("details.page-chart svg");
  var shownStatus = document.querySelector("details.page-chart .chart-shown");
  var details = document.querySelector("details.page-chart");
  if (details && window.matchMedia("(min-width: 40rem)").matches) { details.open = true; }
  function redraw(values) {
    if (!svg) { return; }
    var baseline = Number(svg.getAttribute("data-baseline"));
    var unit = Number(svg.getAttribute("data-unit"));
    var counts = {};
    var people = 0;
    sections.forEach(function (s) {
      s.items.forEach(function (e) {
        if (e.hidden || !e.month) { return; }
        e.chart.forEach(function (c) {
          if (values.branch && c.branch !== values.branch) { return; }
          var key = e.month + " " + e.status + " " + c.branch;
          counts[key] = (counts[key] || 0) + c.people;
          people += c.people;
        });
      });
    });
    var filtered = values.branch || values.kind || values.status;
    Array.prototype.forEach.call(svg.querySelectorAll("a[data-month]"), function (bar) {
      var y = baseline;
      var shown = 0;
      Array.prototype.forEach.call(bar.querySelectorAll("rect[data-branch]"), function (rect) {
        var height = (counts[bar.getAttribute("data-month") + " " + rect.getAttribute("data-status") + " " +
                              rect.getAttribute("data-branch")] || 0) * unit;
        y -= height;
        shown += Math.round(height / unit);
        var pair = [rect];
        if (rect.nextElementSibling && rect.nextElementSibling.classList.contains("hatched")) {
          pair.push(rect.nextElementSibling);
        }
        pair.forEach(function (r) { r.setAttribute("y", y.toFixed(2)); r.setAttribute("height", height.toFixed(2)); });
      });
      // what it says, and where it leads, follow the filters too
      if (!bar.hasAttribute("data-label")) {
        bar.setAttribute("data-label", bar.getAttribute("aria-label"));
        bar.setAttribute("data-href", bar.getAttribute("href"));
      }
      bar.setAttribute("aria-label", bar.getAttribute("data-label") + (filtered ? shownStatus.getAttribute("data-bar").replace("{count}", shown) : ""));
      var href = bar.getAttribute("data-href").split("#");
      bar.setAttribute("href", href[0] + window.location.search + (href[1] ? "#" + href[1] : ""));
    });
    shownStatus.textContent = !filtered ? "" : counted(shownStatus, "people", people);
  }

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
      var select = form.elements[name];  // as the page says it, in its language: "branch: military"
      return select.getAttribute("data-label") + ": " + select.options[select.selectedIndex].text.toLowerCase();
    });
    status.textContent = on.length ?
      status.getAttribute("data-showing").replace("{shown}", shown).replace("{total}", total)
        .replace("{filters}", on.join(", ")) :
      status.getAttribute("data-all").replace("{total}", total);
    if (updateAddress) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        if (values[name]) { params.set(name, values[name]); } else { params.delete(name); }
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    redraw(values);
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
