import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ReportsView from '../../src/views/ReportsView.vue'
import AdminView from '../../src/views/AdminView.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { filenameFromDisposition, startRender } from '../../src/components/service/reports.js'
import { ADMIN, jsonResponse, stubFetch } from './helpers.js'
import { today } from '../../src/components/territory/mentorPairs.js'

const TYPES = [
  {
    code: 'identification_note',
    label: 'Аналитическая справка по результатам идентификации',
    parameters: ['school_year', 'territory', 'registration_number', 'registration_date', 'as_order_appendix', 'order_number', 'order_date', 'basis', 'preamble', 'extra_text', 'signatory_post', 'signatory_name', 'executor_name', 'executor_phone'],
    formats: ['docx', 'xlsx', 'pdf', 'html'],
  },
  { code: 'plan', label: 'Дорожная карта (план мероприятий)', parameters: ['plan_id'], formats: ['docx', 'xlsx', 'pdf', 'html'] },
  { code: 'plan_execution', label: 'Аналитическая справка о выполнении плана', parameters: ['plan_id', 'as_of'], formats: ['docx', 'xlsx', 'pdf', 'html'] },
]
const PLANS = { items: [{ id: 12, title: 'Дорожная карта', owner_label: 'Заречный район', school_year: '2024-2025' }], total: 1, page: 1, per_page: 20 }
const TERRITORIES = [{ code: '99', name: 'Демонстрационная область', municipalities: [{ code: '99-01', name: 'Заречный район', kind: 'район', school_count: 10 }] }]
const EMPTY_PAGE = { items: [], total: 0, page: 1, per_page: 30 }

function fileResponse(name = 'spravka.xlsx') {
  return new Response('PK', {
    status: 200,
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  })
}

