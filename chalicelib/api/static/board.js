// The welcome board's pages take turns: each shows for data-page-seconds. With a push socket (data-socket and
// its ticket, decision 0040) the board redraws when told to: on "redraw" it fetches its own page and swaps in
// the new rows; while the socket is down (or the page has none, as in the local run) the page reloads once
// every page has been shown and at least data-refresh-seconds have passed, as it always did. A reload makes a
// fresh ticket, so a socket API Gateway closed (after two hours at most) is opened again by the next reload.
(function () {
  "use strict";
  var body = document.body;
  var pages = [];
  var pager = document.getElementById("pager");
  var pageSeconds = Number(body.getAttribute("data-page-seconds")) || 10;
  var refreshSeconds = Number(body.getAttribute("data-refresh-seconds")) || 30;
  var pingMs = 9 * 60 * 1000; // under API Gateway's ten idle minutes
  var current = 0;
  var elapsed = 0;
  var pushed = false;
  var fetchedAt = Date.now();  // the page itself, or the last redraw

  function show(index) {
    pages.forEach(function (page, i) { page.hidden = i !== index; });
    if (pager) { pager.textContent = pages[index] ? pages[index].getAttribute("data-label") : ""; }
    current = index;
  }

  function collect() {
    pages = Array.prototype.slice.call(document.querySelectorAll("tbody.page"));
    show(0);
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ["main", "header .sub", "#checkin-code"].forEach(function (selector) {
      var now = document.querySelector(selector);
      var next = fresh.querySelector(selector);
      if (now && next) { now.replaceWith(document.importNode(next, true)); }
    });
    pager = document.getElementById("pager");
    elapsed = 0;
    collect();
  }

  function redraw() {
    fetchedAt = Date.now();
    fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(swap)
      .catch(function () { pushed = false; }); // the reload cycle takes over
  }

  function listen() {
    var url = body.getAttribute("data-socket");
    var ticket = body.getAttribute("data-ticket");
    if (!url || !ticket || !window.WebSocket) { return; }
    var socket = new WebSocket(url + "?ticket=" + encodeURIComponent(ticket));
    var ping = null;
    socket.onopen = function () {
      pushed = true;
      body.setAttribute("data-pushed", "yes");
      ping = setInterval(function () { socket.send('{"action":"ping"}'); }, pingMs);
    };
    socket.onmessage = function (message) {
      if (String(message.data).indexOf("redraw") !== -1) { redraw(); }
    };
    socket.onclose = function () {
      pushed = false;
      body.setAttribute("data-pushed", "no");
      if (ping) { clearInterval(ping); }
    };
  }

  collect();
  listen();
  // the lobby check-in code rotates: a pushed board (which no longer reloads) fetches its rows when it does
  // when no redraw came within its period
  var codeSeconds = Number(body.getAttribute("data-code-seconds") || 0);
  if (codeSeconds > 0) {
    setInterval(function () {
      if (pushed && Date.now() - fetchedAt >= codeSeconds * 1000) { redraw(); }
    }, 15000);
  }
  setInterval(function () {
    elapsed += pageSeconds;
    var next = pages.length ? (current + 1) % pages.length : 0;
    if (next === 0 && elapsed >= refreshSeconds && !pushed) {
      window.location.reload();
      return;
    }
    show(next);
  }, pageSeconds * 1000);
})();
