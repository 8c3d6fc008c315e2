// Pickers that search as you type: a visible search box, a datalist of matches fetched from
// the desk, and a hidden input carrying the chosen record's id (what the form submits).
(function () {
  "use strict";

  function setUp(picker) {
    var text = picker.querySelector(".lookup-text");
    var value = picker.querySelector(".lookup-value");
    var list = picker.querySelector("datalist");
    var url = picker.getAttribute("data-lookup-url");
    var ids = {};
    var timer = null;
    ids[text.value] = value.value;

    function choose() {
      var typed = text.value.trim();
      if (!typed) {
        value.value = "";
      } else if (Object.prototype.hasOwnProperty.call(ids, text.value)) {
        value.value = ids[text.value];
      } else if (/^\d+$/.test(typed)) {
        value.value = typed;
      } else {
        value.value = "";
      }
    }

    function fetchMatches() {
      var query = text.value.trim();
      var separator = url.indexOf("?") >= 0 ? "&" : "?";
      fetch(url + separator + "q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (item) {
            ids[item.label] = String(item.id);
            var option = document.createElement("option");
            option.value = item.label;
            list.appendChild(option);
          });
          choose();
        })
        .catch(function () { /* the box still takes an id typed by hand */ });
    }

    text.addEventListener("input", function () {
      choose();
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchMatches, 200);
    });
    text.addEventListener("change", choose);
    text.addEventListener("focus", function () {
      if (!list.children.length) fetchMatches();
    });
  }

  document.querySelectorAll(".lookup[data-lookup-url]").forEach(setUp);
})();
