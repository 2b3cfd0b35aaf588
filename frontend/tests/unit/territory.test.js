import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { resetSchoolYears } from '../../src/schoolYears.js'
import SchoolsView from '../../src/views/SchoolsView.vue'
import SchoolCardView from '../../src/views/SchoolCardView.vue'
import DashboardView from '../../src/views/DashboardView.vue'
import {
  delta,
  failShareSeries,
  figureTable,
  formatPercent,
  municipalityChartOption,
  orderedRules,
  previousYear,
  riskProfileTable,
  trendGrid,
} from '../../src/components/territory/format.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

// ---- fixtures (shapes as the identification and roadmap services answer) -------------------------

/** `/identification/school-years` for the years of these runs. */
function yearsOf(runs) {
  const years = [...new Set(runs.map((r) => r.school_year))].sort().reverse()
  const details = years.map((y) => ({ school_year: y, schools_with_results: 11, runs: 1, approved: true }))
  return { current: '2025-2026', latest: years[0] || null, years: details }
}

const RUN_2024 = { id: 3, school_year: '2023-2024', territory_code: '99', status: 'approved', order_number: '301-од', order_date: '2023-09-04' }
const RUN_2023 = { id: 2, school_year: '2022-2023', territory_code: '99', status: 'approved', order_number: '245-од', order_date: '2022-09-05' }

const LABELS = { low_results: 'ШНОР — школа с низкими образовательными результатами', unfavourable_social: 'ШНСУ', risk_zone: 'Зона риска', effective: 'Эффективный режим' }

function dashboard(year, categories, runs) {
  return {
    school_year: year,
    schools: 11,
    categories,
    category_labels: LABELS,
    insufficient_data: 0,
    not_identified: 0,
    status_trend: { low_results: { stayed: 5 }, risk_zone: { entered: 1, stayed: 1 } },
    municipalities: [{ municipality_code: '99-01', municipality_name: 'Таёжный муниципальный район', schools: 11, with_results: 11, categories }],
    approved_runs: runs,
  }
}

const SCHOOL = {
  school_code: '9901006',
  short_name: 'МБОУ ООШ д. Красные Горки',
  full_name: 'Муниципальное бюджетное общеобразовательное учреждение «ООШ д. Красные Горки»',
  municipality_code: '99-01',
  municipality_name: 'Таёжный муниципальный район',
  settlement_name: 'Красные Горки',
  legal_form: 'МБОУ',
  kind: 'ООШ',
  rural: true,
  small: true,
  hard_to_reach: false,
  roles: [],
  pupils: 27,
  teachers: 7,
  aliases: ['Краснogорская ООШ'],
}

const HISTORY = {
  school_code: '9901006',
  school_name: SCHOOL.short_name,
  statuses: [
    { school_year: '2022-2023', categories: ['low_results'], source: 'approved', run_id: 2, order_number: '245-од', order_date: '2022-09-05', insufficient_data: true, trend: 'new', fired_rules: [{ id: 'fail_share_30', label: 'Доля участников ниже минимального порога', reason: '…' }], warnings: [], objectivity_flags: [] },
    { school_year: '2023-2024', categories: ['low_results', 'risk_zone'], source: 'approved', run_id: 3, order_number: '301-од', order_date: '2023-09-04', insufficient_data: false, trend: 'stayed', fired_rules: [], warnings: [], objectivity_flags: [{ code: 'vpr_raised', detail: 'ВПР: доля повысивших отметку 40 %' }] },
  ],
  results: [
    { school_year: '2022-2023', procedure: 'ВПР', subject: 'mathematics', grade: 5, participants: 6, below_min: 3, mean_score: 9.1, max_score: 20 },
    { school_year: '2023-2024', procedure: 'ВПР', subject: 'mathematics', grade: 5, participants: 5, below_min: 1, mean_score: 11, max_score: 20 },
  ],
  risk_profile: [
    { school_year: '2023-2024', factor: 1, level: 'medium' },
    { school_year: '2023-2024', factor: 10, level: 'high' },
  ],
  vpr_objectivity: [],
}

