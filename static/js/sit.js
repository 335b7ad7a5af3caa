// "Sit with it": a calm, skippable 60-second pause. Without this file the page shows a plain prompt.
(function () {
  "use strict";

  function setUp(box) {
    var form = box.parentElement.querySelector("form");
    var start = form && form.querySelector("[data-sit-start]");
    var clock = box.querySelector("[data-sit-clock]");
    var remaining = box.querySelector("[data-sit-remaining]");
    var status = box.querySelector("[data-sit-status]");
    var total = parseInt(box.dataset.seconds || "60", 10);
    var timer = null;
    if (!start || !clock || !remaining || !status) return;
    start.hidden = false;

    function finish() {
      window.clearInterval(timer);
      timer = null;
      box.classList.remove("sit-running");
      start.textContent = "Another calm minute";
      status.textContent = "The minute is over. Continue when you're ready.";
    }

    start.addEventListener("click", function () {
      var left = total;
      if (timer) window.clearInterval(timer);
      remaining.textContent = String(left);
      clock.hidden = false;
      box.classList.add("sit-running");
      status.textContent = "A calm minute has started. Breathe slowly.";
      timer = window.setInterval(function () {
        left -= 1;
        remaining.textContent = String(Math.max(left, 0));
        if (left <= 0) finish();
      }, 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sit-timer]").forEach(setUp);
  });
})();
