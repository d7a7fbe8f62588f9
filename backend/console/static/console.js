/* The console's little script: idle warning and logout, page zoom, and the window's waiting list kept fresh.
   Everything works without it; it only saves clicks. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle") || "0", 10);
  var warning = document.querySelector(".idle-warning");
  if (idle > 0 && warning) {
    var last = Date.now();
    var poke = function () { last = Date.now(); warning.hidden = true; };
    ["keydown", "mousedown", "touchstart"].forEach(function (e) { document.addEventListener(e, poke, true); });
    setInterval(function () {
      var left = idle * 1000 - (Date.now() - last);
      if (left <= 0) { window.location.href = "/console/login?idle=1"; }
      else if (left < Math.min(60000, idle * 500)) { warning.hidden = false; }
    }, 1000);
  }
  // Page images: click (or Enter) opens the page at full size; Esc closes it.
  document.addEventListener("click", function (ev) {
    var img = ev.target.closest && ev.target.closest("img[data-zoom]");
    if (!img) { return; }
    var dlg = document.getElementById("zoom");
    if (!dlg) { return; }
    dlg.querySelector("img").src = img.getAttribute("data-zoom");
    dlg.querySelector("img").alt = img.alt;
    dlg.showModal();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches("img[data-zoom]")) {
      ev.preventDefault();          // or the same Enter presses the dialog's focused close button
      ev.target.click();
    }
  });
  // In the zoom: a click on the page toggles fit-to-screen / full size (scroll to read); outside it closes.
  var dlg = document.getElementById("zoom");
  if (dlg) {
    dlg.addEventListener("click", function (ev) {
      if (ev.target.tagName === "IMG") { ev.target.classList.toggle("full"); }
      else if (ev.target === dlg || ev.target.classList.contains("close")) { dlg.close(); }
    });
    dlg.addEventListener("close", function () { dlg.querySelector("img").classList.remove("full"); });
  }
  // A chosen scan shows its file name beside the (styled) picker.
  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input.file-hidden")) { return; }
    var label = input.parentNode.querySelector(".file-name");
    if (label) { label.textContent = input.files.length ? input.files[0].name : "未选择文件"; }
  });
  // The window's waiting list: fetched again every 10 s (only the list, never a form the clerk is filling).
  var list = document.querySelector("[data-refresh]");
  if (list) {
    setInterval(function () {
      fetch(list.getAttribute("data-refresh"), {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) { if (html !== null) { list.innerHTML = html; } }).catch(function () {});
    }, 10000);
  }
})();
