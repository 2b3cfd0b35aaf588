// Browser test of the words on Методика: subjects by name, «или»/«и», thresholds as percentages, the sources as the
// orders people know. On a desktop and a 390×844 phone, with a screenshot each.
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

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`Методика (${device}): Russian words, percentages and the orders as sources`, async () => {
    const { context, page } = await openPage(browser, { viewport })
    try {
      await login(page, 'regional_analyst')
      await page.goto(url('/methodology'))
      const row = page
        .locator('[data-test="methodologies"] tbody tr', { hasText: 'Методика идентификации школ' })
        .filter({ hasNotText: 'Копия' })
        .first()
      await row.getByRole('link').first().click()
      await page.waitForURL(/\/methodology\/\d+/)
      const rule = page.locator('[data-rule="fail_share_30"]')
      await rule.waitFor()
      assert.equal(await page.locator('#p-fail_share_30-subjects').inputValue(), 'русский язык, математика')
      assert.equal(await page.locator('#p-fail_share_30-threshold').inputValue(), '30')
      const operators = await page.locator('#p-fail_share_30-operator option').allTextContents()
      assert.deepEqual(operators.map((o) => o.trim()), ['или', 'и'])
      const text = await rule.textContent()
      assert.match(text, /Енисейского района, 2022/)
      assert.doesNotMatch(text, /Источник: 00\d/)
      const page_text = await page.locator('main').textContent()
      assert.doesNotMatch(page_text, /russian|mathematics/)
      await screenshot(page, `words-methodology-${device}`)
      assert.deepEqual(page.problems, [])
    } finally {
      await context.close()
    }
  })
}
