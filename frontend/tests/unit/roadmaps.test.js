import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import PlanTable from '../../src/components/roadmaps/PlanTable.vue'
import DeadlineReading from '../../src/components/roadmaps/DeadlineReading.vue'
import PlanBoard from '../../src/components/roadmaps/PlanBoard.vue'
import PlanView from '../../src/views/PlanView.vue'
import RoadmapsView from '../../src/views/RoadmapsView.vue'
import ActivityView from '../../src/views/ActivityView.vue'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

function activity(overrides = {}) {
  return {
    id: 11,
    plan_id: 1,
    section_id: 5,
    position: 0,
    number: '1',
    title: 'Анализ результатов ВПР',
    responsible: [{ party_id: null, name: 'МБУ ГЦОКО' }, { party_id: null, name: 'Руководители ОУ' }],
    co_executors: [],
    deadline_text: 'Сентябрь',
    schedule: { kind: 'month', summary: 'сентябрь 2024', occurrences: [{ due: '2024-09-30', stage: null, label: 'сентябрь 2024' }] },
    due_date: '2024-09-30',
    expected_result: 'не менее 2 школ',
    targets: [],
    final_document: 'Справка',
    status: 'planned',
    overdue: false,
    progress: 0,
    actual_result: '',
    per_school: false,
    schools: [],
    revision: 3,
    ...overrides,
  }
}

function planFixture(overrides = {}) {
  return {
    id: 1,
    kind: 'municipal_roadmap',
    title: 'Дорожная карта на 2024-2025 год',
    owner_label: 'Заречный район',
    school_year: '2024-2025',
    period_start: '2024-09-01',
    period_end: '2025-08-31',
    status: 'draft',
    order_number: null,
    order_date: null,
    version: 1,
    revision: 4,
    can_edit: true,
    sections: [
      {
        id: 5,
        position: 0,
        number: null,
        title: 'Трек 1 - адресная поддержка ШНОР',
        planned_results: ['выявлены школы с низкими результатами'],
        activities: [
          activity(),
          activity({ id: 12, number: '2', title: 'Стажировки', status: 'in_progress', overdue: true, revision: 1 }),
        ],
      },
      { id: 6, position: 1, number: null, title: 'Трек 2 - школы в зоне риска', planned_results: [], activities: [] },
    ],
    ...overrides,
  }
}

async function makeRouter() {
  const router = createAppRouter(createMemoryHistory())
  _setSessionForTests(COORDINATOR)
  router.push('/roadmaps')
  await router.isReady()
  return router
}

async function mountTable(props) {
  const router = await makeRouter()
  return mount(PlanTable, { props, global: { plugins: [router] } })
}

