// One field's error shown beside it by a page's script, as the server draws one
// (includes/field.html): a span.error after the field, the field's box marked, and the field
// pointing screen readers at the message. The scripts that refuse a form before it is sent
// (paste.js, bulk.js) share it.
window.fieldError = (function () {
  "use strict";

  function described(field, id, keep) {
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (one) {
      return one && one !== id;
    });
    if (keep) ids.push(id);
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }

  return {
    show: function (field, id, message) {
      var error = document.getElementById(id);
      if (!error) {
        error = document.createElement("span");
        error.className = "error";
        error.id = id;
        error.setAttribute("role", "alert");
        field.closest(".field").appendChild(error);
      }
      error.textContent = message;
      field.closest(".field").classList.add("has-error");
      field.setAttribute("aria-invalid", "true");
      described(field, id, true);
    },
    clear: function (field, id) {
      var error = document.getElementById(id);
      if (error) error.remove();
      field.closest(".field").classList.remove("has-error");
      field.removeAttribute("aria-invalid");
      described(field, id, false);
    },
  };
})();
