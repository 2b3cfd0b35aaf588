// Service worker of Опора: keeps the application shell so that the app opens without a network.
//
// - navigations: network first, the last good index.html (cached as "/") when offline;
// - same-origin GET under /assets/ (hashed build files): cache first, stored on first use;
// - /api/ is never cached here: offline data (the deadlines list) lives in localStorage.
// The page sends {type: 'cache-urls', urls} after registration with the assets it already loaded,
// since those requests happened before this worker controlled the page.

const VERSION = 'v1'
const SHELL_CACHE = `opora-shell-${VERSION}`
const ASSET_CACHE = `opora-assets-${VERSION}`
const SHELL_URLS = ['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon.svg', '/icons/icon-192.png']

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_URLS).catch(() => cache.add('/')))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('opora-') && k !== SHELL_CACHE && k !== ASSET_CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/')
}

self.addEventListener('message', (event) => {
  const data = event.data || {}
  if (data.type !== 'cache-urls' || !Array.isArray(data.urls)) return
  const urls = data.urls
    .map((u) => {
      try {
        return new URL(u, self.location.origin)
      } catch {
        return null
      }
    })
    .filter((u) => u && isAsset(u))
    .map((u) => u.href)
  event.waitUntil(
    caches.open(ASSET_CACHE).then((cache) =>
      Promise.all(
        urls.map((u) =>
          cache.match(u).then((hit) => hit || fetch(u).then((r) => (r.ok ? cache.put(u, r) : undefined)).catch(() => undefined)),
        ),
      ),
    ),
  )
})

async function networkFirstNavigation(request) {
  const cache = await caches.open(SHELL_CACHE)
  try {
    const response = await fetch(request)
    const type = response.headers.get('content-type') || ''
    if (response.ok && type.includes('text/html')) await cache.put('/', response.clone())
    return response
  } catch (err) {
    const cached = await cache.match('/')
    if (cached) return cached
    throw err
  }
}

async function cacheFirstAsset(request) {
  const cache = await caches.open(ASSET_CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

async function shellFile(request) {
  const cache = await caches.open(SHELL_CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(request, response.clone())
    return response
  } catch (err) {
    const cached = await cache.match(request)
    if (cached) return cached
    throw err
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname === '/api') return
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstNavigation(request))
  } else if (isAsset(url)) {
    event.respondWith(cacheFirstAsset(request))
  } else if (SHELL_URLS.includes(url.pathname)) {
    event.respondWith(shellFile(request))
  }
})
