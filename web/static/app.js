// marsad: progressive enhancement only; every page works without this file.
// It keeps the home page's "new since you looked" count up to date.
(function () {
  "use strict";
  var el = document.getElementById("new-count");
  if (!el || !window.fetch) {
    return;
  }
  var since = parseInt(el.getAttribute("data-since"), 10);
  var label = el.getAttribute("data-label") || "";
  var arabic = document.body.getAttribute("data-num") === "arab";
  if (!(since > 0)) {
    return;
  }
  function digits(n) {
    var s = String(n);
    if (!arabic) {
      return s;
    }
    return s.replace(/[0-9]/g, function (d) {
      return String.fromCharCode(0x0660 + (d.charCodeAt(0) - 48));
    });
  }
  function show(count, more) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
    if (count <= 0) {
      return;
    }
    var a = document.createElement("a");
    a.href = "/";
    a.textContent = digits(count) + (more ? "+" : "") + " " + label;
    el.appendChild(a);
  }
  function poll() {
    fetch("/api/v1/new?since=" + since, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) { show(j.count, j.more); } })
      .catch(function () { /* offline or server restarting: try again later */ });
  }
  window.setInterval(poll, 30000);
})();
