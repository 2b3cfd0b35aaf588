import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import NavMenu from '../../src/components/NavMenu.vue'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, _setSessionForTests } from '../../src/auth.js'
import { ADMIN, COORDINATOR } from './helpers.js'

const ROLES = ['regional_analyst', 'municipal_coordinator', 'curator', 'school_staff', 'observer']

async function mountNav(user) {
  const router = createAppRouter(createMemoryHistory())
  _setSessionForTests(user)
  router.push('/')
  await router.isReady()
  return mount(NavMenu, { props: { user }, global: { plugins: [router] } })
}

beforeEach(() => {
  _resetForTests()
})

describe('navigation', () => {
  const EVERYTHING = ['Обзор', 'Школы', 'Данные', 'Методика', 'Идентификация', 'Дорожные карты', 'Мои сроки', 'Отчёты']
  const SCORING = 'Оценка педагогов «5К»'
  const SECTIONS = {
    regional_analyst: [...EVERYTHING, SCORING],
    municipal_coordinator: [...EVERYTHING, SCORING],
    curator: EVERYTHING.filter((t) => t !== 'Данные'),
    observer: EVERYTHING.filter((t) => t !== 'Данные'),
    school_staff: ['Школы', 'Дорожные карты', 'Мои сроки', 'Отчёты', SCORING],
  }

  it.each(ROLES)('shows %s only the sections it can use, never «Администрирование»', async (role) => {
    const wrapper = await mountNav({ ...COORDINATOR, role })
    const titles = wrapper.findAll('a').map((a) => a.text())
    expect(titles).toEqual(SECTIONS[role])
    expect(wrapper.text()).not.toContain('Администрирование')
  })

  it('lands school staff on «Мои сроки» and the others on «Обзор»', async () => {
    for (const [role, landing] of [['school_staff', '/deadlines'], ['observer', '/']]) {
      _resetForTests()
      const router = createAppRouter(createMemoryHistory())
      _setSessionForTests({ ...COORDINATOR, role })
      router.push('/')
      await router.isReady()
      expect(router.currentRoute.value.path).toBe(landing)
    }
  })

  it('shows «Администрирование» to the admin', async () => {
    const wrapper = await mountNav(ADMIN)
    const links = wrapper.findAll('a')
    expect(links.map((a) => a.text())).toContain('Администрирование')
    expect(links.at(-1).attributes('href')).toBe('/admin')
  })

  it('marks the current section', async () => {
    const wrapper = await mountNav(ADMIN)
    expect(wrapper.find('[aria-current="page"]').text()).toBe('Обзор')
  })
})
