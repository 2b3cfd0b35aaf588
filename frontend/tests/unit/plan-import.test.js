import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import PlanImportView from '../../src/views/PlanImportView.vue'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const PREVIEW = {
  column_set: 'tracks_003',
  columns: {},
  activities: 1,
  problems: [],
  sections: [
    {
      title: 'Трек 1 - адресная поддержка ШНОР',
      number: '1',
      planned_results: [],
      activities: [
        {
          row: 3,
          number: '1',
          title: 'Анализ результатов ОГЭ',
          responsible: 'Руководители ОУ',
          expected_result: 'Выявлены дефициты',
          final_document: 'Информационно-аналитическая справка',
          deadline: 'Июнь – июль 2022 г.',
          schedule_kind: 'range',
          schedule_summary: 'июнь – июль 2022',
          schedule_warnings: ['Срок «июнь – июль 2022»: 31.07.2022 — вне периода плана 01.09.2022 – 31.08.2023'],
          due_dates: ['2022-07-31'],
        },
      ],
    },
  ],
}

beforeEach(() => {
  _resetForTests()
})

describe('plan import preview', () => {
  it('shows the responsible, expected result, final document and the deadline warning of each activity', async () => {
    stubFetch((url, init) => {
      if (url === '/api/roadmap/plan-kinds') return jsonResponse(200, [{ code: 'municipal_roadmap', label: 'Дорожная карта' }])
      if (url === '/api/roadmap/plans/import' && init.method === 'POST') return jsonResponse(200, PREVIEW)
      return jsonResponse(404, { detail: 'нет' })
    })
    const router = createAppRouter(createMemoryHistory())
    _setSessionForTests(COORDINATOR)
    router.push('/roadmaps')
    await router.isReady()
    const wrapper = mount(PlanImportView, { global: { plugins: [router] } })
    await flushPromises()
    await wrapper.find('#imp-title').setValue('Дорожная карта из приказа')
    await wrapper.find('#imp-text').setValue('№\tМероприятия\tСроки\n1\tАнализ\tИюнь')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const headers = wrapper.findAll('.preview-table thead th').map((th) => th.text())
    expect(headers).toEqual(expect.arrayContaining(['Ответственный', 'Ожидаемый результат', 'Итоговый документ']))
    const row = wrapper.find('.preview-table tbody tr:not(.section-row)').text()
    expect(row).toContain('Руководители ОУ')
    expect(row).toContain('Выявлены дефициты')
    expect(row).toContain('Информационно-аналитическая справка')
    expect(row).toContain('вне периода плана')
  })
})
