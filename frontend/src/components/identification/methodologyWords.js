// The methodology's parameters in the words of the people who set them: subjects by name, «или»/«и»,
// shares as percentages. The API keeps its codes and fractions; these turn them into text and back.
import { RISK_LEVEL_NAMES, SUBJECT_NAMES } from '../../vocabulary.js'

/** Parameters that are shares 0..1 in the API and percentages on the screen. */
export const PERCENT_PARAMS = new Set([
  'fail_share_30.threshold',
  'bottom_quartile.quantile',
  'olympiad_share.max_share',
  'social_index_bottom_quartile.quantile',
  'unstable_results.decline',
  'unstable_results.amplitude',
  'near_threshold.lower',
  'near_threshold.upper',
  'objectivity.vpr_lowered_share',
  'objectivity.vpr_raised_share',
])

const OBJECTIVITY_FLAGS = {
  vpr_lowered: 'отметки ВПР ниже отметок за период',
  vpr_raised: 'отметки ВПР выше отметок за период',
  above_regional_mean: 'намного выше среднего по региону',
}

/** List parameters whose items are codes with Russian names. */
const LIST_WORDS = { subjects: SUBJECT_NAMES, levels: RISK_LEVEL_NAMES, doubtful_flags: OBJECTIVITY_FLAGS }

/** The Russian words of enum values (by value; the same code means the same thing in every rule). */
export const ENUM_WORDS = {
  or: 'или',
  and: 'и',
  same: 'та же процедура',
  any: 'любые процедуры',
  different: 'разные процедуры',
  percent_of_max: 'процент от максимального балла',
  zscore: 'z-оценка внутри территории',
  score: 'баллы',
  minmax: 'от минимума до максимума (0–1)',
  none: 'без нормировки',
  pupil_years: 'сумма обучающихся за все годы',
  latest_pupils: 'обучающиеся последнего года',
  higher: 'лучше больше',
  lower: 'лучше меньше',
}

/** The social index's indicators by name. */
export const WEIGHT_WORDS = {
  parents_higher_education_share: 'оба родителя с высшим образованием',
  unemployed_parents_share: 'безработные родители',
  deviant_behaviour_share: 'девиантное поведение',
  non_native_russian_share: 'русский язык не родной',
}

export const enumWord = (value) => ENUM_WORDS[value] || value
export const isPercent = (ruleKey, paramKey) => PERCENT_PARAMS.has(`${ruleKey}.${paramKey}`)

const round = (n) => Math.round(n * 1e8) / 1e8

/** 0.3 → «30»: the percentage typed in the form. */
export function toPercentText(value) {
  if (typeof value !== 'number') return value
  return String(round(value * 100)).replace('.', ',')
}

/** «30» or «30 %» or «30,5» → 0.3 / 0.305; anything else is returned as typed (the server says what is wrong). */
export function fromPercentText(text) {
  if (typeof text === 'number') return round(text / 100)
  const clean = String(text ?? '').replace(/[\s%]/g, '').replace(',', '.')
  if (clean === '') return null
  const n = Number(clean)
  return Number.isFinite(n) ? round(n / 100) : text
}

/** ['russian', 'mathematics'] → «русский язык, математика». */
export function listToText(paramKey, items) {
  const words = LIST_WORDS[paramKey]
  return (items || []).map((item) => (words && words[item]) || item).join(', ')
}

/** «Русский язык, математика» → ['russian', 'mathematics'] (names or codes, any case). */
export function textToList(paramKey, text) {
  if (Array.isArray(text)) return text
  const words = LIST_WORDS[paramKey]
  const byName = words ? Object.fromEntries(Object.entries(words).map(([code, name]) => [name.toLowerCase(), code])) : {}
  return String(text ?? '')
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => byName[item.toLowerCase().replace(/ё/g, 'е')] || byName[item.toLowerCase()] || item)
}

/** A share as people read it: 0.3 → «30 %». */
export function percent(value) {
  if (typeof value !== 'number') return String(value ?? '—')
  return `${toPercentText(value)} %`
}
