// The one source of school years for every year picker: `/api/identification/school-years` lists the years
// that have data (newest first), the latest of them (the default choice) and today's school year.
import { api } from './api.js'

let pending = null

/** Today's school year by the calendar: September starts the next one. */
export function calendarSchoolYear(today = new Date()) {
  const start = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1
  return `${start}-${start + 1}`
}

/** The years a picker offers: those with data, plus today's (and the next) when a picker plans ahead. */
export function pickerYears(answer, { ahead = false } = {}) {
  const years = (answer?.years || []).map((y) => y.school_year)
  if (ahead && answer?.current) {
    const [a] = answer.current.split('-').map(Number)
    years.push(answer.current, `${a + 1}-${a + 2}`)
  }
  return [...new Set(years)].sort().reverse()
}

/**
 * Resolves to { years, ahead, latest, current, details } (`ahead`: with today's and the next year, for
 * pickers that plan) — asked once per session. Never rejects: without an answer
 * the picker offers today's year only, so a screen still opens.
 */
export function loadSchoolYears() {
  if (!pending) {
    pending = api
      .get('/identification/school-years')
      .then((answer) => ({
        years: pickerYears(answer),
        ahead: pickerYears(answer, { ahead: true }),
        latest: answer.latest || answer.current,
        current: answer.current,
        details: answer.years || [],
      }))
      .catch(() => {
        pending = null
        const current = calendarSchoolYear()
        return { years: [current], ahead: [current], latest: current, current, details: [] }
      })
  }
  return pending
}

/** For tests, and after an import or a run adds a year. */
export function resetSchoolYears() {
  pending = null
}
