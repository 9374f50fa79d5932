// One search for the whole site: people by any spelling of their name (insensitive to case,
// accents, the Arabic article al-/el-, doubled letters, vowels, common transliteration variants
// such as q/k, ph/f, ou/u, and word order) or by position, and events by title or place.
// Progressive enhancement: without JavaScript the box is not shown and every page lists what it
// holds. The index (data/search.json) is fetched the first time the box is used. The skeleton
// below is the same as duplicates.py's. Arabic is found however it is typed: without its marks
// (harakat, shadda) or tatweel, with أ إ آ ٱ as ا, ة as ه and ى as ي (views.py folds it the same way).
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch) { return; }
  var root = form.getAttribute("data-root") || "./";
  var input = form.querySelector("input");
  var status = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var SHOWN = 20;
  var index = null;
  var loading = null;

  var ARABIC = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0629": "\u0647",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643"};
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "").toLowerCase()
      .replace(/[\u0623\u0625\u0622\u0671\u0629\u0649\u06cc\u06a9]/g, function (c) { return ARABIC[c]; });
  }
  function skeleton(word) {
    word = word.replace(/q/g, "k").replace(/ph/g, "f").replace(/ou/g, "u").replace(/ee/g, "i");
    word = word.replace(/(.)\1+/g, "$1");
    return word.charAt(0) + word.slice(1).replace(/[aeiouy]/g, "");
  }
  function words(text) {
    return fold(text).split(/[^a-z0-9\u0600-\u06ff]+/).filter(function (w) {
      return w && w !== "al" && w !== "el" && w !== "ul";
    });
  }
  function keys(text) {
    return words(text).filter(function (w) { return /^[a-z0-9]+$/.test(w); }).map(skeleton);
  }

  function build(data) {
    var entries = [];
    data.people.forEach(function (p) {
      entries.push({label: p[1].split("|")[0], detail: p[2], url: "people/" + p[0] + "/", kind: 0,
        names: fold(p[1]), keys: keys(p[1]), other: fold(p[2])});
    });
    data.events.forEach(function (e) {  // a title holds \u0001 for its first person's name (lookups.py)
      var title = e[4] >= 0 ? e[1].replace("\u0001", data.people[e[4]][1].split("|")[0]) : e[1];
      entries.push({label: title, detail: e[3] + (e[2] ? " · " + e[2] : ""), url: "events/" + e[0] + "/", kind: 1,
        names: fold(title), keys: keys(title), other: fold(e[2])});
    });
    return entries;
  }

  function load() {
    if (!loading) {
      status.textContent = input.getAttribute("data-loading") || "Loading the search…";
      loading = fetch(root + "data/search.json").then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (data) { index = build(data); search(); }, function () {
        status.textContent = input.getAttribute("data-failed") || "The search could not be loaded.";
        loading = null;
      });
    }
    return loading;
  }

  // 2: a name or title holds the word; 1: it sounds like a word of it; 0: only the position or place.
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var word = query[i];
      if (entry.names.indexOf(word.text) >= 0) { total += 2; continue; }
      if (word.key && entry.keys.some(function (key) { return key.indexOf(word.key) === 0; })) { total += 1; continue; }
      if (entry.other.indexOf(word.text) >= 0) { continue; }
      return -1;
    }
    return total;
  }

  function search() {
    if (!index) { return; }
    var text = input.value.trim();
    list.textContent = "";
    if (!text) { status.textContent = ""; return; }
    var query = words(text).map(function (w) { return {text: w, key: /^[a-z0-9]+$/.test(w) ? skeleton(w) : ""}; });
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var s = query.length ? score(index[i], query) : -1;
      if (s >= 0) { found.push({entry: index[i], score: s}); }
    }
    found.sort(function (a, b) { return b.score - a.score || a.entry.kind - b.entry.kind; });
    var people = found.filter(function (f) { return f.entry.kind === 0; }).length;
    status.textContent = people + (people === 1 ? " person" : " people") + " and " + (found.length - people) +
      (found.length - people === 1 ? " event" : " events") + " match" + (found.length > SHOWN ? "; the first " + SHOWN + " are shown." : ".");
    var fragment = document.createDocumentFragment();
    found.slice(0, SHOWN).forEach(function (f) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + f.entry.url;
      link.textContent = f.entry.label;
      link.dir = "auto";
      var detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = (f.entry.kind === 0 ? input.getAttribute("data-person") || "Person: " :
        input.getAttribute("data-event") || "Event: ") + f.entry.detail;
      detail.dir = "auto";
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(detail);
      fragment.appendChild(item);
    });
    list.appendChild(fragment);
  }

  form.hidden = false;
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { if (index) { search(); } else { load(); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; load(); }
})();

// Printed, a link shows its full address (the stylesheet prints data-address after it).
window.addEventListener("beforeprint", function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (link) {
    link.setAttribute("data-address", link.href);
  });
  Array.prototype.forEach.call(document.querySelectorAll("details.chart-data"), function (details) {
    if (!details.open) { details.open = true; details.setAttribute("data-opened-to-print", ""); }
  });
});
window.addEventListener("afterprint", function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("details[data-opened-to-print]"), function (details) {
    details.open = false;
    details.removeAttribute("data-opened-to-print");
  });
});
