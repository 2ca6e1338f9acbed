// ĐTBD's small behaviours, kept out of the HTML so a strict Content-Security-Policy can come.
(function () {
  "use strict";

  // Unit tree: the first click loads the children (htmx, "click once"); later clicks fold
  // and unfold them without asking the server again.
  document.addEventListener("click", function (event) {
    const toggle = event.target.closest(".tree-toggle");
    if (!toggle) return;
    const expanded = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", expanded ? "false" : "true");
    const children = toggle.closest("li").querySelector(":scope > .tree-children");
    if (children) children.hidden = expanded;
  });

  // Progress bars: the width comes from data-progress, since style attributes are not allowed.
  function sizeBars(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = bar.dataset.progress + "%";
    });
  }

  // Results being replaced fade a little, so a slow search is visibly working.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const target = event.detail.target;
    if (target && target.id === "results") target.classList.add("results-loading");
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    if (target && target.id === "results") target.classList.remove("results-loading");
  });

  // Filter forms push their query to the address bar; leave the empty fields out of it so
  // a shared link says only what was chosen.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.matches("form[data-drop-empty]")) return;
    const data = event.detail.formData;
    if (!data) return;
    const empty = [];
    data.forEach(function (value, key) {
      if (value === "") empty.push(key);
    });
    empty.forEach(function (key) {
      data.delete(key);
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    sizeBars(document);
  });
  document.addEventListener("htmx:load", function (event) {
    sizeBars(event.detail.elt);
  });
})();
