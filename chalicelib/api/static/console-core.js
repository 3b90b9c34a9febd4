// The staff console's core: the API client (bearer token kept in sessionStorage), labels, small DOM helpers,
// login, the store and day pickers and the tabs. console-plan.js and console-more.js add the views.
(function () {
  "use strict";
  var C = (window.StaffConsole = {});
  var KEY = "staffConsole.session";
  C.base = window.location.pathname.replace(/\/staff\/console\/?$/, "");
  C.state = { session: null, stores: [], store: null, day: null, tab: "plan" };

  C.labels = {
    status: { pending: "待确认", confirmed: "已确认", arrived: "已到店", in_service: "维修中", completed: "已完工",
      cancelled: "已取消", no_show: "爽约" },
    service: { maintenance: "保养", first_service: "首保", repair: "维修", accident: "事故车", warranty: "保修",
      recall: "召回", rework: "返修", inspection: "检测", beauty: "装饰美容" },
    priority: { rework: "返修", recall: "召回", warranty: "保修", emergency: "紧急维修", vip: "VIP客户", parts: "备件已到",
      rebooking: "重新预约" },
    parts: { waiting: "等待备件", arrived: "备件已到", scheduled: "备件已排期" },
    source: { mini_program: "小程序", phone: "电话", walk_in: "到店", proactive: "主动邀约" },
    outcome: { reached: "已联系上", no_answer: "无人接听", rebooked: "已重新预约", declined: "客户婉拒", other: "其他" },
    role: { advisor: "服务顾问", store_manager: "店长", chain_admin: "集团管理员", operator: "平台运营" }
  };
  C.label = function (group, value) {
    return (C.labels[group] && C.labels[group][value]) || value || "";
  };

  // --- DOM ---------------------------------------------------------------------------------------------
  C.$ = function (id) { return document.getElementById(id); };
  // el("button", {class: "x", data: {action: "confirm"}}, ["text", child]): text is always set as text
  C.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "data") {
        Object.keys(value).forEach(function (k) { node.setAttribute("data-" + k, value[k]); });
      } else if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };
  C.clear = function (node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; };
  // a card's inline form (reschedule, close a task…) goes into its .more panel, shown
  C.openMore = function (cardNode, content) {
    var more = C.clear(cardNode.querySelector(".more"));
    more.appendChild(content);
    more.hidden = false;
  };

  // a refusal reads as the server words it (Chinese); shown in `where` (a .refusal next to the thing refused:
  // the booking's row, the form) when given, else in the banner at the top
  C.showError = function (err, where) {
    var text = err && err.message ? err.message : String(err);
    var box = where ? (where.classList.contains("refusal") ? where : where.querySelector(".refusal")) : null;
    if (!box) { box = C.$("error-text"); C.$("error").hidden = false; }
    box.textContent = text;
    box.setAttribute("data-code", (err && err.code) || "");
    box.hidden = false;
    if (box.closest && box.closest(".more-row")) { box.closest(".more-row").hidden = false; }
  };
  C.clearError = function () { C.$("error").hidden = true; C.$("error-text").textContent = ""; };
  // success notices fade by themselves after a few seconds
  var fading = null;
  C.notice = function (text) {
    var n = C.$("notice");
    n.textContent = text;
    n.hidden = !text;
    if (fading) { clearTimeout(fading); }
    fading = text ? setTimeout(function () { n.hidden = true; n.textContent = ""; fading = null; }, C.NOTICE_MS) : null;
  };
  C.NOTICE_MS = 4000;

  // --- time in the store's zone ------------------------------------------------------------------------
  C.tz = function () { return (C.state.store && C.state.store.timezone) || "Asia/Shanghai"; };
  C.time = function (iso) {
    if (!iso) { return "--:--"; }
    return new Intl.DateTimeFormat("zh-CN", { timeZone: C.tz(), hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .format(new Date(iso));
  };
  C.dateOf = function (iso) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: C.tz(), year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date(iso));
  };
  C.dateTime = function (iso) { return iso ? C.dateOf(iso) + " " + C.time(iso) : ""; };
  // "2026-11-24", "10:00" in the store's zone -> "2026-11-24T10:00:00+08:00"
  C.instant = function (day, hhmm) {
    var guess = new Date(day + "T" + hhmm + ":00Z");
    var name = new Intl.DateTimeFormat("en-US", { timeZone: C.tz(), timeZoneName: "longOffset" })
      .formatToParts(guess).filter(function (p) { return p.type === "timeZoneName"; })[0].value;
    var offset = name.replace("GMT", "") || "+00:00";
    return day + "T" + hhmm + ":00" + offset;
  };
  C.addDays = function (day, n) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  // --- the API -----------------------------------------------------------------------------------------
  function ApiError(status, body) {
    var error = (body && body.error) || {};
    this.status = status;
    this.code = error.code || "http_" + status;
    this.field = error.field || null;
    this.message = error.message || BARE_STATUS[status] || "请求失败（HTTP " + status + "）";
  }
  // refusals that come without our body: the gateway's throttle and limits, an upstream outage
  var BARE_STATUS = {
    413: "提交的内容过大，请精简后再试",
    429: "操作太频繁，请稍等几秒后再试",
    502: "服务暂时不可用，请稍后再试",
    503: "服务暂时不可用，请稍后再试",
    504: "服务器响应超时，请稍后再试"
  };
  C.request = function (method, path, body, accept, key) {
    var headers = { Accept: accept || "application/json", "Accept-Language": "zh-CN" };  // a Chinese page: Chinese refusals
    if (C.state.session) { headers.Authorization = "Bearer " + C.state.session.token; }
    if (key) { headers["Idempotency-Key"] = key; }
    var init = { method: method, headers: headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch(C.base + path, init).then(function (response) {
      if (response.ok) { return response; }
      return response.json().catch(function () { return null; }).then(function (data) {
        var err = new ApiError(response.status, data);
        if (response.status === 401 && C.state.session) { C.logout(); }
        throw err;
      });
    }, function () {
      throw new ApiError(0, { error: { code: "network", message: "无法连接服务器，请检查网络" } });
    });
  };
  C.api = function (method, path, body) {
    return C.request(method, path, body).then(function (r) { return r.status === 204 ? {} : r.json(); });
  };
  C.storePath = function (rest) { return "/staff/stores/" + encodeURIComponent(C.state.store.store_id) + rest; };
  // run an action: errors go to the banner, success clears it
  C.run = function (promise) {
    return promise.then(function (value) { C.clearError(); return value; }, function (err) { C.showError(err); });
  };

  // --- writes: one per intent ----------------------------------------------------------------------------
  C.newKey = function () {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  };
  // A write started by `control` (a button, or a form's submit button): disabled while in flight, so a second
  // click does nothing; one Idempotency-Key per intent, kept for a retry after a network failure and
  // dropped once the server answered. A refusal is shown in `where`. Resolves to the answer, or null.
  C.write = function (control, method, path, body, where) {
    if (control.disabled) { return Promise.resolve(null); }
    var key = control.getAttribute("data-intent") || C.newKey();
    control.setAttribute("data-intent", key);
    control.disabled = true;
    control.setAttribute("aria-busy", "true");
    if (where) { C.clearRefusal(where); }
    function settle() { control.disabled = false; control.removeAttribute("aria-busy"); }
    return C.request(method, path, body, undefined, key).then(function (r) { return r.json(); }).then(function (data) {
      settle();
      control.removeAttribute("data-intent");
      C.clearError();
      return data;
    }, function (err) {
      settle();
      if (err.status !== 0) { control.removeAttribute("data-intent"); }
      C.showError(err, where);
      return null;
    });
  };
  C.clearRefusal = function (where) {
    var box = where.classList.contains("refusal") ? where : where.querySelector(".refusal");
    if (box) { box.hidden = true; box.textContent = ""; }
  };

  // --- session, login, pickers, tabs -------------------------------------------------------------------
  C.views = {};  // tab name -> function that (re)loads it
  // a view's answer is drawn only if no later load was asked for meanwhile: an answer to the first
  // load that arrives after the staff member picked another day must not put the old day back
  var loads = 0;
  C.latest = function () { var mine = ++loads; return function () { return mine === loads; }; };
  C.refresh = function () {
    var load = C.views[C.state.tab];
    var view = C.$("app-view");
    view.setAttribute("aria-busy", "true");
    return (load ? load() : Promise.resolve()).then(function () { view.removeAttribute("aria-busy"); });
  };

  function enter(session) {
    C.state.session = session;
    C.$("login-view").hidden = true;
    C.$("who").hidden = false;
    C.$("who-name").textContent = (session.display_name || session.username) + " · " + C.label("role", session.role);
    // a one-time password (the bootstrap operator's): every other route answers 403 until it is changed
    C.$("password-view").hidden = !session.password_change_required;
    if (session.password_change_required) {
      C.$("app-view").hidden = true;
      return Promise.resolve();
    }
    C.$("app-view").hidden = false;
    return C.run(C.api("GET", "/staff/stores").then(function (data) {
      C.state.stores = data.stores;
      var select = C.clear(C.$("store"));
      data.stores.forEach(function (s) { select.appendChild(C.el("option", { value: s.store_id, text: s.name })); });
      C.state.store = data.stores[0] || null;
      C.state.day = null;
      // the workshop and parts desks land on their own tab (console-workshop.js)
      return C.state.store ? switchTab(C.landing ? C.landing(session) : "plan") : C.notice("您的账号尚未分配门店");
    }));
  }

  C.logout = function () {
    sessionStorage.removeItem(KEY);
    C.state.session = null;
    C.$("app-view").hidden = true;
    C.$("password-view").hidden = true;
    C.$("who").hidden = true;
    C.$("login-view").hidden = false;
    C.notice("");
  };

  function changePassword(event) {
    event.preventDefault();
    var form = event.target;
    var body = { old: form.old.value, "new": form["new"].value };
    C.run(C.api("POST", "/staff/me/password", body).then(function (answer) {
      var session = C.state.session;
      session.token = answer.token;  // the other sessions ended; this answer's token is the new one
      session.password_change_required = false;
      sessionStorage.setItem(KEY, JSON.stringify(session));
      form.old.value = "";
      form["new"].value = "";
      return enter(session);
    }));
  }

  function login(event) {
    event.preventDefault();
    var form = event.target;
    var body = { chain_id: form.chain_id.value.trim(), username: form.username.value.trim(), password: form.password.value };
    C.run(C.api("POST", "/staff/login", body).then(function (session) {
      session.chain_id = body.chain_id;
      sessionStorage.setItem(KEY, JSON.stringify(session));
      form.password.value = "";
      return enter(session);
    }));
  }

  function switchTab(name) {
    C.state.tab = name;
    Array.prototype.forEach.call(document.querySelectorAll(".tabs [data-tab]"), function (b) {
      b.classList.toggle("active", b.getAttribute("data-tab") === name);
      b.setAttribute("aria-selected", String(b.getAttribute("data-tab") === name));
    });
    Array.prototype.forEach.call(document.querySelectorAll("#app-view > .view"), function (v) { v.hidden = v.id !== name + "-view"; });
    return C.refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    C.$("login-form").addEventListener("submit", login);
    C.$("password-form").addEventListener("submit", changePassword);
    C.$("logout").addEventListener("click", C.logout);
    C.$("error-close").addEventListener("click", C.clearError);
    C.$("store").addEventListener("change", function (e) {
      C.state.store = C.state.stores.filter(function (s) { return s.store_id === e.target.value; })[0];
      C.state.day = null;
      C.refresh();
    });
    C.$("day").addEventListener("change", function (e) { C.state.day = e.target.value || null; C.refresh(); });
    C.$("reload").addEventListener("click", function () { C.refresh(); });
    Array.prototype.forEach.call(document.querySelectorAll(".tabs [data-tab]"), function (b) {
      b.addEventListener("click", function () { switchTab(b.getAttribute("data-tab")); });
    });
    var saved = sessionStorage.getItem(KEY);
    if (saved) {
      try { enter(JSON.parse(saved)); } catch (e) { C.logout(); }
    }
  });
})();
