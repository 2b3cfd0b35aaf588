// Words and number formats of the territory screens (Обзор, Школы, карточка школы), and the pure logic
// behind their tables and charts (kept here so that unit tests can check it without a browser).

import { CATEGORIES, CATEGORY_LABELS } from '../../vocabulary.js'

export { STATUS_LABELS } from '../../vocabulary.js'

export { OUTCOME_LABELS, TREND_LABELS } from '../../vocabulary.js'
export { formatDate } from '../../format.js'
export const CATEGORY_ORDER = CATEGORIES
export const CATEGORY_SHORT = CATEGORY_LABELS




export const CATEGORY_COLORS = {
  low_results: '#b3261e',
  unfavourable_social: '#b26a00',
  risk_zone: '#d9a400',
  effective: '#1e7a45',
}

export const TREND_ORDER = ['entered', 'stayed', 'left', 'unchanged', 'new']


export const TREND_HEADINGS = {
  entered: 'Вошли в этом году',
  stayed: 'Остались',
  left: 'Вышли',
  unchanged: 'Без изменений',
  new: 'Впервые в расчёте',
}

export const SOURCE_LABELS = {
  approved: 'согласованный список',
  computed: 'расчёт без утверждения',
  none: 'нет расчёта',
}


export const SUBJECT_LABELS = {
  russian: 'русский язык',
  mathematics: 'математика',
}

export const LEVEL_LABELS = { high: 'высокий', medium: 'средний', low: 'низкий', none: 'нет' }

export const PLAN_STATUS_LABELS = { draft: 'проект', approved: 'утверждён', archived: 'в архиве' }

export function categoryLabel(code) {
  return CATEGORY_SHORT[code] || code
}

export function subjectLabel(code) {
  return SUBJECT_LABELS[code] || code
}

/** Previous school year: '2023-2024' → '2022-2023'. */
export function previousYear(year) {
  const m = /^(\d{4})-(\d{4})$/.exec(year || '')
  if (!m) return null
  return `${Number(m[1]) - 1}-${Number(m[2]) - 1}`
}


const numberFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 })

export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value !== 'number') return String(value)
  return numberFormat.format(value)
}

/** 0.2 → «20 %», null → «—». */
export function formatPercent(share, digits = 1) {
  if (share === null || share === undefined || Number.isNaN(share)) return '—'
  const f = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits })
  return `${f.format(share * 100)} %`
}

// ---- figures of a rule's explanation ---------------------------------------------------------------

const FIGURE_LABELS = {
  school_year: 'Учебный год',
  school_years: 'Учебные годы',
  procedure: 'Процедура',
  grade: 'Класс',
  subject: 'Предмет',
  participants: 'Участников',
  below_min: 'Ниже минимума',
  share: 'Доля',
  threshold: 'Порог',
  doubtful: 'Сомнительный результат',
  rows_over: 'Строк выше порога',
  rows_below: 'Строк с отставанием',
  rows_in_band: 'Строк в полосе',
  rows: 'Строк',
  composite: 'Средний результат',
  quantile: 'Квантиль',
  quantile_cut: 'Граница квантиля',
  schools_ranked: 'Школ в сравнении',
  scale: 'Шкала',
  value: 'Результат',
  regional_mean: 'Среднее по региону',
  difference: 'Разница, п. п.',
  gap: 'Допустимое отставание, п. п.',
  years_with_data: 'Лет с данными',
  pupils: 'Обучающихся',
  max_share: 'Наибольшая доля',
  index: 'Индекс',
  indicators: 'Показатели',
  indicators_present: 'Показателей есть',
  settlement_code: 'Населённый пункт',
  hard_to_reach: 'Труднодоступный',
  unemployment_share: 'Безработица',
  regional_average: 'Среднее по региону',
  factor: 'Множитель',
  change: 'Изменение',
  amplitude: 'Размах',
  direction_changed: 'Смена направления',
  decline: 'Порог снижения',
  amplitude_threshold: 'Порог размаха',
  lower: 'Нижняя граница',
  upper: 'Верхняя граница',
  count: 'Число рисков',
  levels: 'Уровни',
  min_risks: 'Порог',
  factors: 'Факторы',
}

