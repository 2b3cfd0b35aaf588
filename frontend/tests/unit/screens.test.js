// Issue 16/18 screens: Обзор's yearly cycle, the monitoring table, a plan's history and versions, letterheads,
// the school card's «5К» profile and mentor pairs.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { resetSchoolYears } from '../../src/schoolYears.js'
import { cycleSteps } from '../../src/components/territory/cycle.js'
import { disagreement, levelOf, pointsChange, profileRows } from '../../src/components/territory/competence.js'
import { describeEvent, diffRows, eventChanges } from '../../src/components/roadmaps/history.js'
import YearCycle from '../../src/components/territory/YearCycle.vue'
import CompetenceProfile from '../../src/components/territory/CompetenceProfile.vue'
import MentorPairs from '../../src/components/territory/MentorPairs.vue'
import MonitoringView from '../../src/views/MonitoringView.vue'
import PlanHistoryView from '../../src/views/PlanHistoryView.vue'
import LetterheadsView from '../../src/views/LetterheadsView.vue'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const LEVELS = [
  { code: 'optimal', label: 'оптимальный', from_percent: 80 },
  { code: 'sufficient', label: 'достаточный', from_percent: 70 },
  { code: 'critical', label: 'критический', from_percent: 0 },
]

async function mountAt(component, path, props = {}, user = COORDINATOR) {
  const router = createAppRouter(createMemoryHistory())
  _setSessionForTests(user)
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  _resetForTests()
  resetSchoolYears()
})

describe('the yearly cycle of Обзор', () => {
  const RUN = { id: 5, status: 'computed', school_year: '2024-2025' }

  it('marks each step and offers the first unfinished one as the next action', () => {
    const { steps, next } = cycleSteps(
      { schools: 10, withData: 10, runs: [RUN], approvedRun: null, programmes: 0, approvedProgrammes: 0, execution: null, year: '2024-2025' },
      'municipal_coordinator',
    )
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['data', 'done'], ['run', 'done'], ['approval', 'in_progress'], ['programmes', 'not_started'], ['execution', 'not_started'],
    ])
    expect(next).toBe('approval')
    expect(steps[2].action.to).toEqual({ name: 'run', params: { id: 5 } })
    expect(steps[0].figure).toBe('Результаты есть у 10 из 10 школ')
  })

  it('does not offer actions a role cannot take, and counts execution', () => {
    const { steps } = cycleSteps(
      { schools: 10, withData: 4, runs: [], approvedRun: { id: 6, order_number: '1', order_date: '2024-09-01' }, programmes: 3, approvedProgrammes: 3, execution: { done: 1, total: 8, overdue: 2 }, year: '2024-2025' },
      'observer',
    )
    expect(steps[0].state).toBe('in_progress')
    expect(steps[0].action).toBeNull()
    expect(steps[1].action).toBeNull()
    expect(steps[3].state).toBe('done')
    expect(steps[4].figure).toBe('Исполнено 12,5 % (1 из 8), просрочено: 2')
    expect(steps[4].action.to).toEqual({ name: 'monitoring', query: { run_id: 6 } })
  })

  it('renders the steps with the next action as the primary button', async () => {
    const figures = { schools: 10, withData: 0, runs: [], approvedRun: null, programmes: 0, approvedProgrammes: 0, execution: null }
    const { wrapper } = await mountAt(YearCycle, '/', { year: '2024-2025', figures, role: 'municipal_coordinator' })
    expect(wrapper.findAll('[data-step]').map((s) => s.attributes('data-state'))).toEqual(Array(5).fill('not_started'))
    const action = wrapper.find('[data-step="data"] [data-test="step-action"]')
    expect(action.text()).toBe('Загрузить данные')
    expect(action.classes()).toContain('btn-primary')
    expect(action.attributes('href')).toBe('/data')
  })
})

