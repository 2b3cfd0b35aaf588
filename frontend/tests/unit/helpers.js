import { vi } from 'vitest'

/** A fetch Response with a JSON body. */
export function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** Stub global fetch with a function (url, init) => Response | Promise<Response>. */
export function stubFetch(handler) {
  const fn = vi.fn(async (url, init = {}) => handler(String(url), init))
  vi.stubGlobal('fetch', fn)
  return fn
}

/** A promise with its resolve/reject exposed. */
export function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const COORDINATOR = {
  id: 3,
  username: 'municipal_coordinator',
  full_name: 'Петрова Анна Сергеевна',
  role: 'municipal_coordinator',
  role_label: 'Муниципальный координатор',
  scope: { kind: 'municipality', region: '99', municipality: '99-01', schools: [] },
  territory_label: 'Заречный муниципальный район',
  is_client: false,
}

export const ADMIN = {
  ...COORDINATOR,
  id: 1,
  username: 'admin',
  full_name: 'Смирнов Игорь Владимирович',
  role: 'admin',
  role_label: 'Администратор',
  scope: { kind: 'all', region: null, municipality: null, schools: [] },
  territory_label: 'Все территории',
}
