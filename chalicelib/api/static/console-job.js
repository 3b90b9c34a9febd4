// The job under way (docs/product-rules.md#promised-time, #extra-work), from a checked-in booking's row of the day
// plan: the 70-80 % progress check (进度检查), a delay with its reason and new time (交车延后), extra work
// proposed to the customer (增项) and a customer's answer taken on the phone (电话确认). Each write is one
// intent (C.write); the reloaded plan shows the new time and the extra work on the row. Loaded after
// console-file.js: its row buttons and their clicks are extended here.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var UNDER_WAY = { arrived: true, in_service: true };

  function path(bookingId, what) { return "/staff/bookings/" + encodeURIComponent(bookingId) + "/" + what; }
  function moreRow(bookingId) { return document.querySelector('tr.more-row[data-for="' + bookingId + '"]'); }

  function send(control, bookingId, what, body, said) {
    return C.write(control, "POST", path(bookingId, what), body, moreRow(bookingId)).then(function (b) {
      if (!b) { return null; }
      C.notice(said(b));
      return C.views.plan();
    });
  }

  function jobButtons(b) {
    if (!UNDER_WAY[b.status] || !b.promised) { return []; }
    var id = b.booking_id;
    var buttons = [
      el("button", { type: "button", class: "act", data: { job: "progress-check", booking: id }, text: "进度检查" }),
      el("button", { type: "button", class: "act", data: { job: "delay", booking: id, promised: b.promised.at }, text: "交车延后" }),
      el("button", { type: "button", class: "act", data: { job: "extra-work", booking: id }, text: "增项" })
    ];
    var waiting = (b.extra_work || []).filter(function (i) { return i.status === "proposed"; });
    if (waiting.length) {
      buttons.push(el("button", { type: "button", class: "act", data: { job: "phone-answer", booking: id,
        items: JSON.stringify(waiting.map(function (i) { return [i.item_id, i.what]; })) }, text: "电话确认增项" }));
    }
    return buttons;
  }

  function delayForm(bookingId, promised) {
    C.plan.openMore(bookingId, C.plan.inlineForm("delay", [
      el("input", { name: "reason", required: true, maxlength: "60", placeholder: "延误原因（客户会看到）" }),
      el("label", {}, ["新的交车日期", el("input", { type: "date", name: "day", required: true, value: C.dateOf(promised) })]),
      el("label", {}, ["时间", el("input", { type: "time", name: "time", required: true, value: C.time(promised) })]),
      el("button", { type: "submit", class: "primary", text: "通知客户" })
    ], function (form, submit) {
      var body = { reason: form.reason.value.trim(), promised: C.instant(form.day.value, form.time.value) };
      send(submit, bookingId, "delay", body, function (b) { return "已通知客户：预计 " + C.dateTime(b.promised.at) + " 交车"; });
    }));
  }

  function extraForm(bookingId) {
    C.plan.openMore(bookingId, C.plan.inlineForm("extra-work", [
      el("input", { name: "what", required: true, maxlength: "60", placeholder: "增项内容" }),
      el("input", { name: "why", required: true, maxlength: "200", placeholder: "原因" }),
      el("input", { name: "parts", maxlength: "200", placeholder: "配件（可选）" }),
      el("label", {}, ["工时", el("input", { type: "number", name: "hours", min: "0", max: "200", step: "0.1", value: "0" })]),
      el("label", {}, ["费用（元）", el("input", { type: "number", name: "price", required: true, min: "0.01", step: "0.01" })]),
      el("label", {}, ["交车顺延（分钟）", el("input", { type: "number", name: "minutes", min: "0", step: "5", value: "0" })]),
      el("button", { type: "submit", class: "primary", text: "发给客户确认" })
    ], function (form, submit) {
      var body = { what: form.what.value.trim(), why: form.why.value.trim(), labour_hours: Number(form.hours.value || 0),
        price_fen: Math.round(Number(form.price.value) * 100), minutes: Number(form.minutes.value || 0) };
      if (form.parts.value.trim()) { body.parts = form.parts.value.trim(); }
      send(submit, bookingId, "extra-work", body, function () { return "已发给客户确认：" + body.what; });
    }));
  }

  function phoneForm(bookingId, items) {
    C.plan.openMore(bookingId, C.plan.inlineForm("phone-answer", [
      el("select", { name: "item" }, items.map(function (i) { return el("option", { value: i[0], text: i[1] }); })),
      el("select", { name: "decision" }, [el("option", { value: "approve", text: "客户同意" }),
        el("option", { value: "decline", text: "客户不同意" })]),
      el("input", { name: "said", required: true, maxlength: "200", placeholder: "谁说了什么（如：车主本人电话同意）" }),
      el("button", { type: "submit", class: "primary", text: "记录答复" })
    ], function (form, submit) {
      var body = { decision: form.decision.value, said: form.said.value.trim() };  // told: when recorded
      send(submit, bookingId, "extra-work/" + encodeURIComponent(form.item.value), body, function () { return "已记录客户答复"; });
    }));
  }

  function onJobButton(button) {
    var job = button.getAttribute("data-job");
    var id = button.getAttribute("data-booking");
    if (!job || !id) { return false; }
    if (job === "progress-check") {
      send(button, id, "progress-check", {}, function (b) { return "已通知客户进展顺利，预计 " + C.time(b.promised.at) + " 交车"; });
    } else if (job === "delay") {
      delayForm(id, button.getAttribute("data-promised"));
    } else if (job === "extra-work") {
      extraForm(id);
    } else {
      phoneForm(id, JSON.parse(button.getAttribute("data-items")));
    }
    return true;
  }

  var fileButtons = C.fileButtons;
  var onFileButton = C.onFileButton;
  C.fileButtons = function (b) { return fileButtons(b).concat(jobButtons(b)); };
  C.onFileButton = function (button) { return onJobButton(button) || onFileButton(button); };
})();
