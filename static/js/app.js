// Compersion's small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // Pre-select the browser's own IANA time zone on forms that ask for one.
  function detectZone() {
    var selects = document.querySelectorAll("select[data-detect-zone]");
    // Asking Intl for the zone loads time zone data: hundreds of milliseconds on a slow
    // phone, so only on the few pages that ask for a zone.
    if (!selects.length) return;
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) return;
    selects.forEach(function (select) {
      if (select.dataset.userChose) return;
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === zone;
      });
      // Some browsers still answer an old name ("Asia/Calcutta") that the list offers under its
      // current one; the server accepts old names, so offer the browser's own.
      if (!option && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone)) {
        option = new Option(zone.replace(/_/g, " "), zone);
        select.add(option);
      }
      if (option) select.value = zone;
      select.addEventListener("change", function () {
        select.dataset.userChose = "1";
      });
    });
  }

  // A filter box before a long grouped list (the time zones): typing hides what doesn't match.
  // Without this script the grouped select alone works, and browsers' own type-ahead with it.
  function filterSelects() {
    document.querySelectorAll("select[data-zone-filter]").forEach(function (select) {
      if (!select.id) return;
      var box = document.createElement("div");
      box.className = "select-filter";
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "search";
      input.id = select.id + "_filter";
      input.autocomplete = "off";
      input.setAttribute("aria-controls", select.id);
      label.htmlFor = input.id;
      label.textContent = "Find a place in the list";
      box.appendChild(label);
      box.appendChild(input);
      select.parentNode.insertBefore(box, select);
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase().replace(/_/g, " ");
        Array.prototype.forEach.call(select.options, function (option) {
          var text = (option.value + " " + option.text).toLowerCase().replace(/_/g, " ");
          var show = !words || text.indexOf(words) !== -1 || option.selected;
          option.hidden = !show;
        });
        select.querySelectorAll("optgroup").forEach(function (group) {
          group.hidden = !Array.prototype.some.call(group.children, function (o) {
            return !o.hidden;
          });
        });
      });
    });
  }

  // A visible count of characters left under every field with a maxlength; the browser cuts a
  // paste at the limit silently otherwise. The count is read with the field (aria-describedby);
  // a polite live region speaks only when the end comes near and at the limit, not per keystroke.
  function countCharacters() {
    document.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(function (field) {
      var limit = parseInt(field.getAttribute("maxlength"), 10);
      if (!limit || !field.id || field.dataset.counted) return;
      field.dataset.counted = "1";
      var counter = document.createElement("p");
      counter.className = "char-counter";
      counter.id = field.id + "_counter";
      counter.setAttribute("data-testid", "char-counter");
      var live = document.createElement("span");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      counter.insertAdjacentElement("afterend", live);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      var near = Math.max(10, Math.floor(limit / 10));
      var stage = "";
      function update() {
        var left = limit - field.value.length;
        var words = left === 1 ? "1 character left" : left + " characters left";
        counter.textContent = words + " of " + limit;
        counter.classList.toggle("char-counter-low", left <= near);
        var now = left <= 0 ? "full" : left <= near ? "near" : "";
        if (now !== stage) {
          live.textContent = now === "full" ? "No characters left." : now === "near" ? words + "." : "";
          stage = now;
        }
      }
      field.addEventListener("input", update);
      update();
    });
  }


  // The installed app (journal/app_shell.py). Its service worker keeps only the offline page
  // and the static files it uses. A good thing written on the offline page is kept in this
  // browser's localStorage until the first signed-in page online sends it; sign-out's
  // Clear-Site-Data empties that storage, so a kept note never reaches another account.
  var NOTES_KEY = "compersion:offline-notes";

  // Only for a signed-in user: after sign-out (which clears it) nothing is put back.
  function registerWorker() {
    if (!document.body.dataset.offlineNoteUrl) return;
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function readNotes() {
    var notes;
    try {
      notes = JSON.parse(window.localStorage.getItem(NOTES_KEY) || "[]");
    } catch (e) {
      return [];
    }
    return Array.isArray(notes)
      ? notes.filter(function (note) {
          return note && typeof note.text === "string" && typeof note.token === "string";
        })
      : [];
  }

  function writeNotes(notes) {
    if (notes.length) window.localStorage.setItem(NOTES_KEY, JSON.stringify(notes));
    else window.localStorage.removeItem(NOTES_KEY);
  }

  function offlinePage() {
    var section = document.querySelector("[data-offline-note]");
    if (!section) return;
    var form = section.querySelector("[data-offline-note-form]");
    var kept = section.querySelector("[data-offline-note-kept]");
    var list = section.querySelector("[data-offline-note-list]");
    var status = section.querySelector("[data-offline-note-status]");
    function show() {
      var notes = readNotes();
      kept.hidden = !notes.length;
      list.textContent = "";
      notes.forEach(function (note) {
        var item = document.createElement("li");
        var words = document.createElement("p");
        words.dir = "auto";
        words.textContent = note.text;
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "button-quiet button-small";
        discard.textContent = "Discard this one";
        discard.addEventListener("click", function () {
          writeNotes(readNotes().filter(function (other) {
            return other.token !== note.token;
          }));
          status.textContent = "Discarded.";
          show();
          form.elements.text.focus();
        });
        item.appendChild(words);
        item.appendChild(discard);
        list.appendChild(item);
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.text.value.trim();
      if (!text) {
        status.textContent = "Write a few words first.";
        return;
      }
      try {
        var notes = readNotes();
        notes.push({ text: text, writtenAt: Date.now(), token: window.crypto.randomUUID() });
        writeNotes(notes);
      } catch (e) {
        status.textContent = "This browser would not keep it (private browsing, or its storage is full). Copy it somewhere safe.";
        return;
      }
      form.reset();
      status.textContent = "Kept. It will be added to your five when you are next online.";
      show();
    });
    show();
  }

  // A sentence at the top of the page about a kept note; the note's words only as text.
  function noteNotice(message, note) {
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.createElement("div");
    box.className = "notice offline-note-notice";
    box.setAttribute("role", "status");
    var said = document.createElement("p");
    said.textContent = message;
    box.appendChild(said);
    if (note) {
      var words = document.createElement("blockquote");
      words.dir = "auto";
      words.textContent = note.text;
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button-quiet button-small";
      discard.textContent = "Discard this note";
      discard.addEventListener("click", function () {
        writeNotes(readNotes().filter(function (other) {
          return other.token !== note.token;
        }));
        box.remove();
      });
      box.appendChild(words);
      box.appendChild(discard);
    }
    main.insertBefore(box, main.firstChild);
  }

  function sendNotes() {
    var url = document.body.dataset.offlineNoteUrl;
    if (!url || !navigator.onLine) return;
    var notes = readNotes();
    if (!notes.length) return;
    var token = JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"];
    var addedToday = false;
    function next(index) {
      if (index >= notes.length) {
        // Today shows the five; draw it again with the new one in them.
        if (addedToday && window.location.pathname === "/") window.location.reload();
        return;
      }
      var note = notes[index];
      var body = new URLSearchParams();
      body.set("text", note.text);
      body.set("written_at", String(note.writtenAt));
      body.set("submission_token", note.token);
      fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (answer) {
            if (response.status === 201) {
              writeNotes(readNotes().filter(function (other) {
                return other.token !== note.token;
              }));
              if (answer.today) addedToday = true;
              else noteNotice(answer.message, null);
            } else {
              noteNotice(answer.message, note);
            }
            next(index + 1);
          });
        })
        .catch(function () {
          // No answer: the note stays kept for the next visit.
        });
    }
    next(0);
  }

  // Settings' "Turn on reminders on this device". iOS asks for notification permission only
  // from a tap (and only in the app added to the Home Screen), so everything starts in the click.
  function pushSetup() {
    var button = document.querySelector("[data-push-subscribe]");
    if (!button) return;
    var supported = window.isSecureContext && "serviceWorker" in navigator &&
      "PushManager" in window && "Notification" in window;
    if (!supported) return; // the page's plain explanation stays
    var status = document.querySelector("[data-push-status]");
    var unsupported = document.querySelector("[data-push-unsupported]");
    if (unsupported) unsupported.hidden = true;
    button.hidden = false;
    function say(text) {
      if (status) status.textContent = text;
    }
    function keyBytes(base64url) {
      var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
      var raw = window.atob(base64 + "===".slice((base64.length + 3) % 4));
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return bytes;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      say("Asking your browser…");
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") {
            throw new Error("Notifications are blocked for this site; allow them in the browser's site settings and try again.");
          }
          return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
            return navigator.serviceWorker.ready;
          });
        })
        .then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(button.dataset.key),
          });
        })
        .then(function (subscription) {
          var token = JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"];
          return fetch(button.dataset.url, {
            method: "POST",
            body: JSON.stringify(subscription.toJSON ? subscription.toJSON() : subscription),
            headers: { "Content-Type": "application/json", "X-CSRFToken": token },
            credentials: "same-origin",
          });
        })
        .then(function (response) {
          return response.json().then(function (answer) {
            if (response.status !== 201) throw new Error(answer.message || "The server did not take it.");
            // Settings again, to list the device: a reload when only the #fragment would change.
            var next = new URL(answer.next, window.location.href);
            if (next.pathname === window.location.pathname && next.search === window.location.search) {
              window.location.hash = next.hash;
              window.location.reload();
            } else {
              window.location.assign(next.href);
            }
          });
        })
        .catch(function (error) {
          button.disabled = false;
          say("Push reminders could not be turned on here. " + (error && error.message ? error.message : ""));
        });
    });
  }

  function enhance() {
    detectZone();
    filterSelects();
    countCharacters();
    registerWorker();
    offlinePage();
    sendNotes();
    pushSetup();
  }

  document.addEventListener("DOMContentLoaded", enhance);
  // htmx swaps in fresh forms (the quick kindness form, an item being edited): count there too.
  document.addEventListener("htmx:afterSettle", countCharacters);

  // A feeling's slider shows its number beside the name as it moves (the scale is written under it).
  document.addEventListener("input", function (event) {
    var slider = event.target;
    if (!(slider instanceof HTMLInputElement) || slider.type !== "range" || !slider.id) return;
    var shown = document.querySelector('output[for="' + slider.id + '"]');
    if (shown) shown.textContent = slider.value;
  });
})();
