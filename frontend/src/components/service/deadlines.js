// «Мои сроки»: loading the list with ETag revalidation and an offline copy in localStorage.
//
// The last list that arrived is kept per user (`opora.deadlines.<username>`), with its ETag and the
// time it was received. `loadDeadlines` sends If-None-Match when a copy exists (304 → the copy is
// still current) and falls back to the copy when the device is offline or the request fails.

import { ApiError, errorMessage } from '../../api.js'
import { deadlines } from '../../api/roadmap.js'

export const STORAGE_PREFIX = 'opora.deadlines.'
/** Rows a page brings (the API's largest page). */
export const PER_PAGE = 500

function storageKey(username) {
  return STORAGE_PREFIX + (username || 'anonymous')
}

export function readCache(username) {
  try {
    const raw = window.localStorage.getItem(storageKey(username))
    if (!raw) return null
    const data = JSON.parse(raw)
    return data && Array.isArray(data.items) ? data : null
  } catch {
    return null
  }
}

export function writeCache(username, data) {
  try {
    window.localStorage.setItem(storageKey(username), JSON.stringify(data))
  } catch {
    // storage full or unavailable: the list simply won't be available offline
  }
}

function isOffline() {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

/**
 * Load the caller's deadlines.
 * Resolves to { items, total, totalCapped, nextCursor, savedAt, stale, error } where `stale` is true when
 * the list shown is the stored copy because the server could not be reached (then `error` is the Russian
 * reason, if any). A large regional list is counted only up to a cap: then `total` is the cap and
 * `totalCapped` is true (say it with `totalLabel`); `nextCursor` is the next page's, if there is one.
 * Throws only when there is neither an answer nor a stored copy.
 */
export async function loadDeadlines({ username, days = 14, mine = false } = {}) {
  const cache = readCache(username)
  const sameQuery = cache && cache.days === days && !!cache.mine === !!mine
  if (isOffline()) {
    if (cache) return { ...cache, stale: true, error: null }
    throw new ApiError({ status: 0, code: 'network_error' })
  }
  const headers = {}
  if (sameQuery && cache.etag) headers['If-None-Match'] = cache.etag
  let response
  try {
    response = await deadlines({ days, mine: mine ? 'true' : undefined, per_page: PER_PAGE }, { headers, raw: true })
  } catch (err) {
    if (err instanceof ApiError && err.status === 304 && sameQuery) {
      const fresh = { ...cache, savedAt: new Date().toISOString() }
      writeCache(username, fresh)
      return { ...fresh, stale: false, error: null, notModified: true }
    }
    const offlineLike = err instanceof ApiError && (err.status === 0 || err.status >= 500)
    if (cache && offlineLike) return { ...cache, stale: true, error: errorMessage(err) }
    throw err
  }
  const body = await response.json()
  const data = {
    items: body.items || [],
    total: body.total ?? (body.items || []).length,
    totalCapped: !!body.total_capped,
    nextCursor: body.next_cursor || null,
    etag: response.headers.get('ETag'),
    savedAt: new Date().toISOString(),
    days,
    mine: !!mine,
  }
  writeCache(username, data)
  return { ...data, stale: false, error: null }
}

/** The next page of the list after `cursor` (the previous page's `next_cursor`): { items, nextCursor }. */
export async function loadMoreDeadlines(cursor, { days = 14, mine = false } = {}) {
  const body = await deadlines({ days, mine: mine ? 'true' : undefined, per_page: PER_PAGE, cursor })
  return { items: body?.items || [], nextCursor: body?.next_cursor || null }
}

/** A total as people read it: «1000+» when the API counted only up to its cap. */
export function totalLabel(total, capped = false) {
  return capped ? `${total}+` : String(total ?? 0)
}

const DAY_MS = 24 * 60 * 60 * 1000

function parseDate(iso) {
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number)
  return new Date(y, m - 1, d)
}

function mondayOf(date) {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate())
  const shift = (d.getDay() + 6) % 7
  d.setDate(d.getDate() - shift)
  return d
}

const dayMonth = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long' })

