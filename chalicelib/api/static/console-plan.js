// The day plan as a dense table (one row per booking, 25+ on a 1366x768 screen): each slot's places against
// its capacity, filters (status, advisor, service, needs action), pending confirmations and open call tasks
// with their deadlines, and only the actions the server says each booking allows now. Each write is one
// intent (C.write): its button is disabled in flight, its refusal shown under its row. Also the walk-in
// registration and queue.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;

  var ACTION_LABELS = { confirm: "确认", "check-in": "到店", start: "开工", complete: "完工", cancel: "取消",
    "no-show": "爽约", reschedule: "改期", advisor: "改派", "parts-arrived": "备件到货" };
  var ASK = { cancel: "确定取消该预约？", "no-show": "确定标记为爽约？" };  // these ask once more, with a note
  var COLUMNS = ["时间", "客户", "车辆", "服务", "状态", "顾问", "预估", "操作"];
  C.plan = { data: null, tasks: {} };  // the last plan loaded, and the open call tasks by booking

  function badge(kind, text) { return text ? el("span", { class: "badge " + kind, text: text }) : null; }

  function overdue(iso) { return iso && new Date(iso).getTime() < Date.now(); }

  function needsAction(b) {
    return b.status === "pending" || b.sla_overdue || (b.parts_status === "arrived" && !b.start) ||
      (C.plan.tasks[b.booking_id] || []).length > 0;
  }

  // the hand-back time now expected, the one first promised after a delay, and the 70-80 % check window
  function promised(b) {
    var p = b.promised;
    if (!p || (b.status !== "arrived" && b.status !== "in_service")) { return ""; }
    return "预计 " + C.time(p.at) + " 交车" + (p.delays ? "（原定 " + C.time(p.first) + "）" : "") +
      (p.checked_at ? "" : " · 进度检查 " + C.time(p.check_from) + "–" + C.time(p.check_by));
  }

  // extra work (增项): what waits for the customer's answer, what they agreed to (docs/product-rules.md#extra-work)
  function extraWork(b) {
    var items = b.extra_work || [];
    var waiting = items.filter(function (i) { return i.status === "proposed"; }).length;
    var agreed = items.filter(function (i) { return i.status === "approved"; }).length;
    return items.length ? "增项：" + (waiting ? waiting + " 项待客户确认 " : "") + agreed + " 项已同意" : "";
  }

  function flags(b) {
    var tasks = C.plan.tasks[b.booking_id] || [];
    return [
      badge("status " + b.status, C.label("status", b.status)),
      b.confirm_by ? badge("deadline" + (b.sla_overdue ? " sla" : ""), (b.sla_overdue ? "超时未确认 " : "确认截止 ") +
        C.time(b.confirm_by)) : null,
      badge("priority", b.priority ? "优先：" + C.label("priority", b.priority) : ""),
      badge("arrival", b.expected_arrival ? "预计 " + C.time(b.expected_arrival.at) + " 到" + (b.expected_arrival.held ? "（保留车位）" : "") : ""),
      badge("promised", promised(b)),
      badge("extra", extraWork(b)),
      badge("parts", b.parts_status ? C.label("parts", b.parts_status) : ""),
      badge("source", b.source === "mini_program" ? "" : C.label("source", b.source)),
      // the customer's file carried into the job order: leftovers of the last visit, staff's notes
      badge("carried", b.carried && b.carried.leftovers ? "上次遗留：" + b.carried.leftovers : ""),
      badge("carried", b.carried && b.carried.notes ? "备注：" + b.carried.notes : "")
    ].concat(C.partsBadges ? C.partsBadges(b) : [], tasks.map(function (t) {
      return badge("task" + (overdue(t.deadline || t.due) ? " sla" : ""), (t.title || t.kind) + " 截止 " + C.time(t.deadline || t.due));
    }));
  }

  function actionButtons(b) {
    return (b.actions || []).map(function (a) {
      var data = { action: a, booking: b.booking_id };
      if (a === "reschedule" && b.start) { data.start = b.start; }  // the form starts from the current time
      return el("button", { type: "button", class: "act" + (a === "cancel" || a === "no-show" ? " danger" : ""),
        data: data, text: ACTION_LABELS[a] || a });
    }).concat(C.fileButtons(b));  // a call-back promise, a late customer's time (console-file.js)
  }

  function rows(b) {
    var customer = b.customer || {};
    var vehicle = b.vehicle || {};
    var slot = b.start ? C.time(b.start) : "待排期";
    var row = el("tr", { class: "booking status-" + b.status + (needsAction(b) ? " needs-action" : ""),
      data: { booking: b.booking_id, slot: slot, status: b.status, advisor: b.advisor_id || "", service: b.service_type } }, [
      el("td", { class: "when", text: slot }),
      el("td", { class: "who" }, [el("span", { class: "name", text: customer.name || "" }), " ",
        el("span", { class: "phone muted", text: customer.phone || "" })]),
      el("td", { class: "car" }, [el("span", { class: "plate", text: vehicle.plate || "" }), " ",
        el("span", { class: "muted", text: vehicle.model || "" })]),
      el("td", { class: "service", text: C.label("service", b.service_type) }),
      el("td", { class: "badges" }, flags(b)),
      el("td", { class: "advisor", text: b.advisor || "待分配" }),
      el("td", { class: "price", text: b.price_estimate !== null && b.price_estimate !== undefined ? "¥" + b.price_estimate : "" }),
      el("td", { class: "actions" }, actionButtons(b))
    ]);
    var more = el("tr", { class: "more-row", data: { for: b.booking_id }, hidden: true }, [
      el("td", { colspan: String(COLUMNS.length) }, [
        el("div", { class: "refusal", role: "alert", hidden: true }),
        el("div", { class: "more", hidden: true })
      ])
    ]);
    return [row, more];
  }

  function table(list, id) {
    var body = el("tbody", {}, []);
    list.forEach(function (b) { rows(b).forEach(function (r) { body.appendChild(r); }); });
    return el("table", { class: "plan-table", id: id }, [
      el("thead", {}, [el("tr", {}, COLUMNS.map(function (c) { return el("th", { text: c }); }))]), body]);
  }

  function renderSlots(slots) {
    var strip = C.clear(C.$("slots"));
    (slots || []).forEach(function (s) {
      var full = s.taken >= s.capacity;
      strip.appendChild(el("span", { class: "slot-load" + (full ? " full" : s.taken ? " some" : ""), data: { slot: s.start },
        title: s.start + " 已约 " + s.taken + " / 可约 " + s.capacity, text: s.start + " " + s.taken + "/" + s.capacity }));
    });
  }

  function fillFilter(id, values, label) {
    var select = C.$(id);
    var keep = select.value;
    C.clear(select).appendChild(el("option", { value: "", text: "全部" }));
    Object.keys(values).sort().forEach(function (v) { select.appendChild(el("option", { value: v, text: label(v, values[v]) })); });
    select.value = values[keep] !== undefined ? keep : "";
  }

  // the filters hide rows; nothing is fetched again
  C.applyFilters = function () {
    var status = C.$("filter-status").value;
    var advisor = C.$("filter-advisor").value;
    var service = C.$("filter-service").value;
    var action = C.$("filter-action").checked;
    var shown = 0;
    var all = document.querySelectorAll("#plan tr.booking");
    Array.prototype.forEach.call(all, function (row) {
      var visible = (!status || row.getAttribute("data-status") === status) &&
        (!advisor || row.getAttribute("data-advisor") === advisor) &&
        (!service || row.getAttribute("data-service") === service) &&
        (!action || row.classList.contains("needs-action"));
      row.hidden = !visible;
      var more = row.nextElementSibling;
      if (!visible && more) { more.hidden = true; }
      shown += visible ? 1 : 0;
    });
    var plan = C.plan.data;
    if (!plan) { return; }
    var active = plan.bookings.filter(function (b) { return ["cancelled", "no_show"].indexOf(b.status) < 0; }).length;
    C.$("plan-summary").textContent = plan.date + " · 显示 " + shown + " / 共 " + plan.bookings.length + " 个预约，有效 " +
      active + " 个" + ((plan.pending_past_sla || []).length ? "，超时未确认 " + plan.pending_past_sla.length + " 个" : "");
  };

  function renderPlan(plan) {
    C.plan.data = plan;
    var advisors = {};
    var statuses = {};
    var services = {};
    plan.bookings.concat(plan.waiting_for_parts || []).forEach(function (b) {
      if (b.advisor_id) { advisors[b.advisor_id] = b.advisor || b.advisor_id; }
      statuses[b.status] = true;
      services[b.service_type] = true;
    });
    var names = C.clear(C.$("advisor-names"));
    Object.keys(advisors).sort().forEach(function (id) { names.appendChild(el("option", { value: id, label: advisors[id] })); });
    fillFilter("filter-advisor", advisors, function (id, name) { return name; });
    fillFilter("filter-status", statuses, function (s) { return C.label("status", s); });
    fillFilter("filter-service", services, function (s) { return C.label("service", s); });
    renderSlots(plan.slots);
    var root = C.clear(C.$("plan"));
    if (!plan.bookings.length) { root.appendChild(el("p", { class: "empty", text: "当天没有预约" })); }
    else { root.appendChild(table(plan.bookings, "plan-table")); }
    var parts = C.clear(C.$("parts"));
    if ((plan.waiting_for_parts || []).length) {
      parts.appendChild(el("h3", { text: "等待备件 · " + plan.waiting_for_parts.length }));
      parts.appendChild(table(plan.waiting_for_parts, "parts-table"));
    }
    C.applyFilters();
  }

  function renderWalkIns(data) {
    var root = C.clear(C.$("walkins"));
    var items = (data && data.walk_ins) || [];
    if (!items.length) { return; }
    root.appendChild(el("section", { class: "slot queue" }, [
      el("h3", { text: "到店排队 · " + items.length + " 位" }),
      el("ol", { class: "queue-list" }, items.map(function (w) {
        var customer = w.customer || {};
        var vehicle = w.vehicle || {};
        var wait = w.estimated_wait_minutes;
        var placed = w.start ? "已安排 " + C.time(w.start) : "等候空位";
        return el("li", { data: { walkin: w.booking_id || "" } }, [
          el("span", { class: "name", text: customer.name || "" }),
          el("span", { class: "plate", text: vehicle.plate || "" }),
          el("span", { class: "service", text: C.label("service", w.service_type) }),
          el("span", { class: "muted", text: placed }),
          wait !== undefined && wait !== null ? el("span", { class: "wait", text: "预计等候 " + wait + " 分钟" })
            : el("span", { class: "wait", text: "今日暂无空位" }),
          w.start ? null : el("button", { type: "button", data: { seat: w.booking_id }, text: "安排入位" }),
          el("span", { class: "refusal", role: "alert", hidden: true })
        ]);
      }))
    ]));
  }

  C.views.plan = function () {
    if (!C.state.store) { return Promise.resolve(); }
    var query = C.state.day ? "?date=" + encodeURIComponent(C.state.day) : "";
    var current = C.latest();
    // the open call tasks show on their bookings' rows, with their deadlines
    var tasks = C.api("GET", C.storePath("/tasks?status=open")).then(function (data) {
      var byBooking = {};
      data.tasks.forEach(function (t) { if (t.booking_id) { (byBooking[t.booking_id] = byBooking[t.booking_id] || []).push(t); } });
      return byBooking;
    }, function () { return {}; });
    var plan = Promise.all([C.api("GET", C.storePath("/bookings" + query)), tasks]).then(function (both) {
      if (!current()) { return; }
      var data = both[0];
      C.plan.tasks = both[1];
      C.state.day = data.date;
      C.$("day").value = data.date;
      renderPlan(data);
    });
    // the queue's own trouble shows where the queue would be, so the plan stays usable
    C.api("GET", C.storePath("/walk-ins")).then(renderWalkIns, function (err) {
      C.clear(C.$("walkins")).appendChild(el("p", { class: "muted", text: "到店排队暂不可用：" + err.message }));
    });
    return C.run(plan);
  };

  // --- actions -----------------------------------------------------------------------------------------
  function moreRow(bookingId) { return document.querySelector('tr.more-row[data-for="' + bookingId + '"]'); }

  function openMore(bookingId, content) {
    var row = moreRow(bookingId);
    var more = C.clear(row.querySelector(".more"));
    more.appendChild(content);
    more.hidden = false;
    row.hidden = false;
  }

  // POST the action as one intent, say what it did (noticeText(the booking answered), by default
  // "<action>成功:…") and reload; a refusal shows under the booking's row
  function post(control, bookingId, action, body, noticeText) {
    var where = moreRow(bookingId) || control.closest("li");
    return C.write(control, "POST", "/staff/bookings/" + encodeURIComponent(bookingId) + "/" + action, body || {}, where)
      .then(function (b) {
        if (!b) { return null; }
        C.notice(noticeText ? noticeText(b)
          : (ACTION_LABELS[action] || action) + "成功：" + ((b.customer || {}).name || "") + " " + (b.start ? C.time(b.start) : ""));
        return C.views.plan();
      });
  }

  function inlineForm(kind, children, onSubmit) {
    var form = el("form", { class: "inline-form", data: { form: kind } }, children.concat([
      el("button", { type: "button", data: { close: "1" }, text: "返回" })]));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      onSubmit(form, form.querySelector("button[type=submit]"));
    });
    return form;
  }

  C.plan.openMore = openMore;
  C.plan.inlineForm = inlineForm;

  function askReason(bookingId, action) {
    openMore(bookingId, inlineForm(action, [
      el("span", { text: ASK[action] }),
      el("input", { name: "note", maxlength: "200", placeholder: "原因（可选）" }),
      el("button", { type: "submit", class: "danger", text: "确定" })
    ], function (form, submit) {
      var note = form.note.value.trim();
      post(submit, bookingId, action, note ? { note: note } : {});
    }));
  }

  function askTime(bookingId, start) {
    openMore(bookingId, inlineForm("reschedule", [
      el("label", {}, ["新日期", el("input", { type: "date", name: "day", required: true, value: start ? C.dateOf(start) : C.state.day })]),
      el("label", {}, ["时间", el("input", { type: "time", name: "time", required: true, step: "1800", value: start ? C.time(start) : "09:00" })]),
      el("button", { type: "submit", class: "primary", text: "确定改期" })
    ], function (form, submit) {
      post(submit, bookingId, "reschedule", { start: C.instant(form.day.value, form.time.value) }, function (b) {
        return "改期成功：" + ((b.customer || {}).name || "") + " → " + C.dateTime(b.start);
      });
    }));
  }

  function askAdvisor(bookingId) {
    openMore(bookingId, inlineForm("advisor", [
      el("label", {}, ["新顾问（用户名）", el("input", { name: "username", required: true, maxlength: "41", list: "advisor-names" })]),
      el("button", { type: "submit", class: "primary", text: "确定改派" })
    ], function (form, submit) {
      post(submit, bookingId, "advisor", { username: form.username.value.trim() }, function (b) {
        return "已改派顾问：" + ((b.customer || {}).name || "") + " → " + (b.advisor || "");
      });
    }));
  }

  function onPlanClick(event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-seat")) {
      post(button, button.getAttribute("data-seat"), "seat", {}, function (b) {
        return "已安排入位：" + ((b.customer || {}).name || "") + " " + C.time(b.start);
      });
      return;
    }
    if (button.hasAttribute("data-close")) {
      var row = button.closest("tr.more-row");
      row.querySelector(".more").hidden = true;
      row.hidden = row.querySelector(".refusal").hidden;
      return;
    }
    if (C.onFileButton(button)) { return; }
    var action = button.getAttribute("data-action");
    var id = button.getAttribute("data-booking");
    if (!action || !id) { return; }
    if (ASK[action]) { askReason(id, action); return; }
    if (action === "advisor") { askAdvisor(id); return; }
    if (action === "reschedule") { askTime(id, button.getAttribute("data-start")); return; }
    post(button, id, action);
  }

  // --- walk-ins ----------------------------------------------------------------------------------------
  function walkIn(event) {
    event.preventDefault();
    var f = event.target;
    var customer = { name: f.name.value.trim(), phone: f.phone.value.trim() };
    if (f.honorific.value) { customer.honorific = f.honorific.value; }
    var body = {
      service_type: f.service_type.value,
      customer: customer,
      vehicle: { plate: f.plate.value.trim().toUpperCase(), model: f.model.value.trim(), mileage: Number(f.mileage.value) }
    };
    if (f.description.value.trim()) { body.description = f.description.value.trim(); }
    C.write(f.querySelector("button[type=submit]"), "POST", C.storePath("/walk-ins"), body, f).then(function (w) {
      if (!w) { return null; }
      f.reset();
      f.hidden = true;
      var placed = w.seated ? "，已安排 " + C.time(w.start) : "，进入排队等候";
      C.notice("已登记到店客户：" + customer.name + placed);
      return C.views.plan();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var services = C.$("walkin-service");
    Object.keys(C.labels.service).forEach(function (k) {
      services.appendChild(el("option", { value: k, text: C.labels.service[k] }));
    });
    services.value = "maintenance";
    C.$("plan-view").addEventListener("click", onPlanClick);
    C.$("walkin-open").addEventListener("click", function () { C.$("phone-form").hidden = true; C.$("walkin-form").hidden = false; });
    C.$("walkin-cancel").addEventListener("click", function () { C.$("walkin-form").hidden = true; });
    C.$("walkin-form").addEventListener("submit", walkIn);
    ["filter-status", "filter-advisor", "filter-service", "filter-action"].forEach(function (id) {
      C.$(id).addEventListener("change", C.applyFilters);
    });
  });
})();
