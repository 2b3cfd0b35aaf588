// Browser tests of «one truth»: every year picker offers the years the API lists (defaulting to the latest with
// data), Обзор shows the API's counts, says what its grid counts and which data is missing, and the overdue count
// is the same on Обзор, Мои сроки and the API. Each on a desktop and a 390×844 phone, with a screenshot.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser
const sessions = new Map()

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

/** GET an API path as a demo user (signed in once per user). */
async function apiGet(username, path) {
  if (!sessions.has(username)) sessions.set(username, await apiSession(username))
  const { tokens } = sessions.get(username)
  const response = await fetch(url(`/api${path}`), { headers: { Authorization: `Bearer ${tokens.access_token}` } })
  assert.equal(response.status, 200, `GET ${path} as ${username}: ${response.status}`)
  return response.json()
}

async function withPage(viewport, body) {
  const { context, page } = await openPage(browser, { viewport })
  try {
    await body(page)
  } finally {
    await context.close()
  }
}

const numberIn = async (locator) => Number(((await locator.textContent()) || '').replace(/\D+/g, ''))

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`Обзор (${device}): the years and counts are the API's, the grid says what it counts`, async () => {
    const years = await apiGet('regional_analyst', '/identification/school-years')
    assert.ok(years.latest, 'the demo region has a year with data')
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'regional_analyst')
      const picker = page.locator('#dashboard-year')
      await page.locator('[data-test="category-counts"]').waitFor()
      assert.equal(await picker.inputValue(), years.latest)
      const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => o.value))
      assert.deepEqual(offered, years.years.map((y) => y.school_year))

      const dashboard = await apiGet('regional_analyst', `/identification/dashboard?school_year=${years.latest}`)
      for (const category of ['low_results', 'unfavourable_social', 'risk_zone', 'effective']) {
        const card = page.locator(`[data-category="${category}"] [data-test="count-value"]`)
        assert.equal(await numberIn(card), dashboard.categories[category], category)
      }
      assert.equal((await page.locator('[data-test="trend-note"]').textContent()).trim(), dashboard.status_trend_note)
      await page.locator('[data-test="counts-note"]').waitFor()

      const counts = await apiGet('regional_analyst', '/roadmap/me/deadlines/summary')
      await page.locator('[data-test="overdue-count"]').waitFor()
      assert.equal(await numberIn(page.locator('[data-test="overdue-count"]')), counts.overdue)
      assert.equal(await numberIn(page.locator('[data-test="soon-count"]')), counts.due_soon)
      await screenshot(page, `one-truth-dashboard-${device}`)

      // The first demo year has no three-year history: the screen says which data is missing.
      const first = years.years.at(-1).school_year
      const early = await apiGet('regional_analyst', `/identification/dashboard?school_year=${first}`)
      await picker.selectOption(first)
      if (early.insufficient_data) {
        const missing = page.locator('[data-test="missing-data"]')
        // The card of the year picked, not the one shown before: its heading names the API's count.
        await page.locator('[data-test="missing-data"] h2', { hasText: `: ${early.insufficient_data} ` }).waitFor()
        assert.equal(await missing.locator('[data-test="missing-rule"]').count(), early.missing_data.length)
        assert.match(await missing.textContent(), new RegExp(early.missing_data[0].rule_label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      }
      await screenshot(page, `one-truth-dashboard-${first}-${device}`)
      assert.deepEqual(page.problems.filter((p) => !p.includes('favicon')), [])
    })
  })

  test(`Идентификация and Отчёты (${device}): the year pickers default to the latest year with data`, async () => {
    const years = await apiGet('regional_analyst', '/identification/school-years')
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'regional_analyst')
      await page.goto(url('/identification'))
      const run = page.locator('#run-year')
      await run.waitFor()
      await page.waitForFunction(() => document.querySelector('#run-year')?.value)
      assert.equal(await run.inputValue(), years.latest)
      const labels = await run.locator('option').allTextContents()
      assert.equal(labels.length, years.years.length)
      assert.match(labels[0], /результаты \d+ школ[ы]?[,]?/)
      await screenshot(page, `one-truth-identification-${device}`)

      await page.goto(url('/reports'))
      const report = page.locator('[data-test="report-year"]')
      await report.waitFor()
      await page.waitForFunction(() => document.querySelector('[data-test="report-year"]')?.value)
      assert.equal(await report.inputValue(), years.latest)
      const offered = await report.locator('option').evaluateAll((options) => options.map((o) => o.value))
      assert.deepEqual(offered, years.years.map((y) => y.school_year))
      await screenshot(page, `one-truth-reports-${device}`)
    })
  })

  test(`Мои сроки (${device}): the overdue group counts what the API counts`, async () => {
    const counts = await apiGet('municipal_coordinator', '/roadmap/me/deadlines/summary')
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'municipal_coordinator')
      await page.goto(url('/deadlines'))
      await page.locator('[data-test="deadlines-list"], [data-test="deadlines-empty"]').first().waitFor()
      await page.waitForFunction(() => document.querySelectorAll('[data-test="deadline-item"]').length > 0 || document.querySelector('[data-test="deadlines-empty"]'))
      const overdue = page.locator('[data-test="deadline-item"].overdue')
      assert.equal(await overdue.count(), counts.overdue)
      // A coordinator's list: grouped by school (by name) and section, filtered by status and school.
      const groups = page.locator('[data-test="deadlines-school-group"]')
      assert.ok((await groups.count()) > 1, 'one group per school')
      // The names come from the schools' list, which may answer after the deadlines: wait for them to replace the codes.
      await groups.locator('summary', { hasText: /МБОУ|МАОУ|МКОУ/ }).first().waitFor()
      await screenshot(page, `one-truth-deadlines-${device}`)
      await page.locator('[data-test="deadlines-status"]').selectOption('overdue')
      assert.equal(await page.locator('[data-test="deadline-item"]').count(), counts.overdue)
      assert.equal(await page.locator('[data-test="deadline-item"]:not(.overdue)').count(), 0)
      const schoolPicker = page.locator('[data-test="deadlines-school"]')
      const option = schoolPicker.locator('option').nth(2)
      const name = (await option.textContent()).trim()
      await schoolPicker.selectOption({ label: name })
      const left = await page.locator('[data-test="deadlines-school-group"] summary').allTextContents()
      assert.ok(left.length <= 1 && left.every((t) => t.includes(name)), `only ${name}: ${left}`)
      await screenshot(page, `one-truth-deadlines-filtered-${device}`)
    })
  })

  test(`Расчёт (${device}): a school's explanation opens beside the table, in view, and says which data is missing`, async () => {
    const runs = await apiGet('regional_analyst', '/identification/runs?status=approved&per_page=100')
    const first = runs.items.reduce((a, b) => (a.school_year <= b.school_year ? a : b))
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'regional_analyst')
      await page.goto(url(`/identification/runs/${first.id}`))
      const row = page.locator('[data-test="results"] tbody tr').first()
      await row.waitFor()
      await row.locator('button.idn-link').click()
      const drawer = page.locator('[data-test="explanation-drawer"]')
      await drawer.waitFor()
      // Where the drawer stands in the window (not 5,900 px below, after the table): at its top, within its width.
      const rect = await drawer.evaluate((el) => {
        const r = el.getBoundingClientRect()
        return { top: r.top, right: r.right, width: window.innerWidth }
      })
      assert.equal(rect.top, 0, 'the explanation starts at the top of the window')
      assert.ok(rect.right <= rect.width + 1, 'the drawer fits the window width')
      await screenshot(page, `one-truth-run-drawer-${device}`, { fullPage: false })
      await drawer.locator('[data-test="school-detail"]').waitFor()
      const missing = drawer.locator('[data-test="school-missing"] li')
      if (await missing.count()) assert.match(await missing.first().textContent(), /—\s*\S/)
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'detached' })
      assert.deepEqual(page.problems.filter((p) => !p.includes('favicon')), [])
    })
  })

  test(`Школы (${device}): a mistyped name offers the schools it comes close to`, async () => {
    const schools = await apiGet('regional_analyst', '/identification/schools?per_page=5')
    const school = schools.items[0]
    const word = school.short_name.split(' ').reduce((a, b) => (b.length > a.length ? b : a))
    const typo = word.slice(0, Math.floor(word.length / 2)) + word.slice(Math.floor(word.length / 2) + 1)
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'regional_analyst')
      await page.goto(url(`/schools?q=${encodeURIComponent(typo)}`))
      const offered = page.locator('[data-test="schools-suggestions"]')
      await offered.waitFor()
      assert.match(await offered.textContent(), new RegExp(word))
      await screenshot(page, `one-truth-schools-typo-${device}`)
    })
  })

  test(`Отчёты (${device}): a plan is preselected by name, nothing is submittable that the server would refuse`, async () => {
    await withPage(viewport, async (page) => {
      await page.goto(url('/login'))
      await login(page, 'municipal_coordinator')
      await page.goto(url('/reports'))
      const type = page.locator('[data-test="report-type"]')
      await type.waitFor()
      const submit = page.locator('[data-test="report-submit"]')
      await type.selectOption('school_card')
      await page.locator('[data-test="report-missing"]', { hasText: 'школа' }).waitFor()
      assert.equal(await submit.isDisabled(), true, 'no school chosen: nothing to submit')
      await type.selectOption('plan')
      const plan = page.locator('[data-test="report-plan"]')
      await plan.waitFor()
      await page.waitForFunction(() => document.querySelector('[data-test="report-plan"]')?.value)
      assert.match(await plan.locator('option:checked').textContent(), /\S/)
      assert.equal(await page.locator('[data-test="report-missing"]').count(), 0)
      assert.equal(await submit.isDisabled(), false)
      await screenshot(page, `one-truth-reports-plan-${device}`)
    })
  })
}
