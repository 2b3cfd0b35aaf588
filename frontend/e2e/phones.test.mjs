// Browser test: every screen school staff use fits a 390×844 and a 360×740 phone — no sideways page scroll, tap
// targets at least 44 px, the plan table scrolls sideways inside its box with a visible hint, the evidence input
// offers the camera. A screenshot of each screen on each phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const PHONES = [
  ['390', { width: 390, height: 844 }],
  ['360', { width: 360, height: 740 }],
]

let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

/** The page's width against the screen's, and the visible buttons and links smaller than 44 px. */
async function measure(page) {
  return page.evaluate(() => {
    const small = []
    const targets = document.querySelectorAll(
      'main button, main a, main input:not([type="hidden"]), main select, main summary, main label.btn, main [role="tab"]',
    )
    for (const el of targets) {
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || style.display === 'none') continue
      const box = el.getBoundingClientRect()
      if (box.width <= 1 || box.height <= 1) continue // visually hidden (the camera input behind its label)
      // A link inside running text is exempt (WCAG 2.5.8): it sits in a line of words, not alone.
      if (el.tagName === 'A' && getComputedStyle(el.parentElement).display === 'inline') continue
      // Radio buttons and check boxes count by their label, which is the target.
      const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label').getBoundingClientRect() : box
      if (target.height < 44 || target.width < 44) {
        small.push(`${el.tagName.toLowerCase()} «${(el.textContent || el.getAttribute('aria-label') || el.id || '').trim().slice(0, 40)}» ${Math.round(target.width)}×${Math.round(target.height)}`)
      }
    }
    // Anything running past the right edge of the screen, unless it sits in a box that scrolls sideways.
    const past = []
    for (const el of document.querySelectorAll('main *')) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.right <= window.innerWidth + 1) continue
      let scroller = el.parentElement
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement
      if (scroller && scroller !== document.documentElement && scroller !== document.body) continue
      past.push(`${el.tagName.toLowerCase()}.${el.className || ''} «${(el.textContent || '').trim().slice(0, 30)}» ${Math.round(box.right)}`)
    }
    return { scroll: document.documentElement.scrollWidth, width: window.innerWidth, small, past: past.slice(0, 8) }
  })
}

async function fits(page, name, device) {
  await page.waitForLoadState('networkidle').catch(() => {})
  const { scroll, width, small, past } = await measure(page)
  await screenshot(page, `phone-${name}-${device}`)
  assert.ok(scroll <= width, `${name}: the page is ${scroll} px wide on a ${width} px screen`)
  assert.deepEqual(past, [], `${name}: runs past the screen's right edge`)
  assert.deepEqual(small, [], `${name}: tap targets under 44 px`)
}

for (const [device, viewport] of PHONES) {
  test(`school staff on a ${device} px phone: Мои сроки, the plan, the activity, the evidence, the scoring form`, async () => {
    const { context, page } = await openPage(browser, { viewport })
    try {
      await login(page, 'school_staff')
      await page.goto(url('/deadlines'))
      await page.getByRole('heading', { level: 1, name: 'Мои сроки' }).waitFor()
      await page.locator('[data-test="notifications"]').waitFor()
      await page.locator('[data-test="calendar"]').waitFor()
      await fits(page, 'deadlines', device)

      await page.goto(url('/roadmaps'))
      await page.getByRole('link', { name: /^Антирисковая программа/ }).first().click()
      await page.waitForURL(/\/roadmaps\/\d+$/)
      const table = page.locator('[data-test="plan-table"]')
      await table.waitFor()
      await page.locator('[data-test="scroll-hint"]').waitFor()
      // The table is wider than the phone and scrolls inside its box, not the page.
      const box = await page.locator('[data-test="plan-table-wrap"]').evaluate((el) => ({
        scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX,
      }))
      assert.ok(['auto', 'scroll'].includes(box.overflow), 'the plan table scrolls sideways in its box')
      await fits(page, 'plan', device)

      await table.locator('tr[data-activity]').first().getByRole('link', { name: 'Открыть' }).click()
      await page.waitForURL(/\/activities\/\d+$/)
      await page.locator('[data-test="tracking"]').waitFor()
      const file = page.locator('[data-test="evidence-file"]')
      assert.match(await file.getAttribute('accept'), /image\/\*/)
      assert.match(await file.getAttribute('accept'), /application\/pdf/)
      const photo = page.locator('[data-test="evidence-photo"]')
      assert.equal(await photo.getAttribute('capture'), 'environment')
      assert.match(await page.locator('[data-test="evidence-camera"]').textContent(), /Сфотографировать/)
      await fits(page, 'activity', device)

      await page.goto(url('/competence/score'))
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      await fits(page, 'competence', device)
      assert.deepEqual(page.problems, [])
    } finally {
      await context.close()
    }
  })
}
