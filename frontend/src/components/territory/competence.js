// The school card's «5К» block: levels by the card's thresholds, raters' disagreement, change between stages.

/** The level of a percent by the card's levels (highest `from_percent` first): { code, label } or null. */
export function levelOf(percent, levels) {
  if (percent === null || percent === undefined) return null
  const sorted = [...(levels || [])].sort((a, b) => b.from_percent - a.from_percent)
  return sorted.find((l) => percent >= l.from_percent) || null
}

/** «12,5 %» or «—». */
export function pct(value, digits = 1) {
  if (value === null || value === undefined) return '—'
  return `${(Math.round(value * 10 ** digits) / 10 ** digits).toString().replace('.', ',')} %`
}

/** A change in percentage points with its sign: «+4,2 п.п.», «−3 п.п.». */
export function pointsChange(value) {
  if (value === null || value === undefined) return '—'
  const rounded = Math.round(value * 10) / 10
  const text = Math.abs(rounded).toString().replace('.', ',')
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${text} п.п.`
}

function mean(values) {
  const known = values.filter((v) => v !== null && v !== undefined)
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null
}

/** Self-assessment minus the other raters, averaged over the school's teachers: { overall, [code]: value }. */
export function disagreement(teachers, schoolCode) {
  const own = (teachers || []).filter((t) => t.school_code === schoolCode)
  const result = { overall: mean(own.map((t) => t.overall?.self_minus_others)), teachers: own.length }
  const codes = new Set(own.flatMap((t) => t.competences.map((c) => c.code)))
  for (const code of codes) result[code] = mean(own.map((t) => t.competences.find((c) => c.code === code)?.self_minus_others))
  return result
}

/** The rows of the profile table: one per competence, with the level, the critical share and its change. */
export function profileRows(result, levels, gaps = {}) {
  return (result?.deficits || []).map((d) => ({
    code: d.code,
    title: d.title,
    mean: d.mean_percent,
    level: levelOf(d.mean_percent, levels),
    criticalShare: d.critical_share,
    critical: d.critical,
    teachers: d.teachers,
    change:
      d.previous_critical_share === null || d.previous_critical_share === undefined || d.critical_share === null
        ? null
        : (d.critical_share - d.previous_critical_share) * 100,
    gap: gaps[d.code] ?? null,
  }))
}
