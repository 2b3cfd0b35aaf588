import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import DeadlinesView from '../../src/views/DeadlinesView.vue'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { filterDeadlines, groupBySchool, groupDeadlines, loadDeadlines, loadMoreDeadlines, readCache, totalLabel } from '../../src/components/service/deadlines.js'
import { COORDINATOR, jsonResponse, stubFetch } from './helpers.js'

const ITEMS = [
  { occurrence_id: 1, activity_id: 11, plan_id: 1, plan_title: 'Дорожная карта района', number: '1.1', title: 'Совещание с директорами', due: '2024-05-08', stage: null, label: 'срок', overdue: true, days_left: -2, status: 'in_progress', school_code: null },
  { occurrence_id: 2, activity_id: 12, plan_id: 1, plan_title: 'Дорожная карта района', number: '1.2', title: 'Мониторинг ВПР', due: '2024-05-12', stage: null, label: 'срок', overdue: false, days_left: 2, status: 'planned', school_code: '990101' },
  { occurrence_id: 3, activity_id: 13, plan_id: 1, plan_title: 'Дорожная карта района', number: '2.1', title: 'Отчёт о выполнении', due: '2024-05-15', stage: 'final', label: 'итог', overdue: false, days_left: 5, status: 'planned', school_code: null },
]

function page(items = ITEMS) {
  return { items, total: items.length, page: 1, per_page: 500 }
}

function deadlinesFetch({ etag = '"v1"', status = 200 } = {}) {
  return stubFetch((url, init) => {
    if (url.startsWith('/api/roadmap/me/deadlines')) {
      if (status === 0) throw new TypeError('Failed to fetch')
      if (init.headers?.['If-None-Match'] === etag) return new Response(null, { status: 304, headers: { ETag: etag } })
      if (status !== 200) return jsonResponse(status, { code: 'x', detail: 'Сервис дорожных карт недоступен' })
      return jsonResponse(200, page(), { ETag: etag })
    }
    if (url.startsWith('/api/roadmap/me/notifications')) return jsonResponse(200, { items: [], total: 0, page: 1, per_page: 20 })
    if (url.startsWith('/api/roadmap/me/calendar')) return jsonResponse(200, [])
    return jsonResponse(404, { detail: 'нет' })
  })
}

