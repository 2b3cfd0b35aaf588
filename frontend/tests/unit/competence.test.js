import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import CompetenceScoringView from '../../src/views/CompetenceScoringView.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { routes } from '../../src/router.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const CARD = {
  id: 1,
  authority: '',
  code: '5k',
  version: 1,
  title: '«5К»',
  definition: {
    competences: [
      { code: 'K1', title: 'Предметно-методологическая компетенция', criteria: [
        { code: 'K1.1', title: 'Требования ФГОС к предметному содержанию' },
        { code: 'K1.2', title: 'Выбор форм и методов работы для учеников' },
      ] },
    ],
    raters: [{ code: 'self', title: 'Самооценка' }, { code: 'deputy', title: 'Заместитель директора по УВР' }],
    scale: [{ value: 2, label: 'оптимальный' }, { value: 1, label: 'достаточный' }, { value: 0, label: 'критический' }],
    levels: [
      { code: 'optimal', label: 'оптимальный', from_percent: 80 },
      { code: 'sufficient', label: 'достаточный', from_percent: 70 },
      { code: 'critical', label: 'критический', from_percent: 0 },
    ],
  },
}
const CAMPAIGN = { id: 7, card_id: 1, title: 'Входная диагностика', stage_label: 'входная', held_on: '2024-10-01', school_codes: ['S1'] }
const TEACHERS = [
  { id: 3, school_code: 'S1', full_name: 'Белова Анна Игоревна', position: 'учитель', subjects: [] },
  { id: 4, school_code: 'S2', full_name: 'Из другой школы', position: '', subjects: [] },
]

beforeEach(() => {
  _resetForTests()
  document.body.innerHTML = ''
})
afterEach(() => _resetForTests())

describe('the «5К» scoring form', () => {
  it('is a lazy route', () => {
    const shell = routes.find((r) => r.path === '/')
    const route = shell.children.find((r) => r.name === 'competence-scoring')
    expect(typeof route.component).toBe('function')
  })

  it('scores a teacher of the campaign and sends one rater’s sheet', async () => {
    _setSessionForTests(COORDINATOR)
    const calls = []
    stubFetch((url, init) => {
      calls.push({ url, init })
      if (url.endsWith('/competence/campaigns')) return jsonResponse(200, [CAMPAIGN])
      if (url.endsWith('/competence/cards/1')) return jsonResponse(200, CARD)
      if (url.endsWith('/competence/teachers')) return jsonResponse(200, TEACHERS)
      return jsonResponse(200, { teacher_id: 3, rater: 'deputy', scores: { 'K1.1': 2, 'K1.2': 1 } })
    })
    const wrapper = mount(CompetenceScoringView)
    await flushPromises()
    await wrapper.find('#sc-campaign').setValue(7)
    await flushPromises()
    expect(wrapper.findAll('#sc-teacher option').map((o) => o.text())).toEqual(['Выберите педагога', 'Белова Анна Игоревна, учитель'])
    await wrapper.find('#sc-teacher').setValue(3)
    await wrapper.find('#sc-rater').setValue('deputy')
    await wrapper.find('[data-criterion="K1.1"] input[value="2"]').setValue(true)
    await wrapper.find('[data-criterion="K1.2"] input[value="1"]').setValue(true)
    expect(wrapper.find('[data-total]').text()).toContain('75 % — достаточный')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const put = calls.find((c) => c.init.method === 'PUT')
    expect(put.url).toBe('/api/identification/competence/campaigns/7/scores')
    expect(JSON.parse(put.init.body)).toEqual({ teacher_id: 3, rater: 'deputy', scores: { 'K1.1': 2, 'K1.2': 1 } })
  })

  it('shows the server’s reason when a score is refused', async () => {
    _setSessionForTests(COORDINATOR)
    stubFetch((url, init) => {
      if (init.method === 'PUT') return jsonResponse(422, { code: 'invalid_score', detail: 'Балл 3 вне шкалы карты (0, 1, 2)', fields: [] })
      if (url.endsWith('/competence/campaigns')) return jsonResponse(200, [CAMPAIGN])
      if (url.endsWith('/competence/cards/1')) return jsonResponse(200, CARD)
      return jsonResponse(200, TEACHERS)
    })
    const wrapper = mount(CompetenceScoringView)
    await flushPromises()
    await wrapper.find('#sc-campaign').setValue(7)
    await flushPromises()
    await wrapper.find('#sc-teacher').setValue(3)
    await wrapper.find('[data-criterion="K1.1"] input[value="0"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('Балл 3 вне шкалы карты (0, 1, 2)')
  })
})
