// The school years the territory screens offer, and the latest one with an approved list (asked once).
import { api } from '../../api.js'
import { YEARS, latestYearWithData, yearOptions } from './format.js'

let pending = null

/** Resolves to { years, latest }. Never rejects: without an answer the fixed list is used. */
export function loadYears() {
  if (!pending) {
    pending = api
      .get('/identification/runs', { query: { status: 'approved', per_page: 100 } })
      .then((page) => {
        const runs = page?.items || []
        const years = yearOptions(runs.map((r) => r.school_year))
        return { years, latest: latestYearWithData(runs, years) }
      })
      .catch(() => {
        pending = null
        return { years: yearOptions(), latest: YEARS.at(-1) }
      })
  }
  return pending
}

/** For tests. */
export function _resetYears() {
  pending = null
}
