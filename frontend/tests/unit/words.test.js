// Words people read: subjects by name, «или»/«и», percentages, sources as documents, Russian plural agreement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import MethodologyEditView from '../../src/views/MethodologyEditView.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { counted, plural, schoolsCount, schoolsWord } from '../../src/format.js'
import { sourceLabel } from '../../src/vocabulary.js'
import { enumWord, fromPercentText, listToText, textToList, toPercentText } from '../../src/components/identification/methodologyWords.js'
import { ADMIN, jsonResponse, stubFetch } from './helpers.js'

describe('plural agreement', () => {
  it('agrees the word with the count', () => {
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(schoolsCount)).toEqual([
      '1 школа', '2 школы', '4 школы', '5 школ', '11 школ', '12 школ', '14 школ', '21 школа', '22 школы', '25 школ',
      '101 школа', '111 школ',
    ])
    expect(schoolsWord(3)).toBe('школы')
    expect(plural(0, 'сессия', 'сессии', 'сессий')).toBe('сессий')
    expect(counted(1500, 'строка', 'строки', 'строк')).toBe('1\u00a0500 строк')
  })
})

describe('methodology words', () => {
  it('shows subjects by name and reads names back as codes', () => {
    expect(listToText('subjects', ['russian', 'mathematics'])).toBe('русский язык, математика')
    expect(textToList('subjects', 'Русский язык, математика; физика')).toEqual(['russian', 'mathematics', 'physics'])
    expect(textToList('subjects', 'russian')).toEqual(['russian'])
    expect(textToList('procedures', 'ВПР, ОГЭ')).toEqual(['ВПР', 'ОГЭ'])
    expect(listToText('levels', ['high', 'medium'])).toBe('высокий, средний')
  })

  it('shows shares as percentages and reads them back', () => {
    expect(toPercentText(0.3)).toBe('30')
    expect(toPercentText(0.005)).toBe('0,5')
    expect(toPercentText(0.07)).toBe('7')
    expect(fromPercentText('30')).toBe(0.3)
    expect(fromPercentText('0,5 %')).toBe(0.005)
    expect(fromPercentText('много')).toBe('много')
    expect(enumWord('or')).toBe('или')
    expect(enumWord('and')).toBe('и')
  })

  it('names the orders, not the files', () => {
    expect(sourceLabel('003 (трек 1), показатель Рособрнадзора')).toBe(
      'приказ управления образования Енисейского района, 2022 (трек 1); показатель Рособрнадзора',
    )
    expect(sourceLabel('000, ФИОКО «500+»')).toBe('приказ отдела образования Черемшанского района, 2021; ФИОКО «500+»')
    expect(sourceLabel('004')).toBe('распоряжение управления образования Грачёвского округа, 2020')
  })
})

describe('MethodologyEditView', () => {
  const CATALOGUE = {
    rules: [{ id: 'fail_share_30', label: 'Доля участников ниже минимального порога', category_label: 'ШНОР', source: '003 (трек 1), показатель Рособрнадзора', description: 'Не менее 30 %' }],
    parameters_schema: {
      properties: { fail_share_30: { $ref: '#/$defs/FailShareRule' }, combine: { type: 'object' } },
      $defs: {
        FailShareRule: {
          properties: {
            threshold: { type: 'number', title: 'Порог' },
            subjects: { type: 'array', items: { type: 'string' }, title: 'Предметы' },
            operator: { type: 'string', enum: ['or', 'and'], title: 'Русский язык и математика' },
          },
        },
      },
    },
  }
  const ITEM = {
    id: 5, name: 'Методика', version: 1, frozen: false, active_for: [], description: '',
    rules: { fail_share_30: { threshold: 0.3, subjects: ['russian', 'mathematics'], operator: 'or' }, combine: { low_results: 'any' }, conditions: {} },
  }

  beforeEach(() => {
    _resetForTests()
    _setSessionForTests(ADMIN)
  })
  afterEach(() => _resetForTests())

  it('shows Russian subjects, «или», a percentage and the order; saves codes and a share', async () => {
    const patched = []
    stubFetch((url, init) => {
      if (url.endsWith('/methodologies/rules')) return jsonResponse(200, CATALOGUE)
      if (url.includes('/school-years')) return jsonResponse(200, { current: '2025-2026', latest: '2024-2025', years: [] })
      if (init.method === 'PATCH') {
        patched.push(JSON.parse(init.body))
        return jsonResponse(200, ITEM)
      }
      return jsonResponse(200, ITEM)
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [
      { path: '/methodology/:id', name: 'methodology-edit', component: MethodologyEditView },
      { path: '/methodology', name: 'methodology', component: { template: '<div />' } },
    ] })
    await router.push('/methodology/5')
    const wrapper = mount(MethodologyEditView, { global: { plugins: [router] } })
    await flushPromises()
    const text = wrapper.text()
    expect(text).toContain('Источник: приказ управления образования Енисейского района, 2022 (трек 1)')
    expect(text).not.toContain('003')
    expect(wrapper.find('#p-fail_share_30-subjects').element.value).toBe('русский язык, математика')
    expect(wrapper.find('#p-fail_share_30-threshold').element.value).toBe('30')
    expect(wrapper.find('[data-test="percent-unit"]').text()).toBe('%')
    const options = wrapper.findAll('#p-fail_share_30-operator option').map((o) => o.text())
    expect(options).toEqual(['или', 'и'])

    await wrapper.find('#p-fail_share_30-threshold').setValue('35')
    await wrapper.find('#p-fail_share_30-subjects').setValue('Русский язык')
    await wrapper.find('[data-test="methodology-save"]').trigger('click')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(patched[0].rules.fail_share_30).toEqual({ threshold: 0.35, subjects: ['russian'], operator: 'or' })
  })
})
