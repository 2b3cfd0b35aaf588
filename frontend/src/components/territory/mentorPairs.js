// Mentor pair edits: what changed in the form, and what a stale write is called.
import { ApiError } from '../../api.js'

export const PAIR_STALE_MESSAGE = 'Пару изменил другой пользователь — обновите страницу'

/** The message for a write made on an older copy of the pair (412), else ''. */
export function pairStaleMessage(error) {
  return error instanceof ApiError && (error.status === 412 || error.code === 'stale_revision') ? PAIR_STALE_MESSAGE : ''
}

/** Today as 'YYYY-MM-DD' in the user's time zone. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

const FIELDS = ['rationale', 'agreement_number', 'agreement_date', 'ends_on']

/**
 * The fields of the form that differ from the pair read. An emptied date is left out: the API keeps a
 * field that is not sent (a pair's end is removed by no edit, only moved).
 */
export function pairChanges(pair, form) {
  const changes = {}
  for (const field of FIELDS) {
    const value = typeof form[field] === 'string' ? form[field].trim() : form[field]
    const before = pair[field] ?? ''
    if (value === before) continue
    if (field.endsWith('_date') || field === 'ends_on') {
      if (value) changes[field] = value
    } else {
      changes[field] = value
    }
  }
  return changes
}
