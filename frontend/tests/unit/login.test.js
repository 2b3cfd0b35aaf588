import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router.js'
import { _resetForTests, REFRESH_TOKEN_KEY, session } from '../../src/auth.js'
import { COORDINATOR, deferred, jsonResponse, stubFetch } from './helpers.js'

async function mountAt(path) {
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  _resetForTests()
  localStorage.clear()
  document.body.innerHTML = ''
})

describe('login form', () => {
  it('shows the Russian labels and button', async () => {
    stubFetch(() => jsonResponse(500, {}))
    const { wrapper } = await mountAt('/login')
    expect(wrapper.find('h1').text()).toBe('Опора')
    expect(wrapper.text()).toContain('Поддержка школ с низкими образовательными результатами')
    expect(wrapper.find('label[for="login-username"]').text()).toBe('Имя пользователя')
    expect(wrapper.find('label[for="login-password"]').text()).toBe('Пароль')
    expect(wrapper.find('button[type="submit"]').text()).toBe('Войти')
  })

  it('disables the button while submitting and shows the server message on error', async () => {
    const pending = deferred()
    const fetch = stubFetch((url) => (url === '/api/auth/token' ? pending.promise : jsonResponse(500, {})))
    const { wrapper } = await mountAt('/login')

    await wrapper.find('#login-username').setValue('municipal_coordinator')
    await wrapper.find('#login-password').setValue('wrong')
    await wrapper.find('form').trigger('submit')

    const button = wrapper.find('button[type="submit"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.attributes('aria-busy')).toBe('true')
    expect(button.text()).toContain('Выполняется вход')
    expect(wrapper.find('#login-username').attributes('disabled')).toBeDefined()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[0][1].body).toContain('username=municipal_coordinator')

    pending.resolve(
      jsonResponse(401, { code: 'invalid_credentials', detail: 'Неверное имя пользователя или пароль', fields: [] }),
    )
    await flushPromises()

    const alert = wrapper.find('[role="alert"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toBe('Неверное имя пользователя или пароль')
    expect(button.attributes('disabled')).toBeUndefined()
    expect(button.text()).toBe('Войти')
    expect(wrapper.find('#login-password').element.value).toBe('')
  })

  it('shows the too-many-attempts message', async () => {
    stubFetch(() =>
      jsonResponse(429, { code: 'too_many_attempts', detail: 'Слишком много попыток входа. Повторите позже.', fields: [] }),
    )
    const { wrapper } = await mountAt('/login')
    await wrapper.find('#login-username').setValue('admin')
    await wrapper.find('#login-password').setValue('x')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('Слишком много попыток входа. Повторите позже.')
  })

  it('asks for empty fields without calling the server', async () => {
    const fetch = stubFetch(() => jsonResponse(500, {}))
    const { wrapper } = await mountAt('/login')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.find('[role="alert"]').text()).toBe('Введите имя пользователя и пароль.')
    expect(fetch).not.toHaveBeenCalled()
  })

  it('signs in, stores the refresh token and opens the requested page', async () => {
    stubFetch((url) => {
      if (url === '/api/auth/token') {
        return jsonResponse(200, { access_token: 'a1', token_type: 'bearer', expires_in: 900, refresh_token: 'r1' })
      }
      if (url === '/api/auth/me') return jsonResponse(200, COORDINATOR)
      if (url === '/api/health') return jsonResponse(200, { status: 'ok', services: { gateway: { status: 'ok' } } })
      return jsonResponse(404, {})
    })
    const { wrapper, router } = await mountAt('/schools')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.next).toBe('/schools')

    await wrapper.find('#login-username').setValue('municipal_coordinator')
    await wrapper.find('#login-password').setValue('demo')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    // Screens load lazily: wait for the page's component to arrive and render.
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Школы'))

    expect(router.currentRoute.value.path).toBe('/schools')
    expect(session.user.full_name).toBe('Петрова Анна Сергеевна')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r1')
    expect(wrapper.find('[data-test="user-name"]').text()).toBe('Петрова Анна Сергеевна')
    expect(wrapper.find('[data-test="user-role"]').text()).toBe('Муниципальный координатор')
    expect(wrapper.find('[data-test="user-territory"]').text()).toBe('Заречный муниципальный район')
    expect(wrapper.find('h1').text()).toBe('Школы')
  })
})
