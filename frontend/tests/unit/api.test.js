import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, configureApi, errorFromBody, errorMessage, parseErrorResponse } from '../../src/api.js'
import { jsonResponse, stubFetch } from './helpers.js'

afterEach(() => {
  configureApi({ getAccessToken: () => null, refresh: null, onUnauthorized: null })
})

describe('error parsing', () => {
  it('reads the gateway error shape {code, detail, fields}', async () => {
    const error = await parseErrorResponse(
      jsonResponse(401, { code: 'invalid_credentials', detail: 'Неверное имя пользователя или пароль', fields: [] }),
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(Error)
    expect(error.status).toBe(401)
    expect(error.code).toBe('invalid_credentials')
    expect(error.detail).toBe('Неверное имя пользователя или пароль')
    expect(error.message).toBe('Неверное имя пользователя или пароль')
    expect(error.fields).toEqual([])
  })

  it('keeps field errors', () => {
    const fields = [{ field: 'password', message: 'Обязательное поле' }]
    const error = errorFromBody(422, { code: 'validation_error', detail: 'Проверьте поля', fields })
    expect(error.fields).toEqual(fields)
    expect(error.detail).toBe('Проверьте поля')
  })

  it("turns FastAPI's default validation list into fields and a Russian message", () => {
    const error = errorFromBody(422, {
      detail: [{ loc: ['body', 'username'], msg: 'Field required', type: 'missing' }],
    })
    expect(error.code).toBe('validation_error')
    expect(error.fields).toEqual([{ field: 'username', message: 'Field required' }])
    expect(error.detail).toBe('Проверьте правильность заполнения полей.')
  })

  it('gives a Russian message for a non-JSON error page', async () => {
    const error = await parseErrorResponse(new Response('<html>Bad gateway</html>', { status: 502 }))
    expect(error.status).toBe(502)
    expect(error.code).toBe('server_error')
    expect(error.detail).toMatch(/временно недоступен/)
    expect(error.body).toBeNull()
  })

  it('reports a network failure as status 0', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const error = await api.get('/health', { auth: false }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.code).toBe('network_error')
    expect(errorMessage(error)).toMatch(/Нет связи с сервером/)
  })

  it('gives a generic message for non-API errors', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toMatch(/непредвиденная ошибка/)
  })
})

describe('requests', () => {
  it('prefixes /api, adds the bearer token and parses JSON', async () => {
    configureApi({ getAccessToken: () => 'tok-1' })
    const fetch = stubFetch(() => jsonResponse(200, { ok: true }))
    const result = await api.get('/schools', { query: { year: 2024, q: '', tags: ['a', 'b'] } })
    expect(result).toEqual({ ok: true })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/schools?year=2024&tags=a&tags=b')
    expect(init.headers.Authorization).toBe('Bearer tok-1')
  })

  it('sends form bodies url-encoded and JSON bodies as JSON', async () => {
    const fetch = stubFetch(() => new Response(null, { status: 204 }))
    expect(await api.post('/auth/token', { form: { username: 'a b', password: 'п' }, auth: false })).toBeNull()
    expect(fetch.mock.calls[0][1].headers['Content-Type']).toBe('application/x-www-form-urlencoded')
    expect(fetch.mock.calls[0][1].body).toBe('username=a+b&password=%D0%BF')
    expect(fetch.mock.calls[0][1].headers.Authorization).toBeUndefined()
    await api.post('/auth/refresh', { json: { refresh_token: 'r' }, auth: false })
    expect(fetch.mock.calls[1][1].headers['Content-Type']).toBe('application/json')
    expect(fetch.mock.calls[1][1].body).toBe('{"refresh_token":"r"}')
  })

  it('on a 401 refreshes once and repeats the request', async () => {
    let token = 'old'
    const refresh = vi.fn(async () => {
      token = 'new'
      return true
    })
    configureApi({ getAccessToken: () => token, refresh, onUnauthorized: vi.fn() })
    const fetch = stubFetch((url, init) =>
      init.headers.Authorization === 'Bearer new'
        ? jsonResponse(200, { id: 1 })
        : jsonResponse(401, { code: 'token_expired', detail: 'Срок действия токена истёк', fields: [] }),
    )
    expect(await api.get('/auth/me')).toEqual({ id: 1 })
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('hands over to the unauthorised handler when the refresh fails', async () => {
    const onUnauthorized = vi.fn()
    configureApi({ getAccessToken: () => 'old', refresh: async () => false, onUnauthorized })
    stubFetch(() => jsonResponse(401, { code: 'unauthorized', detail: 'Требуется вход', fields: [] }))
    const error = await api.get('/auth/me').catch((e) => e)
    expect(error.status).toBe(401)
    expect(error.detail).toBe('Требуется вход')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('does not refresh for requests without auth', async () => {
    const refresh = vi.fn(async () => true)
    configureApi({ refresh })
    stubFetch(() => jsonResponse(401, { code: 'invalid_credentials', detail: 'Неверно', fields: [] }))
    await expect(api.post('/auth/token', { form: {}, auth: false })).rejects.toMatchObject({ status: 401 })
    expect(refresh).not.toHaveBeenCalled()
  })
})
