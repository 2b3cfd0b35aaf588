// Session of the signed-in user.
//
// The access token lives in memory only; the refresh token is kept in localStorage so that a
// page reload (or a new tab) can restore the session: refresh → /auth/me. Refresh tokens are
// single-use (the server rotates them), so refreshes are serialised within a tab (one shared
// promise) and across tabs (Web Locks, where the browser has them).

import { reactive, readonly } from 'vue'
import { api, ApiError, configureApi } from './api.js'

export const REFRESH_TOKEN_KEY = 'opora.refresh_token'
export const USER_KEY = 'opora.user'
const LOCK_NAME = 'opora.refresh'

const state = reactive({
  user: null, // the /auth/me answer
  status: 'unknown', // 'unknown' until restore() ran, then 'authenticated' | 'anonymous'
})

let accessToken = null
let restorePromise = null
let refreshPromise = null

export const session = readonly(state)

function readStoredRefreshToken() {
  try {
    return window.localStorage.getItem(REFRESH_TOKEN_KEY)
  } catch {
    return null
  }
}

function storeRefreshToken(token) {
  try {
    if (token) window.localStorage.setItem(REFRESH_TOKEN_KEY, token)
    else window.localStorage.removeItem(REFRESH_TOKEN_KEY)
  } catch {
    // storage unavailable (private mode): the session just won't survive a reload
  }
}

function applyTokens(tokens) {
  accessToken = tokens.access_token
  storeRefreshToken(tokens.refresh_token)
}

export function getAccessToken() {
  return accessToken
}

export function isAuthenticated() {
  return state.status === 'authenticated' && !!state.user
}

export function hasRole(...roles) {
  return !!state.user && roles.includes(state.user.role)
}

/** Forget everything about the session locally (no server call). */
export function clearSession() {
  accessToken = null
  storeRefreshToken(null)
  try {
    window.localStorage.removeItem(USER_KEY)
  } catch {
    // storage unavailable
  }
  state.user = null
  state.status = 'anonymous'
}

async function loadMe() {
  state.user = await api.get('/auth/me')
  state.status = 'authenticated'
  try {
    window.localStorage.setItem(USER_KEY, JSON.stringify(state.user))
  } catch {
    // storage unavailable: no offline start
  }
  return state.user
}

/** Sign in with username and password. Throws ApiError with a Russian `detail` on failure. */
export async function login(username, password) {
  const tokens = await api.post('/auth/token', {
    form: { grant_type: 'password', username, password },
    auth: false,
  })
  applyTokens(tokens)
  try {
    return await loadMe()
  } catch (err) {
    clearSession()
    throw err
  }
}

async function refreshOnce() {
  const token = readStoredRefreshToken()
  if (!token) return false
  try {
    const tokens = await api.post('/auth/refresh', { json: { refresh_token: token }, auth: false })
    applyTokens(tokens)
    return true
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 400 || err.status === 422)) {
      // Another tab may have rotated the token meanwhile: only drop it if it is still ours.
      if (readStoredRefreshToken() === token) storeRefreshToken(null)
      accessToken = null
      return false
    }
    throw err
  }
}

/**
 * Get a new access token with the stored refresh token. Returns true on success, false when the
 * session is over (no or invalid refresh token). Network/server errors are thrown.
 */
export function refreshTokens() {
  if (!refreshPromise) {
    const run = () => refreshOnce()
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
    refreshPromise = (locks?.request ? locks.request(LOCK_NAME, run) : run()).finally(() => {
      refreshPromise = null
    })
  }
  return refreshPromise
}

/**
 * Restore the session once per page load (called by the router before the first navigation).
 * Resolves when `session.status` is known.
 */
export function restoreSession() {
  if (!restorePromise) {
    restorePromise = (async () => {
      if (state.status !== 'unknown') return
      try {
        if (await refreshTokens()) {
          await loadMe()
          return
        }
      } catch (err) {
        // No network: start with the last signed-in user (the refresh token is kept; the first request
        // once online refreshes the access token). Other failures fall through to the login page.
        if (err instanceof ApiError && err.status === 0 && readStoredRefreshToken()) {
          try {
            const user = JSON.parse(window.localStorage.getItem(USER_KEY) || 'null')
            if (user) {
              state.user = user
              state.status = 'authenticated'
              return
            }
          } catch {
            // unreadable snapshot: sign in again
          }
        }
      }
      accessToken = null
      state.user = null
      state.status = 'anonymous'
    })()
  }
  return restorePromise
}

/** Sign out on the server (best effort) and locally. */
export async function logout() {
  // Bearer set by hand: the generic 401 handling would refresh and then redirect, but here a
  // refresh is only wanted to be able to revoke the session (an expired access token).
  const revoke = () =>
    api.post('/auth/logout', {
      json: { refresh_token: readStoredRefreshToken() },
      auth: false,
      headers: { Authorization: `Bearer ${accessToken}` },
    })
  try {
    if (readStoredRefreshToken()) {
      try {
        await revoke()
      } catch (err) {
        if (err instanceof ApiError && err.status === 401 && (await refreshTokens())) await revoke()
        else throw err
      }
    }
  } catch {
    // the local session is cleared anyway
  } finally {
    clearSession()
  }
}

/** Sign this tab out when another tab signs out (its refresh token disappears). */
export function watchOtherTabs(onSignedOut) {
  window.addEventListener('storage', (event) => {
    if (event.key === REFRESH_TOKEN_KEY && !event.newValue && isAuthenticated()) {
      accessToken = null
      state.user = null
      state.status = 'anonymous'
      onSignedOut()
    }
  })
}

// Every API request carries the access token and refreshes the session on a 401. What happens when
// the session is gone for good (redirect to the login page) is wired up in main.js.
configureApi({ getAccessToken, refresh: refreshTokens })

/** For tests: reset module state. */
export function _resetForTests() {
  configureApi({ getAccessToken, refresh: refreshTokens, onUnauthorized: null })
  accessToken = null
  restorePromise = null
  refreshPromise = null
  state.user = null
  state.status = 'unknown'
}

/** For tests and special cases: set the signed-in user directly. */
export function _setSessionForTests(user, token = 'test-token') {
  accessToken = token
  state.user = user
  state.status = user ? 'authenticated' : 'anonymous'
}
