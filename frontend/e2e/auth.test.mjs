// Browser tests of sign-in, the application shell and sign-out.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  PHONE,
  apiSession,
  headerUser,
  login,
  navTitles,
  openPage,
  screenshot,
  startBrowser,
  submitLogin,
  url,
} from './helpers.mjs'

const SECTIONS = ['Обзор', 'Школы', 'Данные', 'Методика', 'Идентификация', 'Дорожные карты', 'Мои сроки', 'Отчёты']
// School staff see what they can use: their school, plans, deadlines, documents.
// The link to the «5К» scoring form follows the sections for those who enter scores.
const SCORING = 'Оценка педагогов «5К»'
const SCHOOL_SECTIONS = ['Школы', 'Дорожные карты', 'Мои сроки', 'Отчёты', SCORING]

let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

/** Run `body` with a fresh page; always close its context. */
async function withPage(options, body) {
  const { context, page } = await openPage(browser, options)
  try {
    await body(page)
  } finally {
    await context.close()
  }
}

test('a wrong password shows the server message in Russian', async () => {
  await withPage({}, async (page) => {
    await page.goto(url('/'))
    await page.waitForURL(/\/login/)
    await assert.doesNotReject(page.getByRole('heading', { name: 'Опора' }).waitFor())
    await submitLogin(page, 'municipal_coordinator', 'wrong-password')
    const alert = page.locator('[data-test="login-error"]')
    await alert.waitFor()
    assert.match((await alert.textContent()).trim(), /Неверное имя пользователя или пароль/)
    assert.match(page.url(), /\/login/)
    await screenshot(page, 'login-wrong-password')
  })
})

test('municipal coordinator sees name, role and territory, and no administration', async () => {
  const { me } = await apiSession('municipal_coordinator')
  assert.equal(me.role_label, 'Муниципальный координатор')
  await withPage({}, async (page) => {
    await page.goto(url('/login'))
    await screenshot(page, 'login-page')
    await login(page, 'municipal_coordinator')
    assert.equal(new URL(page.url()).pathname, '/')
    const header = await headerUser(page)
    assert.equal(header.name, me.full_name)
    assert.equal(header.role, 'Муниципальный координатор')
    assert.ok(me.territory_label, 'the server gives a territory label')
    assert.equal(header.territory, me.territory_label)

    const titles = await navTitles(page)
    assert.deepEqual(titles, [...SECTIONS, SCORING])
    assert.equal(await page.getByText('Администрирование').count(), 0)

    assert.match(await page.locator('[data-test="welcome"]').textContent(), /Муниципальный координатор/)
    assert.equal(await page.locator('[data-test="health"]').count(), 0, 'the services\' health is for the administrator')
    await screenshot(page, 'dashboard-municipal-coordinator')

    await page.getByRole('link', { name: 'Дорожные карты' }).click()
    await page.getByRole('heading', { level: 1, name: 'Дорожные карты' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/roadmaps')

    // The administration page is closed to this role: redirected to the dashboard.
    await page.goto(url('/admin'))
    await page.locator('[data-test="notice"]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/')
    await screenshot(page, 'admin-denied-municipal-coordinator')
  })
})

test('admin sees the administration section', async () => {
  await withPage({}, async (page) => {
    await page.goto(url('/login'))
    await login(page, 'admin')
    assert.deepEqual(await navTitles(page), [...SECTIONS, SCORING, 'Администрирование'])
    await page.locator('[data-test="health"] .service').first().waitFor()
    await page.getByRole('link', { name: 'Администрирование' }).click()
    await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/admin')
    await screenshot(page, 'admin-section')
  })
})

test('a reload keeps the session', async () => {
  await withPage({}, async (page) => {
    await page.goto(url('/login?next=/methodology'))
    await login(page, 'regional_analyst')
    assert.equal(new URL(page.url()).pathname, '/methodology')
    const before = await headerUser(page)
    await page.reload()
    await page.locator('[data-test="user-name"]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/methodology')
    assert.deepEqual(await headerUser(page), before)
    await page.getByRole('heading', { level: 1, name: 'Методика' }).waitFor()
    // A deep link opened directly in the same browser works as well.
    await page.goto(url('/reports'))
    await page.getByRole('heading', { level: 1, name: 'Отчёты' }).waitFor()
    assert.deepEqual(await headerUser(page), before)
    await screenshot(page, 'reload-keeps-session')
  })
})

test('logout returns to the login page and ends the session', async () => {
  await withPage({}, async (page) => {
    await page.goto(url('/login'))
    await login(page, 'curator')
    await page.getByRole('button', { name: 'Выйти' }).click()
    await page.waitForURL(/\/login/)
    await page.getByRole('button', { name: 'Войти' }).waitFor()
    assert.equal(await page.evaluate(() => localStorage.getItem('opora.refresh_token')), null)
    // Signed out for good: a protected page sends back to the login page, remembering it.
    await page.goto(url('/schools'))
    await page.waitForURL(/\/login\?next=%2Fschools|\/login\?next=\/schools/)
    await page.getByRole('button', { name: 'Войти' }).waitFor()
    await screenshot(page, 'after-logout')
  })
})

test('on a phone the menu button opens the navigation', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto(url('/login'))
    await screenshot(page, 'phone-login')
    await login(page, 'school_staff')
    const toggle = page.getByRole('button', { name: 'Меню' })
    assert.ok(await toggle.isVisible(), 'menu button is visible on a phone')
    const nav = page.locator('nav[aria-label="Разделы системы"]')
    assert.equal(await nav.isVisible(), false, 'navigation is collapsed at first')
    // School staff land on Мои сроки.
    await page.getByRole('heading', { level: 1, name: 'Мои сроки' }).waitFor()
    await screenshot(page, 'phone-landing-deadlines')

    await toggle.click()
    await nav.waitFor({ state: 'visible' })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    assert.deepEqual(await navTitles(page), SCHOOL_SECTIONS)
    await screenshot(page, 'phone-menu-open', { fullPage: false })

    await nav.getByRole('link', { name: 'Дорожные карты' }).click()
    await page.getByRole('heading', { level: 1, name: 'Дорожные карты' }).waitFor()
    await nav.waitFor({ state: 'hidden' })
    await screenshot(page, 'phone-roadmaps')
  })
})
