// Options for NamePicker: regions, municipalities and schools as {code, name, hint}.
import { school, searchSchools, suggestSchools } from '../../api/identification.js'

/** Regions of the `/identification/territories` answer. */
export const regionOptions = (territories) => (territories || []).map((r) => ({ code: r.code, name: r.name }))

/** Municipalities of every region, the region as the hint. */
export function municipalityOptions(territories) {
  return (territories || []).flatMap((r) =>
    (r.municipalities || []).map((m) => ({ code: m.code, name: m.name, hint: (territories.length > 1 && r.name) || '' })),
  )
}

const schoolOption = (s) => ({ code: s.school_code, name: s.short_name, hint: s.municipality_name || '' })

/** Schools whose name contains the text; when none does, the closest names (typos forgiven). */
export async function findSchools(text) {
  const hits = await searchSchools(text, { perPage: 20 })
  if (hits.length || text.trim().length < 3) return hits.map(schoolOption)
  const close = await suggestSchools(text, 8)
  return (close || []).map(schoolOption)
}

/** A school's name for a code the picker was handed without it. */
export async function nameSchool(code) {
  return schoolOption(await school(code))
}