const SHARE_KEYS = new Set([
  'share', 'threshold', 'lower', 'upper', 'quantile', 'max_share', 'decline', 'amplitude_threshold',
  'change', 'amplitude', 'unemployment_share', 'regional_average',
])

const SCALE_LABELS = { percent_of_max: '% от максимума', zscore: 'z-оценка' }

export function figureLabel(key) {
  return FIGURE_LABELS[key] || key
}

export function formatFigure(key, value) {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? 'да' : 'нет'
  if (key === 'subject') return subjectLabel(value)
  if (key === 'scale') return SCALE_LABELS[value] || value
  if (key === 'levels' && Array.isArray(value)) return value.map((v) => LEVEL_LABELS[v] || v).join(', ')
  if (typeof value === 'number') {
    if (SHARE_KEYS.has(key) || key.endsWith('_share')) return formatPercent(value, 2)
    return formatNumber(value)
  }
  if (Array.isArray(value)) {
    return value
      .map((v) => (v && typeof v === 'object' ? ('factor' in v ? `${v.factor} (${LEVEL_LABELS[v.level] || v.level})` : formatObject(v)) : String(v)))
      .join(', ')
  }
  if (typeof value === 'object') return formatObject(value)
  return String(value)
}

function formatObject(obj) {
  return Object.entries(obj)
    .map(([k, v]) => `${INDICATOR_LABELS[k] || figureLabel(k)}: ${formatFigure(k.endsWith('_share') ? 'share' : k, v)}`)
    .join('; ')
}

const INDICATOR_LABELS = {
  parents_higher_education_share: 'оба родителя с высшим образованием',
  unemployed_parents_share: 'безработные родители',
  deviant_behaviour_share: 'девиантное поведение',
  non_native_russian_share: 'русский язык не родной',
}

/** A rule's figures as a table: { columns: [{key, label}], rows: [[text…]] }. */
export function figureTable(figures) {
  const list = (figures || []).filter((f) => f && typeof f === 'object')
  const keys = []
  for (const f of list) for (const k of Object.keys(f)) if (!keys.includes(k)) keys.push(k)
  return {
    columns: keys.map((key) => ({ key, label: figureLabel(key) })),
    rows: list.map((f) => keys.map((k) => (k in f ? formatFigure(k, f[k]) : ''))),
  }
}

// ---- dashboard -----------------------------------------------------------------------------------

/** Stacked bars: categories by municipality. */
export function municipalityChartOption(dashboard) {
  const municipalities = dashboard?.municipalities || []
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: municipalities.map((m) => m.municipality_name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: CATEGORY_ORDER.map((code) => ({
      name: CATEGORY_SHORT[code],
      type: 'bar',
      stack: 'categories',
      itemStyle: { color: CATEGORY_COLORS[code] },
      label: { show: true, formatter: (p) => (p.value ? p.value : '') },
      data: municipalities.map((m) => m.categories?.[code] || 0),
    })),
  }
}

/** Status × change grid: rows per category, columns per trend present (in a stable order). */
export function trendGrid(statusTrend) {
  const grid = statusTrend || {}
  const present = new Set(Object.values(grid).flatMap((row) => Object.keys(row || {})))
  const trends = [...TREND_ORDER.filter((t) => present.has(t)), ...[...present].filter((t) => !TREND_ORDER.includes(t))]
  const categories = [...CATEGORY_ORDER.filter((c) => c in grid), ...Object.keys(grid).filter((c) => !CATEGORY_ORDER.includes(c))]
  const max = Math.max(0, ...categories.flatMap((c) => trends.map((t) => grid[c]?.[t] || 0)))
  return {
    trends,
    rows: categories.map((c) => ({
      category: c,
      cells: trends.map((t) => ({ trend: t, count: grid[c]?.[t] || 0 })),
      total: trends.reduce((sum, t) => sum + (grid[c]?.[t] || 0), 0),
    })),
    max,
  }
}

