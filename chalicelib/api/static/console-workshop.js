// The workshop and parts desks (车间 / 配件, docs/product-rules.md#workshop-and-parts): the store-day's jobs with
// their labour hours by trade, the parts they need and their two parts checks; the parts desk records the check
// the day before (备齐 / 缺件 with a note and a date) and confirms the parts on the booking's day, by T-1h.
// A member of the workshop or parts desk lands here and sees no other tab.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var DESKS = ["workshop", "parts"];
  var CHECKERS = ["parts", "store_manager", "chain_admin"];
  var CHECK = { ready: "备齐", short: "缺件" };
  var READY = { not_yet: "预约当天确认", waiting: "待确认", overdue: "超时未确认", confirmed: "已确认到位" };
  var COLUMNS = ["时间", "服务", "车牌 / 车型", "顾问", "工时（工种）", "所需备件", "备件检查", "到店前确认", "操作"];
  C.labels.role.workshop = "车间主管";
  C.labels.role.parts = "配件主管";

  function role() { return (C.state.session && C.state.session.role) || ""; }
  function isDesk() { return DESKS.indexOf(role()) >= 0; }
  function mayCheck() { return CHECKERS.indexOf(role()) >= 0; }

  // login lands the desks on their own tab, and shows them no other; the front desk sees it beside the plan
  C.landing = function () {
    var desk = isDesk();
    Array.prototype.forEach.call(document.querySelectorAll(".tabs [data-tab]"), function (b) {
      b.hidden = desk && b.getAttribute("data-tab") !== "workshop";
    });
    return desk ? "workshop" : "plan";
  };

  // what the day plan shows of the two checks beside a booking (console-plan.js)
  C.partsBadges = function (b) {
    var check = b.parts_check;
    var ready = b.parts_ready || {};
    return [
      check ? el("span", { class: "badge parts-check " + check.state, text: "备件" + CHECK[check.state] +
        (check.state === "short" ? "：" + (check.note || "") + "（预计 " + (check.expected || "") + "）" : "") }) : null,
      ready.state === "confirmed" ? el("span", { class: "badge parts-ready", text: "备件已确认到位" }) :
        ready.state === "overdue" && check && (b.status === "pending" || b.status === "confirmed") ?
          el("span", { class: "badge parts-ready overdue", text: "备件超时未确认" }) : null
    ];
  };

  function hours(job) {
    return Object.keys(job.hours || {}).map(function (trade) {
      var found = (C.workshop.trades || []).filter(function (t) { return t.trade === trade; })[0];
      return (found ? found.name : trade) + " " + job.hours[trade] + "h";
    }).join(" · ") || "—";
  }

  function parts(job) {
    var p = job.parts;
    if (!p) { return job.description ? "常规 · " + job.description : "常规"; }
    return C.label("parts", p.status) + (p.expected ? " · 预计 " + p.expected : "") +
      (p.estimate_fen ? " · 约¥" + (p.estimate_fen / 100).toFixed(2) : "");
  }

  function checkText(job) {
    var check = job.parts_check;
    if (!check) { return "未检查"; }
    return CHECK[check.state] + (check.state === "short" ? "：" + (check.note || "") + "（预计 " + (check.expected || "") + "）" : "");
  }

  function expected(job) { return job.status === "pending" || job.status === "confirmed"; }

  function buttons(job) {
    if (!mayCheck() || !expected(job)) { return []; }
    var ready = (job.parts_ready || {}).state;
    return [
      el("button", { type: "button", class: "ws-act", data: { ws: "ready", booking: job.booking_id }, text: "备齐" }),
      el("button", { type: "button", class: "ws-act danger", data: { ws: "short", booking: job.booking_id }, text: "缺件" }),
      ready === "waiting" || ready === "overdue" ? el("button", { type: "button", class: "ws-act primary", data: { ws: "confirm", booking: job.booking_id },
        text: "确认到位" }) : null
    ];
  }

  function row(job) {
    var ready = job.parts_ready || {};
    return [
      el("tr", { class: "booking status-" + job.status, data: { booking: job.booking_id } }, [
        el("td", { class: "when", text: C.time(job.start) }),
        el("td", { class: "service", text: C.label("service", job.service_type) +
          (job.status === "cancelled" || job.status === "no_show" ? "（" + C.label("status", job.status) + "）" : "") }),
        el("td", { class: "car" }, [el("span", { class: "plate", text: job.plate || "" }), " ",
          el("span", { class: "muted", text: job.model || "" })]),
        el("td", { class: "advisor", text: job.advisor || "待分配" }),
        el("td", { class: "hours", text: hours(job) }),
        el("td", { class: "parts-needed", text: parts(job) }),
        el("td", { class: "parts-check " + (job.parts_check ? job.parts_check.state : "none"), text: checkText(job) }),
        el("td", { class: "parts-ready " + (ready.state || ""), text: READY[ready.state] || "" }),
        el("td", { class: "actions" }, buttons(job))
      ]),
      el("tr", { class: "more-row", data: { for: job.booking_id }, hidden: true }, [
        el("td", { colspan: String(COLUMNS.length) }, [el("div", { class: "more" }),
          el("div", { class: "refusal", role: "alert", hidden: true })])
      ])
    ];
  }

  function summary(data) {
    var trades = data.trades.map(function (t) { return t.name + " " + t.hours + "h"; }).join("　");
    var capacity = data.capacity.map(function (c) {
      return c.name + " 已约 " + c.booked + (c.limit !== null && c.limit !== undefined ? " / " + c.limit : "") + " 小时";
    }).join("　");
    var short = data.bookings.filter(function (j) { return j.parts_check && j.parts_check.state === "short"; }).length;
    var unchecked = data.bookings.filter(function (j) { return expected(j) && !j.parts_check; }).length;
    return el("div", { class: "ws-summary" }, [
      el("div", { id: "ws-trades", text: "工种工时：" + trades }),
      el("div", { id: "ws-capacity", text: "产能：" + capacity }),
      el("div", { id: "ws-counts", class: "muted", text: data.bookings.length + " 个预约 · 缺件 " + short + " · 未检查 " + unchecked })
    ]);
  }

  function render(data) {
    C.workshop = data;
    var root = C.clear(C.$("workshop"));
    root.appendChild(summary(data));
    if (!data.bookings.length) { root.appendChild(el("p", { class: "muted", text: "当日没有预约" })); return; }
    var body = el("tbody", {}, []);
    data.bookings.forEach(function (job) { row(job).forEach(function (r) { body.appendChild(r); }); });
    root.appendChild(el("table", { class: "plan-table", id: "workshop-table" }, [
      el("thead", {}, [el("tr", {}, COLUMNS.map(function (c) { return el("th", { text: c }); }))]), body]));
  }

  C.views.workshop = function () {
    if (!C.state.store) { return Promise.resolve(); }
    var query = C.state.day ? "?date=" + encodeURIComponent(C.state.day) : "";
    var current = C.latest();
    return C.run(C.api("GET", C.storePath("/workshop" + query)).then(function (data) {
      if (!current()) { return; }
      C.state.day = data.date;
      C.$("day").value = data.date;
      render(data);
    }));
  };

  function moreOf(bookingId) {
    return document.querySelector('#workshop-table tr.more-row[data-for="' + bookingId + '"]');
  }

  function shortForm(bookingId) {
    var more = moreOf(bookingId);
    var form = el("form", { class: "inline-form ws-short" }, [
      el("label", {}, ["缺少的备件", el("input", { name: "note", required: true, maxlength: "200" })]),
      el("label", {}, ["预计到货", el("input", { type: "date", name: "expected", required: true, value: C.addDays(C.state.day, 1) })]),
      el("button", { type: "submit", class: "primary", text: "提交缺件" }),
      el("button", { type: "button", class: "ws-close", text: "取消" })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var submit = form.querySelector("button[type=submit]");
      send(submit, bookingId, "/parts-check", { state: "short", note: form.note.value.trim(), expected: form.expected.value }, more);
    });
    form.querySelector(".ws-close").addEventListener("click", function () { more.hidden = true; });
    var box = C.clear(more.querySelector(".more"));
    box.appendChild(form);
    more.hidden = false;
    form.note.focus();
  }

  function send(control, bookingId, path, body, where) {
    return C.write(control, "POST", "/staff/bookings/" + encodeURIComponent(bookingId) + path, body, where).then(function (data) {
      if (!data) { return; }
      C.notice(path === "/parts-ready" ? "备件已确认到位" : "已记录备件检查：" + CHECK[data.parts_check.state]);
      return C.views.workshop();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    C.$("workshop").addEventListener("click", function (e) {
      var button = e.target.closest("button[data-ws]");
      if (!button) { return; }
      var bookingId = button.getAttribute("data-booking");
      var what = button.getAttribute("data-ws");
      if (what === "short") { shortForm(bookingId); return; }
      send(button, bookingId, what === "ready" ? "/parts-check" : "/parts-ready", what === "ready" ? { state: "ready" } : undefined,
        moreOf(bookingId));
    });
    C.$("ws-today").addEventListener("click", function () { C.state.day = null; C.views.workshop(); });
    // the store's tomorrow, from its today as the server says (asked first when the view has not loaded yet)
    C.$("ws-tomorrow").addEventListener("click", function () {
      var go = function () {
        if (!C.workshop) { return null; }
        C.state.day = C.addDays(C.workshop.today, 1);
        return C.views.workshop();
      };
      return C.workshop ? go() : C.views.workshop().then(go);
    });
  });
})();
