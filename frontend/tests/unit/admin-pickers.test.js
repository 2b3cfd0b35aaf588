// Picking by name (NamePicker in scopes and filters) and the administrator's password reset and sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import NamePicker from '../../src/components/pickers/NamePicker.vue'
import ScopeFields from '../../src/components/service/ScopeFields.vue'
import UserAccess from '../../src/components/service/UserAccess.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { ADMIN, jsonResponse, stubFetch } from './helpers.js'

const TERRITORIES = [
  {
    code: '99',
    name: 'Демонстрационная область',
    municipalities: [
      { code: '99-01', name: 'Заречный район', kind: 'район', school_count: 10 },
      { code: '99-02', name: 'Сосновский округ', kind: 'округ', school_count: 7 },
    ],
  },
]
const SCHOOL = { school_code: '99-02-005', short_name: 'МКОУ Сосновская ООШ', municipality_name: 'Сосновский округ' }

beforeEach(() => {
  _resetForTests()
  _setSessionForTests(ADMIN)
  document.body.innerHTML = ''
})
afterEach(() => _resetForTests())

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

describe('NamePicker', () => {
  it('finds a municipality by part of its name and gives back its code', async () => {
    const options = TERRITORIES[0].municipalities.map((m) => ({ code: m.code, name: m.name }))
    const wrapper = mount(NamePicker, { props: { id: 'mun', modelValue: null, options } })
    const input = wrapper.find('input')
    await input.trigger('focus')
    await input.setValue('сосн')
    await flushPromises()
    const found = wrapper.findAll('[data-test="picker-option"]')
    expect(found).toHaveLength(1)
    expect(found[0].text()).toContain('Сосновский округ')
    expect(found[0].text()).toContain('99-02')
    await found[0].trigger('mousedown')
    expect(wrapper.emitted('update:modelValue')[0]).toEqual(['99-02'])
  })

  it('shows the name of a code it was handed, the code small beside it', async () => {
    const options = [{ code: '99-01', name: 'Заречный район' }]
    const wrapper = mount(NamePicker, { props: { id: 'mun', modelValue: '99-01', options } })
    await flushPromises()
    expect(wrapper.find('input').element.value).toBe('Заречный район')
    expect(wrapper.find('[data-test="picker-code"]').text()).toBe('99-01')
  })

  it('picks with the keyboard', async () => {
    const options = TERRITORIES[0].municipalities.map((m) => ({ code: m.code, name: m.name }))
    const wrapper = mount(NamePicker, { props: { id: 'mun', modelValue: null, options } })
    const input = wrapper.find('input')
    await input.trigger('focus')
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('update:modelValue')[0]).toEqual(['99-02'])
  })
})

describe('ScopeFields', () => {
  it('chooses schools by name, falls back to close names for a typo, and names saved codes', async () => {
    const asked = []
    stubFetch((url) => {
      asked.push(url)
      if (url.startsWith('/api/identification/schools?')) return jsonResponse(200, { items: [], total: 0 })
      if (url.startsWith('/api/identification/schools/suggestions')) return jsonResponse(200, [{ ...SCHOOL, score: 0.8 }])
      if (url === '/api/identification/schools/99-01-001') {
        return jsonResponse(200, { school_code: '99-01-001', short_name: 'МБОУ СОШ № 1', municipality_name: 'Заречный район' })
      }
      return jsonResponse(404, {})
    })
    const wrapper = mount(ScopeFields, {
      props: { id: 'u', territories: TERRITORIES, modelValue: { kind: 'schools', schools: ['99-01-001'] } },
    })
    await flushPromises()
    const chips = wrapper.findAll('[data-test="picker-chip"]')
    expect(chips).toHaveLength(1)
    expect(chips[0].text()).toContain('МБОУ СОШ № 1')
    expect(chips[0].text()).toContain('99-01-001')

    const input = wrapper.find('#u-schools')
    await input.trigger('focus')
    await input.setValue('Сосовка')
    await wait(300)
    await flushPromises()
    expect(asked.some((u) => u.includes('/schools?q=%D0%A1%D0%BE%D1%81%D0%BE%D0%B2%D0%BA%D0%B0'))).toBe(true)
    const option = wrapper.find('[data-test="picker-option"]')
    expect(option.text()).toContain('МКОУ Сосновская ООШ')
    await option.trigger('mousedown')
    const scope = wrapper.emitted('update:modelValue').at(-1)[0]
    expect(scope.schools).toEqual(['99-01-001', '99-02-005'])
    // Nowhere to type codes.
    expect(wrapper.text()).not.toContain('Коды школ')
  })

  it('fills the region when a municipality is picked by name', async () => {
    const wrapper = mount(ScopeFields, {
      props: { id: 'u', territories: TERRITORIES, modelValue: { kind: 'municipality', municipality: null, region: null, schools: [] } },
    })
    const input = wrapper.find('#u-municipality')
    await input.trigger('focus')
    await input.setValue('Заречный')
    await flushPromises()
    await wrapper.find('[data-test="picker-option"]').trigger('mousedown')
    expect(wrapper.emitted('update:modelValue').at(-1)[0]).toMatchObject({ municipality: '99-01', region: '99' })
  })
})

