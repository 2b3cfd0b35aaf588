// Browser tests of «Мои сроки» (phone, offline, calendar), «Отчёты» and «Администрирование».
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

async function withPage(options, body) {
  const { context, page } = await openPage(browser, options)
  try {
    await body(page, context)
  } finally {
    await context.close()
  }
}

/** Wait until the service worker controls the page and has stored the shell and the loaded assets. */
async function waitForOfflineShell(page) {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 15_000 })
  await page.waitForFunction(
    async () => {
      const scripts = [...document.querySelectorAll('script[src]')].map((s) => new URL(s.src).pathname)
      const shell = await caches.match('/')
      const assets = await Promise.all(scripts.map((p) => caches.match(p)))
      return !!shell && assets.every(Boolean)
    },
    null,
    { timeout: 15_000, polling: 250 },
  )
}

test('phone: my deadlines, offline copy, calendar link', async () => {
  await withPage({ viewport: PHONE }, async (page, context) => {
    await page.goto(url('/login?next=/deadlines'))
    await login(page, 'municipal_coordinator')
    await page.waitForURL(/\/deadlines/)
    await page.getByRole('heading', { level: 1, name: 'Мои сроки' }).waitFor()
    const items = page.locator('[data-test="deadline-item"]')
    await items.first().waitFor()
    const count = await items.count()
    assert.ok(count > 0, 'the demo region has deadlines')
    const href = await items.first().locator('a').getAttribute('href')
    assert.match(href, /^\/activities\/\d+$/)
    const firstTitle = (await items.first().locator('.title').textContent()).trim()
    await screenshot(page, 'service-deadlines-phone')

    // Offline inside the app: leave the page and come back; the list comes from localStorage.
    await waitForOfflineShell(page)
    await context.setOffline(true)
    await items.first().locator('a').click()
    await page.waitForURL(/\/activities\/\d+/)
    await page.goBack()
    await page.waitForURL(/\/deadlines/)
    const stale = page.locator('[data-test="deadlines-stale"]')
    await stale.waitFor()
    assert.match(await stale.textContent(), /Показаны данные на \d{2}\.\d{2}\.\d{4}/)
    assert.equal(await items.count(), count)
    assert.equal((await items.first().locator('.title').textContent()).trim(), firstTitle)
    await screenshot(page, 'service-deadlines-offline')
    await context.setOffline(false)

    // Back online: the list reloads (304 or 200) and the note goes away.
    await page.getByRole('button', { name: 'Обновить' }).click()
    await stale.waitFor({ state: 'detached' })

    // Calendar feed: an .ics address shown once, readable without a token as text/calendar.
    await page.locator('[data-test="calendar-create"]').click()
    const feedUrl = await page.locator('[data-test="calendar-url"]').inputValue()
    assert.match(feedUrl, /\/api\/roadmap\/calendar\/[^/]+\.ics$/)
    assert.ok(await page.getByText('Добавьте в календарь телефона').isVisible())
    await screenshot(page, 'service-calendar-link')
    const path = new URL(feedUrl).pathname
    const response = await fetch(url(path))
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type'), /^text\/calendar/)
    assert.match(await response.text(), /BEGIN:VCALENDAR/)
  })
})

// Reloading while offline: the service worker serves the shell and auth.js starts with the last
// signed-in user, so the stored list shows.
test('phone: offline reload of /deadlines shows the stored list', async () => {
  await withPage({ viewport: PHONE }, async (page, context) => {
    await page.goto(url('/login?next=/deadlines'))
    await login(page, 'municipal_coordinator')
    await page.locator('[data-test="deadline-item"]').first().waitFor()
    await waitForOfflineShell(page)
    await context.setOffline(true)
    await page.reload()
    await page.locator('[data-test="deadlines-stale"], .login-page').first().waitFor()
    await screenshot(page, 'service-deadlines-offline-reload')
    assert.equal(new URL(page.url()).pathname, '/deadlines', `after an offline reload the app is at ${page.url()}`)
    assert.match(await page.locator('[data-test="deadlines-stale"]').textContent(), /Показаны данные на/)
  })
})

test('desktop: regional analyst renders the identification note 2023-2024 as XLSX', async () => {
  await withPage({ viewport: DESKTOP, acceptDownloads: true }, async (page) => {
    await page.goto(url('/login?next=/reports'))
    await login(page, 'regional_analyst')
    await page.waitForURL(/\/reports/)
    await page.getByRole('heading', { level: 1, name: 'Отчёты' }).waitFor()
    await page.locator('[data-test="report-type"]').selectOption('identification_note')
    await page.locator('[data-test="report-year"]').selectOption('2023-2024')
    await page.locator('[data-test="format-xlsx"]').check()
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.locator('[data-test="report-submit"]').click(),
    ])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    assert.equal(await page.locator('[data-test="report-error"]').count(), 0)
    await page.locator('[data-test="report-done"]').waitFor()
    await page.locator('[data-test="report-archive"] tbody tr').first().waitFor()
    await screenshot(page, 'service-report-xlsx')
    assert.deepEqual(page.problems, [])
  })
})

test('admin creates a user with a municipality scope and sees it listed', async () => {
  await withPage({ viewport: DESKTOP }, async (page) => {
    await page.goto(url('/login?next=/admin'))
    await login(page, 'admin')
    await page.waitForURL(/\/admin/)
    await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor()
    const username = `e2e.coord.${Date.now().toString(36)}`
    await page.locator('#u-username').fill(username)
    await page.locator('#u-full-name').fill('Проверочный Координатор')
    await page.locator('#u-role').selectOption('municipal_coordinator')
    // The municipality is picked by its name from the list, its code small beside it.
    await page.locator('#u-municipality').click()
    await page.locator('[data-test="u-scope-municipality"] [data-test="picker-option"]').first().click()
    await page.locator('[data-test="u-scope-municipality"] [data-test="picker-code"]').waitFor()
    await page.locator('#u-password').fill('short')
    await page.locator('[data-test="user-save"]').click()
    // The server refuses a short password: the message stands next to the field.
    await page.locator('#u-password[aria-invalid="true"]').waitFor()
    await page.locator('#u-password').fill('e2e-password-1')
    await page.locator('[data-test="user-save"]').click()
    await page.getByText(`Пользователь ${username} создан`).waitFor()
    const row = page.locator('[data-test="users-table"] tr', { hasText: username })
    await row.waitFor()
    assert.match(await row.textContent(), /Муниципальный координатор/)
    await screenshot(page, 'service-admin-user-created')
  })
})
