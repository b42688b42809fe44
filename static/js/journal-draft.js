// Keeps unsaved journal text as a server-side draft for its author, so that it survives a
// session timeout. The draft is keyed by user, course and form on the server; it is shown only
// to its author in the same form, and deleted when the entry is saved. No inline script (CSP).
(function () {
  "use strict";

  var FIELDS = ["contact_date", "form", "duration_minutes", "phase", "note", "phone_reason"];
  var DELAY_MS = 1500;

  document.querySelectorAll("form.js-journal-draft").forEach(function (form) {
    var url = form.getAttribute("data-draft-url");
    var key = form.getAttribute("data-form-key");
    var status = form.querySelector("[data-draft-status]");
    var timer = null;
    var dirty = false;
    var submitting = false;

    var show = function (text, isError) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("text-danger", !!isError);
    };

    var payload = function () {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("form_key", key);
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (field) { data.append(name, field.value); }
      });
      return data;
    };

    var save = function () {
      timer = null;
      if (submitting || !dirty) { return; }
      dirty = false;
      fetch(url, { method: "POST", body: payload(), credentials: "same-origin",
                   redirect: "manual", headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) {
          if (response.type === "opaqueredirect" || !response.ok) { throw new Error("not saved"); }
          return response.json();
        })
        .then(function (body) {
          show((form.getAttribute("data-saved-label") || "Kladde gemt kl. ") + body.saved_at, false);
        })
        .catch(function () {
          dirty = true;
          show("Kladden kunne ikke gemmes. Er du logget ud, så kopiér teksten, før du logger ind igen.", true);
        });
    };

    var schedule = function () {
      dirty = true;
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, DELAY_MS);
    };

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      // The submit itself carries the text; a late draft must not outlive the saved entry.
      submitting = true;
      if (timer) { window.clearTimeout(timer); }
    });
    window.addEventListener("pagehide", function () {
      if (dirty && !submitting && navigator.sendBeacon) { navigator.sendBeacon(url, payload()); }
    });
  });
})();
