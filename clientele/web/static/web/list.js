/* Clientèle: the customer list and the quick entry. No inline script anywhere (CSP). */
(function () {
  "use strict";

  /* The list's filters travel in the URL: leave the empty ones out of it. */
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || !event.detail.elt.closest("[data-list-filters]")) return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") delete parameters[name];
    });
  });

  /* A dialog just opened (app.js) starts on its [autofocus] field, not on its close button. */
  document.addEventListener("htmx:load", function (event) {
    var field = event.target.querySelector && event.target.querySelector("dialog[open] [autofocus]");
    if (field) field.focus();
  });

  /* "Edit Full Page" leaves the dialog for the full form with what was typed, as a page
     (htmx would fetch it into the dialog): the same GET a browser without JavaScript
     sends, less the empty fields and the CSRF token. */
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    var button = trigger && trigger.submitter;
    if (!button || !button.hasAttribute("data-navigate")) return;
    event.preventDefault();
    var query = new URLSearchParams();
    new FormData(button.form).forEach(function (value, name) {
      if (value !== "" && name !== "csrfmiddlewaretoken") query.append(name, value);
    });
    window.location.assign(button.getAttribute("formaction") + "?" + query.toString());
  });
})();
