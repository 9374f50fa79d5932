// Search people by any spelling of their name: insensitive to case, accents, the Arabic article
// (al-, el-), doubled letters, vowels and common transliteration variants (q/k, ph/f, ou/u), and
// to word order. The skeleton below is the same as duplicates.py's, which wrote data-keys.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = form.querySelector("input");
  var status = form.querySelector(".search-status");
  var people = Array.prototype.slice.call(document.querySelectorAll(".people-list > li"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
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

  function matches(person, query) {
    var names = person.dataset.names;
    var keys = person.dataset.keys.split(" ");
    return words(query).every(function (word) {
      if (names.indexOf(word) >= 0) { return true; }
      if (!/^[a-z0-9]+$/.test(word)) { return false; }
      var sound = skeleton(word);
      return keys.some(function (key) { return key.indexOf(sound) === 0; });
    });
  }

  function apply(updateAddress) {
    var query = input.value.trim();
    var shown = 0;
    people.forEach(function (person) {
      var visible = !query || matches(person, query);
      person.hidden = !visible;
      if (visible) { shown += 1; }
    });
    status.textContent = query ? shown + " of " + people.length + " people match." : "";
    if (updateAddress) {
      var params = new URLSearchParams(window.location.search);
      if (query) { params.set("q", query); } else { params.delete("q"); }
      var search = params.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }
  }

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  form.hidden = false;
  input.addEventListener("input", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply(false);
})();
