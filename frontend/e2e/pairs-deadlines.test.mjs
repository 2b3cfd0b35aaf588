// Browser tests of the school card's mentor pair edit and end (a stale edit said as such), and of Мои сроки's
// capped regional total («1000+») with «Показать ещё» following the API's cursor: desktop and phone, a screenshot each.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const VIEWPORTS = [['desktop', DESKTOP], ['phone', PHONE]]
let browser
let coordinator
let analyst

before(async () => {
  browser = await startBrowser()
  coordinator = (await apiSession('municipal_coordinator')).tokens.access_token
  analyst = await apiSession('regional_analyst')
})

after(async () => {
  await browser?.close()
})

async function call(method, pathname, { body, headers = {}, token = coordinator } = {}) {
  const response = await fetch(url(pathname), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  assert.ok(response.ok, `${method} ${pathname}: ${response.status} ${await response.clone().text()}`)
  return response.status === 204 ? null : response.json()
}

async function withPage(viewport, user, fn) {
  const { context, page } = await openPage(browser, { viewport })
  try {
    await login(page, user)
    await fn(page)
    assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [])
  } finally {
    await context.close()
  }
}

async function fitsPhone(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width, `no horizontal scrolling on a phone (${width}px)`)
}

function isoDay(date) {
  return date.toISOString().slice(0, 10)
}

const dotted = (iso) => iso.split('-').reverse().join('.')

/** A fresh pair per viewport, between schools no other browser test pairs (the staff's school is left alone). */
async function pairScene(index) {
  const staffSchool = (await apiSession('school_staff')).me.scope.schools[0]
  const schools = (await call('GET', '/api/identification/schools?per_page=50')).items.filter((s) => s.school_code !== staffSchool)
  const [supported, mentor] = [schools[2 + 2 * index], schools[3 + 2 * index]]
  const pair = await call('POST', '/api/roadmap/mentor-pairs', {
    body: { mentor_school_code: mentor.school_code, supported_school_code: supported.school_code, agreement_number: `30-${index}`, agreement_date: '2024-09-02', rationale: 'Высокие результаты ВПР три года подряд', starts_on: '2024-09-02' },
  })
  return { pair, school: supported.school_code }
}

for (const [name, viewport] of VIEWPORTS) {
  test(`a coordinator changes and ends a mentor pair on the school card; a stale edit is refused (${name})`, async () => {
    const { pair, school } = await pairScene(name === 'desktop' ? 0 : 1)
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.goto(url(`/schools/${school}`))
      const item = page.locator(`[data-pair="${pair.id}"]`)
      await item.waitFor()

      // An edit saved with the revision read.
      await item.locator('[data-test="pair-edit"]').click()
      await item.locator('[data-test="pair-agreement-number"]').fill('31-ИЗМ')
      await item.locator('[data-test="pair-save"]').click()
      await page.locator('[data-test="pair-done"]').waitFor()
      assert.equal(await page.locator('[data-test="pair-done"]').textContent(), 'Изменения пары сохранены.')
      assert.match(await item.textContent(), /Соглашение № 31-ИЗМ от 02\.09\.2024/)
      assert.equal((await call('GET', `/api/roadmap/mentor-pairs/${pair.id}`)).agreement_number, '31-ИЗМ')

      // Someone else changes the pair while the form is open: the save is refused, nothing is written.
      await item.locator('[data-test="pair-edit"]').click()
      const fresh = await call('GET', `/api/roadmap/mentor-pairs/${pair.id}`)
      await call('PATCH', `/api/roadmap/mentor-pairs/${pair.id}`, { body: { rationale: 'Изменено в другой вкладке' }, headers: { 'If-Match': `"${fresh.revision}"` } })
      await item.locator('[data-test="pair-agreement-number"]').fill('32-ПОЗЖЕ')
      await item.locator('[data-test="pair-save"]').click()
      await item.locator('[data-test="pair-error"]').waitFor()
      assert.equal(await item.locator('[data-test="pair-error"]').textContent(), 'Пару изменил другой пользователь — обновите страницу')
      assert.equal((await call('GET', `/api/roadmap/mentor-pairs/${pair.id}`)).agreement_number, '31-ИЗМ')
      if (name === 'phone') await fitsPhone(page)
      await item.scrollIntoViewIfNeeded()
      await screenshot(page, `mentor-pair-stale-${name}`, { fullPage: false })

      // After a reload, the pair is ended on today's date.
      await page.reload()
      await item.locator('[data-test="pair-end"]').click()
      const today = await item.locator('[data-test="pair-end-date"]').inputValue()
      await item.locator('[data-test="pair-end-confirm"]').click()
      await page.locator('[data-test="pair-done"]').waitFor()
      assert.equal(await page.locator('[data-test="pair-done"]').textContent(), `Пара завершена: последний день — ${dotted(today)}.`)
      assert.match(await item.textContent(), new RegExp(`по ${dotted(today).replace(/\./g, '\\.')}`))
      assert.equal((await call('GET', `/api/roadmap/mentor-pairs/${pair.id}`)).ends_on, today)
      if (name === 'phone') await fitsPhone(page)
      await item.scrollIntoViewIfNeeded()
      await screenshot(page, `mentor-pair-ended-${name}`, { fullPage: false })
    })
  })
}

