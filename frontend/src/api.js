// Client for the Opora gateway API. Every screen talks to the server through this module.
//
//   import { api, ApiError } from '@/api.js'
//   const schools = await api.get('/schools', { query: { year: 2024 } })
//   await api.post('/imports', { json: {...} })        // JSON body
//   await api.post('/auth/token', { form: {...} })     // form-urlencoded body
//   await api.post('/files', { body: formData })       // any BodyInit (FormData, Blob…)
//
// Requests go to `/api` + path with the bearer token of the signed-in user. A failed response
// becomes an ApiError with `.status`, `.code`, `.detail` (a Russian message to show to the
// user), `.fields` and the parsed `.body`. On a 401 the client refreshes the session once and
// repeats the request; if that fails too it hands over to the unauthorised handler (sign-out and
// redirect to the login page, wired up in main.js).

export const API_BASE = '/api'

const STATUS_MESSAGES = {
  0: 'Нет связи с сервером. Проверьте подключение к сети и повторите попытку.',
  400: 'Запрос не может быть выполнен.',
  401: 'Требуется вход в систему.',
  403: 'Недостаточно прав для этого действия.',
  404: 'Запрошенные данные не найдены.',
  409: 'Данные были изменены другим пользователем. Обновите страницу.',
  413: 'Файл слишком большой.',
  422: 'Проверьте правильность заполнения полей.',
  429: 'Слишком много запросов. Повторите попытку позже.',
  500: 'Внутренняя ошибка сервера. Повторите попытку позже.',
  502: 'Сервис временно недоступен. Повторите попытку позже.',
  503: 'Сервис временно недоступен. Повторите попытку позже.',
  504: 'Сервер не ответил вовремя. Повторите попытку позже.',
}

/** Generic Russian message for an HTTP status (used when the server sent no `detail`). */
export function messageForStatus(status) {
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status]
  if (status >= 500) return STATUS_MESSAGES[500]
  return 'Не удалось выполнить запрос.'
}

export class ApiError extends Error {
  constructor({ status = 0, code = 'error', detail, fields = [], body = null } = {}) {
    const text = detail || messageForStatus(status)
    super(text)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = text
    this.fields = fields
    this.body = body
  }
}

/** Turn FastAPI's default validation list ({loc, msg, type}) into {field, message} items. */
function fieldsFromValidationList(items) {
  return items.map((item) => {
    const loc = Array.isArray(item?.loc) ? item.loc.filter((p) => p !== 'body' && p !== 'query') : []
    return { field: loc.join('.'), message: String(item?.msg ?? '') }
  })
}

/**
 * Build an ApiError from a parsed error body. The gateway answers `{code, detail, fields}`;
 * anything else (a proxy's HTML page, FastAPI's `{detail: [...]}`) still yields a usable error.
 */
export function errorFromBody(status, body) {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    let { code, detail, fields } = body
    if (Array.isArray(detail)) {
      fields = fields && fields.length ? fields : fieldsFromValidationList(detail)
      detail = undefined
    } else if (detail != null && typeof detail !== 'string') {
      detail = undefined
    }
    return new ApiError({
      status,
      code: typeof code === 'string' && code ? code : defaultCode(status),
      detail,
      fields: Array.isArray(fields) ? fields : [],
      body,
    })
  }
  return new ApiError({ status, code: defaultCode(status), body })
}

function defaultCode(status) {
  if (status === 0) return 'network_error'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 422) return 'validation_error'
  if (status === 429) return 'too_many_requests'
  if (status >= 500) return 'server_error'
  return 'http_error'
}

/** Read a fetch Response that is not ok and return the ApiError for it. */
export async function parseErrorResponse(response) {
  let body = null
  const text = await response.text().catch(() => '')
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = null
    }
  }
  return errorFromBody(response.status, body)
}

// ---- authentication hooks (set by the auth store) ---------------------------------------------

const hooks = {
  getAccessToken: () => null,
  refresh: null, // async () => boolean: true when a new access token is available
  onUnauthorized: null, // () => void: session is gone, go to the login page
}

export function configureApi(options) {
  Object.assign(hooks, options)
}

// ---- requests ----------------------------------------------------------------------------------

function buildUrl(path, query) {
  let url = API_BASE + (path.startsWith('/') ? path : `/${path}`)
  if (query) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue
      if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)))
      else params.append(key, String(value))
    }
    const qs = params.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

async function parseSuccess(response) {
  if (response.status === 204 || response.status === 205) return null
  const type = response.headers.get('content-type') || ''
  if (type.includes('application/json') || type.includes('+json')) {
    const text = await response.text()
    return text ? JSON.parse(text) : null
  }
  if (type.startsWith('text/')) return response.text()
  return response.blob()
}

/**
 * Perform a request against the API.
 * @param {string} path path under /api, e.g. '/auth/me'
 * @param {object} [options]
 * @param {string} [options.method='GET']
 * @param {object} [options.query] query-string parameters (undefined/null/'' are dropped)
 * @param {any} [options.json] body sent as JSON
 * @param {object} [options.form] body sent as application/x-www-form-urlencoded
 * @param {BodyInit} [options.body] raw body (FormData, Blob, …)
 * @param {boolean} [options.auth=true] send the bearer token and handle 401 by refreshing
 * @param {boolean} [options.raw=false] return the Response instead of the parsed body
 * @param {object} [options.headers]
 * @param {AbortSignal} [options.signal]
 */
export async function request(path, options = {}) {
  const { method = 'GET', query, json, form, body, auth = true, raw = false, headers = {}, signal } = options
  const url = buildUrl(path, query)

  const send = async () => {
    const init = { method, headers: { Accept: 'application/json', ...headers }, signal }
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(json)
    } else if (form !== undefined) {
      init.headers['Content-Type'] = 'application/x-www-form-urlencoded'
      init.body = new URLSearchParams(form).toString()
    } else if (body !== undefined) {
      init.body = body
    }
    const token = auth ? hooks.getAccessToken() : null
    if (token) init.headers.Authorization = `Bearer ${token}`
    try {
      return await fetch(url, init)
    } catch (err) {
      if (err?.name === 'AbortError') throw err
      throw new ApiError({ status: 0, code: 'network_error' })
    }
  }

  let response = await send()
  if (response.status === 401 && auth && hooks.refresh) {
    let refreshed = false
    try {
      refreshed = await hooks.refresh()
    } catch {
      refreshed = false
    }
    if (refreshed) response = await send()
    if (response.status === 401) {
      const error = await parseErrorResponse(response)
      hooks.onUnauthorized?.()
      throw error
    }
  }
  if (!response.ok) throw await parseErrorResponse(response)
  return raw ? response : parseSuccess(response)
}

export const api = {
  request,
  get: (path, options) => request(path, { ...options, method: 'GET' }),
  post: (path, options) => request(path, { ...options, method: 'POST' }),
  put: (path, options) => request(path, { ...options, method: 'PUT' }),
  patch: (path, options) => request(path, { ...options, method: 'PATCH' }),
  delete: (path, options) => request(path, { ...options, method: 'DELETE' }),
}

/** The message to show a person for any thrown value. */
/** The If-Match header of a read revision: a write made on an older copy answers 412 `stale_revision`. */
export const ifMatch = (revision) => (revision == null ? {} : { 'If-Match': `"${revision}"` })

export function errorMessage(error) {
  if (error instanceof ApiError) return error.detail
  return 'Произошла непредвиденная ошибка. Повторите попытку.'
}