beforeEach(() => {
  _resetForTests()
  _setSessionForTests(ADMIN)
  document.body.innerHTML = ''
  URL.createObjectURL = vi.fn(() => 'blob:test')
  URL.revokeObjectURL = vi.fn()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('report helpers', () => {
  it('reads the file name from Content-Disposition', () => {
    expect(filenameFromDisposition(`attachment; filename="a.docx"; filename*=UTF-8''${encodeURIComponent('Справка.docx')}`)).toBe('Справка.docx')
    expect(filenameFromDisposition('attachment; filename="plan-12.pdf"')).toBe('plan-12.pdf')
    expect(filenameFromDisposition(null, 'x.html')).toBe('x.html')
  })

  it('answers the file of a 200 and the job of a 202', async () => {
    stubFetch(() => fileResponse('Справка 2023-2024.xlsx'))
    const done = await startRender({ report_type: 'identification_note', format: 'xlsx', parameters: {} })
    expect(done.file.filename).toBe('Справка 2023-2024.xlsx')
    stubFetch(() => jsonResponse(202, { id: 5, status: 'running', progress: 0 }))
    const job = await startRender({ report_type: 'identification_note', format: 'xlsx', parameters: {} })
    expect(job.job.id).toBe(5)
  })
})

function reportsFetch(render) {
  let polls = 0
  const fetch = stubFetch((url, init) => {
    if (url === '/api/reports/types') return jsonResponse(200, TYPES)
    if (url === '/api/identification/territories') return jsonResponse(200, TERRITORIES)
    if (url.startsWith('/api/reports/reports?')) return jsonResponse(200, EMPTY_PAGE)
    if (url.startsWith('/api/roadmap/plans?')) return jsonResponse(200, PLANS)
    if (url === '/api/identification/school-years')
      return jsonResponse(200, { current: '2025-2026', latest: '2023-2024', years: [{ school_year: '2023-2024', schools_with_results: 11, runs: 1, approved: true }] })
    if (url === '/api/reports/render') return render(JSON.parse(init.body))
    if (url === '/api/reports/reports/7') {
      polls += 1
      const progress = Math.min(100, polls * 40)
      return jsonResponse(200, { id: 7, status: progress >= 100 ? 'done' : 'running', progress, title: 'Справка', format: 'xlsx', file_name: 'spravka.xlsx' })
    }
    if (url === '/api/reports/reports/7/file') return fileResponse('Справка.xlsx')
    return jsonResponse(404, { detail: 'нет' })
  })
  return fetch
}

describe('ReportsView', () => {
  it('sends the chosen parameters and saves the file under the server name', async () => {
    let sent
    reportsFetch((body) => {
      sent = body
      return fileResponse('Справка 2023-2024.xlsx')
    })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function () {
      click.downloads = [...(click.downloads || []), this.download]
    })
    const wrapper = mount(ReportsView, { attachTo: document.body })
    await flushPromises()
    await wrapper.find('[data-test="report-year"]').setValue('2023-2024')
    await wrapper.find('[data-test="report-territory"]').setValue('99-01')
    await wrapper.find('[data-test="format-xlsx"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(sent).toEqual({ report_type: 'identification_note', format: 'xlsx', parameters: { school_year: '2023-2024', territory: '99-01' } })
    expect(click.downloads).toEqual(['Справка 2023-2024.xlsx'])
    expect(wrapper.find('[data-test="report-done"]').text()).toContain('Справка 2023-2024.xlsx')
  })

  it('sets a signed note: the order it is attached to, the methodist\'s text and the signature', async () => {
    let sent
    reportsFetch((body) => {
      sent = body
      return fileResponse('Справка.docx')
    })
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const wrapper = mount(ReportsView, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-test="report-signed"]').exists()).toBe(true)
    await wrapper.find('[data-test="report-registration-number"]').setValue('01-12/345')
    await wrapper.find('[data-test="report-as-appendix"]').setValue(true)
    expect(wrapper.find('[data-test="report-registration-number"]').exists()).toBe(false)
    await wrapper.find('[data-test="report-order-number"]').setValue(' 45-од ')
    await wrapper.find('[data-test="report-order-date"]').setValue('2024-09-16')
    await wrapper.find('[data-test="report-preamble"]').setValue('Справка подготовлена к совещанию.')
    await wrapper.find('[data-test="report-signatory-name"]').setValue('И.И. Иванов')
    await wrapper.find('[data-test="report-executor-phone"]').setValue('8 (391) 222-33-44')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(sent.parameters).toEqual({
      school_year: '2023-2024',
      registration_number: '01-12/345',
      as_order_appendix: true,
      order_number: '45-од',
      order_date: '2024-09-16',
      preamble: 'Справка подготовлена к совещанию.',
      signatory_name: 'И.И. Иванов',
      executor_phone: '8 (391) 222-33-44',
    })
  })

  it('polls a background job every second, shows its progress, then downloads the file', async () => {
    vi.useFakeTimers()
    const fetch = reportsFetch(() => jsonResponse(202, { id: 7, status: 'running', progress: 0, title: 'Справка' }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const wrapper = mount(ReportsView, { attachTo: document.body })
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const bar = () => wrapper.find('[role="progressbar"]')
    expect(bar().attributes('aria-valuenow')).toBe('0')

    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(bar().attributes('aria-valuenow')).toBe('40')
    expect(wrapper.find('.progress-bar').attributes('style')).toContain('width: 40%')

    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(bar().attributes('aria-valuenow')).toBe('80')
    expect(click).not.toHaveBeenCalled()

    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(fetch.mock.calls.filter(([u]) => u === '/api/reports/reports/7')).toHaveLength(3)
    expect(fetch.mock.calls.some(([u]) => u === '/api/reports/reports/7/file')).toBe(true)
    expect(click).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-test="report-done"]').text()).toContain('Справка.xlsx')
  })

  it('asks an execution report for its date and sends it with the plan', async () => {
    vi.useFakeTimers()
    let sent
    reportsFetch((body) => {
      sent = body
      return fileResponse('Справка о выполнении.docx')
    })
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const wrapper = mount(ReportsView, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-test="report-as-of"]').exists()).toBe(false)
    await wrapper.find('[data-test="report-type"]').setValue('plan_execution')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    await wrapper.find('[data-test="report-plan"]').setValue(12)
    // the service refuses a date still to come (422 as_of_in_future): the picker offers none
    expect(wrapper.find('[data-test="report-as-of"]').attributes('max')).toBe(today())
    await wrapper.find('[data-test="report-as-of"]').setValue('2024-11-15')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(sent).toEqual({ report_type: 'plan_execution', format: 'docx', parameters: { plan_id: 12, as_of: '2024-11-15' } })
  })

  it('shows the Russian detail of a refusal (503 naming the service)', async () => {
    reportsFetch(() => jsonResponse(503, { code: 'service_unavailable', detail: 'Сервис идентификации недоступен', fields: [] }))
    const wrapper = mount(ReportsView, { attachTo: document.body })
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="report-error"]').text()).toBe('Сервис идентификации недоступен')
  })
})

describe('AdminView', () => {
  it('creates a user with a municipality scope and shows server refusals next to the fields', async () => {
    const bodies = []
    stubFetch((url, init) => {
      if (url === '/api/identification/territories') return jsonResponse(200, TERRITORIES)
      if (url.startsWith('/api/admin/users?')) return jsonResponse(200, { items: [], total: 0, page: 1, per_page: 200 })
      if (url === '/api/admin/users' && init.method === 'POST') {
        const body = JSON.parse(init.body)
        bodies.push(body)
        if (body.password.length < 8) {
          return jsonResponse(422, { code: 'validation_error', detail: 'Проверьте введённые данные', fields: [{ loc: ['body', 'password'], code: 'string_too_short', detail: 'Слишком короткое значение' }] })
        }
        return jsonResponse(201, { id: 9, username: body.username, role: body.role })
      }
      return jsonResponse(404, { detail: 'нет' })
    })
    const wrapper = mount(AdminView, { attachTo: document.body })
    await flushPromises()
    await wrapper.find('#u-username').setValue('new.coordinator')
    await wrapper.find('#u-full-name').setValue('Иванов Иван')
    await wrapper.find('#u-role').setValue('municipal_coordinator')
    // The municipality is picked by its name, not typed as a code.
    await wrapper.find('#u-municipality').trigger('focus')
    await wrapper.find('#u-municipality').setValue('Зареч')
    await flushPromises()
    await wrapper.find('[data-test="u-scope-municipality"] [data-test="picker-option"]').trigger('mousedown')
    await wrapper.find('#u-password').setValue('short')
    await wrapper.find('[data-test="user-form"]').trigger('submit')
    await flushPromises()
    expect(bodies[0].scope).toEqual({ kind: 'municipality', municipality: '99-01', region: '99', schools: [] })
    expect(wrapper.find('#u-password').attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('#u-password + .field-error').text()).toBe('Слишком короткое значение')

    await wrapper.find('#u-password').setValue('long-enough-1')
    await wrapper.find('[data-test="user-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('Пользователь new.coordinator создан')
  })
})
