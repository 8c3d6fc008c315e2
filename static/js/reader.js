// The reader: map a text selection to character offsets of the source for "Record claim",
// and triage the candidate list from the keyboard (j/k move, a accept, d dismiss) while the
// list has focus; c anywhere else in the reader brings focus to the list. The page holds one
// part of the text; every segment carries the offset of its first character in the whole
// text (data-start), so offsets stay those of the source.
(function () {
  "use strict";
  var text = document.getElementById("reader-text");
  if (!text) return;

  // Offsets count Unicode code points, as the server does; JS strings count UTF-16 units.
  function cpLength(s) { return Array.from(s).length; }

  function segments() { return text.querySelectorAll("[data-start]"); }

  function segStart(seg) { return Number(seg.dataset.start); }
  function segEnd(seg) { return segStart(seg) + cpLength(seg.textContent); }

  // Return the source offset of a selection boundary; boundaries outside any segment (a
  // speaker label, the gap between passages) snap to the nearest segment inward.
  function boundaryOffset(node, offset, isEnd) {
    if (node.nodeType === Node.TEXT_NODE) {
      var seg = node.parentElement && node.parentElement.closest("[data-start]");
      if (seg && text.contains(seg)) return segStart(seg) + cpLength(node.data.slice(0, offset));
    }
    var point = document.createRange();
    point.setStart(node, offset);
    point.collapse(true);
    var all = segments();
    var i;
    if (!isEnd) {
      for (i = 0; i < all.length; i++) {
        if (point.comparePoint(all[i], all[i].childNodes.length) > 0) return segStart(all[i]);
      }
      return null;
    }
    for (i = all.length - 1; i >= 0; i--) {
      if (point.comparePoint(all[i], 0) < 0) return segEnd(all[i]);
    }
    return null;
  }

  // Return text[start:end] of the source from the rendered segments.
  function sourceSlice(start, end) {
    var out = "";
    segments().forEach(function (seg) {
      var s = segStart(seg), chars = Array.from(seg.textContent), e = s + chars.length;
      if (e <= start || s >= end) return;
      out += chars.slice(Math.max(0, start - s), Math.min(chars.length, end - s)).join("");
    });
    return out;
  }

  var form = document.getElementById("record-form");
  var startInput = document.getElementById("record-start");
  var endInput = document.getElementById("record-end");
  var preview = document.getElementById("selection-preview");

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer) && !range.intersectsNode(text)) return null;
    var start = boundaryOffset(range.startContainer, range.startOffset, false);
    var end = boundaryOffset(range.endContainer, range.endOffset, true);
    if (start === null || end === null || end <= start) return null;
    var quote = sourceSlice(start, end);
    // Leave out the spaces a drag or double-click picks up at either end.
    var lead = quote.length - quote.replace(/^\s+/, "").length;
    var trail = quote.length - quote.replace(/\s+$/, "").length;
    quote = quote.trim();
    if (!quote) return null;
    // Whitespace is one UTF-16 unit per code point, so these counts are offsets too.
    return { start: start + lead, end: end - trail, quote: quote };
  }

  function onSelection() {
    if (!form) return;
    var picked = readSelection();
    if (!picked) return;
    startInput.value = picked.start;
    endInput.value = picked.end;
    preview.textContent = "“" + (picked.quote.length > 280 ? picked.quote.slice(0, 280) + "…" : picked.quote) +
      "” (characters " + picked.start + "–" + picked.end + ")";
    preview.classList.add("has-selection");
    // similar.js looks up the claims already on the desk like the selected words.
    form.dispatchEvent(new CustomEvent("selection-picked", { detail: picked }));
    showMove();
    showBar(picked.quote);
  }

  // ---- The bar that follows a selection on a narrow screen ---------------------------
  // There the record form is below the whole text; the bar (shown by app.css below 900 px
  // only) names the selected words and submits the form with them.
  var bar = document.getElementById("selection-bar");

  function showBar(quote) {
    if (!bar) return;
    document.getElementById("selection-bar-quote").textContent =
      "Record claim: “" + (quote.length > 120 ? quote.slice(0, 120) + "…" : quote) + "”";
    bar.hidden = false;
    document.body.classList.add("has-selection-bar");
  }

  if (bar) document.getElementById("selection-bar-close").addEventListener("click", function () {
    bar.hidden = true;
    document.body.classList.remove("has-selection-bar");
  });

  // ---- Moving a recorded claim to the selected words -------------------------------
  // The claim picked last (from its mark, or ?focus= from its page) is the one that moves,
  // when it is open or in research (its list row then carries data-move-url).
  var moveForm = document.getElementById("move-form");
  var moving = null;

  function showMove() {
    if (!moveForm) return;
    var ready = moving && startInput.value !== "" && endInput.value !== "";
    moveForm.hidden = !ready;
    if (!ready) return;
    moveForm.action = moving.dataset.moveUrl;
    document.getElementById("move-version").value = moving.dataset.version;
    document.getElementById("move-button").textContent = "Move claim #" + moving.dataset.claimId + " here";
    document.getElementById("move-help").textContent = "Claim #" + moving.dataset.claimId +
      " marks “" + moving.dataset.quote + "”; it can mark the selected words instead.";
  }

  if (moveForm) moveForm.addEventListener("submit", function () {
    // The offsets as they stand in the record form: selected, or typed there.
    document.getElementById("move-start").value = startInput.value;
    document.getElementById("move-end").value = endInput.value;
  });

  document.addEventListener("selectionchange", function () {
    window.clearTimeout(onSelection.timer);
    onSelection.timer = window.setTimeout(onSelection, 60);
  });
  text.addEventListener("mouseup", onSelection);
  text.addEventListener("keyup", onSelection);

  // ---- Linking marks and side lists ------------------------------------------------
  function marksOf(id) {
    return Array.prototype.filter.call(text.querySelectorAll("mark[data-claim-ids]"), function (m) {
      return m.dataset.claimIds.split(" ").indexOf(String(id)) !== -1;
    });
  }

  function showMarks(id, scroll) {
    text.querySelectorAll("mark.is-current").forEach(function (m) { m.classList.remove("is-current"); });
    var marks = marksOf(id);
    marks.forEach(function (m) { m.classList.add("is-current"); });
    if (scroll && marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  var list = document.getElementById("cand-list");
  var items = Array.prototype.slice.call(document.querySelectorAll("#cand-list .cand"));
  var current = -1;

  // `still` keeps the list where it is: a press on a candidate's button must not move that
  // button away before the click lands, or Accept would need a second click.
  function select(index, focus, still) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) items[current].classList.remove("is-current");
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    if (focus) item.focus({ preventScroll: true });
    if (!still) item.scrollIntoView({ block: "nearest" });
    showMarks(item.dataset.claimId, !still);
  }

  items.forEach(function (item, index) {
    item.addEventListener("focusin", function (event) {
      if (current === index) return;
      var onControl = event.target !== item && event.target.closest("button, select, input");
      select(index, false, Boolean(onControl));
    });
    var link = item.querySelector(".cand-quote");
    if (link) link.addEventListener("click", function (event) {
      event.preventDefault();
      select(index, true);
    });
  });

  text.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-claim-id]");
    var sel = window.getSelection();
    if (!mark || (sel && !sel.isCollapsed)) return;
    var id = mark.dataset.claimId;
    var cand = document.getElementById("cand-" + id);
    if (cand) { select(items.indexOf(cand), true); return; }
    pickRecorded(id, false);
  });

  // Pick a recorded claim in the side list and light its marks; false when it is not listed.
  function pickRecorded(id, scroll) {
    var rec = document.getElementById("rec-" + id);
    if (!rec) return false;
    moving = rec.dataset.moveUrl ? rec : null;
    showMove();
    document.querySelectorAll(".rec-list .is-current").forEach(function (li) { li.classList.remove("is-current"); });
    rec.classList.add("is-current");
    rec.focus({ preventScroll: true });
    rec.scrollIntoView({ block: "nearest" });
    showMarks(id, scroll);
    return true;
  }

  function submit(formEl) {
    if (!formEl || formEl.dataset.sent) return;
    formEl.dataset.sent = "1";
    formEl.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    formEl.submit();
  }

  // The keys act only while focus is in the list (on it, a candidate or a button in one), so
  // a letter typed anywhere else on the page is never taken for a command.
  if (list) list.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !items.length) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var key = event.key;
    if (key === "j") { select(current + 1, true); }
    else if (key === "k") { select(current < 0 ? 0 : current - 1, true); }
    else if (key === "a" && current >= 0) { submit(items[current].querySelector("form.js-accept")); }
    else if (key === "d" && current >= 0) { submit(items[current].querySelector("form.js-dismiss")); }
    else return;
    event.preventDefault();
  });

  // c from anywhere but a field brings focus to the list, where the keys above work (a
  // skip link at the top of the page does the same from the Tab key).
  if (list) document.addEventListener("keydown", function (event) {
    if (event.key !== "c" || event.altKey || event.ctrlKey || event.metaKey || !items.length) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (list.contains(target)) return;
    event.preventDefault();
    list.focus({ preventScroll: true });
    list.scrollIntoView({ block: "nearest" });
  });

  // After accepting or dismissing, the page reopens at the next candidate (?focus=ID); a
  // link from a claim's page opens the part holding it (?at=) with the claim picked.
  var focusId = new URLSearchParams(window.location.search).get("focus");
  var focusItem = focusId && document.getElementById("cand-" + focusId);
  if (focusItem) select(items.indexOf(focusItem), true);
  else if (focusId && !pickRecorded(focusId, true)) showMarks(focusId, true);
})();
