/* Trees: open a level on demand, keep the open levels in the address, move a node by drag
   and drop, redraw the tree after a change. No inline script anywhere (CSP). */
(function () {
  "use strict";

  function openNames(tree) {
    return Array.prototype.map.call(
      tree.querySelectorAll(".tree-toggle[aria-expanded=true]"),
      function (toggle) { return toggle.closest("[data-name]").dataset.name; });
  }

  /* The open levels travel in the address, so a reload or a shared link shows the same. */
  function remember(tree) {
    var params = new URLSearchParams(location.search);
    params.delete("open");
    params.delete("focus");
    var names = openNames(tree);
    if (!names.length) params.append("open", "");
    names.forEach(function (name) { params.append("open", name); });
    history.replaceState(history.state, "", location.pathname + "?" + params.toString());
  }

  function focusIn(root) {
    var row = root.querySelector("[data-autofocus]") || root.querySelector("[data-focus]");
    var target = row && row.querySelector("a, button");
    if (target) target.focus();
  }

  function toggle(button, open) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    var tree = button.closest("[data-tree]");
    if (!list || open === (button.getAttribute("aria-expanded") === "true")) return;
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
    if (open && !list.children.length) {
      htmx.ajax("GET", button.dataset.childrenUrl, { target: list, swap: "innerHTML" });
    }
    if (tree) remember(tree);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tree-toggle");
    if (button) toggle(button, button.getAttribute("aria-expanded") !== "true");
  });

  /* Right arrow opens a node, left arrow closes it (or goes up to its parent). */
  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest(".tree-row button, .tree-row a");
    if (!button || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    var row = button.closest(".tree-row");
    var own = row.querySelector(".tree-toggle");
    if (event.key === "ArrowRight" && own) {
      toggle(own, true);
    } else if (event.key === "ArrowLeft" && own && own.getAttribute("aria-expanded") === "true") {
      toggle(own, false);
    } else if (event.key === "ArrowLeft") {
      var parent = row.parentElement.parentElement.closest("li");
      var up = parent && parent.querySelector(".tree-row .tree-toggle");
      if (up) up.focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  /* After a change (the server's HX-Trigger): close the dialog, redraw the tree with the
     same levels open, the changed place opened too, and focus the node concerned. */
  document.addEventListener("tree-changed", function (event) {
    var tree = document.querySelector("[data-tree]");
    var detail = event.detail || {};
    document.querySelectorAll("dialog[open]").forEach(function (dialog) { dialog.close(); });
    if (!tree) { location.reload(); return; }
    var params = new URLSearchParams();
    openNames(tree).concat(detail.open || []).forEach(function (name) {
      params.append("open", name === detail.renamed ? detail.focus : name);
    });
    if (detail.focus) params.append("focus", detail.focus);
    htmx.ajax("GET", tree.dataset.treeUrl + "?" + params.toString(), { target: tree, swap: "outerHTML" });
  });

  /* A redrawn tree keeps its open levels in the address and focuses the node concerned;
     a level loaded by "Show more" brings the focus to its first new node. */
  document.addEventListener("htmx:load", function (event) {
    var element = event.target;
    if (element.matches && element.matches("[data-tree]")) {
      remember(element);
      focusIn(element);
    } else if (element.querySelector && element.querySelector("[data-autofocus]")) {
      focusIn(element);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var tree = document.querySelector("[data-tree]");
    if (tree) focusIn(tree);
  });

  /* Drag and drop: a node dropped onto another moves under it. The server says no to a
     leaf or to the node's own subtree, with its reason, in the "Move" dialog. */
  var dragged = null;

  function dropRow(event) {
    var row = event.target.closest && event.target.closest(".tree-row");
    return dragged && row && row !== dragged ? row : null;
  }

  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest(".tree-row[draggable=true]");
    if (!row) return;
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.name);
  });
  document.addEventListener("dragover", function (event) {
    var row = dropRow(event);
    if (!row) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    row.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    var row = event.target.closest && event.target.closest(".tree-row");
    if (row) row.classList.remove("drop-target");
  });
  document.addEventListener("dragend", function () { dragged = null; });
  document.addEventListener("drop", function (event) {
    var row = dropRow(event);
    if (!row) return;
    event.preventDefault();
    row.classList.remove("drop-target");
    var url = dragged.dataset.moveUrl;
    dragged = null;
    htmx.ajax("POST", url, { values: { parent: row.dataset.name }, target: "#dialog-slot", swap: "innerHTML" });
  });
})();