/** Russian date: «12 мая». */
export function formatDay(iso) {
  return dayMonth.format(parseDate(iso))
}

/** «Показаны данные на 12.05.2025, 14:30». */
export function formatSavedAt(iso) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return d.toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** «через 3 дня», «сегодня», «просрочено на 2 дня». */
export function daysLeftLabel(days) {
  const n = Math.abs(days)
  const mod10 = n % 10
  const mod100 = n % 100
  const word = mod10 === 1 && mod100 !== 11 ? 'день' : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? 'дня' : 'дней'
  if (days === 0) return 'сегодня'
  if (days === 1) return 'завтра'
  if (days < 0) return `просрочено на ${n} ${word}`
  return `через ${n} ${word}`
}

/**
 * Overdue items first (oldest first), then the rest grouped by calendar week (Monday to Sunday).
 * Returns [{ key, title, overdue, items }].
 */
export function groupDeadlines(items, today = new Date()) {
  const overdue = items.filter((i) => i.overdue).sort((a, b) => String(a.due).localeCompare(String(b.due)))
  const soon = items.filter((i) => !i.overdue).sort((a, b) => String(a.due).localeCompare(String(b.due)))
  const groups = []
  if (overdue.length) groups.push({ key: 'overdue', title: 'Просрочено', overdue: true, items: overdue })
  const thisMonday = mondayOf(today).getTime()
  const byWeek = new Map()
  for (const item of soon) {
    const monday = mondayOf(parseDate(item.due))
    const key = monday.toISOString().slice(0, 10)
    if (!byWeek.has(key)) {
      const weeks = Math.round((monday.getTime() - thisMonday) / (7 * DAY_MS))
      const sunday = new Date(monday.getTime() + 6 * DAY_MS)
      const range = `${dayMonth.format(monday)} — ${dayMonth.format(sunday)}`
      const title = weeks <= 0 ? 'Эта неделя' : weeks === 1 ? 'Следующая неделя' : `Неделя ${range}`
      byWeek.set(key, { key, title, range, overdue: false, items: [] })
    }
    byWeek.get(key).items.push(item)
  }
  return groups.concat([...byWeek.values()])
}

/**
 * A coordinator's view: one group per school (the territory's own activities first), and within it one
 * subgroup per plan section; overdue items first, then by due date. `names` maps school codes to names.
 * Returns [{ key, title, overdue, count, sections: [{ key, title, items }] }].
 */
export function groupBySchool(items, names = {}) {
  const order = (a, b) => Number(b.overdue) - Number(a.overdue) || String(a.due).localeCompare(String(b.due))
  const schools = new Map()
  for (const item of [...items].sort(order)) {
    const key = item.school_code || ''
    if (!schools.has(key)) {
      const title = key ? names[key] || `Школа ${key}` : 'Мероприятия территории'
      schools.set(key, { key: key || 'territory', title, overdue: 0, count: 0, sections: new Map() })
    }
    const school = schools.get(key)
    school.count += 1
    school.overdue += Number(!!item.overdue)
    const sectionKey = `${item.plan_id}:${item.section_number ?? ''}:${item.section_title ?? ''}`
    if (!school.sections.has(sectionKey)) {
      const number = item.section_number ? `${item.section_number}. ` : ''
      school.sections.set(sectionKey, { key: sectionKey, title: `${number}${item.section_title || 'Без раздела'}`, plan: item.plan_title, items: [] })
    }
    school.sections.get(sectionKey).items.push(item)
  }
  const groups = [...schools.values()].map((s) => ({ ...s, sections: [...s.sections.values()] }))
  return groups.sort((a, b) => (a.key === 'territory' ? -1 : b.key === 'territory' ? 1 : a.title.localeCompare(b.title, 'ru')))
}

/** Items left by the filters: status 'overdue' | 'soon' | '' and a school code ('' for all, '-' for the territory's). */
export function filterDeadlines(items, { status = '', school = '' } = {}) {
  return items.filter(
    (i) =>
      (!status || (status === 'overdue' ? i.overdue : !i.overdue)) &&
      (!school || (school === '-' ? !i.school_code : i.school_code === school)),
  )
}
