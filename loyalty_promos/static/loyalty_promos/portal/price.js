/* The live price of a booking form (loyalty_promos/portal/includes/price.html).
 * Plain JavaScript, no framework, nothing loaded from elsewhere: when a field of the
 * form changes, ask loyalty_promos:quote (same site) and redraw the lines. Without
 * JavaScript the form's "Update price" button does the same with a page reload.
 */
(function () {
  "use strict";

  var FIELDS = {
    service: "service",
    staff: "staff",
    start: "start",
    code: "promo_code",
    gift_card: "gift_card",
    use_credits: "use_credits",
    reward: "reward"
  };

  function fieldValue(form, name) {
    var field = form.elements.namedItem(name);
    if (!field) {
      return "";
    }
    if (field.type === "checkbox") {
      return field.checked ? "1" : "";
    }
    return (field.value || "").trim();
  }

  function row(line) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    var td = document.createElement("td");
    tr.className = "loyalty-price-" + line.kind;
    th.scope = "row";
    th.textContent = line.label;
    td.textContent = line.display;
    tr.appendChild(th);
    tr.appendChild(td);
    return tr;
  }

  function messages(errors) {
    var all = [];
    Object.keys(errors || {}).forEach(function (key) {
      all = all.concat(errors[key]);
    });
    return all;
  }

  function setUp(box) {
    var form = box.closest("form");
    if (!form || !window.fetch) {
      return;
    }
    var lines = box.querySelector("[data-loyalty-price-lines]");
    var table = box.querySelector(".loyalty-price-lines");
    var empty = box.querySelector("[data-loyalty-price-empty]");
    var error = box.querySelector("[data-loyalty-price-error]");
    var latest = 0;
    var timer = null;

    function query() {
      var params = new URLSearchParams();
      Object.keys(FIELDS).forEach(function (param) {
        var name = box.getAttribute("data-field-" + param.replace("_", "-")) || FIELDS[param];
        var value = fieldValue(form, name);
        if (value) {
          params.append(param, value);
        }
      });
      return params;
    }

    function draw(data) {
      if (data.lines) {
        while (lines.firstChild) {
          lines.removeChild(lines.firstChild);
        }
        data.lines.forEach(function (line) {
          lines.appendChild(row(line));
        });
        table.hidden = false;
        empty.hidden = true;
      }
      var said = messages(data.errors);
      error.textContent = said.join(" ");
      error.hidden = said.length === 0;
      box.setAttribute("data-state", data.lines ? "priced" : "refused");
    }

    function refresh() {
      var params = query();
      if (!params.get("service") || !params.get("start")) {
        return;
      }
      var ticket = ++latest;
      box.setAttribute("aria-busy", "true");
      fetch(box.getAttribute("data-url") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (ticket === latest) {
            draw(data);
          }
        })
        .catch(function () {
          /* Offline or a server error: the form's "Update price" button still works. */
        })
        .then(function () {
          if (ticket === latest) {
            box.removeAttribute("aria-busy");
          }
        });
    }

    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    });
    /* Enter in the promo code or gift card box prices the booking instead of sending the form. */
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      var codes = [box.getAttribute("data-field-code") || FIELDS.code, FIELDS.gift_card];
      if (event.key === "Enter" && target && codes.indexOf(target.name) !== -1) {
        event.preventDefault();
        clearTimeout(timer);
        refresh();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-loyalty-price]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
