// Browser test of the import's dry run: before «Загрузить» the screen lists the rows that will be added, changed
// (old → new) and refused, on a desktop and a 390×844 phone, with a screenshot each.
//
// Needs the backend's `preview: {added, changed, refused, truncated}` in the dry-run answer (issue 16): against a
// server that sends only the counts this test fails at the first wait for the preview.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser
let token
let schools

const HEADER = 'Код ОО;Учебный год;Процедура;Класс;Предмет;Кол-во участников;Не преодолели минимальный порог'

before(async () => {
  browser = await startBrowser()
  token = (await apiSession('municipal_coordinator')).tokens.access_token
  const response = await fetch(url('/api/identification/schools?per_page=5'), { headers: { Authorization: `Bearer ${token}` } })
  schools = (await response.json()).items
})

after(async () => {
  await browser?.close()
})

/** Import a CSV through the API (not a dry run). */
async function importCsv(text) {
  const form = new FormData()
  form.append('file', new Blob([text], { type: 'text/csv' }), 'baza.csv')
  form.append('dry_run', 'false')
  form.append('keep_valid', 'false')
  const response = await fetch(url('/api/identification/imports/results'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  })
  assert.equal(response.status, 200, await response.text())
}

for (const [device, viewport, grade] of [['desktop', DESKTOP, 7], ['phone', PHONE, 8]]) {
  test(`Данные (${device}): the dry run lists the new, the changed (old → new) and the refused row`, async () => {
    const [known, fresh] = schools
    // Each device its own rows (grade), so the two runs do not see each other's import.
    const changedRow = (participants) => `${known.school_code};2023-2024;РПР;${grade};Математика;${participants};3`
    await importCsv(`${HEADER}\n${changedRow(20)}\n`)
    const file = [
      HEADER,
      `${fresh.school_code};2023-2024;РПР;${grade};Математика;17;2`,
      changedRow(21),
      `${known.school_code};2023-2024;РПР;${grade};Физика;много;1`,
    ].join('\n')

    const { context, page } = await openPage(browser, { viewport })
    try {
      await login(page, 'municipal_coordinator')
      await page.goto(url('/data'))
      await page.locator('#import-kind option[value="results"]').waitFor({ state: 'attached' })
      await page.locator('#import-kind').selectOption('results')
      await page.locator('#import-file').setInputFiles({ name: 'rpr.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') })
      await page.locator('[data-test="import-check"]').click()

      const preview = page.locator('[data-test="import-preview"]')
      await preview.waitFor()
      assert.equal((await page.locator('[data-test="preview-count-added"]').textContent()).trim(), '1')
      assert.equal((await page.locator('[data-test="preview-count-changed"]').textContent()).trim(), '1')
      assert.equal((await page.locator('[data-test="preview-count-refused"]').textContent()).trim(), '1')

      const added = page.locator('[data-test="preview-added"]')
      assert.match(await added.textContent(), new RegExp(fresh.school_code))
      assert.match(await added.textContent(), /17/)

      await page.locator('[data-test="preview-tab-changed"]').click()
      const changed = page.locator('[data-test="preview-changed"]')
      assert.match(await changed.textContent(), new RegExp(known.school_code))
      assert.equal((await changed.locator('del').first().textContent()).trim(), '20')
      assert.equal((await changed.locator('strong').first().textContent()).trim(), '21')
      await screenshot(page, `import-preview-changed-${device}`)

      await page.locator('[data-test="preview-tab-refused"]').click()
      const refused = page.locator('[data-test="preview-refused"]')
      const text = await refused.textContent()
      assert.match(text, /4/)
      assert.match(text, /Кол-во участников/)
      assert.match(text, /целое число/)
      // The buttons come after the rows.
      await page.locator('[data-test="import-apply-valid"]').waitFor()
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(scroll <= viewport.width, `the page is ${scroll} px wide on a ${viewport.width} px screen`)
      await screenshot(page, `import-preview-refused-${device}`)
      assert.deepEqual(page.problems, [])
    } finally {
      await context.close()
    }
  })
}

test('Данные: a preview another import outdated loads nothing; the file is checked again, then loaded', async () => {
  const [known] = schools
  const row = (participants) => `${known.school_code};2023-2024;РПР;9;Физика;${participants};1`
  await importCsv(`${HEADER}\n${row(30)}\n`)
  const { context, page } = await openPage(browser)
  try {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/data'))
    await page.locator('#import-kind option[value="results"]').waitFor({ state: 'attached' })
    await page.locator('#import-kind').selectOption('results')
    const file = { name: 'fizika.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${row(31)}\n`, 'utf8') }
    await page.locator('#import-file').setInputFiles(file)
    await page.locator('[data-test="import-check"]').click()
    await page.locator('[data-test="import-preview"]').waitFor()

    await importCsv(`${HEADER}\n${row(32)}\n`) // a colleague's import lands after the check
    await page.locator('[data-test="import-apply"]').click()
    const refusal = page.locator('[data-test="import-error"]')
    await refusal.waitFor()
    assert.match(await refusal.textContent(), /изменил другой импорт.*проверьте файл ещё раз/)
    await page.locator('[data-test="import-preview"]').waitFor({ state: 'detached' })

    await page.locator('[data-test="import-check"]').click()
    const changed = page.locator('[data-test="preview-changed"]')
    await page.locator('[data-test="preview-tab-changed"]').click()
    assert.equal((await changed.locator('del').first().textContent()).trim(), '32') // what is stored now
    await page.locator('[data-test="import-apply"]').click()
    await page.locator('[data-test="import-preview"]').waitFor({ state: 'detached' })
    await refusal.waitFor({ state: 'detached' })
    const problems = page.problems.filter((p) => !/Failed to load resource: .*status of 412/.test(p))
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
