// The mentor picker: a text input (role="combobox", rendered by MentorPicker in
// mentor/widgets.py) that searches the mentor search endpoint as the user types and keeps
// the chosen mentor's id in a hidden input. The server validates the id as before; this
// script only makes choosing one possible without a list of every mentor in the page.
// Keyboard: arrow keys move through the list, Enter chooses, Escape closes.
(function () {
  "use strict";

  var DELAY = 200;

  function setUp(input) {
    var hidden = document.getElementById(input.getAttribute("data-picker-value"));
    if (!hidden) { return; }
    var url = input.getAttribute("data-picker-url");
    var depends = (input.getAttribute("data-picker-depends") || "").split(",").filter(Boolean);
    var listId = input.getAttribute("aria-controls");
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list list-group";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.insertAdjacentElement("afterend", status);

    var chosenLabel = input.value;
    var results = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    function searchUrl() {
      var params = new URLSearchParams();
      params.set("q", input.value.trim() === chosenLabel.trim() ? "" : input.value.trim());
      depends.forEach(function (pair) {
        var parts = pair.split("=");
        var field = document.getElementById(parts[1]);
        if (field && field.value) { params.set(parts[0], field.value); }
      });
      return url + (url.indexOf("?") === -1 ? "?" : "&") + params.toString();
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function message(text) {
      list.innerHTML = "";
      var item = document.createElement("li");
      item.className = "list-group-item text-muted small";
      item.textContent = text;
      list.appendChild(item);
      open();
    }

    function show(found, text) {
      results = found;
      list.innerHTML = "";
      status.textContent = text || "";
      if (!found.length) {
        message(text || "");
        return;
      }
      found.forEach(function (mentor, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + mentor.id;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("div");
        name.className = "fw-semibold";
        name.textContent = mentor.name;
        var detail = document.createElement("div");
        detail.className = "small text-muted";
        detail.textContent = mentor.detail;
        item.appendChild(name);
        item.appendChild(detail);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(index); });
        list.appendChild(item);
      });
      open();
      highlight(-1);
    }

    function search() {
      var mine = ++sequence;
      fetch(searchUrl(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok || response.redirected) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { if (mine === sequence && document.activeElement === input) { show(data.results || [], data.message); } })
        .catch(function () { if (mine === sequence) { message(input.getAttribute("data-picker-error")); } });
    }

    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(search, DELAY);
    }

    function choose(index) {
      var mentor = results[index];
      if (!mentor) { return; }
      hidden.value = String(mentor.id);
      chosenLabel = mentor.label;
      input.value = mentor.label;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) {
        hidden.value = "";
        chosenLabel = "";
      }
      schedule();
    });
    input.addEventListener("focus", function () { if (list.hidden) { schedule(); } });
    input.addEventListener("keydown", function (event) {
      var count = list.querySelectorAll("[role=option]").length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); return; }
        if (count) { highlight((active + 1) % count); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (count) { highlight(active <= 0 ? count - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); input.value = chosenLabel; }
      }
    });
    input.addEventListener("blur", function () {
      close();
      sequence++;
      // Only a mentor chosen from the list counts: other text goes back to the choice.
      if (input.value.trim() !== chosenLabel.trim()) { input.value = chosenLabel; }
    });
  }

  document.querySelectorAll("input[data-picker-url]").forEach(setUp);
})();