describe('the monitoring table', () => {
  const TABLE = {
    definition: 'Одна строка на школу',
    totals: { done: 3, in_work: 2, overdue: 4, no_evidence: 1, total: 9 },
    schools: [
      { school_code: 'S2', school_name: 'СОШ с. Сосновка', counts: { done: 1, in_work: 1, overdue: 3, no_evidence: 1, total: 5 }, plans: [{ id: 7, title: 'Антирисковая программа', counts: { done: 1, in_work: 1, overdue: 3, no_evidence: 1, total: 5 } }] },
      { school_code: 'S1', school_name: 'СОШ № 1', counts: { done: 2, in_work: 1, overdue: 1, no_evidence: 0, total: 4 }, plans: [{ id: 8, title: 'Программа перехода', counts: { done: 2, in_work: 1, overdue: 1, no_evidence: 0, total: 4 } }] },
    ],
  }

  it('lists schools with counts and links, and asks the API again for a status', async () => {
    const fetch = stubFetch((url) => {
      if (url.startsWith('/api/identification/school-years')) return jsonResponse(200, { current: '2025-2026', latest: '2024-2025', years: [] })
      return jsonResponse(200, TABLE)
    })
    const { wrapper } = await mountAt(MonitoringView, '/roadmaps/monitoring?school_year=2024-2025')
    const rows = wrapper.findAll('[data-test="monitoring-table"] tbody tr')
    expect(rows.map((r) => r.attributes('data-school'))).toEqual(['S2', 'S1'])
    expect(rows[0].find('[data-col="overdue"]').text()).toBe('3')
    expect(rows[0].find('th a').attributes('href')).toBe('/schools/S2')
    expect(rows[0].find('td a').attributes('href')).toBe('/roadmaps/7')
    expect(fetch.mock.calls[0][0]).toBe('/api/roadmap/monitoring?school_year=2024-2025')
    await wrapper.find('[data-test="monitoring-status"]').setValue('overdue')
    await flushPromises()
    expect(fetch.mock.calls.some((c) => c[0] === '/api/roadmap/monitoring?school_year=2024-2025&status=overdue')).toBe(true)
    await wrapper.find('#mon-q').setValue('сосн')
    expect(wrapper.findAll('[data-test="monitoring-table"] tbody tr').length).toBe(1)
  })
})

describe('a plan’s history and versions', () => {
  const EVENT = { occurred_at: '2024-10-01T09:00:00Z', actor_name: 'Петрова А.С.', action: 'update', entity: 'activity', entity_id: '11', before: { status: 'planned', deadline_text: 'май' }, after: { status: 'done', deadline_text: 'май' } }

  it('says who changed what in Russian', () => {
    expect(describeEvent(EVENT, { 11: { number: '1.2', title: 'Совещание' } }).what).toBe('изменил(а) мероприятие «1.2. Совещание»')
    expect(eventChanges(EVENT)).toEqual([{ field: 'status', label: 'Состояние', before: 'Запланировано', after: 'Выполнено' }])
    const rows = diffRows({
      base_id: 1, other_id: 2, plan_fields: [{ field: 'period_end', before: '2025-05-31', after: '2025-06-30' }], sections_added: [], sections_removed: [],
      activities: [{ change: 'added', section: 'Раздел 1', number: '1.3', title: 'Новое', fields: [] }],
    })
    expect(rows).toEqual([
      { kind: 'plan', title: 'Конец периода', before: '31.05.2025', after: '30.06.2025' },
      { kind: 'added', title: 'Раздел 1', before: '', after: '1.3. Новое' },
    ])
  })

  it('shows the versions and compares the previous with this one side by side', async () => {
    const plan = { id: 2, title: 'Программа', sections: [{ id: 1, activities: [{ id: 11, number: '1.2', title: 'Совещание' }] }] }
    const versions = [{ id: 1, version: 1, status: 'archived', created_at: '2024-09-01T00:00:00Z', created_by_name: 'А' }, { id: 2, version: 2, status: 'draft', created_at: '2024-10-01T00:00:00Z', created_by_name: 'Б' }]
    const diff = { base_id: 1, other_id: 2, plan_fields: [], sections_added: [], sections_removed: [], activities: [{ change: 'changed', section: 'Р', number: '1.2', title: 'Совещание', fields: [{ field: 'deadline_text', before: 'май', after: 'июнь' }] }] }
    const fetch = stubFetch((url) => {
      if (url.endsWith('/history')) return jsonResponse(200, [EVENT])
      if (url.endsWith('/versions')) return jsonResponse(200, versions)
      if (url.includes('/diff')) return jsonResponse(200, diff)
      return jsonResponse(200, plan)
    })
    const { wrapper } = await mountAt(PlanHistoryView, '/roadmaps/2/history')
    expect(fetch.mock.calls.some((c) => c[0] === '/api/roadmap/plans/2/diff?against=1')).toBe(true)
    const cells = wrapper.findAll('[data-test="plan-diff"] tbody td').map((c) => c.text())
    expect(cells).toEqual(['май', 'июнь'])
    expect(wrapper.find('[data-test="plan-diff"] thead').text()).toContain('Версия 1')
    expect(wrapper.find('[data-test="history-event"]').text()).toContain('Петрова А.С.')
  })
})

