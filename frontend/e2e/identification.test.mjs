// Browser tests of the identification screens: data imports, runs (override, approval), comparison, methodology.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

let browser
let schoolCode

before(async () => {
  browser = await startBrowser()
  const { tokens } = await apiSession('municipal_coordinator')
  const response = await fetch(url('/api/identification/schools?per_page=5'), {
    headers: { Authorization: `Bearer ${tokens.access_token}` },
  })
  const page = await response.json()
  schoolCode = page.items[0].school_code
})

after(async () => {
  await browser?.close()
})

async function withPage(body) {
  const { context, page } = await openPage(browser)
  try {
    await body(page)
    // Expected refusals (422, a stale 412) are logged by the browser as failed resources; anything else is a problem.
    const problems = page.problems.filter((p) => !/Failed to load resource: .*status of 4(22|12)/.test(p))
    assert.deepEqual(problems, [], 'no browser errors')
  } finally {
    await context.close()
  }
}

function resultsCsv(participants) {
  const header = 'Код ОО;Учебный год;Процедура;Класс;Предмет;Кол-во участников;Не преодолели минимальный порог'
  return Buffer.from(`${header}\n${schoolCode};2023-2024;ВПР;4;Русский язык;${participants};7\n`, 'utf8')
}

test('import: a bad cell is shown per row in Russian, the corrected file is applied and listed', async () => {
  await withPage(async (page) => {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/data'))
    await page.getByRole('heading', { level: 1, name: 'Данные' }).waitFor()
    await page.locator('#import-kind option[value="results"]').waitFor({ state: 'attached' })
    await page.locator('#import-kind').selectOption('results')

    await page.locator('#import-file').setInputFiles({ name: 'vpr-oshibka.csv', mimeType: 'text/csv', buffer: resultsCsv('abc') })
    await page.locator('[data-test="import-check"]').click()
    // A server that sends the dry run's rows shows the refusals in the «Отклонены» tab, an older one in a table.
    const errors = page.locator('[data-test="import-errors"], [data-test="preview-refused"]').first()
    await errors.waitFor()
    const text = await errors.textContent()
    assert.match(text, /Кол-во участников/)
    assert.match(text, /abc/)
    assert.match(text, /ожидается целое число/)
    assert.equal(await page.locator('[data-test="import-apply"]').count(), 0)
    await screenshot(page, 'identification-import-errors')

    await page.locator('#import-file').setInputFiles({ name: 'vpr-ispravleno.csv', mimeType: 'text/csv', buffer: resultsCsv('23') })
    await page.locator('[data-test="import-check"]').click()
    await page.locator('[data-test="import-apply"]').click()
    await page.locator('[data-test="import-status"]', { hasText: /загружено/i }).waitFor()
    await page.locator('[data-test="batches"]', { hasText: 'vpr-ispravleno.csv' }).waitFor()
    await screenshot(page, 'identification-import-applied')
  })
})

test('an observer is not offered Данные, a dead end for its role', async () => {
  await withPage(async (page) => {
    await login(page, 'observer')
    assert.equal(await page.locator('nav[aria-label="Разделы системы"] a', { hasText: 'Данные' }).count(), 0)
    await page.goto(url('/data'))
    await page.getByRole('heading', { level: 1, name: 'Обзор' }).waitFor()
    await page.getByText('У вашей роли нет доступа к разделу «Данные»').waitFor()
    assert.equal(await page.locator('[data-test="import-form"]').count(), 0)
  })
})

/** A municipal coordinator's run of 2023-2024 from the Идентификация screen; its id. */
async function startRun(page) {
  await login(page, 'municipal_coordinator')
  await page.goto(url('/identification'))
  await page.locator('[data-test="runs"]').waitFor()
  await page.locator('#run-year').selectOption('2023-2024')
  await page.locator('[data-test="run-start"]').click()
  await page.waitForURL(/\/identification\/runs\/\d+/, { timeout: 60_000 })
  return page.url().match(/runs\/(\d+)/)[1]
}

test('an override of a decision another expert changed meanwhile is refused and overwrites nothing', async () => {
  const { tokens } = await apiSession('regional_analyst')
  const analyst = { Authorization: `Bearer ${tokens.access_token}`, 'Content-Type': 'application/json' }
  await withPage(async (page) => {
    const runId = await startRun(page)
    await page.locator('[data-test="results"] tbody tr').first().locator('button.idn-link').click()
    const form = page.locator('[data-test="override-form"]')
    await form.waitFor()
    const code = (await page.locator('[data-test="school-detail"] h2 .muted').textContent()).replace(/[()]/g, '').trim()
    const decision = url(`/api/identification/runs/${runId}/schools/${encodeURIComponent(code)}`)
    const first = await fetch(`${decision}/override`, {
      method: 'POST',
      headers: analyst,
      body: JSON.stringify({ categories: ['effective'], reason: 'Другой эксперт успел раньше' }),
    })
    assert.equal(first.status, 200, await first.text())
    for (const box of await form.locator('input[type="checkbox"]').all()) await box.uncheck()
    await form.getByLabel(/Зона риска/).check()
    await form.locator('#override-reason').fill('Решение по прочитанной версии, без чужой правки')
    await page.locator('[data-test="override-save"]').click()
    assert.match(await page.locator('[data-test="override-error"]').textContent(), /изменил другой пользователь/)
    const detail = await (await fetch(decision, { headers: analyst })).json()
    assert.deepEqual(detail.final_categories, ['effective'], 'the other expert’s decision stands')
  })
})

