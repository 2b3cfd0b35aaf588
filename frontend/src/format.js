// Dates as people here write them: 02.09.2024, and 02.09.2024, 14:30 with the time.

/** «02.09.2024» for an ISO date or date-time; `empty` for nothing. */
export function formatDate(iso, empty = '') {
  if (!iso) return empty
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso))
  return m ? `${m[3]}.${m[2]}.${m[1]}` : String(iso)
}

/** «02.09.2024, 14:30» in the browser's time zone; `empty` for nothing. */
export function formatDateTime(iso, empty = '') {
  if (!iso) return empty
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return String(iso)
  return date.toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** The Russian plural form for a count: plural(4, 'школа', 'школы', 'школ') → 'школы'. */
export function plural(count, one, few, many) {
  const n = Math.abs(count) % 100
  const last = n % 10
  if (n >= 11 && n <= 14) return many
  if (last === 1) return one
  if (last >= 2 && last <= 4) return few
  return many
}

/** «1 школа», «3 школы», «5 школ»: the word alone. */
export const schoolsWord = (count) => plural(count, 'школа', 'школы', 'школ')

/** The count with its word: counted(4, 'школа', 'школы', 'школ') → «4 школы». */
export const counted = (count, one, few, many) => `${Number(count).toLocaleString('ru-RU')} ${plural(count, one, few, many)}`

/** «1 школа», «4 школы», «5 школ». */
export const schoolsCount = (count) => counted(count, 'школа', 'школы', 'школ')
