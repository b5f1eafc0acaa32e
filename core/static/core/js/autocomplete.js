// The picker of core/widgets.py: a text box (ARIA combobox) whose suggestions come from the
// server as JSON ({results: [{id, label, detail}]}), so a page never lists every member or
// organization. Single choice: the hidden input holds the chosen id, typing clears it.
// Multiple choice: each chosen one is a ticked checkbox above the box.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_CHARS = 1;

  function setup(box) {
    var input = box.querySelector("input[role=combobox]");
    var listbox = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var hidden = box.querySelector("input.autocomplete-value");
    var chosenList = box.querySelector(".autocomplete-chosen");
    var multiple = box.hasAttribute("data-multiple");
    var name = box.getAttribute("data-name");
    var url = box.getAttribute("data-autocomplete-url");
    var results = [];
    var active = -1;
    var timer = null;
    var request = 0;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = listbox.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(data) {
      results = data.results || [];
      listbox.textContent = "";
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "list-group-item list-group-item-action";
        var label = document.createElement("span");
        label.textContent = result.label;
        option.appendChild(label);
        if (result.detail) {
          var detail = document.createElement("small");
          detail.className = "d-block autocomplete-detail";
          detail.textContent = result.detail;
          option.appendChild(detail);
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        listbox.appendChild(option);
      });
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item text-body-secondary";
        empty.textContent = box.getAttribute("data-empty") || "—";
        listbox.appendChild(empty);
      }
      status.textContent = data.summary || "";
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) { close(); return; }
      var mine = ++request;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (mine === request) { render(data); } })
        .catch(function () { close(); });
    }

    function choose(index) {
      var result = results[index];
      if (!result) { return; }
      if (multiple) {
        var id = input.id + "_" + result.id;
        if (!document.getElementById(id)) {
          var item = document.createElement("li");
          item.className = "form-check";
          var box_ = document.createElement("input");
          box_.type = "checkbox"; box_.className = "form-check-input";
          box_.name = name; box_.value = result.id; box_.id = id; box_.checked = true;
          var label = document.createElement("label");
          label.className = "form-check-label"; label.htmlFor = id; label.textContent = result.choice || result.label;
          item.appendChild(box_); item.appendChild(label);
          chosenList.appendChild(item);
          chosenList.hidden = false;
        }
        input.value = "";
      } else {
        hidden.value = result.id;
        input.value = result.choice || result.label;
      }
      status.textContent = result.label;
      close();
    }

    input.addEventListener("input", function () {
      if (hidden) { hidden.value = ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var count = listbox.querySelectorAll("[role=option]").length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden) { search(); return; }
        highlight(count ? (active + 1) % count : -1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(count ? (active - 1 + count) % count : -1);
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll(".autocomplete[data-autocomplete-url]").forEach(setup);
})();
