// Refuse a pasted text over the size a source may hold before it is sent, saying so beside
// the text box and keeping the text in it: the server could only answer that it read nothing.
(function () {
  "use strict";
  var box = document.querySelector("textarea[data-max-bytes]");
  if (!box || !box.form) return;
  var limit = Number(box.dataset.maxBytes);
  var errorId = box.id + "_too_large";

  box.form.addEventListener("submit", function (event) {
    window.fieldError.clear(box, errorId);
    if (new TextEncoder().encode(box.value).length <= limit) return;
    event.preventDefault();
    window.fieldError.show(box, errorId, box.dataset.tooLarge);
    box.focus();
  });
  box.addEventListener("input", function () {
    window.fieldError.clear(box, errorId);
  });
})();
