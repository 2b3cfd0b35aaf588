// Browser tests of the territory screens: Обзор (dashboard), Школы (list) and the school card.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

async function withPage(body) {
  const { context, page } = await openPage(browser)
  try {
    await body(page)
  } finally {
    await context.close()
  }
}

test('the dashboard shows category counts, a chart and the status × change grid', async () => {
  await withPage(async (page) => {
    await page.goto(url('/login'))
    await login(page, 'municipal_coordinator')
    const counts = page.locator('[data-test="category-counts"]')
    await counts.waitFor()
    assert.match(await counts.textContent(), /ШНОР/)
    assert.match(await counts.textContent(), /ШНСУ/)
    assert.match(await counts.textContent(), /Зона риска/)
    assert.equal(await page.locator('#dashboard-year').inputValue(), '2023-2024')
    const shnor = Number((await counts.locator('[data-category="low_results"] [data-test="count-value"]').textContent()).trim())
    assert.ok(shnor > 0, 'the demo municipality has ШНОР schools')
    await page.locator('[data-test="municipality-chart"] canvas').first().waitFor()
    await page.locator('[data-test="trend-grid"] table').waitFor()
    await page.locator('[data-test="overdue-summary"]').waitFor()
    await page.locator('[data-test="changes"] h3, [data-test="changes"] p:not([aria-busy])').first().waitFor()
    // The services' health is for the administrator only.
    assert.equal(await page.locator('[data-test="health"]').count(), 0)
    await screenshot(page, 'territory-dashboard')

    // Another year reloads the figures.
    await page.locator('#dashboard-year').selectOption('2022-2023')
    await page.getByText('2021-2022 → 2022-2023').waitFor()
    await screenshot(page, 'territory-dashboard-2022')
    assert.deepEqual(page.problems.filter((p) => !p.includes('favicon')), [])
  })
})

test('schools list: search by part of a name, open the card with the explanation and the history', async () => {
  await withPage(async (page) => {
    await page.goto(url('/login'))
    await login(page, 'municipal_coordinator')
    await page.getByRole('link', { name: 'Школы', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Школы' }).waitFor()
    const table = page.locator('[data-test="schools-table"]')
    await table.waitFor()
    assert.ok((await table.locator('tbody tr').count()) > 1)

    await page.getByLabel('Поиск по названию').fill('Горки')
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-test="schools-table"] tbody tr')
      return rows.length >= 1 && [...rows].every((r) => r.textContent.includes('Горки'))
    })
    await screenshot(page, 'territory-schools-search')

    await table.locator('tbody tr a').first().click()
    await page.waitForURL(/\/schools\/\d+/)
    await page.locator('[data-test="registry"]').waitFor()
    assert.match(await page.locator('h1').textContent(), /Горки/)
    const history = page.locator('[data-test="history"]')
    await history.locator('tr[data-year="2023-2024"]').waitFor()
    assert.match(await history.textContent(), /2021-2022/)
    assert.match(await history.textContent(), /приказ №/)

    const reason = page.locator('[data-test="rules"] [data-test="rule-reason"]').first()
    await reason.waitFor()
    assert.ok((await reason.textContent()).trim().length > 20, 'a rule is explained in words')
    assert.match(await page.locator('[data-test="rules"]').textContent(), /сработало/)
    await page.locator('[data-test="results"] canvas').first().waitFor()
    await page.locator('[data-test="risk-profile"] table').waitFor()
    await screenshot(page, 'territory-school-card')
    assert.deepEqual(page.problems.filter((p) => !p.includes('favicon')), [])
  })
})

test('school staff opening another school sees the Russian refusal', async () => {
  await withPage(async (page) => {
    await page.goto(url('/login'))
    await login(page, 'school_staff')
    await page.goto(url('/schools/9901004'))
    const alert = page.locator('[data-test="card-error"]')
    await alert.waitFor()
    assert.match(await alert.textContent(), /вне вашей территории/)
    await screenshot(page, 'territory-school-card-refused')

    // Their own school opens.
    await page.goto(url('/schools/9901003'))
    await page.locator('[data-test="registry"]').waitFor()
    await screenshot(page, 'territory-school-card-own')
  })
})