const RUN_ROW = {
  school_code: '9901006',
  run_id: 3,
  school_year: '2023-2024',
  categories: ['low_results', 'risk_zone'],
  final_categories: ['low_results', 'risk_zone'],
  overridden: false,
  risk_count: 3,
  fail_share: 0.2,
  trend_change: -0.3,
  warnings: [{ code: 'small_sample', detail: 'Не использованы из-за малого числа участников' }],
  overrides: [],
  rules: {
    fail_share_30: { outcome: 'not_fired', category: 'low_results', label: 'Доля участников ниже минимального порога', reason: 'нужно не менее 2 разных процедур', figures: [{ school_year: '2023-2024', procedure: 'ВПР', subject: 'russian', participants: 5, below_min: 1, share: 0.2, threshold: 0.3 }], parameters: {} },
    bottom_quartile: { outcome: 'fired', category: 'low_results', label: 'Нижняя четверть по результатам ЕГЭ, ОГЭ и ВПР', reason: 'Средний результат 53,0 — не выше границы нижних 25 %', figures: [{ composite: 53.04, quantile_cut: 59.31, schools_ranked: 53 }], parameters: {} },
  },
}

const FACTORS = [
  { version: '500+ 2021', number: 1, name: 'Низкий уровень оснащения школы' },
  { version: '500+ 2021', number: 10, name: 'Низкая учебная мотивация обучающихся' },
]

async function mountView(component, path, user = COORDINATOR) {
  const router = createAppRouter(createMemoryHistory())
  _setSessionForTests(user)
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, {
    global: { plugins: [router], stubs: { EChart: { template: '<div class="echart-stub" />', props: ['option', 'height', 'label'] } } },
  })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  _resetForTests()
  resetSchoolYears()
})

// ---- pure logic --------------------------------------------------------------------------------

describe('territory formats', () => {
  it('steps back a school year', () => {
    expect(previousYear('2023-2024')).toBe('2022-2023')
    expect(previousYear('bad')).toBe(null)
  })

  it('formats shares and changes the Russian way', () => {
    expect(formatPercent(0.2)).toBe('20 %')
    expect(formatPercent(0.0667)).toBe('6,7 %')
    expect(formatPercent(null)).toBe('—')
    expect(delta(5, 3)).toBe('+2')
    expect(delta(2, 3)).toBe('−1')
    expect(delta(2, undefined)).toBe('')
  })

  it('builds the status × change grid in a stable order', () => {
    const grid = trendGrid({ effective: { unchanged: 3, left: 1 }, low_results: { stayed: 5 }, risk_zone: { entered: 1, stayed: 1 } })
    expect(grid.trends).toEqual(['entered', 'stayed', 'left', 'unchanged'])
    expect(grid.rows.map((r) => r.category)).toEqual(['low_results', 'risk_zone', 'effective'])
    expect(grid.rows[2].total).toBe(4)
    expect(grid.max).toBe(5)
  })

  it('stacks the categories by municipality', () => {
    const option = municipalityChartOption(dashboard('2023-2024', { low_results: 5, risk_zone: 7 }, []))
    expect(option.yAxis.data).toEqual(['Таёжный муниципальный район'])
    expect(option.series.map((s) => s.name)).toEqual(['ШНОР', 'ШНСУ', 'Зона риска', 'Эффективный режим'])
    expect(option.series.every((s) => s.stack === 'categories')).toBe(true)
    expect(option.series[0].data).toEqual([5])
    expect(option.series[1].data).toEqual([0])
  })

  it('turns rule figures into a table with Russian headers', () => {
    const table = figureTable(RUN_ROW.rules.fail_share_30.figures)
    expect(table.columns.map((c) => c.label)).toEqual(['Учебный год', 'Процедура', 'Предмет', 'Участников', 'Ниже минимума', 'Доля', 'Порог'])
    expect(table.rows[0]).toEqual(['2023-2024', 'ВПР', 'русский язык', '5', '1', '20 %', '30 %'])
  })

  it('puts fired rules first', () => {
    expect(orderedRules(RUN_ROW.rules).map((r) => r.id)).toEqual(['bottom_quartile', 'fail_share_30'])
  })

  it('sums the share below the minimum per procedure and subject', () => {
    const { years, series } = failShareSeries(HISTORY.results)
    expect(years).toEqual(['2022-2023', '2023-2024'])
    expect(series).toEqual([{ name: 'ВПР, математика', data: [50, 20] }])
  })

  it('lays out the 500+ profile by factor and year with the factor names', () => {
    const table = riskProfileTable(HISTORY.risk_profile, FACTORS)
    expect(table.years).toEqual(['2023-2024'])
    expect(table.rows).toEqual([
      { factor: 1, name: 'Низкий уровень оснащения школы', levels: ['medium'] },
      { factor: 10, name: 'Низкая учебная мотивация обучающихся', levels: ['high'] },
    ])
  })
})

