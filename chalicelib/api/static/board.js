// The welcome board's pages take turns: each shows for data-page-seconds, and once every page has been
// shown (and at least data-refresh-seconds have passed) the page reloads with fresh data.
(function () {
  "use strict";
  var body = document.body;
  var pages = Array.prototype.slice.call(document.querySelectorAll("tbody.page"));
  var pager = document.getElementById("pager");
  var pageSeconds = Number(body.getAttribute("data-page-seconds")) || 10;
  var refreshSeconds = Number(body.getAttribute("data-refresh-seconds")) || 30;
  var current = 0;
  var elapsed = 0;

  function show(index) {
    pages.forEach(function (page, i) { page.hidden = i !== index; });
    if (pager && pages[index]) { pager.textContent = pages[index].getAttribute("data-label"); }
    current = index;
  }

  show(0);
  setInterval(function () {
    elapsed += pageSeconds;
    var next = pages.length ? (current + 1) % pages.length : 0;
    if (next === 0 && elapsed >= refreshSeconds) {
      window.location.reload();
      return;
    }
    show(next);
  }, pageSeconds * 1000);
})();
