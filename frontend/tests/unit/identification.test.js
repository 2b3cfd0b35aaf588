import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import DataView from '../../src/views/DataView.vue'
import SchoolExplanation from '../../src/components/identification/SchoolExplanation.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { fieldErrors, parseList, parseNumber, ruleFields } from '../../src/components/identification/schema.js'
import { calendarSchoolYear, pickerYears } from '../../src/schoolYears.js'
import { ADMIN, COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const KINDS = [
  {
    kind: 'results',
    label: 'Результаты оценочных процедур',
    group: 'indicators',
    key: ['school_code'],
    columns: [{ name: 'participants', label: 'Количество участников', type: 'integer', type_label: 'целое число', required: true, aliases: [] }],
    school_name_column: null,
  },
]

function report(overrides = {}) {
  return {
    kind: 'results', status: 'preview', dry_run: true, batch_id: null, file_name: 'f.csv', file_format: 'csv',
    checksum: 'abc', rows_total: 1, rows_valid: 0, rows_rejected: 1, created: 0, updated: 0, unchanged: 0,
    columns: [], ignored_columns: [], errors_total: 1, preview: [],
    errors: [{ row: 2, column: 'Кол-во участников', field: 'participants', code: 'invalid_integer', detail: 'Строка 2: «abc»: ожидается целое число', value: 'abc', candidates: null }],
    ...overrides,
  }
}

async function chooseFile(wrapper) {
  const input = wrapper.find('#import-file')
  const file = new File(['a;b\n'], 'f.csv', { type: 'text/csv' })
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

beforeEach(() => {
  _resetForTests()
  document.body.innerHTML = ''
})
afterEach(() => _resetForTests())

describe('data imports', () => {
  it('shows the per-row errors of a dry run and offers no plain apply', async () => {
    _setSessionForTests(COORDINATOR)
    const calls = []
    stubFetch((url, init) => {
      calls.push({ url, init })
      if (url.endsWith('/imports/kinds')) return jsonResponse(200, KINDS)
      if (url.includes('/imports/batches')) return jsonResponse(200, { items: [], total: 0 })
      return jsonResponse(200, report())
    })
    const wrapper = mount(DataView)
    await flushPromises()
    await chooseFile(wrapper)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const post = calls.find((c) => c.init.method === 'POST')
    expect(post.url).toBe('/api/identification/imports/results')
    expect(post.init.body.get('dry_run')).toBe('true')
    const table = wrapper.find('[data-test="import-errors"]')
    expect(table.text()).toContain('Кол-во участников')
    expect(table.text()).toContain('ожидается целое число')
    expect(wrapper.find('[data-test="import-apply"]').exists()).toBe(false)
  })

  it('applies only the valid rows and shows the report of a rejected apply', async () => {
    _setSessionForTests(ADMIN)
    let batches = 0
    stubFetch((url, init) => {
      if (url.endsWith('/imports/kinds')) return jsonResponse(200, KINDS)
      if (url.includes('/imports/batches')) {
        batches += 1
        return jsonResponse(200, { items: [], total: 0 })
      }
      if (init.body.get('dry_run') === 'true') return jsonResponse(200, report({ rows_total: 3, rows_valid: 2 }))
      expect(init.body.get('keep_valid')).toBe('true')
      return jsonResponse(200, report({ status: 'partial', dry_run: false, rows_total: 3, rows_valid: 2, created: 2 }))
    })
    const wrapper = mount(DataView)
    await flushPromises()
    await chooseFile(wrapper)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    await wrapper.find('[data-test="import-apply-valid"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="import-status"]').text()).toContain('Загружены только верные строки')
    expect(batches).toBe(2)
  })

  it('uses the report inside a 422 import_rejected answer', async () => {
    _setSessionForTests(ADMIN)
    stubFetch((url, init) => {
      if (url.endsWith('/imports/kinds')) return jsonResponse(200, KINDS)
      if (url.includes('/imports/batches')) return jsonResponse(200, { items: [] })
      if (init.body.get('dry_run') === 'true') return jsonResponse(200, report({ rows_rejected: 0, rows_valid: 1, errors: [] }))
      return jsonResponse(422, { code: 'import_rejected', detail: 'Файл не загружен: есть ошибки', fields: [], report: report({ status: 'preview' }) })
    })
    const wrapper = mount(DataView)
    await flushPromises()
    await chooseFile(wrapper)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    await wrapper.find('[data-test="import-apply"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="import-error"]').text()).toBe('Файл не загружен: есть ошибки')
    expect(wrapper.find('[data-test="import-errors"]').text()).toContain('abc')
  })

  it('hides the upload form from an observer', async () => {
    _setSessionForTests({ ...COORDINATOR, role: 'observer' })
    stubFetch((url) => (url.endsWith('/kinds') ? jsonResponse(200, KINDS) : jsonResponse(200, { items: [] })))
    const wrapper = mount(DataView)
    await flushPromises()
    expect(wrapper.find('[data-test="import-form"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('Журнал загрузок')
  })
})

describe('expert adjustment', () => {
  const school = {
    school_code: '9901006', school_name: 'МБОУ ООШ д. Красные Горки', categories: ['low_results'],
    final_categories: ['low_results'], previous_categories: null, rules: {}, overrides: [], warnings: [], objectivity_flags: [],
  }

  it('asks for a reason of at least 10 characters before sending', async () => {
    const fetch = stubFetch(() => jsonResponse(200, {}))
    const wrapper = mount(SchoolExplanation, { props: { run: { id: 7 }, school, mayOverride: true } })
    await wrapper.find('#override-reason').setValue('коротко')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="override-error"]').text()).toContain('не менее 10 символов')
    expect(fetch).not.toHaveBeenCalled()
  })

  it('sends the chosen categories and shows a server refusal in Russian', async () => {
    const fetch = stubFetch(() => jsonResponse(409, { code: 'run_approved', detail: 'Список уже утверждён приказом', fields: [] }))
    const wrapper = mount(SchoolExplanation, { props: { run: { id: 7 }, school, mayOverride: true } })
    const boxes = wrapper.findAll('input[type="checkbox"]')
    await boxes[0].setValue(false)
    await boxes[2].setValue(true)
    await wrapper.find('#override-reason').setValue('Подтверждено перепроверкой работ')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/identification/runs/7/schools/9901006/override')
    expect(JSON.parse(init.body)).toEqual({ categories: ['risk_zone'], reason: 'Подтверждено перепроверкой работ' })
    expect(wrapper.find('[data-test="override-error"]').text()).toBe('Список уже утверждён приказом')
  })

  it('has no form for a read-only user', () => {
    stubFetch(() => jsonResponse(200, {}))
    const wrapper = mount(SchoolExplanation, { props: { run: { id: 7 }, school, mayOverride: false } })
    expect(wrapper.find('[data-test="override-form"]').exists()).toBe(false)
  })
})

describe('methodology schema helpers', () => {
  const schema = {
    properties: { fail_share_30: { $ref: '#/$defs/FailShareRule', title: 'Доля' } },
    $defs: {
      Category: { enum: ['low_results', 'risk_zone'] },
      FailShareRule: {
        properties: {
          enabled: { type: 'boolean', title: 'Правило включено' },
          threshold: { type: 'number', title: 'Порог' },
          subjects: { type: 'array', items: { type: 'string' }, title: 'Предметы' },
          category: { $ref: '#/$defs/Category', title: 'Категория' },
          operator: { type: 'string', enum: ['or', 'and'] },
        },
      },
    },
  }

  it('describes the parameters of a rule', () => {
    const kinds = Object.fromEntries(ruleFields(schema, 'fail_share_30').map((f) => [f.key, f.kind]))
    expect(kinds).toEqual({ enabled: 'boolean', threshold: 'number', subjects: 'list', category: 'category', operator: 'enum' })
  })

  it('parses numbers with a decimal comma and comma lists', () => {
    expect(parseNumber('0,25')).toBe(0.25)
    expect(parseNumber('1 000')).toBe(1000)
    expect(parseNumber('abc')).toBe('abc')
    expect(parseList('russian, mathematics;')).toEqual(['russian', 'mathematics'])
  })

  it('maps server field errors to rule parameters', () => {
    const map = fieldErrors([{ loc: ['body', 'rules', 'fail_share_30', 'threshold'], detail: 'Порог должен быть от 0 до 1' }])
    expect(map).toEqual({ 'fail_share_30.threshold': 'Порог должен быть от 0 до 1' })
  })

  it('offers the years with data, and the current and next one to pickers that plan', () => {
    expect(calendarSchoolYear(new Date(2024, 9, 1))).toBe('2024-2025')
    expect(calendarSchoolYear(new Date(2024, 2, 1))).toBe('2023-2024')
    const answer = { current: '2025-2026', latest: '2023-2024', years: [{ school_year: '2023-2024' }, { school_year: '2022-2023' }] }
    expect(pickerYears(answer)).toEqual(['2023-2024', '2022-2023'])
    expect(pickerYears(answer, { ahead: true })).toEqual(['2026-2027', '2025-2026', '2023-2024', '2022-2023'])
  })
})
