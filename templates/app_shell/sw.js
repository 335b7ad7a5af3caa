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

// Push reminders (reminders/push.py). The message holds only what a stranger could read: a
// title, the day's prompt and where to go; this worker stores none of it.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const actions = Array.isArray(message.actions) ? message.actions : [];
  const urls = { default: message.url || "/" };
  actions.forEach((action) => { urls[action.action] = action.url; });
  event.waitUntil(
    self.registration.showNotification(message.title || "Compersion", {
      body: message.body || "",
      tag: message.tag || "reminder",
      icon: message.icon,
      data: { urls: urls },
      actions: actions.map((action) => ({ action: action.action, title: action.title })),
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const urls = (event.notification.data && event.notification.data.urls) || {};
  const path = urls[event.action] || urls.default || "/";
  // Only ever a page of this site, whatever the message said.
  const target = new URL(path, self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname === target.pathname);
      if (open) return open.focus();
      return self.clients.openWindow(target.href);
    })
  );
});
