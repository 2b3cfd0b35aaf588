// Browser tests: schools and municipalities are picked by name (never typed as codes) in a user's scope and the run
// filter; the administrator resets a user's password and ends their sessions. Desktop and phone, a screenshot each.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser
let adminToken

before(async () => {
  browser = await startBrowser()
  adminToken = (await apiSession('admin')).tokens.access_token
})

after(async () => {
  await browser?.close()
})

async function adminApi(method, path, json) {
  const response = await fetch(url(`/api${path}`), {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  })
  const text = await response.text()
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** The newest run (none before the demo region has one) and the first municipality of the first region. */
async function runAndMunicipality() {
  const runs = await adminApi('GET', '/identification/runs?per_page=1')
  const territories = await adminApi('GET', '/identification/territories')
  return { run: runs.items[0], municipality: territories[0].municipalities[0] }
}

async function withPage(viewport, body) {
  const { context, page } = await openPage(browser, { viewport })
  try {
    await body(page)
    assert.deepEqual(page.problems, [])
  } finally {
    await context.close()
  }
}

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`Администрирование (${device}): a school user's scope is chosen by school name, with a typo`, async () => {
    const schools = await adminApi('GET', '/identification/schools?per_page=1')
    const school = schools.items[0]
    // A typo in the middle of the name's longest word: the fuzzy suggestion still finds it.
    const word = school.short_name.split(/\s+/).sort((a, b) => b.length - a.length)[0]
    const typo = word.slice(0, 2) + word.slice(3)
    await withPage(viewport, async (page) => {
      await page.goto(url('/login?next=/admin'))
      await login(page, 'admin')
      await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor()
      const username = `e2e.school.${device}.${Date.now().toString(36)}`
      await page.locator('#u-username').fill(username)
      await page.locator('#u-full-name').fill('Проверочный Учитель')
      await page.locator('#u-role').selectOption('school_staff')
      await page.locator('#u-schools').fill(typo)
      const option = page.locator('[data-test="u-scope-schools"] [data-test="picker-option"]', { hasText: school.short_name }).first()
      await option.waitFor()
      await option.click()
      const chip = page.locator('[data-test="u-scope-schools"] [data-test="picker-chip"]')
      assert.match(await chip.textContent(), new RegExp(school.school_code))
      await page.locator('#u-password').fill('e2e-password-1')
      await screenshot(page, `pick-school-by-name-${device}`)
      await page.locator('[data-test="user-save"]').click()
      await page.getByText(`Пользователь ${username} создан`).waitFor()
      const users = await adminApi('GET', `/admin/users?q=${username}`)
      assert.deepEqual(users.items[0].scope.schools, [school.school_code])
    })
  })

  test(`Администрирование (${device}): a user's password is reset and a session ended`, async () => {
    const username = `e2e.sess.${device}.${Date.now().toString(36)}`
    const territories = await adminApi('GET', '/identification/territories')
    const municipality = territories[0].municipalities[0].code
    await adminApi('POST', '/admin/users', {
      username, full_name: 'Сессий Двое', role: 'municipal_coordinator', password: 'first-password-1',
      scope: { kind: 'municipality', municipality },
    })
    await apiSession(username, 'first-password-1')
    await apiSession(username, 'first-password-1')
    await withPage(viewport, async (page) => {
      await page.goto(url('/login?next=/admin'))
      await login(page, 'admin')
      await page.locator('[data-test="users-table"]').waitFor()
      await page.locator('input[type="search"][aria-label="Поиск пользователей"]').fill(username)
      await page.locator(`[data-test="user-access-${username}"]`).click()
      const rows = page.locator('[data-test="session-row"]')
      await rows.nth(1).waitFor()
      assert.equal(await rows.count(), 2)
      assert.equal((await page.locator('[data-test="sessions-count"]').textContent()).trim(), '2 сессии')
      await screenshot(page, `admin-sessions-${device}`)
      await rows.first().locator('[data-test="session-revoke"]').click()
      await page.locator('[data-test="sessions-count"]', { hasText: '1 сессия' }).waitFor()

      await page.locator('[data-test="password-form"] input').nth(0).fill('second-password-2')
      await page.locator('[data-test="password-form"] input').nth(1).fill('second-password-2')
      await page.locator('[data-test="password-save"]').click()
      await page.locator('[data-test="password-done"]').waitFor()
      await page.locator('[data-test="no-sessions"]').waitFor()
      await screenshot(page, `admin-password-reset-${device}`)
    })
    await apiSession(username, 'second-password-2')
  })

  test(`Идентификация (${device}): the run's municipality filter is chosen by name`, async () => {
    const { run, municipality } = await runAndMunicipality()
    if (!run) return
    await withPage(viewport, async (page) => {
      await login(page, 'admin')
      await page.goto(url(`/identification/runs/${run.id}`))
      await page.locator('[data-test="results"]').waitFor()
      await page.locator('#f-mun').fill(municipality.name.slice(0, 5))
      await page.locator('[data-test="run-municipality"] [data-test="picker-option"]', { hasText: municipality.name }).first().click()
      const answered = page.waitForResponse((r) => r.url().includes(`municipality=${municipality.code}`))
      await page.getByRole('button', { name: 'Показать' }).click()
      await answered
      assert.match(await page.locator('[data-test="run-municipality"] [data-test="picker-code"]').textContent(), new RegExp(municipality.code))
      await screenshot(page, `run-municipality-by-name-${device}`)
    })
  })

  test(`Идентификация (${device}): a name typed before the municipalities arrive is filtered when they do`, async () => {
    const { run, municipality } = await runAndMunicipality()
    if (!run) return
    await withPage(viewport, async (page) => {
      await login(page, 'admin')
      // The territories are held back until the user has typed: a slow answer on a loaded server.
      let release
      const typed = new Promise((resolve) => (release = resolve))
      await page.route('**/api/identification/territories*', async (route) => {
        await typed
        await route.continue()
      })
      await page.goto(url(`/identification/runs/${run.id}`))
      await page.locator('[data-test="results"]').waitFor()
      await page.locator('#f-mun').fill(municipality.name.slice(0, 5))
      assert.equal(await page.locator('[data-test="run-municipality"] [data-test="picker-option"]').count(), 0)
      release()
      await page.locator('[data-test="run-municipality"] [data-test="picker-option"]', { hasText: municipality.name }).first().click()
      assert.match(await page.locator('[data-test="run-municipality"] [data-test="picker-code"]').textContent(), new RegExp(municipality.code))
    })
  })
}