describe('letterheads', () => {
  it('lists the fields and the letterheads, uploads one for its own territory and removes one', async () => {
    const calls = []
    const regional = { id: 2, report_type: 'plan', territory_kind: 'region', territory_code: '99', name: 'Бланк министерства', file_name: 'м.docx', fields: ['title', 'body'], active: true, uploaded_by_name: 'Иванов', uploaded_at: '2024-09-01T09:00:00Z', manageable: false }
    let templates = [{ id: 4, report_type: 'identification_note', territory_kind: 'municipality', territory_code: '99-01', name: 'Бланк района', file_name: 'бланк.docx', fields: ['title', 'body'], active: true, uploaded_by_name: 'Петрова', uploaded_at: '2024-10-01T09:00:00Z', manageable: true }, regional]
    stubFetch((url, init) => {
      calls.push({ url, init })
      if (url.endsWith('/templates/fields')) return jsonResponse(200, { fields: { title: 'заголовок документа', body: 'содержание' }, required: ['body', 'title'] })
      if (url.endsWith('/reports/types')) return jsonResponse(200, [{ code: 'identification_note', label: 'Аналитическая справка' }, { code: 'plan', label: 'Дорожная карта' }])
      if (url.endsWith('/territories')) return jsonResponse(200, [{ code: '99', name: 'Область', municipalities: [{ code: '99-01', name: 'Заречный район' }] }])
      if (init.method === 'DELETE') {
        templates = [regional]
        return new Response(null, { status: 204 })
      }
      if (init.method === 'POST') return jsonResponse(422, { code: 'unknown_template_fields', detail: 'Бланк содержит неизвестные поля: adress', fields: [{ loc: ['file', 'adress'], detail: 'Неизвестное поле adress' }] })
      return jsonResponse(200, templates)
    })
    vi.spyOn(window, 'confirm').mockReturnValue(true)
    const { wrapper } = await mountAt(LetterheadsView, '/reports/letterheads')
    expect(wrapper.find('[data-field="title"]').text()).toContain('заголовок документа')
    expect(wrapper.find('[data-test="letterhead-territory"]').text()).toBe('Заречный район (Область)')
    // the region's letterhead is shown (documents fall back to it) but is the region's to replace or remove
    expect(wrapper.find('[data-template="2"] [data-test="letterhead-replace"]').exists()).toBe(false)
    expect(wrapper.find('[data-template="2"] [data-test="letterhead-remove"]').exists()).toBe(false)
    // a municipality uploads for itself: no list of every territory
    expect(wrapper.find('#lh-territory').exists()).toBe(false)
    expect(wrapper.find('[data-test="letterhead-own-territory"]').text()).toContain('Заречный район')
    await wrapper.find('[data-template="4"] [data-test="letterhead-replace"]').trigger('click')
    const input = wrapper.find('#lh-file')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'бланк.docx')] })
    await input.trigger('change')
    await wrapper.find('[data-test="letterhead-form"]').trigger('submit')
    await flushPromises()
    const post = calls.find((c) => c.init.method === 'POST')
    expect(post.init.body.get('territory_code')).toBe(null) // the server takes the caller's own
    expect(post.init.body.get('report_type')).toBe('identification_note')
    expect(wrapper.find('[data-test="letterhead-error"]').text()).toBe('Бланк содержит неизвестные поля: adress')
    expect(wrapper.text()).toContain('Неизвестное поле adress')
    await wrapper.find('[data-template="4"] [data-test="letterhead-remove"]').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.init.method === 'DELETE' && c.url === '/api/reports/templates/4')).toBe(true)
    expect(wrapper.find('[data-test="letterhead-notice"]').text()).toBe('Бланк «Бланк района» снят.')
  })
})