beforeEach(() => {
  _resetForTests()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('plan table', () => {
  it('renders the Word-like columns, track rows with planned results, and overdue chips', async () => {
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: false })
    const heads = wrapper.findAll('thead th').map((th) => th.text())
    expect(heads.slice(0, 6)).toEqual(['№', 'Мероприятие', 'Ответственный', 'Срок', 'Ожидаемый результат', 'Итоговый документ'])
    const sections = wrapper.findAll('[data-test="section-title"]').map((s) => s.text())
    expect(sections).toEqual(['Трек 1 - адресная поддержка ШНОР', 'Трек 2 - школы в зоне риска'])
    expect(wrapper.text()).toContain('выявлены школы с низкими результатами')
    const row = wrapper.find('[data-activity="11"]')
    expect(row.find('[data-field="responsible"]').text()).toBe('МБУ ГЦОКО, Руководители ОУ')
    expect(row.find('[data-field="deadline_text"]').text()).toContain('сентябрь 2024')
    expect(wrapper.find('[data-activity="12"] [data-status="overdue"]').exists()).toBe(true)
    expect(wrapper.find('[data-activity="12"]').classes()).toContain('overdue')
    // read-only: clicking does not open an editor
    await row.find('[data-field="title"]').trigger('click')
    expect(wrapper.find('textarea').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('Мероприятие в раздел')
  })

  it('saves an edited cell with If-Match and emits the updated activity', async () => {
    const fetch = stubFetch((url, init) => {
      if (url.endsWith('/schedules/parse')) return jsonResponse(200, { kind: 'month', summary: 'май 2025', occurrences: [] })
      if (init.method === 'PATCH') {
        const body = JSON.parse(init.body)
        return jsonResponse(200, activity({ ...body, revision: 4 }), { ETag: '"4"' })
      }
      return jsonResponse(404, { detail: 'нет' })
    })
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="title"]').trigger('click')
    const editor = wrapper.find('textarea')
    await editor.setValue('Анализ результатов ВПР и ОГЭ')
    await editor.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    const patch = fetch.mock.calls.find(([, init]) => init.method === 'PATCH')
    expect(patch[0]).toBe('/api/roadmap/activities/11')
    expect(patch[1].headers['If-Match']).toBe('"3"')
    expect(JSON.parse(patch[1].body)).toEqual({ title: 'Анализ результатов ВПР и ОГЭ' })
    expect(wrapper.emitted('updated')[0][0].title).toBe('Анализ результатов ВПР и ОГЭ')
    expect(wrapper.find('textarea').exists()).toBe(false)
  })

  it('sends responsible as a list', async () => {
    const fetch = stubFetch((url, init) => jsonResponse(200, activity({ revision: 4 })))
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="responsible"]').trigger('click')
    await wrapper.find('textarea').setValue('Бабкина Н.А.; Управление образования')
    await wrapper.find('textarea').trigger('blur')
    await flushPromises()
    const patch = fetch.mock.calls.find(([, init]) => init.method === 'PATCH')
    expect(JSON.parse(patch[1].body).responsible).toEqual([{ name: 'Бабкина Н.А.' }, { name: 'Управление образования' }])
  })

  it('on 412 stale_revision tells the user and asks to reload', async () => {
    stubFetch(() => jsonResponse(412, { code: 'stale_revision', detail: 'Запись изменена' }))
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="final_document"]').trigger('click')
    await wrapper.find('textarea').setValue('Приказ')
    await wrapper.find('textarea').trigger('blur')
    await flushPromises()
    expect(wrapper.find('[data-test="table-message"]').text()).toMatch(/изменил другой пользователь/)
    expect(wrapper.emitted('reload')).toHaveLength(1)
  })

  it('on 409 plan_frozen explains that the approved plan needs a new version', async () => {
    stubFetch(() => jsonResponse(409, { code: 'plan_frozen', detail: 'План утверждён' }))
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="final_document"]').trigger('click')
    await wrapper.find('textarea').setValue('Приказ')
    await wrapper.find('textarea').trigger('blur')
    await flushPromises()
    expect(wrapper.find('[data-test="table-message"]').text()).toMatch(/новую версию/)
  })

  it('does not send anything when the value did not change', async () => {
    const fetch = stubFetch(() => jsonResponse(200, {}))
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="final_document"]').trigger('click')
    await wrapper.find('textarea').trigger('blur')
    await flushPromises()
    expect(fetch.mock.calls.filter(([, init]) => init.method === 'PATCH')).toHaveLength(0)
  })
})

