// fairaudit serve: the findings filters without pressing "Show". The form is
// a plain GET form and works without this script; here a changed select
// submits it, and a typed filter submits on Enter as it always does.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.filters");
  if (!form) return;
  form.querySelectorAll("select").forEach(function (el) {
    el.addEventListener("change", function () {
      // Empty fields are left out of the address, as the server's links do.
      form.querySelectorAll("input, select").forEach(function (f) {
        if (f.name && f.value === "") f.disabled = true;
      });
      form.submit();
    });
  });
});