describe('the school card’s «5К» profile and mentor pairs', () => {
  const DEFICITS = [
    { code: 'K1', title: 'Предметно-методологическая', teachers: 4, critical: 2, critical_share: 0.5, mean_percent: 65.5, previous_critical_share: 0.25 },
    { code: 'K2', title: 'Коммуникативная', teachers: 4, critical: 0, critical_share: 0, mean_percent: 85, previous_critical_share: null },
  ]

  it('reads levels, changes and raters’ disagreement', () => {
    expect([69, 70, 79, 80].map((p) => levelOf(p, LEVELS).code)).toEqual(['critical', 'sufficient', 'sufficient', 'optimal'])
    expect(pointsChange(25)).toBe('+25 п.п.')
    expect(pointsChange(-3.4)).toBe('−3,4 п.п.')
    const teachers = [
      { school_code: 'S1', overall: { self_minus_others: 10 }, competences: [{ code: 'K1', self_minus_others: 20 }] },
      { school_code: 'S1', overall: { self_minus_others: null }, competences: [{ code: 'K1', self_minus_others: 0 }] },
      { school_code: 'S2', overall: { self_minus_others: 50 }, competences: [{ code: 'K1', self_minus_others: 50 }] },
    ]
    expect(disagreement(teachers, 'S1')).toEqual({ overall: 10, teachers: 2, K1: 10 })
    const [k1] = profileRows({ deficits: DEFICITS }, LEVELS, { K1: 10 })
    expect(k1.level.label).toBe('критический')
    expect(k1.change).toBe(25)
  })

  it('shows the profile on the card with the deficits and a link to the scoring form', async () => {
    stubFetch((url) => {
      if (url.endsWith('/profile')) return jsonResponse(200, { school_code: 'S1', campaign: { id: 3, card_id: 1, title: 'Входная диагностика', stage_label: 'входная', held_on: '2024-10-01' }, result: { teachers: 4, overall_mean_percent: 72.5, deficits: DEFICITS }, critical_competences: ['K1'] })
      if (url.endsWith('/cards/1')) return jsonResponse(200, { definition: { levels: LEVELS } })
      if (url.endsWith('/results')) return jsonResponse(200, { teachers: [{ school_code: 'S1', overall: { self_minus_others: 6 }, competences: [{ code: 'K1', self_minus_others: 12 }] }] })
      return jsonResponse(404, { code: 'not_found', detail: 'нет' })
    })
    const { wrapper } = await mountAt(CompetenceProfile, '/schools/S1', { schoolCode: 'S1' })
    expect(wrapper.find('[data-test="competence-overall"]').text()).toBe('72,5 % — достаточный')
    expect(wrapper.find('[data-test="competence-gap"]').text()).toBe('+6 п.п.')
    expect(wrapper.find('[data-test="competence-deficits"]').text()).toContain('Предметно-методологическая')
    const k1 = wrapper.find('[data-competence="K1"]')
    expect(k1.text()).toContain('65,5 % · критический')
    expect(k1.text()).toContain('50 % (2 из 4)')
    expect(k1.text()).toContain('+25 п.п.')
    expect(wrapper.find('a.btn').attributes('href')).toBe('/competence/score')
  })

  it('has no scoring link for an observer and says when there was no diagnosis', async () => {
    stubFetch(() => jsonResponse(200, { school_code: 'S1', campaign: null, result: null, critical_competences: [] }))
    const { wrapper } = await mountAt(CompetenceProfile, '/schools/S1', { schoolCode: 'S1' }, { ...COORDINATOR, role: 'observer' })
    expect(wrapper.find('[data-test="competence-none"]').exists()).toBe(true)
    expect(wrapper.find('a.btn').exists()).toBe(false)
  })

  it('lists the school’s mentor pairs with the other school linked', async () => {
    const fetch = stubFetch(() => jsonResponse(200, [
      { id: 9, mentor_school_code: 'M1', mentor_school_name: 'Лицей № 2', mentor_head: 'Орлов П.П.', supported_school_code: 'S1', supported_school_name: 'СОШ № 1', supported_head: 'Ким Е.В.', agreement_number: '12', agreement_date: '2024-09-02', rationale: 'Стабильно высокие результаты', starts_on: '2024-09-02', ends_on: null, plan_id: 31, active: true },
    ]))
    const { wrapper } = await mountAt(MentorPairs, '/schools/S1', { schoolCode: 'S1' })
    expect(fetch.mock.calls[0][0]).toBe('/api/roadmap/mentor-pairs?school_code=S1')
    const pair = wrapper.find('[data-pair="9"]')
    expect(pair.text()).toContain('Наставник школы')
    expect(pair.find('a').attributes('href')).toBe('/schools/M1')
    expect(pair.text()).toContain('Соглашение № 12 от 02.09.2024')
    expect(pair.findAll('a').at(-1).attributes('href')).toBe('/roadmaps/31')
  })
})
