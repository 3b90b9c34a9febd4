// Call-backs promised on the phone ("10分钟内给您回电"): from a booking's row of the day plan, or from a
// customer found by the search. The promise is one intent (C.write: one task however often it is clicked);
// the task then shows on the booking's row and in the call list with its deadline.
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
