// Compersion's small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // Pre-select the browser's own IANA time zone on forms that ask for one.
  function detectZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) return;
    document.querySelectorAll("select[data-detect-zone]").forEach(function (select) {
      if (select.dataset.userChose) return;
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === zone;
      });
      if (option) select.value = zone;
      select.addEventListener("change", function () {
        select.dataset.userChose = "1";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", detectZone);
})();
