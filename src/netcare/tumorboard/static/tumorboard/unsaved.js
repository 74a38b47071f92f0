// Before the page is left with something typed in a form marked data-unsaved-warning (the live
// meeting's discussion notes and recommendation) and not sent, the browser asks first: a link,
// "Record attendance" or closing the tab would otherwise drop it. Sending that form itself
// (Save notes, Present, Record recommendation) carries what was typed, so it is not asked.
// Without JavaScript the form's own buttons still keep the notes; only this warning is missing.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var sending = false;

  function typed(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      var options = Array.prototype.slice.call(field.options);
      var chosen = options.filter(function (o) { return o.defaultSelected; });
      var initial = chosen.length ? chosen : options.slice(0, field.multiple ? 0 : 1);
      return options.some(function (o) { return o.selected !== (initial.indexOf(o) >= 0); });
    }
    if (field.tagName === "TEXTAREA" || field.tagName === "INPUT") {
      return field.type !== "hidden" && field.value !== field.defaultValue;
    }
    return false;
  }

  function unsaved() {
    return Array.prototype.some.call(forms, function (form) {
      return Array.prototype.some.call(form.elements, typed);
    });
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () { sending = true; });
  });
  window.addEventListener("pageshow", function () { sending = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!sending && unsaved()) {
      event.preventDefault();
      event.returnValue = "";  // older browsers show the prompt only when this is set
    }
  });
}());
