// Copying a filled paper sheet into its scorecard from the keyboard: on a question's score,
// 1–4 (or N, not assessed) ticks that score and selects the next question. Tab and Shift+Tab
// keep their usual way through scores and notes. Without this script the form works as usual.
(function () {
  "use strict";

  var KEYS = { "1": "1", "2": "2", "3": "3", "4": "4", n: "na", N: "na" };

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-paper-row]"));
  }

  function focusRow(row) {
    var radio = row.querySelector("input[type=radio]:checked") || row.querySelector("input[type=radio]");
    if (radio) radio.focus();
  }

  function moveOn(row) {
    var all = rows();
    var next = all[all.indexOf(row) + 1];
    if (next) return focusRow(next);
    var after = row.dataset.paperNext && document.getElementById(row.dataset.paperNext);
    if (after) after.focus();
  }

  document.addEventListener("keydown", function (event) {
    var radio = event.target;
    if (radio.type !== "radio" || event.ctrlKey || event.altKey || event.metaKey) return;
    var row = radio.closest("[data-paper-row]");
    var value = KEYS[event.key];
    if (!row || !value) return;
    var choice = row.querySelector('input[type=radio][name="' + radio.name + '"][value="' + value + '"]');
    if (!choice) return;  // N on the overall recommendation, which has no "not assessed"
    event.preventDefault();
    choice.checked = true;
    choice.dispatchEvent(new Event("change", { bubbles: true }));  // the draft saves itself
    moveOn(row);
  });

  // Start where the copying starts: the first question not scored yet.
  document.addEventListener("DOMContentLoaded", function () {
    var all = rows();
    var open = all.filter(function (row) { return !row.querySelector("input[type=radio]:checked"); });
    if (all.length) focusRow(open[0] || all[0]);
  });
})();
