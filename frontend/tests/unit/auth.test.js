import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests, logout, REFRESH_TOKEN_KEY, session, USER_KEY } from '../../src/auth.js'
import { notice } from '../../src/notice.js'
import { safeNext } from '../../src/redirect.js'
import { ADMIN, COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

beforeEach(() => {
  _resetForTests()
  localStorage.clear()
  notice.text = ''
})

describe('route guard', () => {
  it('sends anonymous users to the login page with the requested path', async () => {
    stubFetch(() => jsonResponse(500, {}))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/roadmaps?year=2024')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.next).toBe('/roadmaps?year=2024')
  })

  it('redirects non-admins away from /admin with a notice', async () => {
    const router = createAppRouter(createMemoryHistory())
    _setSessionForTests(COORDINATOR)
    await router.push('/admin')
    expect(router.currentRoute.value.name).toBe('dashboard')
    expect(notice.text).toContain('Администрирование')
  })

  it('lets the admin open /admin', async () => {
    const router = createAppRouter(createMemoryHistory())
    _setSessionForTests(ADMIN)
    await router.push('/admin')
    expect(router.currentRoute.value.name).toBe('admin')
  })

  it('restores the session from the stored refresh token on reload', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r-old')
    const fetch = stubFetch((url, init) => {
      if (url === '/api/auth/refresh') {
        expect(JSON.parse(init.body)).toEqual({ refresh_token: 'r-old' })
        return jsonResponse(200, { access_token: 'a2', token_type: 'bearer', expires_in: 900, refresh_token: 'r-new' })
      }
      if (url === '/api/auth/me') {
        expect(init.headers.Authorization).toBe('Bearer a2')
        return jsonResponse(200, COORDINATOR)
      }
      return jsonResponse(404, {})
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/data')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('data')
    expect(session.user.username).toBe('municipal_coordinator')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r-new')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('starts offline with the last signed-in user when the server cannot be reached', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r-kept')
    localStorage.setItem(USER_KEY, JSON.stringify(COORDINATOR))
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/deadlines')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('deadlines')
    expect(session.user.username).toBe('municipal_coordinator')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r-kept')
  })

  it('goes to the login page when the stored refresh token is rejected', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r-spent')
    stubFetch(() => jsonResponse(401, { code: 'invalid_refresh_token', detail: 'Сеанс завершён', fields: [] }))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/data')
    expect(router.currentRoute.value.name).toBe('login')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('accepts only same-origin paths after login', () => {
    expect(safeNext('/schools?x=1')).toBe('/schools?x=1')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext('//evil.example')).toBe('/')
    expect(safeNext('/login')).toBe('/')
    expect(safeNext(undefined)).toBe('/')
  })
})

describe('logout', () => {
  it('revokes the refresh token on the server and forgets the session', async () => {
    _setSessionForTests(COORDINATOR, 'a1')
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1')
    const fetch = stubFetch(() => new Response(null, { status: 204 }))
    await logout()
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/auth/logout')
    expect(init.headers.Authorization).toBe('Bearer a1')
    expect(JSON.parse(init.body)).toEqual({ refresh_token: 'r1' })
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    expect(session.user).toBeNull()
  })

  it('refreshes an expired access token to be able to revoke the session', async () => {
    _setSessionForTests(COORDINATOR, 'a-expired')
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r1')
    const fetch = stubFetch((url, init) => {
      if (url === '/api/auth/refresh') {
        return jsonResponse(200, { access_token: 'a2', token_type: 'bearer', expires_in: 900, refresh_token: 'r2' })
      }
      if (init.headers.Authorization === 'Bearer a2') return new Response(null, { status: 204 })
      return jsonResponse(401, { code: 'unauthorized', detail: 'Требуется вход', fields: [] })
    })
    await logout()
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/api/auth/logout', '/api/auth/refresh', '/api/auth/logout'])
    expect(JSON.parse(fetch.mock.calls[2][1].body)).toEqual({ refresh_token: 'r2' })
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })
})
