// The counter: search as you type (plate with or without the province, phone whole or last four, name;
// debounced, at most one request per keystroke, late answers of an older query dropped) and the phone
// booking in one panel (the caller's file and vehicles from the same search, or a new customer; the service
// and a slot from the day's availability with tier and price; the advisor proposed; confirm).
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var DEBOUNCE_MS = 250;
  var TIER = { idle: "空闲", normal: "正常", busy: "繁忙" };

  // one search at a time per box: `show` gets the answer of the latest query only
  function searcher(show) {
    var timer = null;
    var asked = 0;
    return function (text) {
      if (timer) { clearTimeout(timer); }
      var mine = ++asked;
      text = text.trim();
      if (!text) { show(null); return; }
      timer = setTimeout(function () {
        timer = null;
        C.api("GET", C.storePath("/search?q=" + encodeURIComponent(text))).then(function (data) {
          if (mine === asked) { show(data); }
        }, function (err) { if (mine === asked) { C.showError(err); } });
      }, DEBOUNCE_MS);
    };
  }

  // --- search ------------------------------------------------------------------------------------------
  function showHits(data) {
    var box = C.clear(C.$("search-results"));
    box.hidden = !data;
    if (!data) { return; }
    if (!data.term) { box.appendChild(el("p", { class: "muted", text: "请至少输入两位" })); return; }
    if (!data.bookings.length) { box.appendChild(el("p", { class: "muted", text: "没有找到" })); return; }
    data.bookings.forEach(function (h) {
      box.appendChild(el("div", { class: "hit", data: { hit: h.booking_id, day: h.start ? C.dateOf(h.start) : "" } }, [
        el("span", { class: "plate", text: h.vehicle.plate }),
        el("span", { class: "name", text: h.customer.name }),
        el("span", { class: "muted", text: h.customer.phone }),
        el("span", { text: h.start ? C.dateTime(h.start) : "待排期" }),
        el("span", { text: C.label("service", h.service_type) }),
        el("button", { type: "button", class: "link", data: { bookfor: h.booking_id }, text: "为其预约" }),
        el("button", { type: "button", class: "link", data: { callcustomer: h.customer_id }, text: "回电" }),
        el("button", { type: "button", class: "link", data: { filecustomer: h.customer_id }, text: "档案" })
      ]));
    });
    box.lastHits = data;
  }

  function goTo(bookingId, day) {
    C.$("search-results").hidden = true;
    C.state.day = day || C.state.day;
    Promise.resolve(C.views.plan()).then(function () {
      var row = document.querySelector('#plan tr.booking[data-booking="' + bookingId + '"]');
      if (!row) { return; }
      ["filter-status", "filter-advisor", "filter-service"].forEach(function (id) { C.$(id).value = ""; });
      C.$("filter-action").checked = false;
      C.applyFilters();
      Array.prototype.forEach.call(document.querySelectorAll("#plan tr.hit"), function (r) { r.classList.remove("hit"); });
      row.classList.add("hit");
      row.scrollIntoView({ block: "center" });
    });
  }

  function onHitClick(event) {
    var hit = event.target.closest(".hit");
    if (!hit) { return; }
    var found = (C.$("search-results").lastHits || { bookings: [] }).bookings.filter(function (h) {
      return h.booking_id === hit.getAttribute("data-hit");
    })[0];
    if (event.target.closest("button[data-filecustomer]") && found) {
      C.$("search-results").hidden = true;
      C.openFile(found.customer_id);
      return;
    }
    if (event.target.closest("button[data-callcustomer]") && found) {
      C.callBackForCustomer(hit, found.customer_id, found.customer.name);
      return;
    }
    if (event.target.closest("button[data-bookfor]") && found) {
      C.$("search-results").hidden = true;
      openPhone();
      fillCustomer(found.customer, found.vehicle);
      return;
    }
    goTo(hit.getAttribute("data-hit"), hit.getAttribute("data-day"));
  }

  // --- phone booking -----------------------------------------------------------------------------------
  var picked = null;  // the slot chosen: its start
  var slotsAsked = 0;  // only the latest slots asked for are shown

  function form() { return C.$("phone-form"); }

  function fillCustomer(customer, vehicle) {
    var f = form();
    f.name.value = customer.name || "";
    f.phone.value = customer.phone || "";
    f.honorific.value = customer.honorific || "";
    fillVehicle(vehicle || { plate: "", model: "", mileage: "" });
    loadSlots();
  }

  function fillVehicle(v) {
    var f = form();
    f.plate.value = v.plate || "";
    f.model.value = v.model || "";
    f.mileage.value = v.mileage === undefined || v.mileage === null ? "" : String(v.mileage);
  }

  // the caller's file from the search: each customer with their vehicles, or a new one
  function showFound(data) {
    var box = C.clear(C.$("phone-found"));
    if (!data || !data.term) { return; }
    var typed = form().lookup.value.trim();
    (data.customers || []).forEach(function (c) {
      box.appendChild(el("div", { class: "file", data: { customer: c.customer_id } }, [
        el("button", { type: "button", class: "pick", data: { pickcustomer: c.customer_id }, text: c.name + " " + c.phone })
      ].concat(c.vehicles.map(function (v) {
        return el("button", { type: "button", class: "pick vehicle", data: { pickcustomer: c.customer_id, pickplate: v.plate },
          text: v.plate + " " + (v.model || "") });
      }))));
    });
    box.appendChild(el("button", { type: "button", class: "pick new", data: { picknew: "1" }, text: "新客户/新车辆" }));
    box.lastFound = data;
    if (!(data.customers || []).length) { startNew(typed); }
  }

  function startNew(typed) {
    var f = form();
    var digits = typed.replace(/\D/g, "");
    if (/^1\d{10}$/.test(digits)) { f.phone.value = digits; } else if (typed && !/^\d+$/.test(typed)) { f.plate.value = typed.toUpperCase(); }
  }

  function onFoundClick(event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-picknew")) {
      ["name", "phone", "plate", "model", "mileage"].forEach(function (n) { form()[n].value = ""; });
      startNew(form().lookup.value.trim());
      form().name.focus();
      return;
    }
    var data = C.$("phone-found").lastFound;
    var c = data.customers.filter(function (x) { return x.customer_id === button.getAttribute("data-pickcustomer"); })[0];
    var plate = button.getAttribute("data-pickplate");
    fillCustomer(c, c.vehicles.filter(function (v) { return v.plate === plate; })[0] || c.vehicles[0]);
    Array.prototype.forEach.call(C.$("phone-found").querySelectorAll(".pick"), function (b) { b.classList.remove("chosen"); });
    button.classList.add("chosen");
  }

  function loadSlots() {
    var f = form();
    if (!f.day.value || !f.service_type.value) { return; }
    var phone = f.phone.value.trim();
    var path = "/slots?date=" + encodeURIComponent(f.day.value) + "&service_type=" + encodeURIComponent(f.service_type.value) +
      (/^1\d{10}$/.test(phone) ? "&phone=" + phone : "");
    var mine = ++slotsAsked;
    C.api("GET", C.storePath(path)).then(function (data) {
      if (mine !== slotsAsked) { return; }
      var box = C.clear(C.$("phone-slots"));
      box.setAttribute("data-service", f.service_type.value);
      picked = null;
      if (data.closed) { box.appendChild(el("span", { class: "muted", text: "门店当天不营业" })); }
      data.slots.forEach(function (s) {
        box.appendChild(el("button", { type: "button", class: "pick slot tier-" + s.tier, disabled: s.available < 1,
          data: { pickslot: s.start }, text: C.time(s.start) + " " + (TIER[s.tier] || s.tier) +
            (s.price_estimate !== null ? " ¥" + s.price_estimate : "") + " 余" + s.available }));
      });
      if (data.advisor && !f.advisor.value) { f.advisor.value = data.advisor.username; f.advisor.title = data.advisor.name; }
    }, function (err) { C.showError(err, f); });
  }

  function onSlotClick(event) {
    var button = event.target.closest("button[data-pickslot]");
    if (!button || button.disabled) { return; }
    picked = button.getAttribute("data-pickslot");
    Array.prototype.forEach.call(C.$("phone-slots").querySelectorAll(".chosen"), function (b) { b.classList.remove("chosen"); });
    button.classList.add("chosen");
  }

  // the customer's file carries the leftovers of their last visit into a phone booking's description
  C.carryLeftovers = function (file) {
    openPhone();
    fillCustomer({ name: file.name, phone: file.phone }, file.vehicles[0]);
    form().description.value = ("上次遗留：" + file.leftovers).slice(0, 500);
  };

  function openPhone() {
    var f = form();
    C.$("walkin-form").hidden = true;
    f.reset();
    C.clear(C.$("phone-found"));
    C.clear(C.$("phone-slots"));
    picked = null;
    f.day.value = C.state.day || "";
    f.service_type.value = "maintenance";
    f.hidden = false;
    loadSlots();
    f.lookup.focus();
  }

  function book(event) {
    event.preventDefault();
    var f = form();
    if (!picked) { C.showError({ message: "请选择到店时段" }, f); return; }
    var customer = { name: f.name.value.trim(), phone: f.phone.value.trim() };
    if (f.honorific.value) { customer.honorific = f.honorific.value; }
    var body = { start: picked, service_type: f.service_type.value, source: "phone", customer: customer,
      vehicle: { plate: f.plate.value.trim().toUpperCase(), model: f.model.value.trim(), mileage: Number(f.mileage.value) } };
    if (f.priority.value) { body.priority = f.priority.value; }
    if (f.advisor.value.trim()) { body.advisor = f.advisor.value.trim(); }
    if (f.description.value.trim()) { body.description = f.description.value.trim(); }
    C.write(f.querySelector("button[type=submit]"), "POST", C.storePath("/bookings"), body, f).then(function (b) {
      if (!b) { return null; }
      f.hidden = true;
      C.notice("已预约：" + customer.name + " " + C.dateTime(b.start) + (b.advisor ? " · 顾问 " + b.advisor : ""));
      C.state.day = C.dateOf(b.start);
      return C.views.plan();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var search = searcher(showHits);
    C.$("search").addEventListener("input", function (e) { search(e.target.value); });
    C.$("search-results").addEventListener("click", onHitClick);
    var lookup = searcher(showFound);
    C.$("phone-lookup").addEventListener("input", function (e) { lookup(e.target.value); });
    C.$("phone-found").addEventListener("click", onFoundClick);
    C.$("phone-slots").addEventListener("click", onSlotClick);
    var services = C.$("phone-service");
    Object.keys(C.labels.service).forEach(function (k) { services.appendChild(el("option", { value: k, text: C.labels.service[k] })); });
    var priorities = C.$("phone-priority");
    Object.keys(C.labels.priority).forEach(function (k) { priorities.appendChild(el("option", { value: k, text: C.labels.priority[k] })); });
    ["phone-service"].forEach(function (id) { C.$(id).addEventListener("change", loadSlots); });
    form().day.addEventListener("change", loadSlots);
    form().phone.addEventListener("change", loadSlots);
    C.$("phone-open").addEventListener("click", openPhone);
    C.$("phone-cancel").addEventListener("click", function () { form().hidden = true; });
    form().addEventListener("submit", book);
  });
})();