describe('live deadline reading', () => {
  it('debounces parse requests while typing and shows the reading', async () => {
    vi.useFakeTimers()
    const fetch = stubFetch((url, init) => {
      const { text } = JSON.parse(init.body)
      return jsonResponse(200, {
        kind: 'recurring',
        summary: `ежегодно: ${text}`,
        occurrences: [{ due: '2025-05-31', stage: null, label: 'май 2025' }],
      })
    })
    const wrapper = mount(DeadlineReading, { props: { text: '', schoolYear: '2024-2025' } })
    for (const text of ['Е', 'Еже', 'Ежегодно', 'Ежегодно, май']) {
      await wrapper.setProps({ text })
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(1)
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/roadmap/schedules/parse')
    expect(JSON.parse(init.body)).toEqual({ text: 'Ежегодно, май', school_year: '2024-2025' })
    expect(wrapper.text()).toContain('Прочитано: ежегодно: Ежегодно, май')
    expect(wrapper.text()).toContain('до 31.05.2025')
  })

  it('warns when a date read lies outside the plan\'s period', async () => {
    vi.useFakeTimers()
    stubFetch(() => jsonResponse(200, { kind: 'date', summary: '20 мая 2024', occurrences: [{ due: '2024-05-20', stage: 'interim', label: 'май 2024' }] }))
    const wrapper = mount(DeadlineReading, { props: { text: 'до 20 мая 2024 года', schoolYear: '2024-2025' } })
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(wrapper.find('[data-test="deadline-outside"]').text()).toBe('· Срок 20.05.2024 вне периода плана (01.09.2024 — 31.08.2025)')
    expect(wrapper.text()).toContain('(промежуточный)')
    await wrapper.setProps({ periodStart: '2024-01-01', periodEnd: '2024-12-31' })
    expect(wrapper.find('[data-test="deadline-outside"]').exists()).toBe(false)
  })

  it('says when the text cannot be read', async () => {
    vi.useFakeTimers()
    stubFetch(() => jsonResponse(200, { kind: 'unparsed', summary: '', occurrences: [] }))
    const wrapper = mount(DeadlineReading, { props: { text: 'когда-нибудь', schoolYear: '2024-2025' } })
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(wrapper.text()).toMatch(/не распознан/)
  })

  it('shows the live reading under the deadline cell being edited', async () => {
    const fetch = stubFetch((url) =>
      url.endsWith('/schedules/parse')
        ? jsonResponse(200, { kind: 'month', summary: 'октябрь 2024', occurrences: [{ due: '2024-10-31', label: 'октябрь 2024' }] })
        : jsonResponse(404, {}),
    )
    const wrapper = await mountTable({ plan: planFixture(), contentEditable: true })
    await wrapper.find('[data-activity="11"] [data-field="deadline_text"]').trigger('click')
    await wrapper.find('textarea').setValue('Октябрь')
    await new Promise((r) => setTimeout(r, 350))
    await flushPromises()
    expect(fetch.mock.calls.some(([url]) => url.endsWith('/schedules/parse'))).toBe(true)
    expect(wrapper.find('[data-test="deadline-reading"]').text()).toContain('октябрь 2024')
  })
})

describe('board', () => {
  it('puts activities in status columns and moves a card with PATCH status', async () => {
    const fetch = stubFetch((url, init) => jsonResponse(200, activity({ status: 'done', progress: 100, revision: 4 })))
    const router = await makeRouter()
    const wrapper = mount(PlanBoard, { props: { plan: planFixture(), canTrack: true }, global: { plugins: [router] } })
    expect(wrapper.find('[data-column="planned"] [data-activity="11"]').exists()).toBe(true)
    expect(wrapper.find('[data-column="overdue"] [data-activity="12"]').exists()).toBe(true)
    await wrapper.find('[data-activity="11"] select').setValue('done')
    await flushPromises()
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/roadmap/activities/11')
    expect(init.method).toBe('PATCH')
    expect(init.headers['If-Match']).toBe('"3"')
    expect(JSON.parse(init.body)).toEqual({ status: 'done', progress: 100 })
    expect(wrapper.emitted('updated')[0][0].status).toBe('done')
  })
})

describe('plan page', () => {
  async function mountPlan(plan, extra = () => null) {
    const fetch = stubFetch((url, init) => {
      const answer = extra(url, init)
      if (answer) return answer
      if (url === '/api/roadmap/plans/1') return jsonResponse(200, plan, { ETag: `"${plan.revision}"` })
      if (url === '/api/roadmap/plans/1/progress')
        return jsonResponse(200, { plan: { counts: { total: 2, done: 0, in_progress: 1, overdue: 1 }, done_share: 0 } })
      return jsonResponse(404, { detail: 'нет' })
    })
    const router = createAppRouter(createMemoryHistory())
    _setSessionForTests(COORDINATOR)
    router.push('/roadmaps/1')
    await router.isReady()
    const wrapper = mount(PlanView, { global: { plugins: [router] } })
    await flushPromises()
    return { wrapper, fetch }
  }

  it('offers approval for an editable draft and sends the order with If-Match', async () => {
    const plan = planFixture()
    const { wrapper, fetch } = await mountPlan(plan, (url, init) =>
      url.endsWith('/approve')
        ? jsonResponse(200, { ...plan, status: 'approved', order_number: '12-од', order_date: '2024-09-02', revision: 5 })
        : null,
    )
    expect(wrapper.find('[data-test="plan-table"]').exists()).toBe(true)
    expect(wrapper.text()).not.toContain('Новая версия')
    await wrapper.findAll('button').find((b) => b.text() === 'Утвердить…').trigger('click')
    await wrapper.find('#order-number').setValue('12-од')
    await wrapper.find('#order-date').setValue('2024-09-02')
    await wrapper.find('form[role="dialog"]').trigger('submit')
    await flushPromises()
    const call = fetch.mock.calls.find(([url]) => url.endsWith('/approve'))
    expect(call[1].headers['If-Match']).toBe('"4"')
    expect(JSON.parse(call[1].body)).toEqual({ order_number: '12-од', order_date: '2024-09-02' })
    expect(wrapper.find('[data-test="plan-order"]').text()).toContain('№ 12-од от 02.09.2024')
    expect(wrapper.text()).toContain('Новая версия')
  })

  it('does not offer editing or approval to a reader', async () => {
    const { wrapper } = await mountPlan(planFixture({ can_edit: false }))
    expect(wrapper.text()).not.toContain('Утвердить')
    expect(wrapper.text()).not.toContain('Мероприятие в раздел')
    await wrapper.find('[data-activity="11"] [data-field="title"]').trigger('click')
    expect(wrapper.find('textarea').exists()).toBe(false)
  })

  it('reloads the plan after a stale edit', async () => {
    let gets = 0
    const plan = planFixture()
    const { wrapper } = await mountPlan(plan, (url, init) => {
      if (init.method === 'PATCH') return jsonResponse(412, { code: 'stale_revision', detail: 'изменено' })
      if (url === '/api/roadmap/plans/1') gets += 1
      return null
    })
    const before = gets
    await wrapper.find('[data-activity="11"] [data-field="title"]').trigger('click')
    await wrapper.find('textarea').setValue('Другое')
    await wrapper.find('textarea').trigger('blur')
    await flushPromises()
    expect(gets).toBeGreaterThan(before)
    expect(wrapper.text()).toMatch(/изменил другой пользователь/)
  })
})

describe('plan kinds', () => {
  it('are the roadmap service’s own: the filter lists /plan-kinds and rows show each plan’s kind_label', async () => {
    const kinds = [
      { code: 'municipal_roadmap', label: 'Муниципальная дорожная карта', description: '' },
      { code: 'anti_risk_programme', label: 'Антирисковая программа', description: '' },
    ]
    const plan = { ...planFixture(), kind_label: 'Муниципальная дорожная карта', school_code: null, municipality_code: '99-01' }
    stubFetch((url) => {
      if (url === '/api/roadmap/plan-kinds') return jsonResponse(200, kinds)
      if (url.startsWith('/api/roadmap/plans')) return jsonResponse(200, { items: [plan], total: 1, page: 1, per_page: 100 })
      return jsonResponse(404, { detail: 'нет' })
    })
    const router = await makeRouter()
    const wrapper = mount(RoadmapsView, { global: { plugins: [router] } })
    await flushPromises()
    const options = wrapper.findAll('select')[0].findAll('option').map((o) => [o.attributes('value'), o.text()])
    expect(options).toEqual([['', 'Все'], ['municipal_roadmap', 'Муниципальная дорожная карта'], ['anti_risk_programme', 'Антирисковая программа']])
    expect(wrapper.find('tbody').text()).toContain('Муниципальная дорожная карта')
  })
})

describe('activity page', () => {
  it('marks a stage of a staged deadline done with If-Match and shows the mark', async () => {
    const stages = [
      { id: 71, label: 'октябрь 2024', stage: null, start: '2024-10-01', due: '2024-10-31', completed_on: null },
      { id: 72, label: 'май 2025', stage: null, start: '2025-05-01', due: '2025-05-31', completed_on: null },
    ]
    const staged = activity({ deadline_text: 'Октябрь 2024 г., май 2025 г.', stages, overdue: true })
    const plan = planFixture()
    const fetch = stubFetch((url, init) => {
      if (url === '/api/roadmap/activities/11/stages/71' && init?.method === 'PATCH') {
        const marked = { ...staged, overdue: false, revision: 4, stages: [{ ...stages[0], completed_on: '2024-10-28' }, stages[1]] }
        return jsonResponse(200, marked, { ETag: '"4"' })
      }
      if (url === '/api/roadmap/activities/11') return jsonResponse(200, staged, { ETag: '"3"' })
      if (url === '/api/roadmap/plans/1') return jsonResponse(200, plan, { ETag: `"${plan.revision}"` })
      if (url.endsWith('/evidence') || url.endsWith('/comments')) return jsonResponse(200, [])
      return jsonResponse(404, { detail: 'нет' })
    })
    const router = createAppRouter(createMemoryHistory())
    _setSessionForTests(COORDINATOR)
    router.push('/activities/11')
    await router.isReady()
    const wrapper = mount(ActivityView, { global: { plugins: [router] } })
    await flushPromises()
    const box = wrapper.find('[data-test="stage-71"] input[type="checkbox"]')
    expect(box.element.checked).toBe(false)
    await box.setValue(true)
    await flushPromises()
    const call = fetch.mock.calls.find(([url, init]) => url.endsWith('/stages/71') && init?.method === 'PATCH')
    expect(call[1].headers['If-Match']).toBe('"3"')
    expect(JSON.parse(call[1].body)).toEqual({ done: true })
    expect(wrapper.find('[data-test="stage-71"]').text()).toContain('выполнен 28.10.2024')
  })
})
