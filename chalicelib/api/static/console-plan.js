// The day plan by slot with every booking action (confirm, check-in, start, complete, cancel, no-show,
// reschedule, parts arrived), the walk-in registration and the walk-in queue.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;

  // status -> the actions offered, in order; the server decides and refuses with a reason shown in the banner
  var ACTIONS = {
    pending: ["confirm", "check-in", "reschedule", "advisor", "cancel", "no-show"],
    confirmed: ["check-in", "reschedule", "advisor", "cancel", "no-show"],
    arrived: ["start", "advisor"],
    in_service: ["complete", "advisor"]
  };
  var ACTION_LABELS = { confirm: "确认", "check-in": "到店登记", start: "开始维修", complete: "完工", cancel: "取消预约",
    "no-show": "标记爽约", reschedule: "改期", advisor: "改派顾问", "parts-arrived": "备件到货" };
  var ASK = { cancel: "确定取消该预约？", "no-show": "确定标记为爽约？" };  // these ask once more, with a note

  function badge(kind, text) { return text ? el("span", { class: "badge " + kind, text: text }) : null; }

  function card(b, sla) {
    var actions = (b.parts_status === "waiting" && !b.start) ? ["parts-arrived", "cancel"] : (ACTIONS[b.status] || []);
    var customer = b.customer || {};
    var vehicle = b.vehicle || {};
    return el("article", { class: "booking card status-" + b.status, data: { booking: b.booking_id } }, [
      el("div", { class: "line head" }, [
        el("strong", { class: "when", text: b.start ? C.time(b.start) : "待排期" }),
        el("span", { class: "name", text: customer.name || "" }),
        el("span", { class: "phone muted", text: customer.phone || "" })
      ]),
      el("div", { class: "line" }, [
        el("span", { class: "plate", text: vehicle.plate || "" }),
        el("span", { class: "muted", text: vehicle.model || "" }),
        el("span", { class: "service", text: C.label("service", b.service_type) })
      ]),
      el("div", { class: "line badges" }, [
        badge("status " + b.status, C.label("status", b.status)),
        badge("priority", b.priority ? "优先：" + C.label("priority", b.priority) : ""),
        badge("parts", b.parts_status ? C.label("parts", b.parts_status) : ""),
        badge("sla", sla ? "超时未确认" : ""),
        badge("source", C.label("source", b.source))
      ]),
      el("div", { class: "line advisor", text: "服务顾问：" + (b.advisor || "待分配") }),
      b.price_estimate !== null && b.price_estimate !== undefined
        ? el("div", { class: "line price", text: "预估费用：¥" + b.price_estimate + (b.segment ? " · " + b.segment : "") }) : null,
      b.description ? el("div", { class: "line muted", text: b.description }) : null,
      el("div", { class: "actions" }, actions.map(function (a) {
        var data = { action: a, booking: b.booking_id };
        if (a === "reschedule" && b.start) { data.start = b.start; }  // the form starts from the current time
        return el("button", { type: "button", class: "act" + (a === "cancel" || a === "no-show" ? " danger" : ""),
          data: data, text: ACTION_LABELS[a] });
      })),
      el("div", { class: "more", hidden: true })
    ]);
  }

  function renderPlan(plan) {
    var overdue = {};
    var advisors = {};
    plan.bookings.concat(plan.waiting_for_parts || []).forEach(function (b) {
      if (b.advisor_id) { advisors[b.advisor_id] = b.advisor || b.advisor_id; }
    });
    var names = C.clear(C.$("advisor-names"));
    Object.keys(advisors).sort().forEach(function (id) { names.appendChild(el("option", { value: id, label: advisors[id] })); });
    (plan.pending_past_sla || []).forEach(function (id) { overdue[id] = true; });
    var slots = {};
    var order = [];
    plan.bookings.forEach(function (b) {
      var key = b.start ? C.time(b.start) : "待排期";
      if (!slots[key]) { slots[key] = []; order.push(key); }
      slots[key].push(b);
    });
    var root = C.clear(C.$("plan"));
    if (!order.length) { root.appendChild(el("p", { class: "empty", text: "当天没有预约" })); }
    order.forEach(function (key) {
      root.appendChild(el("section", { class: "slot", data: { slot: key } }, [
        el("h3", { text: key + " · " + slots[key].length + " 个预约" }),
        el("div", { class: "cards" }, slots[key].map(function (b) { return card(b, overdue[b.booking_id]); }))
      ]));
    });
    var parts = C.clear(C.$("parts"));
    if ((plan.waiting_for_parts || []).length) {
      parts.appendChild(el("section", { class: "slot" }, [
        el("h3", { text: "等待备件 · " + plan.waiting_for_parts.length }),
        el("div", { class: "cards" }, plan.waiting_for_parts.map(function (b) { return card(b, false); }))
      ]));
    }
    var active = plan.bookings.filter(function (b) { return ["cancelled", "no_show"].indexOf(b.status) < 0; }).length;
    C.$("plan-summary").textContent = plan.date + " · 共 " + plan.bookings.length + " 个预约，有效 " + active +
      " 个" + ((plan.pending_past_sla || []).length ? "，超时未确认 " + plan.pending_past_sla.length + " 个" : "");
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
          w.start ? null : el("button", { type: "button", data: { seat: w.booking_id }, text: "安排入位" })
        ]);
      }))
    ]));
  }

  C.views.plan = function () {
    if (!C.state.store) { return Promise.resolve(); }
    var query = C.state.day ? "?date=" + encodeURIComponent(C.state.day) : "";
    var plan = C.api("GET", C.storePath("/bookings" + query)).then(function (data) {
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
  // POST the action, say what it did (noticeText(the booking answered), by default "<action>成功:…") and reload
  function post(bookingId, action, body, noticeText) {
    return C.run(C.api("POST", "/staff/bookings/" + encodeURIComponent(bookingId) + "/" + action, body || {})
      .then(function (b) {
        C.notice(noticeText ? noticeText(b)
          : ACTION_LABELS[action] + "成功：" + ((b.customer || {}).name || "") + " " + (b.start ? C.time(b.start) : ""));
        return C.views.plan();
      }));
  }

  function askReason(cardNode, action, bookingId) {
    var form = el("form", { class: "inline-form", data: { form: action } }, [
      el("span", { text: ASK[action] }),
      el("input", { name: "note", maxlength: "200", placeholder: "原因（可选）" }),
      el("button", { type: "submit", class: "danger", text: "确定" }),
      el("button", { type: "button", data: { close: "1" }, text: "返回" })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var note = form.note.value.trim();
      post(bookingId, action, note ? { note: note } : {});
    });
    C.openMore(cardNode, form);
  }

  function askTime(cardNode, bookingId, start) {
    var form = el("form", { class: "inline-form", data: { form: "reschedule" } }, [
      el("label", {}, ["新日期", el("input", { type: "date", name: "day", required: true, value: start ? C.dateOf(start) : C.state.day })]),
      el("label", {}, ["时间", el("input", { type: "time", name: "time", required: true, step: "1800", value: start ? C.time(start) : "09:00" })]),
      el("button", { type: "submit", class: "primary", text: "确定改期" }),
      el("button", { type: "button", data: { close: "1" }, text: "返回" })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var moved = C.instant(form.day.value, form.time.value);
      post(bookingId, "reschedule", { start: moved }, function (b) {
        return "改期成功：" + ((b.customer || {}).name || "") + " → " + C.dateTime(b.start);
      });
    });
    C.openMore(cardNode, form);
  }

  function askAdvisor(cardNode, bookingId) {
    var form = el("form", { class: "inline-form", data: { form: "advisor" } }, [
      el("label", {}, ["新顾问（用户名）", el("input", { name: "username", required: true, maxlength: "41", list: "advisor-names" })]),
      el("button", { type: "submit", class: "primary", text: "确定改派" }),
      el("button", { type: "button", data: { close: "1" }, text: "返回" })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      post(bookingId, "advisor", { username: form.username.value.trim() }, function (b) {
        return "已改派顾问：" + ((b.customer || {}).name || "") + " → " + (b.advisor || "");
      });
    });
    C.openMore(cardNode, form);
  }

  function seat(bookingId) {
    post(bookingId, "seat", {}, function (b) {
      return "已安排入位：" + ((b.customer || {}).name || "") + " " + C.time(b.start);
    });
  }

  function onPlanClick(event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-seat")) { seat(button.getAttribute("data-seat")); return; }
    var cardNode = button.closest(".card");
    if (!cardNode) { return; }
    if (button.hasAttribute("data-close")) { cardNode.querySelector(".more").hidden = true; return; }
    var action = button.getAttribute("data-action");
    var id = button.getAttribute("data-booking");
    if (!action || !id) { return; }
    if (ASK[action]) { askReason(cardNode, action, id); return; }
    if (action === "advisor") { askAdvisor(cardNode, id); return; }
    if (action === "reschedule") { askTime(cardNode, id, button.getAttribute("data-start")); return; }
    post(id, action);
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
    C.run(C.api("POST", C.storePath("/walk-ins"), body).then(function (w) {
      f.reset();
      f.hidden = true;
      var placed = w.seated ? "，已安排 " + C.time(w.start) : "，进入排队等候";
      C.notice("已登记到店客户：" + customer.name + placed);
      return C.views.plan();
    }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var services = C.$("walkin-service");
    Object.keys(C.labels.service).forEach(function (k) {
      services.appendChild(el("option", { value: k, text: C.labels.service[k] }));
    });
    services.value = "maintenance";
    C.$("plan-view").addEventListener("click", onPlanClick);
    C.$("walkin-open").addEventListener("click", function () { C.$("walkin-form").hidden = false; });
    C.$("walkin-cancel").addEventListener("click", function () { C.$("walkin-form").hidden = true; });
    C.$("walkin-form").addEventListener("submit", walkIn);
  });
})();
