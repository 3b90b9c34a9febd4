// The lobby screen's pairing page: the link's code is in its #fragment, which the browser never sends. It is
// taken out of the address bar (and the history) at once, posted in a JSON body, and the answer's HttpOnly
// cookie opens the board. A refused code (used, expired, its issuer gone) shows what to do instead.
(function () {
  "use strict";
  var code = window.location.hash.slice(1);
  var status = document.getElementById("pairing");
  window.history.replaceState(null, "", window.location.pathname);
  function refused() { status.textContent = status.getAttribute("data-refused"); }
  if (!code) { refused(); return; }
  fetch(window.location.pathname, {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ link: decodeURIComponent(code) })
  }).then(function (response) {
    return response.ok ? response.json() : Promise.reject(response.status);
  }).then(function (answer) {
    window.location.replace(answer.board);
  }).catch(refused);
})();
