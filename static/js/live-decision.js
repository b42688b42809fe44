// The referral form's live decision: on input, post the form (with its CSRF token) to the
// preview endpoint and swap the server-rendered fragment into the decision panel.
// Debounced; only the newest answer is shown; failures are announced, the form is kept.
(function () {
  "use strict";

  var form = document.querySelector("form[data-preview-url]");
  var panel = document.getElementById("decision-panel");
  if (!form || !panel) { return; }
  var status = document.getElementById("decision-status");
  var texts = document.getElementById("live-decision-messages");
  var url = form.getAttribute("data-preview-url");
  var DELAY = 300;
  var timer = null;
  var sequence = 0;
  var controller = null;

  function text(name, fallback) {
    return (texts && texts.getAttribute("data-" + name)) || fallback;
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showError(message) {
    if (!status) { return; }
    status.textContent = message;
    status.classList.remove("d-none");
  }

  function hideError() {
    if (status) { status.classList.add("d-none"); status.textContent = ""; }
  }

  function refresh() {
    var mine = ++sequence;
    if (controller) { controller.abort(); }
    controller = typeof AbortController === "function" ? new AbortController() : null;
    panel.setAttribute("aria-busy", "true");
    var body = new FormData(form);
    body.delete("action");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.redirected || response.status === 403) {
        throw new Error("expired");
      }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      if (mine !== sequence) { return; }
      panel.innerHTML = html;
      panel.removeAttribute("aria-busy");
      hideError();
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (mine !== sequence) { return; }
      panel.removeAttribute("aria-busy");
      showError(error && error.message === "expired"
        ? text("expired", "Session expired.")
        : text("error", "The decision could not be updated."));
    });
  }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(refresh, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // § 31 d: the justification matters when the provider is a company or an education
  // institution; show it then (and whenever it already holds text).
  var provider = form.querySelector("select[name=preferred_provider]");
  var justification = form.querySelector("textarea[name=section_31d_justification]");
  var wrapper = justification ? justification.closest(".mb-3") || justification.parentElement : null;
  function toggle31d() {
    if (!provider || !wrapper) { return; }
    var chosen = provider.options[provider.selectedIndex];
    var needed = Boolean(chosen && chosen.hasAttribute("data-section-31d"));
    wrapper.classList.toggle("d-none", !needed && !justification.value.trim());
    justification.required = needed;
  }
  if (provider) { provider.addEventListener("change", toggle31d); toggle31d(); }

  // Goals: add a row from the formset's empty form.
  var addGoal = document.querySelector(".js-add-goal");
  var rows = document.getElementById("goal-rows");
  var template = document.getElementById("goal-template");
  if (addGoal && rows && template) {
    var prefix = rows.getAttribute("data-prefix");
    var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    addGoal.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("textarea, input");
      if (first) { first.focus(); }
    });
  }
})();
