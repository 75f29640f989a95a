// Mawid service worker: precaches the app shell so the app starts with no network.
// dist/sw.js is written by client/cmake/copy_shell.cmake from this file; the version
// changes whenever a shipped file changes, which replaces the old cache.
'use strict';

const VERSION = 'mawid-@MAWID_BUILD@';
const PRECACHE = [
  './',
@MAWID_PRECACHE@];
// The centre app's own files (its wasm above all) are precached only when the worker is
// installed from the centre app's page: citizens never download them. Elsewhere they are
// cached on first use, like any shell file.
const STAFF_PRECACHE = [
  './staff/',  // the centre app's start URL (served as staff/index.html)
@MAWID_STAFF_PRECACHE@];

function staffPageOpen() {
  return self.clients.matchAll({type: 'window', includeUncontrolled: true})
    .then(list => list.some(c => new URL(c.url).pathname.startsWith('/staff')));
}

self.addEventListener('install', (event) => {
  event.waitUntil(staffPageOpen()
    .then(staff => caches.open(VERSION).then(c => c.addAll(staff ? PRECACHE.concat(STAFF_PRECACHE) : PRECACHE)))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== VERSION).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  // The API is never cached here: catalogue and occupancy snapshots live in IndexedDB,
  // where the app can say how old they are.
  if (req.method !== 'GET' || url.origin !== self.location.origin ||
      url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
    return;
  }
  // Shell files: cache first (they are versioned with the worker), network as fallback.
  event.respondWith(caches.open(VERSION).then(cache =>
    cache.match(req, {ignoreSearch: true}).then(hit => hit || fetch(req).then(resp => {
      if (resp.ok && resp.type === 'basic') cache.put(req, resp.clone());
      return resp;
    }))));
});