beforeEach(() => {
  _resetForTests()
  localStorage.clear()
  document.body.innerHTML = ''
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('loadDeadlines', () => {
  it('keeps the list with its ETag and revalidates with If-None-Match (304 → the stored copy)', async () => {
    const fetch = deadlinesFetch()
    const first = await loadDeadlines({ username: 'u1', days: 14 })
    expect(first.items).toHaveLength(3)
    expect(first.stale).toBe(false)
    expect(readCache('u1').etag).toBe('"v1"')
    expect(fetch.mock.calls[0][1].headers['If-None-Match']).toBeUndefined()

    const second = await loadDeadlines({ username: 'u1', days: 14 })
    expect(fetch.mock.calls[1][1].headers['If-None-Match']).toBe('"v1"')
    expect(second.notModified).toBe(true)
    expect(second.stale).toBe(false)
    expect(second.items.map((i) => i.activity_id)).toEqual([11, 12, 13])
  })

  it('does not send the ETag of another query (different window)', async () => {
    const fetch = deadlinesFetch()
    await loadDeadlines({ username: 'u1', days: 14 })
    await loadDeadlines({ username: 'u1', days: 30 })
    expect(fetch.mock.calls[1][1].headers['If-None-Match']).toBeUndefined()
    expect(fetch.mock.calls[1][0]).toContain('days=30')
  })

  it('falls back to the stored list when the network fails', async () => {
    deadlinesFetch()
    await loadDeadlines({ username: 'u1' })
    deadlinesFetch({ status: 0 })
    const result = await loadDeadlines({ username: 'u1' })
    expect(result.stale).toBe(true)
    expect(result.items).toHaveLength(3)
    expect(result.error).toMatch(/Нет связи с сервером/)
  })

  it('uses the stored list without a request when the device is offline', async () => {
    deadlinesFetch()
    await loadDeadlines({ username: 'u1' })
    const fetch = deadlinesFetch()
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const result = await loadDeadlines({ username: 'u1' })
    expect(fetch).not.toHaveBeenCalled()
    expect(result.stale).toBe(true)
  })

  it('throws the Russian error when there is nothing stored', async () => {
    deadlinesFetch({ status: 503 })
    await expect(loadDeadlines({ username: 'u2' })).rejects.toMatchObject({ status: 503, detail: 'Сервис дорожных карт недоступен' })
  })

  it('keeps copies per user', async () => {
    deadlinesFetch()
    await loadDeadlines({ username: 'u1' })
    expect(readCache('u2')).toBeNull()
  })
})

describe('groupBySchool', () => {
  const item = (id, school, section, overdue, due) => ({
    occurrence_id: id, activity_id: id, plan_id: school ? 2 : 1, plan_title: school ? 'Программа' : 'Дорожная карта',
    section_number: section, section_title: `Раздел ${section}`, title: `М${id}`, due, overdue, school_code: school,
  })
  const items = [
    item(1, '9901003', '1', false, '2024-05-20'),
    item(2, '9901003', '2', true, '2024-05-01'),
    item(3, null, '1', true, '2024-04-01'),
    item(4, '9901001', '1', false, '2024-05-12'),
    item(5, '9901003', '1', true, '2024-04-15'),
  ]
  const names = { '9901003': 'МБОУ ООШ д. Красные Горки', '9901001': 'МБОУ СОШ № 1' }

  it('groups by school by name (the territory first) and section, overdue first', () => {
    const groups = groupBySchool(items, names)
    expect(groups.map((g) => g.title)).toEqual(['Мероприятия территории', 'МБОУ ООШ д. Красные Горки', 'МБОУ СОШ № 1'])
    const gorki = groups[1]
    expect([gorki.count, gorki.overdue]).toEqual([3, 2])
    expect(gorki.sections.map((s) => s.title)).toEqual(['1. Раздел 1', '2. Раздел 2'])
    expect(gorki.sections[0].items.map((i) => i.occurrence_id)).toEqual([5, 1])
    expect(groupBySchool(items, {})[1].title).toBe('Школа 9901001')
  })

  it('filters by status and school', () => {
    expect(filterDeadlines(items, { status: 'overdue' }).map((i) => i.occurrence_id)).toEqual([2, 3, 5])
    expect(filterDeadlines(items, { status: 'soon', school: '9901003' }).map((i) => i.occurrence_id)).toEqual([1])
    expect(filterDeadlines(items, { school: '-' }).map((i) => i.occurrence_id)).toEqual([3])
  })
})

describe('groupDeadlines', () => {
  it('puts overdue first, then groups by week', () => {
    const groups = groupDeadlines(ITEMS, new Date(2024, 4, 10))
    expect(groups.map((g) => g.title)).toEqual(['Просрочено', 'Эта неделя', 'Следующая неделя'])
    expect(groups[0].items.map((i) => i.activity_id)).toEqual([11])
    expect(groups[1].items.map((i) => i.activity_id)).toEqual([12])
    expect(groups[2].items.map((i) => i.activity_id)).toEqual([13])
  })
})

async function mountView() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
  router.push('/deadlines')
  await router.isReady()
  const wrapper = mount(DeadlinesView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('DeadlinesView', () => {
  it('lists a coordinator\'s items by school, overdue first, with links to the activity; by date on demand', async () => {
    _setSessionForTests(COORDINATOR)
    deadlinesFetch()
    const wrapper = await mountView()
    const items = wrapper.findAll('[data-test="deadline-item"]')
    expect(items).toHaveLength(3)
    expect(items[0].classes()).toContain('overdue')
    expect(items[0].find('a').attributes('href')).toBe('/activities/11')
    const groups = wrapper.findAll('[data-test="deadlines-school-group"] summary').map((g) => g.text())
    expect(groups[0]).toContain('Мероприятия территории')
    expect(groups[0]).toContain('просрочено: 1')
    await wrapper.find('[data-test="deadlines-view"]').setValue('date')
    expect(wrapper.text()).toContain('Просрочено')
    expect(wrapper.find('[data-test="deadlines-stale"]').exists()).toBe(false)
  })

  it('shows the stored list with «Показаны данные на …» when offline', async () => {
    _setSessionForTests(COORDINATOR)
    deadlinesFetch()
    ;(await mountView()).unmount()
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const fetch = deadlinesFetch({ status: 0 })
    const wrapper = await mountView()
    expect(wrapper.findAll('[data-test="deadline-item"]')).toHaveLength(3)
    expect(wrapper.find('[data-test="deadlines-stale"]').text()).toMatch(/Показаны данные на \d{2}\.\d{2}\.\d{4}/)
    expect(fetch.mock.calls.some(([u]) => u.includes('/me/deadlines'))).toBe(false)
  })

  it('shows the error when there is no stored list and no network', async () => {
    _setSessionForTests(COORDINATOR)
    deadlinesFetch({ status: 0 })
    const wrapper = await mountView()
    expect(wrapper.find('[data-test="deadlines-error"]').text()).toMatch(/Нет связи с сервером/)
  })
})

describe('a regional list counted up to the cap', () => {
  const more = (n, from) => Array.from({ length: n }, (_, k) => ({ ...ITEMS[1], occurrence_id: from + k, activity_id: from + k }))

  function cappedFetch() {
    return stubFetch((url) => {
      if (url.startsWith('/api/roadmap/me/deadlines')) {
        if (url.includes('cursor=c2')) return jsonResponse(200, { items: more(2, 200), total: 1000, total_capped: true, page: 1, per_page: 500 })
        return jsonResponse(200, { items: ITEMS, total: 1000, total_capped: true, next_cursor: 'c2', page: 1, per_page: 500 }, { ETag: '"v1"' })
      }
      if (url.startsWith('/api/roadmap/me/notifications')) return jsonResponse(200, { items: [], total: 0, page: 1, per_page: 20 })
      if (url.startsWith('/api/roadmap/me/calendar')) return jsonResponse(200, [])
      return jsonResponse(404, { detail: 'нет' })
    })
  }

  it('says a capped total as «1000+»', () => {
    expect(totalLabel(1000, true)).toBe('1000+')
    expect(totalLabel(37, false)).toBe('37')
  })

  it('keeps totalCapped and the next cursor, and follows it', async () => {
    const fetch = cappedFetch()
    const first = await loadDeadlines({ username: 'u1', days: 14 })
    expect([first.total, first.totalCapped, first.nextCursor]).toEqual([1000, true, 'c2'])
    const next = await loadMoreDeadlines(first.nextCursor, { days: 14 })
    expect(fetch.mock.calls[1][0]).toBe('/api/roadmap/me/deadlines?days=14&per_page=500&cursor=c2')
    expect(next.items).toHaveLength(2)
    expect(next.nextCursor).toBe(null)
  })

  it('shows «1000+» on Мои сроки and loads the next page on «Показать ещё»', async () => {
    _setSessionForTests(COORDINATOR)
    cappedFetch()
    const wrapper = await mountView()
    expect(wrapper.find('[data-test="deadlines-total"]').text()).toBe('Всего сроков: 1000+, загружено 3')
    await wrapper.find('[data-test="deadlines-more"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test="deadline-item"]')).toHaveLength(5)
    expect(wrapper.find('[data-test="deadlines-total"]').text()).toBe('Всего сроков: 1000+, загружено 5')
    expect(wrapper.find('[data-test="deadlines-more"]').exists()).toBe(false)
  })

  it('says the plain total when the whole list is loaded', async () => {
    _setSessionForTests(COORDINATOR)
    deadlinesFetch()
    const wrapper = await mountView()
    expect(wrapper.find('[data-test="deadlines-total"]').text()).toBe('Всего сроков: 3')
    expect(wrapper.find('[data-test="deadlines-more"]').exists()).toBe(false)
  })
})
