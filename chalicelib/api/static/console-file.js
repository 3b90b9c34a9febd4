// Call-backs promised on the phone ("10分钟内给您回电"): from a booking's row of the day plan, or from a
// customer found by the search. The promise is one intent (C.write: one task however often it is clicked);
// the task then shows on the booking's row and in the call list with its deadline. And the arrival time a
// late customer gives on the phone (迟到登记), shown on the row ("预计 HH:MM 到").
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var WITHIN = [10, 30, 60, 120];  // minutes offered

  function promiseFields() {
    return [
      el("label", {}, ["回电时限", el("select", { name: "within" }, WITHIN.map(function (m) {
        return el("option", { value: String(m), text: m < 60 ? m + "分钟内" : m / 60 + "小时内" });
      }))]),
      el("input", { name: "note", maxlength: "500", placeholder: "客户想了解什么（可选）" }),
      el("button", { type: "submit", class: "primary", text: "记下回电" })
    ];
  }

  function body(form) {
    var asked = { within_minutes: Number(form.within.value) };
    if (form.note.value.trim()) { asked.note = form.note.value.trim(); }
    return asked;
  }

  function said(name, task) { return "已记下回电：" + (name || "") + " 截止 " + C.time(task.deadline); }

  // from a booking: the form opens under its row; the reloaded plan shows the task on the row
  C.callBackForBooking = function (bookingId, name) {
    C.plan.openMore(bookingId, C.plan.inlineForm("call-back", promiseFields(), function (form, submit) {
      var where = document.querySelector('tr.more-row[data-for="' + bookingId + '"]');
      C.write(submit, "POST", "/staff/bookings/" + encodeURIComponent(bookingId) + "/call-back", body(form), where)
        .then(function (task) {
          if (!task) { return null; }
          C.notice(said(name, task));
          return C.views.plan();
        });
    }));
  };

  // the buttons of a booking's row in the day plan, and what their click does (true: handled here)
  C.fileButtons = function (b) {
    var who = (b.customer || {}).name || "";
    var buttons = [el("button", { type: "button", class: "act", data: { callback: b.booking_id, name: who }, text: "回电" })];
    if (b.start && (b.actions || []).indexOf("check-in") >= 0) {  // expected today: the server offers check-in
      buttons.push(el("button", { type: "button", class: "act", data: { late: b.booking_id, start: b.start, name: who },
        text: "迟到登记" }));
    }
    return buttons;
  };
  C.onFileButton = function (button) {
    if (button.hasAttribute("data-callback")) {
      C.callBackForBooking(button.getAttribute("data-callback"), button.getAttribute("data-name"));
      return true;
    }
    if (button.hasAttribute("data-late")) {
      lateForm(button.getAttribute("data-late"), button.getAttribute("data-start"), button.getAttribute("data-name"));
      return true;
    }
    return false;
  };

  function lateForm(bookingId, start, name) {
    C.plan.openMore(bookingId, C.plan.inlineForm("arrival", [
      el("label", {}, ["客户预计到店", el("input", { type: "time", name: "time", required: true, value: C.time(start) })]),
      el("span", { class: "muted", text: "最晚为预约时间后60分钟" }),
      el("button", { type: "submit", class: "primary", text: "登记" })
    ], function (form, submit) {
      var where = document.querySelector('tr.more-row[data-for="' + bookingId + '"]');
      var body = { expected: C.instant(C.dateOf(start), form.time.value) };
      C.write(submit, "POST", "/staff/bookings/" + encodeURIComponent(bookingId) + "/arrival", body, where)
        .then(function (b) {
          if (!b) { return null; }
          var given = b.expected_arrival;
          C.notice("已登记：" + name + " 预计 " + C.time(given.at) + " 到店" + (given.held ? "，保留车位" : "，车位已不能保留"));
          return C.views.plan();
        });
    }));
  }

  // from a customer found by the search: the form opens under the hit, the refusal beside it
  C.callBackForCustomer = function (hit, customerId, name) {
    var old = hit.parentNode.querySelector('form[data-form="call-back-customer"]');
    if (old) { old.remove(); }
    var form = el("form", { class: "inline-form", data: { form: "call-back-customer", customer: customerId } },
      promiseFields().concat([el("div", { class: "refusal", role: "alert", hidden: true })]));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var path = C.storePath("/customers/" + encodeURIComponent(customerId) + "/call-back");
      C.write(form.querySelector("button[type=submit]"), "POST", path, body(form), form).then(function (task) {
        if (!task) { return; }
        C.notice(said(name, task));
        form.remove();
      });
    });
    hit.parentNode.insertBefore(form, hit.nextSibling);
    form.within.focus();
  };
})();