/** Change of a category count since last year: «+2», «−1», «0», '' when last year is unknown. */
export function delta(current, previous) {
  if (previous === null || previous === undefined) return ''
  const d = (current || 0) - previous
  if (d > 0) return `+${d}`
  if (d < 0) return `−${-d}`
  return '0'
}

// ---- school card ---------------------------------------------------------------------------------

/** Share below the minimum by year for each procedure and subject (summed over grades). */
export function failShareSeries(results) {
  const groups = new Map()
  const years = new Set()
  for (const r of results || []) {
    if (!r.participants) continue
    const key = `${r.procedure}, ${subjectLabel(r.subject)}`
    years.add(r.school_year)
    const byYear = groups.get(key) || new Map()
    const cell = byYear.get(r.school_year) || { below: 0, participants: 0 }
    cell.below += r.below_min || 0
    cell.participants += r.participants
    byYear.set(r.school_year, cell)
    groups.set(key, byYear)
  }
  const yearList = [...years].sort()
  return {
    years: yearList,
    series: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([name, byYear]) => ({
      name,
      data: yearList.map((y) => {
        const c = byYear.get(y)
        return c ? Math.round((c.below / c.participants) * 1000) / 10 : null
      }),
    })),
  }
}

export function failShareChartOption(results) {
  const { years, series } = failShareSeries(results)
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v} %`) },
    legend: { top: 0 },
    grid: { left: 8, right: 24, bottom: 8, top: 48, containLabel: true },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', name: '% ниже минимума', min: 0, max: (v) => Math.max(40, Math.ceil(v.max / 10) * 10) },
    series: [
      ...series.map((s) => ({ ...s, type: 'line', connectNulls: true, symbolSize: 8 })),
      {
        name: 'Порог 30 %',
        type: 'line',
        data: years.map(() => 30),
        lineStyle: { type: 'dashed', color: '#b3261e' },
        itemStyle: { color: '#b3261e' },
        symbol: 'none',
      },
    ],
  }
}

/** Results sorted for the table: year, procedure, subject, grade. */
export function sortedResults(results) {
  return [...(results || [])].sort(
    (a, b) =>
      String(b.school_year).localeCompare(String(a.school_year)) ||
      String(a.procedure).localeCompare(String(b.procedure), 'ru') ||
      String(a.subject).localeCompare(String(b.subject)) ||
      (a.grade || 0) - (b.grade || 0),
  )
}

/** 500+ profile as rows per factor with a level per year. */
export function riskProfileTable(profile, factors) {
  const years = [...new Set((profile || []).map((p) => p.school_year))].sort()
  const names = new Map()
  for (const f of factors || []) if (!names.has(f.number)) names.set(f.number, f.name)
  const numbers = [...new Set((profile || []).map((p) => p.factor))].sort((a, b) => a - b)
  return {
    years,
    rows: numbers.map((n) => ({
      factor: n,
      name: names.get(n) || `Фактор ${n}`,
      levels: years.map((y) => (profile.find((p) => p.factor === n && p.school_year === y) || {}).level || null),
    })),
  }
}

/** The year whose explanation the card shows first: the latest status with a run. */
export function defaultCardYear(statuses) {
  const withRun = (statuses || []).filter((s) => s.run_id)
  return (withRun.at(-1) || (statuses || []).at(-1) || {}).school_year || null
}

/** Rules of a run row in a readable order: fired first, then insufficient data, not fired, disabled. */
export function orderedRules(rules) {
  const rank = { fired: 0, insufficient_data: 1, not_fired: 2, disabled: 3 }
  return Object.entries(rules || {})
    .map(([id, rule]) => ({ id, ...rule }))
    .sort((a, b) => (rank[a.outcome] ?? 9) - (rank[b.outcome] ?? 9))
}
