// Behaviour for every page, kept out of the templates so the Content-Security-Policy can forbid
// inline script: confirmations, dismissable fragments, drag to reorder, and htmx errors shown.
(function () {
  "use strict";

  // <form data-confirm="…"> asks before it submits; so does a submit button with data-confirm.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // <button data-dismiss-closest=".selector"> removes that enclosing fragment (Cancel buttons).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss-closest]");
    if (!button) return;
    var fragment = button.closest(button.dataset.dismissClosest);
    if (fragment) fragment.remove();
  });

  // Drag to reorder: Sortable moves the rows, htmx posts the new order.
  document.addEventListener("htmx:load", function (event) {
    event.detail.elt.querySelectorAll(".sortable").forEach(function (list) {
      if (!window.Sortable || list.dataset.sortable) return;
      list.dataset.sortable = "1";
      new window.Sortable(list, {
        handle: ".drag-handle", animation: 150, forceFallback: true,
        onEnd: function () { window.htmx.trigger(list, "reordered"); },
      });
    });
  });

  // An htmx request that fails never leaves the page silently unchanged: say what happened.
  function showProblem(text) {
    var area = document.getElementById("htmx-problems");
    if (!area) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "Close");
    alert.appendChild(close);
    area.appendChild(alert);
    alert.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var reasons = {
      403: "You may not make this change: only the loop's hiring manager can.",
      404: "What you acted on no longer exists: it was changed in another tab or by someone else. Reload the page to see it as it is now.",
      413: "That was too large to send.",
      429: "Too many requests: wait a moment and try again.",
      503: "The service is unavailable for a moment: try again shortly.",
    };
    showProblem(reasons[status] || "The change failed (error " + status + "). Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    showProblem("The server could not be reached: check your connection and try again.");
  });
})();
