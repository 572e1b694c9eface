/* The customer page: its "Plus" menu closes once one of its entries is chosen (the entry
   opens a dialog; the menu left open would hide part of the page behind it). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var entry = event.target.closest("details.dropdown li a");
    if (entry) entry.closest("details").removeAttribute("open");
  });
})();
