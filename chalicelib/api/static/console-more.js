// The call tasks (claim, close with an outcome and a note) and the reports with charts drawn here as SVG.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var SVG = "http://www.w3.org/2000/svg";

  // --- tasks -------------------------------------------------------------------------------------------
  function taskPath(task, rest) { return C.storePath("/tasks/" + encodeURIComponent(task) + rest); }

  function taskCard(t) {
    var me = C.state.session.username;
    var customer = t.customer || {};
    var open = t.status === "open";
    var assignee = t.assignee ? String(t.assignee).replace(/^staff:/, "") : null;  // an actor: "staff:<username>"
    var buttons = [];
    if (open && assignee !== me) { buttons.push(el("button", { type: "button", data: { task: t.task_id, act: "claim" }, text: "认领" })); }
    if (open) { buttons.push(el("button", { type: "button", class: "primary", data: { task: t.task_id, act: "close" }, text: "处理完成" })); }
    return el("article", { class: "task card" + (open ? "" : " done"), data: { task: t.task_id, kind: t.kind } }, [
      el("div", { class: "line head" }, [el("strong", { text: t.title || t.kind }),
        t.escalated ? el("span", { class: "badge sla", text: "已升级至店长" }) : null]),
      el("div", { class: "line" }, [
        el("span", { class: "name", text: customer.name || "" }),
        customer.phone ? el("a", { class: "phone", href: "tel:" + customer.phone, text: customer.phone }) : null
      ]),
      el("div", { class: "line muted", text: "截止：" + C.dateTime(t.due) }),
      el("div", { class: "line assignee", text: "负责人：" + (assignee || "未认领") }),
      open ? null : el("div", { class: "line outcome", text: "结果：" + C.label("outcome", t.outcome) + (t.note ? " · " + t.note : "") }),
      el("div", { class: "actions" }, buttons),
      el("div", { class: "refusal", role: "alert", hidden: true }),
      el("div", { class: "more", hidden: true })
    ]);
  }

  C.views.tasks = function () {
    if (!C.state.store) { return Promise.resolve(); }
    var status = C.$("task-status").value;
    var day = status === "done" && C.state.day ? "&date=" + encodeURIComponent(C.state.day) : "";
    return C.run(C.api("GET", C.storePath("/tasks?status=" + status + day)).then(function (data) {
      var root = C.clear(C.$("tasks"));
      data.tasks.forEach(function (t) { root.appendChild(taskCard(t)); });
      if (!data.tasks.length) { root.appendChild(el("p", { class: "empty", text: status === "open" ? "暂无待办任务" : "暂无已完成任务" })); }
      C.$("task-summary").textContent = "共 " + data.tasks.length + " 项";
    }));
  };

  function closeForm(cardNode, taskId) {
    var outcomes = Object.keys(C.labels.outcome).map(function (k) {
      return el("option", { value: k, text: C.labels.outcome[k] });
    });
    var form = el("form", { class: "inline-form", data: { form: "close" } }, [
      el("label", {}, ["处理结果", el("select", { name: "outcome", required: true }, outcomes)]),
      el("label", { class: "wide" }, ["备注", el("textarea", { name: "note", rows: "2", maxlength: "500" })]),
      el("button", { type: "submit", class: "primary", text: "提交" }),
      el("button", { type: "button", data: { act: "back" }, text: "返回" })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = { outcome: form.outcome.value };
      if (form.note.value.trim()) { body.note = form.note.value.trim(); }
      C.write(form.querySelector("button[type=submit]"), "POST", taskPath(taskId, "/done"), body, cardNode).then(function (t) {
        if (!t) { return null; }
        C.notice("任务已完成：" + C.label("outcome", body.outcome));
        return C.views.tasks();
      });
    });
    C.openMore(cardNode, form);
  }

  function onTaskClick(event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var cardNode = button.closest(".card");
    var act = button.getAttribute("data-act");
    if (act === "back") { cardNode.querySelector(".more").hidden = true; return; }
    var id = button.getAttribute("data-task");
    if (act === "claim") {
      C.write(button, "POST", taskPath(id, "/claim"), {}, cardNode).then(function (t) {
        if (!t) { return null; }
        C.notice("已认领任务");
        return C.views.tasks();
      });
    } else if (act === "close") {
      closeForm(cardNode, id);
    }
  }

  // --- reports -----------------------------------------------------------------------------------------
  // each figure's one name comes with the report (the CSV's column names: docs/reports.md); these are the keys
  var FIGURES = {};
  var SERIES = [["bookings"], ["arrivals"], ["no_shows"], ["cancellations"]];
  function named(key) { return FIGURES[key] || key; }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function formatted(key, value) {
    if (value === null || value === undefined) { return "—"; }
    if (typeof value === "number" && /rate/.test(key)) { return (value * 100).toFixed(1) + "%"; }
    if (typeof value === "number" && /_fen$/.test(key)) { return (value / 100).toFixed(2); }
    return String(value);
  }

  function dailyChart(days) {
    var max = 1;
    days.forEach(function (d) { SERIES.forEach(function (s) { max = Math.max(max, d[s[0]] || 0); }); });
    var group = 64;
    var width = Math.max(360, days.length * group + 40);
    var height = 220;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, class: "chart daily",
      role: "img", "aria-label": "每日预约与到店" });
    chart.appendChild(svg("line", { x1: 30, y1: 190, x2: width, y2: 190, class: "axis" }));
    chart.appendChild(svg("text", { x: 26, y: 24, class: "tick", "text-anchor": "end" }, [String(max)]));
    days.forEach(function (d, i) {
      var x0 = 40 + i * group;
      SERIES.forEach(function (s, j) {
        var h = Math.round(((d[s[0]] || 0) / max) * 160);
        chart.appendChild(svg("rect", { x: x0 + j * 12, y: 190 - h, width: 10, height: h, class: "bar s" + j,
          "data-series": s[0], "data-day": d.day }, [svg("title", {}, [named(s[0]) + " " + d.day + ":" + (d[s[0]] || 0)])]));
      });
      chart.appendChild(svg("text", { x: x0 + 22, y: 208, class: "tick", "text-anchor": "middle" }, [d.day.slice(5)]));
    });
    var legend = el("div", { class: "legend" }, SERIES.map(function (s, j) {
      return el("span", {}, [el("i", { class: "swatch s" + j }), named(s[0])]);
    }));
    return el("figure", { class: "panel wide" }, [el("figcaption", { text: "每日预约与到店" }), chart, legend]);
  }

  function breakdownChart(key, values) {
    var names = Object.keys(values);
    var max = Math.max.apply(null, [1].concat(names.map(function (n) { return Number(values[n]) || 0; })));
    var height = names.length * 28 + 10;
    var chart = svg("svg", { viewBox: "0 0 300 " + height, width: 300, height: height, class: "chart breakdown", role: "img",
      "aria-label": named(key) });
    names.forEach(function (n, i) {
      var w = Math.round(((Number(values[n]) || 0) / max) * 160);
      var label = C.labels.service[n] || C.labels.source[n] || (n === "unassigned" ? "未分配" : n);
      chart.appendChild(svg("text", { x: 96, y: i * 28 + 24, class: "tick", "text-anchor": "end" }, [label]));
      chart.appendChild(svg("rect", { x: 104, y: i * 28 + 10, width: w, height: 18, class: "bar s0", "data-key": n,
        "data-value": String(values[n]) }));
      chart.appendChild(svg("text", { x: 110 + w, y: i * 28 + 24, class: "tick" }, [formatted(key, values[n])]));
    });
    return el("figure", { class: "panel", data: { chart: key } }, [el("figcaption", { text: named(key) }), chart]);
  }

  function renderReport(data) {
    var totals = data.totals || {};
    FIGURES = data.labels || {};
    var root = C.clear(C.$("report"));
    var tiles = Object.keys(totals).filter(function (k) { return typeof totals[k] !== "object" || totals[k] === null; });
    root.appendChild(el("div", { class: "tiles" }, tiles.map(function (k) {
      return el("div", { class: "tile", data: { figure: k } }, [
        el("span", { class: "figure-name", text: named(k) }),
        el("strong", { class: "figure-value", text: formatted(k, totals[k]) })
      ]);
    })));
    root.appendChild(el("div", { class: "charts" }, [dailyChart(data.days || [])].concat(
      Object.keys(totals).filter(function (k) { return totals[k] && typeof totals[k] === "object"; })
        .map(function (k) { return breakdownChart(k, totals[k]); }))));
  }

  function reportQuery() {
    return "?from=" + encodeURIComponent(C.$("report-from").value) + "&to=" + encodeURIComponent(C.$("report-to").value);
  }

  C.views.reports = function () {
    if (!C.state.store) { return Promise.resolve(); }
    var day = C.state.day || C.$("day").value;
    if (!C.$("report-to").value && day) { C.$("report-to").value = day; C.$("report-from").value = C.addDays(day, -6); }
    return C.run(C.api("GET", C.storePath("/report" + reportQuery())).then(renderReport));
  };

  function downloadCsv() {
    var name = "report-" + C.state.store.store_id + ".csv";
    C.run(C.request("GET", C.storePath("/report" + reportQuery() + "&format=csv"), undefined, "text/csv").then(function (r) {
      var given = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
      if (given) { name = given[1]; }
      return r.blob();
    }).then(function (blob) {
      var link = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }));
  }

  function downloadPoster() {  // the store's mini-program code for the reception poster (QR check-in)
    C.run(C.api("GET", C.storePath("/checkin-poster")).then(function (data) {
      var bytes = Uint8Array.from(atob(data.image), function (c) { return c.charCodeAt(0); });
      var link = el("a", { href: URL.createObjectURL(new Blob([bytes], { type: data.content_type })),
                           download: data.filename });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    C.$("checkin-poster").addEventListener("click", downloadPoster);
    C.$("tasks").addEventListener("click", onTaskClick);
    C.$("task-status").addEventListener("change", function () { C.views.tasks(); });
    C.$("report-form").addEventListener("submit", function (e) { e.preventDefault(); C.views.reports(); });
    C.$("report-csv").addEventListener("click", downloadCsv);
  });
})();
