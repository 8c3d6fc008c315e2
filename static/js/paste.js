// Refuse a pasted text over the size a source may hold before it is sent, saying so beside
// the text box and keeping the text in it: the server could only answer that it read nothing.
(function () {
  "use strict";
  var box = document.querySelector("textarea[data-max-bytes]");
  if (!box || !box.form) return;
  var limit = Number(box.dataset.maxBytes);
  var errorId = box.id + "_too_large";

  function clear() {
    var shown = document.getElementById(errorId);
    if (shown) shown.remove();
    box.removeAttribute("aria-invalid");
    var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== errorId;
    });
    if (described.length) box.setAttribute("aria-describedby", described.join(" "));
    else box.removeAttribute("aria-describedby");
  }

  box.form.addEventListener("submit", function (event) {
    clear();
    if (new TextEncoder().encode(box.value).length <= limit) return;
    event.preventDefault();
    var error = document.createElement("span");
    error.className = "error";
    error.id = errorId;
    error.setAttribute("role", "alert");
    error.textContent = box.dataset.tooLarge;
    box.parentNode.appendChild(error);
    box.parentNode.classList.add("has-error");
    box.setAttribute("aria-invalid", "true");
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + errorId);
    box.focus();
  });
  box.addEventListener("input", clear);
})();
