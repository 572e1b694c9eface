/* Clientèle: the customer's full form. The error summary, child tables' rows, and the
   record a "+ créer" dialog made put into its link field. No inline script (CSP). */
(function () {
  "use strict";
  var lastRowAction = null;

  function announce(text) {
    var live = document.getElementById("live");
    if (!live || !text) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function firstInput(root) {
    return root.querySelector("input:not([type=hidden]), select, textarea");
  }

  /* The summary of errors is read first; each of its links takes the focus to its field. */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var field = target.matches("input, select, textarea") ? target : firstInput(target);
    target.scrollIntoView({ block: "center" });
    (field || target).focus();
  });

  /* A child table comes back after "add a row" or "remove": the focus goes to the new
     row's first cell, or to the table's "add a row" button. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = event.detail.elt;
    lastRowAction = button && button.name === "_row" ? button.value : null;
  });
  document.addEventListener("htmx:load", function (event) {
    var table = event.target;
    if (!table.classList || !table.classList.contains("child-table") || !lastRowAction) return;
    var rows = table.querySelectorAll("tbody tr");
    if (lastRowAction.indexOf("add:") === 0 && rows.length) {
      var cell = firstInput(rows[rows.length - 1]);
      if (cell) cell.focus();
      announce(table.dataset.rowAdded);
    } else {
      table.querySelector(".add-row").focus();
      announce(table.dataset.rowRemoved);
    }
    lastRowAction = null;
  });

  /* "+ créer": the dialog closes and the new record's code fills the field that asked. */
  document.addEventListener("lookupCreated", function (event) {
    var detail = event.detail || {};
    var dialog = document.querySelector("dialog[open]");
    if (dialog) dialog.close();
    var input = document.getElementById(detail.field);
    if (input) {
      input.value = detail.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }
    announce(detail.message);
  });

  /* A "+ créer" dialog opens on its first field (app.js, run before, focuses its first
     button); its form coming back with errors, on the first field in error. */
  document.addEventListener("htmx:load", function (event) {
    var root = event.target;
    if (!root.querySelector) return;
    var field = root.querySelector("form.lookup-new [aria-invalid=true]") ||
      root.querySelector("dialog[open] form.lookup-new [autofocus]");
    if (field) field.focus();
  });
})();
