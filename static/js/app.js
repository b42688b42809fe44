// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Confirmation before destructive or irreversible actions: <form data-confirm="...">.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Idle warning a minute before the server ends the session.
  var body = document.body;
  var timeout = parseInt(body.getAttribute("data-idle-timeout") || "0", 10);
  if (body.getAttribute("data-authenticated") && timeout > 90) {
    var warning = document.getElementById("idle-warning");
    var timer = null;
    var arm = function () {
      if (timer) { window.clearTimeout(timer); }
      if (warning) { warning.classList.add("d-none"); }
      timer = window.setTimeout(function () {
        if (warning) { warning.classList.remove("d-none"); }
      }, (timeout - 60) * 1000);
    };
    document.querySelectorAll(".js-keep-alive").forEach(function (button) {
      button.addEventListener("click", function () {
        fetch(window.location.href, { credentials: "same-origin" }).then(arm);
      });
    });
    arm();
  }
})();
