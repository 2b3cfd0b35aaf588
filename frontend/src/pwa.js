// Installable app («Опора» on the phone's home screen) and the offline shell: registers public/sw.js.
// Only in production builds — in development the worker would serve stale modules to Vite.

function loadedAssetUrls() {
  const urls = new Set()
  for (const entry of performance.getEntriesByType?.('resource') || []) urls.add(entry.name)
  document.querySelectorAll('script[src], link[rel="stylesheet"][href], link[rel="modulepreload"][href]').forEach((el) => {
    urls.add(el.src || el.href)
  })
  return [...urls].filter((u) => {
    try {
      const url = new URL(u, location.origin)
      return url.origin === location.origin && url.pathname.startsWith('/assets/')
    } catch {
      return false
    }
  })
}

/** The phone's screens that must open offline (screens load lazily): fetched after the first screen, so
 * that their chunks are among the assets the worker keeps. */
function loadOfflineScreens() {
  return Promise.all([
    import('./views/DeadlinesView.vue'),
    import('./views/ActivityView.vue'),
    import('./views/PlanView.vue'),
  ]).catch(() => [])
}

export async function registerServiceWorker() {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' })
  await loadOfflineScreens()
  const ready = await navigator.serviceWorker.ready
  const worker = ready.active || registration.active
  worker?.postMessage({ type: 'cache-urls', urls: loadedAssetUrls() })
  return registration
}

if (import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
  const start = () => registerServiceWorker().catch(() => {
    // no offline shell (private mode, blocked by policy): the app works online as before
  })
  if (document.readyState === 'complete') start()
  else window.addEventListener('load', start, { once: true })
}
