// The bulk form of a list: count the checked claims, select a range with shift-click and all
// on the page with one box, and show only the field the chosen action needs. Without the
// script every box still works one by one and every field is shown.
(function () {
  "use strict";
  var form = document.querySelector("form[data-bulk]");
  if (!form) return;
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll('input.bulk-pick[form="' + form.id + '"]')
  );
  var all = document.querySelector("input.bulk-all");
  var count = document.getElementById("bulk-count");
  var action = form.querySelector('select[name$="action"]');
  var last = null;

  function update() {
    var checked = boxes.filter(function (box) { return box.checked; }).length;
    if (count) count.textContent = String(checked);
    if (all) {
      all.checked = checked > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
  }

  boxes.forEach(function (box, index) {
    box.addEventListener("click", function (event) {
      // Shift-click sets every box from the last one clicked to this one as this one is now.
      if (event.shiftKey && last !== null && last !== index) {
        var from = Math.min(last, index), to = Math.max(last, index);
        for (var i = from; i <= to; i++) boxes[i].checked = box.checked;
      }
      last = index;
      update();
    });
    box.addEventListener("change", update);
  });

  if (all && boxes.length) {
    all.hidden = false;
    var label = all.closest("label");
    if (label) label.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      last = null;
      update();
    });
  }

  function showFields() {
    form.querySelectorAll(".bulk-extra").forEach(function (extra) {
      var shown = action && extra.dataset.for === action.value;
      extra.hidden = !shown;
      // A field that has an error stays in sight whatever the action.
      if (extra.querySelector(".has-error")) extra.hidden = false;
    });
  }
  // Dismissing needs a reason: the browser refuses the form without one, and the reason's
  // field says so beside it, as the server would, so the page and the selection stay.
  var reason = form.querySelector('select[name$="comment"]');
  function requireReason() {
    if (reason) reason.required = Boolean(action) && action.value === "dismiss";
  }
  if (reason) {
    var reasonError = reason.id + "_error";
    reason.addEventListener("invalid", function () {
      window.fieldError.show(reason, reasonError, reason.dataset.missing);
    });
    reason.addEventListener("change", function () {
      if (reason.value) window.fieldError.clear(reason, reasonError);
    });
  }

  if (action) {
    action.addEventListener("change", showFields);
    action.addEventListener("change", requireReason);
    showFields();
    requireReason();
  }
  update();
})();
