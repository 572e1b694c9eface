/* Clientèle: the sales screens' small behaviours. No inline script (CSP). */
(function () {
  "use strict";
  /* A statement's "Print" button: the browser's print dialog (sales.css holds the print
     stylesheet). */
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