// ---- screens -----------------------------------------------------------------------------------

describe('schools list', () => {
  it('loads the latest year with data, shows categories and links rows to the card', async () => {
    const fetch = stubFetch((url) => {
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, yearsOf([RUN_2023, RUN_2024]))
      if (url.startsWith('/api/identification/runs')) return jsonResponse(200, { items: [RUN_2023, RUN_2024], total: 2 })
      if (url.startsWith('/api/identification/territories'))
        return jsonResponse(200, [{ code: '99', name: 'Область', municipalities: [{ code: '99-01', name: 'Таёжный район' }, { code: '99-02', name: 'Озёрный район' }] }])
      if (url.startsWith('/api/identification/school-statuses'))
        return jsonResponse(200, {
          items: [{ school_code: '9901006', school_name: 'МБОУ ООШ д. Красные Горки', municipality_code: '99-01', categories: ['risk_zone', 'low_results'], source: 'approved', run_id: 3, insufficient_data: false, trend: 'stayed', fail_share: 0.2 }],
          total: 1,
          page: 1,
          per_page: 25,
        })
      return jsonResponse(404, { code: 'not_found', detail: 'нет' })
    })
    const { wrapper } = await mountView(SchoolsView, '/schools')
    const statusCall = fetch.mock.calls.map((c) => c[0]).find((u) => u.includes('school-statuses'))
    expect(statusCall).toContain('school_year=2023-2024')
    expect(wrapper.text()).toContain('Найдено школ: 1')
    const row = wrapper.find('[data-school="9901006"]')
    expect(row.text()).toContain('Таёжный район')
    expect(row.findAll('.cat').map((c) => c.text())).toEqual(['ШНОР', 'Зона риска'])
    expect(row.text()).toContain('согласованный список')
    expect(row.text()).toContain('20 %')
    expect(row.find('a').attributes('href')).toBe('/schools/9901006?year=2023-2024')
    expect(wrapper.find('#schools-municipality').exists()).toBe(true)
  })

  it('searches by part of a name and filters by category', async () => {
    const fetch = stubFetch((url) => {
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, yearsOf([RUN_2024]))
      if (url.startsWith('/api/identification/runs')) return jsonResponse(200, { items: [RUN_2024], total: 1 })
      if (url.startsWith('/api/identification/territories')) return jsonResponse(200, [])
      return jsonResponse(200, { items: [], total: 0, page: 1, per_page: 25 })
    })
    const { wrapper } = await mountView(SchoolsView, '/schools')
    await wrapper.find('#schools-category').setValue('low_results')
    await flushPromises()
    await wrapper.find('#schools-q').setValue('Горки')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const last = fetch.mock.calls.map((c) => c[0]).filter((u) => u.includes('school-statuses')).at(-1)
    expect(decodeURIComponent(last)).toContain('q=Горки')
    expect(last).toContain('category=low_results')
    expect(wrapper.find('[data-test="schools-empty"]').exists()).toBe(true)
  })

  it('shows the server message in Russian when the list fails', async () => {
    stubFetch((url) => {
      if (url.startsWith('/api/identification/school-statuses')) return jsonResponse(503, { code: 'service_unavailable', detail: 'Сервис идентификации недоступен' })
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, yearsOf([]))
      if (url.startsWith('/api/identification/runs')) return jsonResponse(200, { items: [], total: 0 })
      return jsonResponse(200, [])
    })
    const { wrapper } = await mountView(SchoolsView, '/schools')
    expect(wrapper.find('[data-test="schools-error"]').text()).toBe('Сервис идентификации недоступен')
  })
})

