// Follow a background job: poll its JSON state, move the progress bar, open the reader when
// done; when it failed, show the error and the Retry button.
(function () {
  "use strict";
  var box = document.getElementById("task-progress");
  if (!box) return;
  var bar = document.getElementById("task-bar");
  var message = document.getElementById("task-message");
  var retry = document.getElementById("task-retry");
  var delay = 700;

  function show(state) {
    if (state.percent === null || state.percent === undefined) bar.removeAttribute("value");
    else bar.value = state.percent;
    message.textContent = state.message;
  }

  function poll() {
    fetch(box.dataset.stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.done) {
          if (!state.failed) window.setTimeout(function () { window.location.assign(box.dataset.doneUrl); }, 400);
          else if (retry) retry.hidden = false;
          return;
        }
        delay = 700;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        message.textContent = "Lost contact with the server; retrying…";
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  poll();
})();