test('run → override with a reason → approve with an order → compare with last year', async () => {
  await withPage(async (page) => {
    const runId = await startRun(page)
    await page.locator('[data-test="results"] tbody tr').first().waitFor()
    assert.match(await page.locator('[data-test="run-status"]').textContent(), /не утверждён/)
    await screenshot(page, 'identification-run-results')

    // Expert adjustment of the first school.
    await page.locator('[data-test="results"] tbody tr').first().locator('button.idn-link').click()
    const form = page.locator('[data-test="override-form"]')
    await form.waitFor()
    for (const box of await form.locator('input[type="checkbox"]').all()) await box.uncheck()
    await form.getByLabel(/Зона риска/).check()
    await form.locator('#override-reason').fill('коротко')
    await page.locator('[data-test="override-save"]').click()
    assert.match(await page.locator('[data-test="override-error"]').textContent(), /не менее 10 символов/)
    await form.locator('#override-reason').fill('Результаты ВПР 2024 года подтверждены перепроверкой, школа в зоне риска')
    await page.locator('[data-test="override-save"]').click()
    await page.locator('[data-test="overrides"]').waitFor()
    assert.match(await page.locator('[data-test="final-categories"]').textContent(), /Зона риска/)
    await page.locator('[data-test="results"]', { hasText: 'уточнено экспертом' }).waitFor()
    await screenshot(page, 'identification-run-override')
    await page.locator('[data-test="explanation-drawer"]').getByRole('button', { name: 'Закрыть' }).click()
    await page.locator('[data-test="explanation-drawer"]').waitFor({ state: 'detached' })

    // Approval by order.
    await page.locator('#order-number').fill('77-од')
    await page.locator('#order-date').fill('2024-09-02')
    await page.locator('[data-test="approve"]').click()
    await page.locator('[data-test="run-status"]', { hasText: /^\s*утверждён\s*$/ }).waitFor()
    assert.doesNotMatch(await page.locator('[data-test="run-status"]').textContent(), /не утверждён/)
    assert.match(await page.locator('[data-test="run-order"]').textContent(), /№ 77-од от 02\.09\.2024/)
    assert.equal(await page.locator('[data-test="override-form"]').count(), 0)
    await screenshot(page, 'identification-run-approved')

    // Comparison with the previous school year.
    await page.goto(url(`/identification/compare?other=${runId}`))
    await page.locator('[data-category]').first().waitFor()
    assert.equal(await page.locator('#cmp-other').inputValue(), runId)
    const baseLabel = await page.locator('#cmp-base option:checked').textContent()
    assert.match(baseLabel, /2022-2023/)
    const body = await page.locator('main').textContent()
    assert.match(body, /Вошли в категорию/)
    assert.match(body, /Вышли из категории/)
    const moved = (await page.locator('[data-test="entered"] > li').count()) + (await page.locator('[data-test="left"] > li').count())
    assert.ok(moved > 0, 'some school entered or left a category')
    await screenshot(page, 'identification-compare')
  })
})

test('methodology: copy the default, an invalid threshold shows a Russian error, a valid one is saved', async () => {
  await withPage(async (page) => {
    await login(page, 'regional_analyst')
    await page.goto(url('/methodology'))
    const row = page
      .locator('[data-test="methodologies"] tbody tr', { hasText: 'Методика идентификации школ' })
      .filter({ hasNotText: 'Копия' })
      .first()
    await row.getByRole('button', { name: 'Создать копию' }).click()
    await page.waitForURL(/\/methodology\/\d+/)
    const threshold = page.locator('#p-fail_share_30-threshold')
    await threshold.waitFor()
    // The threshold is a percentage on the screen (30, not 0,3).
    assert.equal(await threshold.inputValue(), '30')
    await threshold.fill('150')
    await page.locator('[data-test="methodology-save"]').click()
    const message = page.locator('[data-param="fail_share_30.threshold"] .idn-field-error')
    await message.waitFor()
    assert.match(await message.textContent(), /процент от 0 до 100/)
    await screenshot(page, 'identification-methodology-invalid')

    await threshold.fill('25')
    await page.locator('[data-test="methodology-save"]').click()
    await page.locator('[data-test="methodology-saved"]').waitFor()
    assert.equal(await message.count(), 0)
    assert.equal(await threshold.inputValue(), '25')
    await screenshot(page, 'identification-methodology-saved')
  })
})