describe('school card', () => {
  function cardFetch(overrides = {}) {
    return stubFetch((url) => {
      for (const [prefix, answer] of Object.entries(overrides)) if (url.startsWith(prefix)) return answer()
      if (url === '/api/identification/schools/9901006') return jsonResponse(200, SCHOOL)
      if (url === '/api/identification/schools/9901006/history') return jsonResponse(200, HISTORY)
      if (url === '/api/identification/risk-factors') return jsonResponse(200, FACTORS)
      if (url.startsWith('/api/identification/runs/3/schools/9901006')) return jsonResponse(200, RUN_ROW)
      if (url.startsWith('/api/identification/runs/2/schools/9901006')) return jsonResponse(200, { ...RUN_ROW, run_id: 2, school_year: '2022-2023' })
      if (url.startsWith('/api/roadmap/plans'))
        return jsonResponse(200, { items: [{ id: 2, kind: 'anti_risk_programme', title: 'Антирисковая программа МБОУ ООШ д. Красные Горки', school_year: '2026-2027', status: 'approved', order_number: '530-од', order_date: '2026-11-23' }], total: 1 })
      return jsonResponse(404, { code: 'not_found', detail: 'Не найдено' })
    })
  }

  it('shows the registry, history by year, every rule with its figures, 500+ and plans', async () => {
    const fetch = cardFetch()
    const { wrapper } = await mountView(SchoolCardView, '/schools/9901006')
    expect(wrapper.find('h1').text()).toBe('МБОУ ООШ д. Красные Горки')
    expect(wrapper.find('[data-test="registry"]').text()).toContain('малокомплектная')
    const history = wrapper.find('[data-test="history"]')
    expect(history.findAll('tbody tr').map((r) => r.attributes('data-year'))).toEqual(['2023-2024', '2022-2023'])
    expect(history.text()).toContain('приказ № 301-од от 04.09.2023')
    expect(history.text()).toContain('недостаточно данных')

    expect(fetch.mock.calls.some((c) => c[0].startsWith('/api/identification/runs/3/schools/9901006'))).toBe(true)
    const rules = wrapper.findAll('[data-test="rules"] details')
    expect(rules.map((r) => r.attributes('data-rule'))).toEqual(['bottom_quartile', 'fail_share_30'])
    expect(rules[0].text()).toContain('сработало')
    expect(rules[0].text()).toContain('Средний результат 53,0')
    expect(rules[1].text()).toContain('не сработало')
    expect(rules[1].find('table').text()).toContain('русский язык')
    expect(wrapper.find('[data-test="explanation"]').text()).toContain('Не использованы из-за малого числа участников')

    expect(wrapper.find('[data-test="objectivity"]').text()).toContain('доля повысивших отметку 40 %')
    expect(wrapper.find('[data-test="risk-profile"]').text()).toContain('10. Низкая учебная мотивация обучающихся')
    expect(wrapper.find('[data-test="risk-profile"]').text()).toContain('высокий')
    expect(wrapper.find('[data-test="results-table"]').text()).toContain('математика')
    const plan = wrapper.find('[data-test="plans"] a')
    expect(plan.attributes('href')).toBe('/roadmaps/2')
    expect(wrapper.find('[data-test="plans"]').text()).toContain('Антирисковая программа')
  })

  it('explains another year when it is chosen', async () => {
    const fetch = cardFetch()
    const { wrapper } = await mountView(SchoolCardView, '/schools/9901006')
    await wrapper.find('#card-year').setValue('2022-2023')
    await flushPromises()
    expect(fetch.mock.calls.some((c) => c[0].startsWith('/api/identification/runs/2/schools/9901006'))).toBe(true)
    expect(wrapper.find('[data-test="explanation"]').text()).toContain('Расчёт № 2')
  })

  it('shows the server refusal for a school outside the territory', async () => {
    cardFetch({
      '/api/identification/schools/9901006': () => jsonResponse(403, { code: 'out_of_scope', detail: 'Школа находится вне вашей территории', fields: [] }),
    })
    const { wrapper } = await mountView(SchoolCardView, '/schools/9901006')
    expect(wrapper.find('[data-test="card-error"]').text()).toBe('Школа находится вне вашей территории')
    expect(wrapper.find('[data-test="rules"]').exists()).toBe(false)
  })
})