test('an observer sees the pairs without «Изменить» and «Завершить»', async () => {
  const { pair, school } = await pairScene(2)
  await withPage(DESKTOP, 'observer', async (page) => {
    await page.goto(url(`/schools/${school}`))
    await page.locator(`[data-pair="${pair.id}"]`).waitFor()
    assert.equal(await page.locator('[data-test="pair-edit"], [data-test="pair-end"]').count(), 0)
  })
})

/**
 * A regional plan of 110 weekly activities, all due 15–89 days from now (outside the default 14-day window, so
 * no other screen's figures move): a territory's list has one row per due date, well over the API's cap of 1000.
 */
async function largeRegionalList() {
  const token = analyst.tokens.access_token
  const day = 24 * 60 * 60 * 1000
  const start = new Date(Date.now() + 15 * day)
  const end = new Date(Date.now() + 89 * day)
  const activity = (n) => ({ number: `1.${n}`, title: `Еженедельный контроль посещаемости (${n})`, deadline_text: 'еженедельно', responsible: [{ name: 'Региональный координатор' }] })
  const activities = 110
  const plan = await call('POST', '/api/roadmap/plans', {
    token,
    body: {
      kind: 'other', title: 'Региональный контроль посещаемости', region_code: analyst.me.scope.region,
      period_start: isoDay(start), period_end: isoDay(end),
      sections: [{ number: '1', title: 'Контроль', activities: Array.from({ length: activities }, (_, k) => activity(k + 1)) }],
    },
  })
  await call('POST', `/api/roadmap/plans/${plan.id}/approve`, {
    token, body: { order_number: '77-од', order_date: isoDay(new Date()) }, headers: { 'If-Match': `"${plan.revision}"` },
  })
  const first = await call('GET', '/api/roadmap/me/deadlines?days=90&per_page=500', { token })
  assert.equal(first.total_capped, true, `the list of ${first.total} is capped`)
  assert.equal(first.total, 1000)
  assert.ok(first.next_cursor)
  return first
}

test('Мои сроки says a capped regional total as «1000+» and loads the next page (desktop and phone)', async () => {
  const first = await largeRegionalList()
  for (const [name, viewport] of VIEWPORTS) {
    await withPage(viewport, 'regional_analyst', async (page) => {
      await page.goto(url('/deadlines'))
      await page.locator('[data-test="deadlines-total"]').waitFor()
      await page.getByLabel('Окно «скоро срок»').selectOption('90')
      const total = page.locator('[data-test="deadlines-total"]')
      await page.waitForFunction(() => /1000\+/.test(document.querySelector('[data-test="deadlines-total"]')?.textContent || ''))
      assert.equal((await total.textContent()).trim(), `Всего сроков: 1000+, загружено ${first.items.length}`)
      await page.locator('[data-test="deadlines-more"]').click()
      await page.waitForFunction((n) => !document.querySelector('[data-test="deadlines-total"]')?.textContent.includes(`загружено ${n}`), first.items.length)
      const loaded = Number((await total.textContent()).match(/загружено (\d+)/)[1])
      assert.ok(loaded > first.items.length, `more rows after «Показать ещё» (${loaded})`)
      assert.equal(await page.locator('[data-test="deadline-item"]').count(), loaded)
      if (name === 'phone') await fitsPhone(page)
      await total.scrollIntoViewIfNeeded()
      await screenshot(page, `deadlines-capped-${name}`, { fullPage: false })
    })
  }
})
