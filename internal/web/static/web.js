// regbox's password reset forms: each posts its fields as JSON to the
// same-origin API operation named by its data-api, and shows the outcome.
"use strict";
(function () {
  var form = document.querySelector("form.api-form");
  if (!form) return;
  var fields = form.querySelector("fieldset");
  var message = document.querySelector(".message");
  fields.disabled = false;

  function show(text, ok) {
    message.textContent = text;
    message.className = "message " + (ok ? "ok" : "error");
    message.hidden = false;
  }

  function body() {
    var f = form.elements;
    if (form.id === "confirm") {
      if (f.password.value !== f.password2.value) return null;
      return { token: f.token.value, password: f.password.value };
    }
    return { email: f.email.value.trim(), kind: f.kind.value };
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var b = body();
    if (b === null) {
      show(form.dataset.mismatch, false);
      form.elements.password2.focus();
      return;
    }
    fields.disabled = true;
    message.hidden = true;
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json, application/problem+json" },
      body: JSON.stringify(b)
    }).then(function (res) {
      if (res.ok) {
        show(form.dataset.done, true);
        if (form.id === "confirm") form.hidden = true; else fields.disabled = false;
        return;
      }
      return res.json().catch(function () { return {}; }).then(function (p) {
        show(form.dataset.failed + " " + (p.detail || p.title || res.status + " " + res.statusText), false);
        fields.disabled = false;
      });
    }).catch(function () {
      show(form.dataset.unreachable, false);
      fields.disabled = false;
    });
  });
})();
