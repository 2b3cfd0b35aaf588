// Browser test of «Что работает»: reached from the roadmaps page, states its method, shows a table or says why not.
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

test('regional analyst opens «Что работает» and reads the method with the comparison', async () => {
  const { context, page } = await openPage(browser)
  try {
    await login(page, 'regional_analyst')
    await page.goto(url('/roadmaps'))
    await page.locator('[data-test="what-works-link"]').click()
    await page.waitForURL(/\/roadmaps\/what-works$/)
    const method = page.locator('[data-test="what-works-method"]')
    await method.waitFor()
    assert.match(await method.textContent(), /Стратифицированное сравнение/)
    assert.doesNotMatch(await method.textContent(), /вызвал/)
    await page.locator('[data-test="what-works-table"], [data-test="what-works-empty"]').first().waitFor()
    const rows = page.locator('[data-test="what-works-row"]')
    for (let i = 0; i < (await rows.count()); i += 1) {
      const verdict = await rows.nth(i).getAttribute('data-verdict')
      assert.ok(['lower', 'higher', 'no_difference', 'too_few', 'no_comparison'].includes(verdict))
    }
    await screenshot(page, 'what-works')
    assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [], 'no script errors on the page')
  } finally {
    await context.close()
  }
})

test('a school employee is not let into «Что работает»', async () => {
  const { context, page } = await openPage(browser)
  try {
    await login(page, 'school_staff')
    await page.goto(url('/roadmaps/what-works'))
    await page.waitForURL((u) => !u.pathname.endsWith('/what-works'))
  } finally {
    await context.close()
  }
})
