// Call-backs promised on the phone ("10分钟内给您回电"): from a booking's row of the day plan, or from a
// customer found by the search. The promise is one intent (C.write: one task however often it is clicked);
// the task then shows on the booking's row and in the call list with its deadline. And the arrival time a
// late customer gives on the phone (迟到登记), shown on the row ("预计 HH:MM 到"). And the customer's file
// (档案, from a search hit): cars, visits, complaints, calls, consent, WeChat; address, notes and leftovers
// edited with their trail; the leftovers carried into the phone booking's description (带入预约).
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

  // --- the customer's file ---------------------------------------------------------------------------------
  var FIELDS = { address: "地址", notes: "备注", leftovers: "上次遗留项目" };

  function section(title, items) {
    return el("section", { class: "file-part" }, [el("h4", { text: title })].concat(items.length ? [el("ul", {}, items.map(function (t) {
      return el("li", { text: t });
    }))] : [el("p", { class: "muted", text: "无" })]));
  }

  function visitLine(v) {
    if (v.source === "dms") {  // a service the dealer's DMS recorded, imported
      return v.date + " " + v.plate + (v.mileage != null ? " " + v.mileage + "公里" : "") + " " + (v.jobs || "") + "（DMS导入）";
    }
    var done = v.work_notes.length ? "：" + v.work_notes.join("；") : "";
    return (v.start ? C.dateTime(v.start) : "待排期") + " " + v.service + " " + C.label("status", v.status) +
      (v.price_estimate ? " ¥" + v.price_estimate : "") + done;
  }

  function editForm(file, customerId) {
    var form = el("form", { class: "form-grid", data: { form: "file-edit" } }, Object.keys(FIELDS).map(function (k) {
      return el("label", { class: "wide" }, [FIELDS[k], el(k === "address" ? "input" : "textarea",
        { name: k, maxlength: k === "address" ? "200" : "1000", value: k === "address" ? file[k] || "" : null, text: k === "address" ? null : file[k] || "" })]);
    }).concat([el("div", { class: "refusal", role: "alert", hidden: true }),
      el("button", { type: "submit", class: "primary", text: "保存档案" })]));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = {};
      Object.keys(FIELDS).forEach(function (k) { body[k] = form[k].value.trim() || null; });
      var path = C.storePath("/customers/" + encodeURIComponent(customerId));
      C.write(form.querySelector("button[type=submit]"), "PATCH", path, body, form).then(function (saved) {
        if (!saved) { return; }
        C.notice("已保存客户档案：" + (saved.name || ""));
        showFile(saved);
      });
    });
    return form;
  }

  function showFile(file) {
    var panel = C.$("customer-file");
    if (!panel) {
      panel = el("section", { id: "customer-file", class: "drawer", role: "dialog", "aria-label": "客户档案" });
      C.$("plan-view").appendChild(panel);
    }
    var w = file.wechat;
    C.clear(panel).appendChild(el("div", {}, [
      el("h3", { text: "客户档案：" + (file.name || "") + " " + (file.phone || "") }),
      el("p", { class: "muted", text: (w.linked ? "已绑定微信" : "未绑定微信") + (w.official_account ? "，已关注公众号" : "") +
        (w.phone_verified ? "，手机号已验证" : "") + " · " + (file.consent.marketing ? "同意接收邀约" : "未同意邀约") +
        (file.consent.sms_opt_out ? "，已退订短信" : "") }),
      file.leftovers ? el("p", { class: "leftovers" }, ["上次遗留：" + file.leftovers + " ",
        el("button", { type: "button", class: "link", data: { carry: "1" }, text: "带入预约" })]) : null,
      editForm(file, file.customer_id),
      section("车辆", file.vehicles.map(function (v) {
        return v.plate + " " + v.model + " " + v.mileage + "公里" + (v.imported ? "（含DMS记录）" : "");
      })),
      section("到店记录", file.visits.map(visitLine)),
      section("投诉", file.complaints.map(function (c) { return C.dateTime(c.at) + " " + (c.said || "") + "（" + (c.status === "open" ? "处理中" : "已解决") + "）"; })),
      section("待办电话", file.tasks.open.map(function (t) { return t.title + " 截止 " + C.dateTime(t.deadline); })),
      section("已完成电话", file.tasks.closed.map(function (t) { return C.dateTime(t.at) + " " + (t.what || ""); })),
      section("修改记录", file.audit.map(function (a) {
        return C.dateTime(a.at) + " " + a.by.replace("staff:", "") + " 修改" + FIELDS[a.field] + "：" + (a.old || "空") + " → " + (a.new || "空");
      })),
      el("button", { type: "button", data: { closefile: "1" }, text: "关闭" })
    ]));
    panel.hidden = false;
    panel.onclick = function (e) {
      if (e.target.closest("button[data-closefile]")) { panel.hidden = true; }
      if (e.target.closest("button[data-carry]")) { C.carryLeftovers(file); panel.hidden = true; }
    };
  }

  C.openFile = function (customerId) {
    return C.api("GET", C.storePath("/customers/" + encodeURIComponent(customerId))).then(showFile, function (err) { C.showError(err); });
  };
})();