describe('UserAccess', () => {
  const USER = { id: 7, username: 'orlova', full_name: 'Орлова Светлана Игоревна' }
  const SESSIONS = [
    { id: 's1', created_at: '2026-11-30T08:00:00Z', expires_at: '2026-12-30T08:00:00Z', ip: '10.0.0.5', user_agent: 'Firefox' },
    { id: 's2', created_at: '2026-11-29T08:00:00Z', expires_at: '2026-12-29T08:00:00Z', ip: null, user_agent: null },
  ]

  it('lists the open sessions and ends one', async () => {
    let open = [...SESSIONS]
    const posted = []
    stubFetch((url, init) => {
      if (url === '/api/admin/users/7/sessions') return jsonResponse(200, open)
      if (init.method === 'POST' && url === '/api/admin/users/7/sessions/s1/revoke') {
        posted.push(url)
        open = open.filter((s) => s.id !== 's1')
        return new Response(null, { status: 204 })
      }
      return jsonResponse(404, {})
    })
    const wrapper = mount(UserAccess, { props: { user: USER } })
    await flushPromises()
    expect(wrapper.findAll('[data-test="session-row"]')).toHaveLength(2)
    expect(wrapper.find('[data-test="sessions-count"]').text()).toBe('2 сессии')
    expect(wrapper.text()).toContain('10.0.0.5')
    await wrapper.find('[data-test="session-revoke"]').trigger('click')
    await flushPromises()
    expect(posted).toHaveLength(1)
    expect(wrapper.findAll('[data-test="session-row"]')).toHaveLength(1)
    expect(wrapper.find('[data-test="sessions-count"]').text()).toBe('1 сессия')
  })

  it('sets a new password after checking it locally, then shows no sessions', async () => {
    let open = [...SESSIONS]
    const bodies = []
    stubFetch((url, init) => {
      if (url === '/api/admin/users/7/sessions') return jsonResponse(200, open)
      if (url === '/api/admin/users/7/password') {
        bodies.push(JSON.parse(init.body))
        open = []
        return jsonResponse(200, { ...USER, is_active: true })
      }
      return jsonResponse(404, {})
    })
    const wrapper = mount(UserAccess, { props: { user: USER } })
    await flushPromises()
    await wrapper.find('#pw-7').setValue('new-password-2')
    await wrapper.find('#pw2-7').setValue('new-password-3')
    await wrapper.find('[data-test="password-form"]').trigger('submit')
    expect(wrapper.find('[data-test="password-problem"]').text()).toBe('Пароли не совпадают.')
    expect(bodies).toHaveLength(0)
    await wrapper.find('#pw2-7').setValue('new-password-2')
    await wrapper.find('[data-test="password-form"]').trigger('submit')
    await flushPromises()
    expect(bodies).toEqual([{ password: 'new-password-2' }])
    expect(wrapper.find('[data-test="password-done"]').text()).toContain('сессии завершены')
    expect(wrapper.find('[data-test="no-sessions"]').exists()).toBe(true)
  })
})
