// Mentor pairs on the school card: «Изменить» and «Завершить» for those who form pairs, with the revision read.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import MentorPairs from '../../src/components/territory/MentorPairs.vue'
import { PAIR_STALE_MESSAGE, pairChanges, today } from '../../src/components/territory/mentorPairs.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const PAIR = {
  id: 9, revision: 3, mentor_school_code: 'M1', mentor_school_name: 'Лицей № 2', mentor_head: 'Орлов П.П.',
  supported_school_code: 'S1', supported_school_name: 'СОШ № 1', supported_head: 'Ким Е.В.', agreement_number: '12',
  agreement_date: '2024-09-02', rationale: 'Стабильно высокие результаты', starts_on: '2024-09-02', ends_on: null,
  plan_id: null, active: true,
}

async function mountPairs(handler, user = COORDINATOR) {
  const calls = []
  stubFetch((url, init) => {
    calls.push({ url, init })
    return handler(url, init)
  })
  const router = createAppRouter(createMemoryHistory())
  _setSessionForTests(user)
  router.push('/schools/S1')
  await router.isReady()
  const wrapper = mount(MentorPairs, { props: { schoolCode: 'S1' }, global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, calls }
}

beforeEach(() => _resetForTests())

describe('the changes of a pair', () => {
  it('sends only what differs from the pair read, never an emptied date', () => {
    const form = { rationale: ' Стабильно высокие результаты ', agreement_number: '14', agreement_date: '', ends_on: '2025-05-31' }
    expect(pairChanges(PAIR, form)).toEqual({ agreement_number: '14', ends_on: '2025-05-31' })
    expect(pairChanges(PAIR, { ...PAIR, agreement_date: '2024-09-02', ends_on: '' })).toEqual({})
  })

  it('says today as the API reads dates', () => {
    expect(today(new Date(2025, 0, 7))).toBe('2025-01-07')
  })
})

describe('mentor pairs on the school card', () => {
  it('offers «Изменить» and «Завершить» only to those who form pairs', async () => {
    for (const [role, shown] of [['municipal_coordinator', true], ['regional_analyst', true], ['admin', true], ['observer', false], ['school_staff', false]]) {
      const { wrapper } = await mountPairs(() => jsonResponse(200, [PAIR]), { ...COORDINATOR, role })
      expect(wrapper.find('[data-test="pair-edit"]').exists(), role).toBe(shown)
      expect(wrapper.find('[data-test="pair-end"]').exists(), role).toBe(shown)
      wrapper.unmount()
    }
  })

  it('offers nothing on a pair that has ended', async () => {
    const { wrapper } = await mountPairs(() => jsonResponse(200, [{ ...PAIR, active: false, ends_on: '2024-12-31' }]))
    expect(wrapper.find('[data-test="pair-edit"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('(пара завершена)')
  })

  it('saves an edit with the revision read and shows the pair answered', async () => {
    const { wrapper, calls } = await mountPairs((url, init) =>
      init.method === 'PATCH' ? jsonResponse(200, { ...PAIR, agreement_number: '14', revision: 4 }, { ETag: '"4"' }) : jsonResponse(200, [PAIR]),
    )
    await wrapper.find('[data-test="pair-edit"]').trigger('click')
    await wrapper.find('[data-test="pair-agreement-number"]').setValue('14')
    await wrapper.find('[data-test="pair-edit-form"]').trigger('submit')
    await flushPromises()
    const patch = calls.find((c) => c.init.method === 'PATCH')
    expect(patch.url).toBe('/api/roadmap/mentor-pairs/9')
    expect(patch.init.headers['If-Match']).toBe('"3"')
    expect(JSON.parse(patch.init.body)).toEqual({ agreement_number: '14' })
    expect(wrapper.find('[data-pair="9"]').text()).toContain('Соглашение № 14')
    expect(wrapper.find('[data-test="pair-done"]').text()).toBe('Изменения пары сохранены.')
    expect(wrapper.find('[data-test="pair-edit-form"]').exists()).toBe(false)
  })

  it('ends a pair on the day chosen', async () => {
    const { wrapper, calls } = await mountPairs((url, init) =>
      init.method === 'POST' ? jsonResponse(200, { ...PAIR, ends_on: '2025-05-31', active: false, revision: 4 }) : jsonResponse(200, [PAIR]),
    )
    await wrapper.find('[data-test="pair-end"]').trigger('click')
    expect(wrapper.find('[data-test="pair-end-date"]').element.value).toBe(today())
    await wrapper.find('[data-test="pair-end-date"]').setValue('2025-05-31')
    await wrapper.find('[data-test="pair-end-form"]').trigger('submit')
    await flushPromises()
    const end = calls.find((c) => c.init.method === 'POST')
    expect(end.url).toBe('/api/roadmap/mentor-pairs/9/end')
    expect(end.init.headers['If-Match']).toBe('"3"')
    expect(JSON.parse(end.init.body)).toEqual({ ends_on: '2025-05-31' })
    expect(wrapper.find('[data-pair="9"]').text()).toContain('(пара завершена)')
    expect(wrapper.find('[data-test="pair-done"]').text()).toBe('Пара завершена: последний день — 31.05.2025.')
    expect(wrapper.find('[data-test="pair-end"]').exists()).toBe(false)
  })

  it('says another user changed the pair when the revision is stale (412), and keeps the form', async () => {
    const { wrapper } = await mountPairs((url, init) =>
      init.method === 'PATCH'
        ? jsonResponse(412, { code: 'stale_revision', detail: 'Запись изменена другим пользователем' })
        : jsonResponse(200, [PAIR]),
    )
    await wrapper.find('[data-test="pair-edit"]').trigger('click')
    await wrapper.find('[data-test="pair-ends-on"]').setValue('2025-05-31')
    await wrapper.find('[data-test="pair-edit-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="pair-error"]').text()).toBe(PAIR_STALE_MESSAGE)
    expect(wrapper.find('[data-test="pair-edit-form"]').exists()).toBe(true)
  })

  it('shows the server’s reason for any other refusal', async () => {
    const { wrapper } = await mountPairs((url, init) =>
      init.method === 'POST'
        ? jsonResponse(409, { code: 'pair_ended', detail: 'Пара уже завершена 01.01.2025; чтобы изменить дату, измените пару' })
        : jsonResponse(200, [PAIR]),
    )
    await wrapper.find('[data-test="pair-end"]').trigger('click')
    await wrapper.find('[data-test="pair-end-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="pair-error"]').text()).toContain('Пара уже завершена')
  })
})
