// The dry run's rows before «Загрузить»: added, changed (old → new) and refused, by the backend's contract.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import DataView from '../../src/views/DataView.vue'
import ImportPreview from '../../src/components/identification/ImportPreview.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const KINDS = [
  { kind: 'results', label: 'Результаты оценочных процедур', group: 'indicators', key: ['school_code'], columns: [], school_name_column: null },
]

const PREVIEW = {
  added: [
    { row: 2, school_code: '99-01-001', school_name: 'МБОУ СОШ № 1', values: [{ column: 'Доля «2»', old: null, new: 0.35 }] },
  ],
  changed: [
    { row: 3, school_code: '99-01-002', school_name: 'МКОУ Сосновская ООШ', values: [{ column: 'Участников', old: 12, new: 14 }] },
  ],
  refused: [
    { row: 4, school: 'Школа № 999', errors: [{ column: 'Код ОО', code: 'unknown_school', detail: 'Школа «Школа № 999» не найдена' }] },
  ],
  truncated: false,
}

function report(overrides = {}) {
  return {
    kind: 'results', status: 'preview', dry_run: true, batch_id: null, file_name: 'f.csv', file_format: 'csv',
    checksum: 'abc', rows_total: 3, rows_valid: 2, rows_rejected: 1, created: 1, updated: 1, unchanged: 0,
    columns: [], ignored_columns: [], errors_total: 1,
    errors: [{ row: 4, column: 'Код ОО', field: 'school_code', code: 'unknown_school', detail: 'Школа «Школа № 999» не найдена', value: '999', candidates: null }],
    preview: PREVIEW,
    ...overrides,
  }
}

async function dryRun(answer) {
  _setSessionForTests(COORDINATOR)
  stubFetch((url) => {
    if (url.endsWith('/imports/kinds')) return jsonResponse(200, KINDS)
    if (url.includes('/imports/batches')) return jsonResponse(200, { items: [], total: 0 })
    return jsonResponse(200, answer)
  })
  const wrapper = mount(DataView)
  await flushPromises()
  const input = wrapper.find('#import-file')
  Object.defineProperty(input.element, 'files', { value: [new File(['a;b\n'], 'f.csv', { type: 'text/csv' })], configurable: true })
  await input.trigger('change')
  await wrapper.find('form').trigger('submit')
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  _resetForTests()
  document.body.innerHTML = ''
})
afterEach(() => _resetForTests())

describe('the dry run shows its rows', () => {
  it('lists the added, changed and refused rows with their counts before «Загрузить»', async () => {
    const wrapper = await dryRun(report())
    const preview = wrapper.find('[data-test="import-preview"]')
    expect(preview.exists()).toBe(true)
    expect(wrapper.find('[data-test="preview-count-added"]').text()).toBe('1')
    expect(wrapper.find('[data-test="preview-count-changed"]').text()).toBe('1')
    expect(wrapper.find('[data-test="preview-count-refused"]').text()).toBe('1')
    // Opens on the first kind with rows: the added one, by name, the code beside it.
    const added = wrapper.find('[data-test="preview-added"]')
    expect(added.text()).toContain('МБОУ СОШ № 1')
    expect(added.text()).toContain('99-01-001')
    expect(added.text()).toContain('0,35')

    await wrapper.find('[data-test="preview-tab-changed"]').trigger('click')
    const changed = wrapper.find('[data-test="preview-changed"]')
    expect(changed.find('del').text()).toBe('12')
    expect(changed.find('strong').text()).toBe('14')
    expect(changed.text()).toContain('МКОУ Сосновская ООШ')

    await wrapper.find('[data-test="preview-tab-refused"]').trigger('click')
    const refused = wrapper.find('[data-test="preview-refused"]')
    expect(refused.text()).toContain('4')
    expect(refused.text()).toContain('Код ОО')
    expect(refused.text()).toContain('Школа «Школа № 999» не найдена')
    // The per-row errors are in the «Отклонены» tab, not a second time below.
    expect(wrapper.find('[data-test="import-errors"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="preview-truncated"]').exists()).toBe(false)
    // The preview stands before the buttons that load the file.
    const html = wrapper.html()
    expect(html.indexOf('data-test="import-preview"')).toBeLessThan(html.indexOf('data-test="import-apply-valid"'))
  })

  it('says when only the first 200 rows are shown', () => {
    const wrapper = mount(ImportPreview, { props: { preview: { ...PREVIEW, truncated: true } } })
    expect(wrapper.find('[data-test="preview-truncated"]').text()).toContain('первые 200')
  })

  it('opens on the changed rows when nothing is added', () => {
    const wrapper = mount(ImportPreview, { props: { preview: { ...PREVIEW, added: [] } } })
    expect(wrapper.find('[data-test="preview-changed"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="preview-tab-changed"]').attributes('aria-selected')).toBe('true')
  })

  it('shows the counts and errors of an older server that sends no rows', async () => {
    const wrapper = await dryRun(report({ preview: [{ school_code: '99-01-001' }] }))
    expect(wrapper.find('[data-test="import-preview"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="import-status"]').text()).toContain('Будет добавлено: 1, изменено: 1')
    expect(wrapper.find('[data-test="import-errors"]').text()).toContain('не найдена')

    const bare = await dryRun(report({ preview: undefined }))
    expect(bare.find('[data-test="import-preview"]').exists()).toBe(false)
    expect(bare.find('[data-test="import-status"]').exists()).toBe(true)
  })
})
