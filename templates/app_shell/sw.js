{% autoescape off %}// Compersion's service worker (journal/app_shell.py). It keeps the offline page and the hashed
// static files it uses, and nothing else: no signed-in page and no one's words are ever stored.
// The constants are JSON written by the view from static file names, never from anyone's text.
"use strict";
const VERSION = {{ version_json }};
const FILES = {{ files_json }};
const OFFLINE = {{ offline_json }};
const CACHE = "compersion-shell-" + VERSION;
{% endautoescape %}
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // The offline page is fetched as for a visitor: no cookie goes with it.
      .then((cache) => cache.addAll(FILES.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Pages always come from the network; only when there is none, the offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (FILES.includes(new URL(request.url).pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