describe('dashboard', () => {
  it('compares this year with last year, lists entries and exits and overdue activities', async () => {
    const fetch = stubFetch((url) => {
      if (url.startsWith('/api/health')) return jsonResponse(200, { status: 'ok', services: { gateway: { status: 'ok' } } })
      if (url.startsWith('/api/identification/runs/compare'))
        return jsonResponse(200, {
          categories: [
            { category: 'low_results', label: 'ШНОР', entered: [{ school_code: '9901001', school_name: 'МБОУ СОШ № 1', reasons: [{ id: 'fail_share_30', label: 'Доля ниже минимума', category: 'low_results', reason: '40 % ниже порога' }] }], left: [], stayed: 4 },
            { category: 'unfavourable_social', label: 'ШНСУ', entered: [], left: [{ school_code: '9901009', school_name: 'МБОУ СОШ с. Сосновка', reasons: [] }], stayed: 0 },
            { category: 'risk_zone', label: 'Зона риска', entered: [], left: [], stayed: 1 },
          ],
        })
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, yearsOf([RUN_2024, RUN_2023]))
      if (url.startsWith('/api/identification/runs')) return jsonResponse(200, { items: [RUN_2024, RUN_2023], total: 2 })
      if (url.includes('/dashboard?school_year=2023-2024')) return jsonResponse(200, dashboard('2023-2024', { low_results: 5, unfavourable_social: 1, risk_zone: 7, effective: 4 }, [RUN_2024]))
      if (url.includes('/dashboard?school_year=2022-2023')) return jsonResponse(200, dashboard('2022-2023', { low_results: 5, unfavourable_social: 3, risk_zone: 5, effective: 0 }, [RUN_2023]))
      if (url.startsWith('/api/roadmap/me/deadlines/summary'))
        return jsonResponse(200, { overdue: 1, due_soon: 1, days: 14, definition: 'Просрочен срок мероприятия утверждённого плана…' })
      if (url.startsWith('/api/roadmap/me/deadlines'))
        return jsonResponse(200, {
          items: [
            { occurrence_id: 1, plan_id: 1, plan_title: 'Дорожная карта', number: '1', title: 'Справка по итогам идентификации', due: '2026-09-30', label: 'сентябрь 2026', overdue: true, days_left: -54 },
            { occurrence_id: 2, plan_id: 1, plan_title: 'Дорожная карта', number: '2', title: 'Семинар', due: '2026-12-01', overdue: false, days_left: 7 },
          ],
          total: 2,
        })
      return jsonResponse(404, { detail: 'нет' })
    })
    const { wrapper } = await mountView(DashboardView, '/')
    await flushPromises()
    const counts = wrapper.find('[data-test="category-counts"]')
    expect(counts.find('[data-category="low_results"] [data-test="count-value"]').text()).toBe('5')
    expect(counts.find('[data-category="unfavourable_social"]').text()).toContain('2022-2023: 3 (−2)')
    expect(counts.find('[data-category="risk_zone"]').text()).toContain('(+2)')
    expect(wrapper.find('[data-test="dashboard-order"]').text()).toContain('№ 301-од от 04.09.2023')
    expect(fetch.mock.calls.some((c) => c[0].includes('/runs/compare?base=2&other=3'))).toBe(true)
    const changes = wrapper.find('[data-test="changes"]')
    expect(changes.text()).toContain('МБОУ СОШ № 1')
    expect(changes.text()).toContain('40 % ниже порога')
    expect(changes.text()).toContain('МБОУ СОШ с. Сосновка')
    expect(changes.text()).not.toContain('Зона риска')
    const grid = wrapper.find('[data-test="trend-grid"] table')
    expect(grid.findAll('tbody tr').map((r) => r.find('th').text())).toEqual(['ШНОР', 'Зона риска'])
    const overdue = wrapper.find('[data-test="overdue"]')
    expect(overdue.find('[data-test="overdue-summary"]').text()).toBe('Просрочено: 1, срок в ближайшие 14 дн.: 1')
    expect(overdue.find('ul a').attributes('href')).toBe('/roadmaps/1')
    expect(wrapper.find('[data-test="municipality-chart"] .echart-stub').exists()).toBe(true)
    // the welcome stays; the services' health is the administrator's alone
    expect(wrapper.find('[data-test="welcome"]').text()).toContain('Муниципальный координатор')
    expect(wrapper.find('[data-test="health"]').exists()).toBe(false)
    expect(fetch.mock.calls.some((c) => c[0].startsWith('/api/health'))).toBe(false)
  })

  it('shows the Russian detail when the summary fails', async () => {
    stubFetch((url) => {
      if (url.startsWith('/api/identification/dashboard')) return jsonResponse(504, { code: 'timeout', detail: 'Сервис «Идентификация» не ответил вовремя' })
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, yearsOf([]))
      if (url.startsWith('/api/identification/runs')) return jsonResponse(200, { items: [], total: 0 })
      if (url.startsWith('/api/roadmap/me/deadlines/summary')) return jsonResponse(200, { overdue: 0, due_soon: 0, days: 14, definition: '' })
      if (url.startsWith('/api/roadmap/me/deadlines')) return jsonResponse(200, { items: [], total: 0 })
      return jsonResponse(200, { status: 'ok', services: {} })
    })
    const { wrapper } = await mountView(DashboardView, '/')
    await flushPromises()
    expect(wrapper.find('[data-test="dashboard-error"]').text()).toBe('Сервис «Идентификация» не ответил вовремя')
    expect(wrapper.find('[data-test="overdue"]').exists()).toBe(false)
  })
})
