// Clientele's service worker: serves the exact files of one build from the cache, so the app
// opens offline and never mixes files of two builds. It makes no network requests of its own
// beyond fetching its build's files at install, from the app's own origin.
//
// The next line is written by scripts/pwa-finish.mjs after every build (Trunk post_build hook).
const BUILD = { version: 'development', files: [] };
const CACHE = `clientele-${BUILD.version}`;

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new build waits until the page asks (the "Update available" prompt),
  // so an open page keeps being served the files it started with.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(BUILD.files)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('clientele-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const shell = await cache.match(new URL('./', self.registration.scope).href);
      if (shell) return shell;
    }
    return fetch(request);
  })());
});
