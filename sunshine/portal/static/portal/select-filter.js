/* Type-to-filter for long select boxes (筛选下拉列表): progressive enhancement, no inline script.

   A <select data-filter="…"> (e.g. the department choice, sunshine/orgs/forms.py) gets a search box before it;
   typing keeps the options whose name contains the text (and the groups that still have one), and when exactly one
   option is left it is selected. Without JavaScript the grouped list works as it is. */
(function () {
  "use strict";

  function enhance(select) {
    if (select.dataset.filterReady) { return; }
    select.dataset.filterReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.placeholder = select.dataset.filter || "输入名称筛选";
    box.setAttribute("aria-label", (select.dataset.filter || "输入名称筛选") + "（筛选下方的列表）");
    box.setAttribute("aria-controls", select.id);
    box.autocomplete = "off";
    select.parentNode.insertBefore(box, select);

    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(status, select.nextSibling);

    box.addEventListener("input", function () {
      var text = box.value.trim();
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !text || option.value === "" || option.text.indexOf(text) !== -1;
        option.hidden = !match;
        if (match && option.value !== "") { shown.push(option); }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var any = Array.prototype.some.call(group.children, function (option) { return !option.hidden; });
        group.hidden = !any;
      });
      if (text && shown.length === 1) {
        shown[0].selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      status.textContent = text ? "找到 " + shown.length + " 项" : "";
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-filter]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
