/* Clientèle: the few behaviours htmx does not give. No inline script anywhere (CSP). */
(function () {
  "use strict";
  var opener = null;

  /* A <dialog data-modal> swapped into the page opens as a modal: the rest of the page is
     inert (focus stays inside), Escape closes it, and focus returns to what opened it. */
  function openDialogs(root) {
    var scope = root.querySelectorAll ? root : document;
    var found = Array.prototype.slice.call(scope.querySelectorAll("dialog[data-modal]"));
    if (scope.matches && scope.matches("dialog[data-modal]")) found.unshift(scope);
    found.forEach(function (dialog) {
      if (dialog.open) return;
      if (!opener) opener = document.activeElement;
      dialog.showModal();
      var first = dialog.querySelector("[autofocus]") ||
        dialog.querySelector("input:not([type=hidden]), select, textarea, button");
      if (first) first.focus();
      dialog.addEventListener("close", function () {
        dialog.remove();
        if (opener && document.contains(opener)) opener.focus();
        opener = null;
      }, { once: true });
    });
  }

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) {
      var dialog = closer.closest("dialog");
      if (dialog) { event.preventDefault(); dialog.close(); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () { openDialogs(document); });
  document.addEventListener("htmx:load", function (event) { openDialogs(event.target); });
  /* Remember what was focused when a dialog is being fetched. */
  document.addEventListener("htmx:beforeRequest", function () {
    if (!document.querySelector("dialog[open]")) opener = document.activeElement;
  });
  /* A server refusal (4xx with a fragment) is still shown: errors next to their fields. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
