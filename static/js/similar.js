// Checked before? Fill the suggestion slots with the server's fragment of earlier claims like
// a claim (or like the words just selected in the reader). A slot loads once: in the review
// queue when it comes into view (data-similar-load="visible"), in the reader when its
// candidate gets focus, and the reader's record panel after each new selection.
(function () {
  "use strict";

  // A slot shows the answer to the last question put to it, whatever order answers come in.
  function fill(slot, url) {
    var asked = (Number(slot.dataset.asked) || 0) + 1;
    slot.dataset.asked = String(asked);
    slot.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) { if (slot.dataset.asked === String(asked)) slot.innerHTML = html; })
      .catch(function () {
        slot.textContent = "Could not look for earlier claims; try again later.";
        delete slot.dataset.loaded;
      })
      .then(function () { slot.removeAttribute("aria-busy"); });
  }

  function load(slot) {
    if (slot.dataset.loaded) return;
    slot.dataset.loaded = "1";
    fill(slot, slot.dataset.similarUrl);
  }

  var lazy = document.querySelectorAll("[data-similar-url][data-similar-load=visible]");
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        load(entry.target);
      });
    }, { rootMargin: "200px" });
    lazy.forEach(function (slot) { observer.observe(slot); });
  } else {
    lazy.forEach(load);
  }

  document.addEventListener("focusin", function (event) {
    var owner = event.target.closest && event.target.closest("[data-similar-owner]");
    var slot = owner && owner.querySelector("[data-similar-url]");
    if (slot) load(slot);
  });

  var form = document.getElementById("record-form");
  var panel = document.getElementById("record-similar");
  if (!form || !panel) return;
  var timer = null;
  var last = "";
  form.addEventListener("selection-picked", function (event) {
    var picked = event.detail;
    var query = "source=" + encodeURIComponent(panel.dataset.source) +
      "&start=" + picked.start + "&end=" + picked.end;
    if (query === last) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      last = query;
      fill(panel, panel.dataset.similarSpanUrl + "?" + query);
    }, 350);
  });
})();
