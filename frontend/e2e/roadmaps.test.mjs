// Browser tests of the roadmap screens: the plan table, programmes from identification, import, activity page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

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
    const errors = page.problems.filter((p) => p.startsWith('pageerror'))
    assert.deepEqual(errors, [], 'no script errors on the page')
  } finally {
    await context.close()
  }
}

test('municipal coordinator opens the roadmap table and sees its tracks', async () => {
  await withPage(async (page) => {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/roadmaps'))
    await page.locator('[data-test="plan-list"]').waitFor()
    await screenshot(page, 'roadmaps-list')
    await page.getByRole('link', { name: /^Дорожная карта по поддержке/ }).first().click()
    await page.waitForURL(/\/roadmaps\/\d+$/)
    const table = page.locator('[data-test="plan-table"]')
    await table.waitFor()
    const heads = (await table.locator('thead th').allTextContents()).map((t) => t.trim())
    assert.deepEqual(heads.slice(0, 6), ['№', 'Мероприятие', 'Ответственный', 'Срок', 'Ожидаемый результат', 'Итоговый документ'])
    const tracks = (await page.locator('[data-test="section-title"]').allTextContents()).map((t) => t.trim())
    assert.equal(tracks.length, 3)
    assert.match(tracks[0], /^Трек 1/)
    assert.match(tracks[1], /^Трек 2/)
    assert.match(tracks[2], /^Трек 3/)
    assert.match(await page.locator('[data-test="plan-status"]').textContent(), /Утверждён/)
    assert.ok((await table.locator('tr[data-activity]').count()) > 0)
    await screenshot(page, 'roadmap-table')
    await page.getByRole('tab', { name: 'Доска по статусам' }).click()
    await page.locator('[data-test="plan-board"]').waitFor()
    await screenshot(page, 'roadmap-board')
  })
})

test('coordinator creates anti-risk programmes from the 2023-2024 agreed list', async () => {
  await withPage(async (page) => {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/roadmaps'))
    await page.getByRole('link', { name: 'Антирисковые программы по итогам идентификации' }).click()
    await page.waitForURL(/\/roadmaps\/programmes$/)
    const year = page.getByLabel('Согласованный список за учебный год')
    await page.locator('#prog-year option[value="2023-2024"]').waitFor({ state: 'attached' })
    await year.selectOption('2023-2024')
    await page.getByLabel(/^8\. /).check()
    await screenshot(page, 'programmes-form')
    await page.getByRole('button', { name: 'Создать черновики программ' }).click()
    const result = page.locator('[data-test="programmes-result"]')
    await result.waitFor()
    const created = await page.locator('[data-test="programmes-created"] li').count()
    const skipped = await page.locator('[data-test="programmes-skipped"] li').count()
    assert.ok(created + skipped > 0, 'programmes were created or reported as already existing')
    await screenshot(page, 'programmes-result')
    if (created) {
      await page.locator('[data-test="programmes-created"] li a').first().click()
      await page.waitForURL(/\/roadmaps\/\d+$/)
      await page.locator('[data-test="plan-table"]').waitFor()
      assert.match(await page.locator('[data-test="plan-status"]').textContent(), /Черновик/)
      await screenshot(page, 'programme-draft')
    }
  })
})

test('a plan on two sheets: the preview names the sheet of each row and of each remark', async () => {
  const script = [
    'import sys',
    'from tests.roadmap.plan_files import xlsx_sheets',
    'h = ["№", "Мероприятие", "Срок", "Ответственный"]',
    'total = ["", "Итого: 1 мероприятие", "", ""]',
    'book = {"Раздел 1": [h, ["1", "Анализ результатов ВПР", "сентябрь", "Директор"], total],',
    '        "Раздел 2": [h, ["2", "Педагогический совет", "октябрь", "Директор"], total]}',
    'sys.stdout.buffer.write(xlsx_sheets(book))',
  ].join('\n')
  const xlsx = execFileSync(path.join(ROOT, '.venv', 'bin', 'python'), ['-c', script], { cwd: ROOT })
  await withPage(async (page) => {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/roadmaps/import'))
    await page.getByLabel('Название плана').fill('План на двух листах')
    await page.getByLabel('Файл (DOCX, XLSX, CSV)').setInputFiles({
      name: 'план.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    })
    await page.getByRole('button', { name: 'Просмотреть' }).click()
    await page.locator('[data-test="import-preview"]').waitFor()
    const remarks = await page.locator('[data-test="import-problems"] li').allTextContents()
    assert.ok(remarks.some((r) => r.startsWith('Лист «Раздел 2», строка 3: ') && !/строка 3:.*строка 3:/.test(r)), remarks.join('\n'))
    const rows = await page.locator('.preview-table tbody tr:not(.section-row) td:first-child').allTextContents()
    assert.deepEqual(rows.map((r) => r.trim()), ['«Раздел 1», 2', '«Раздел 2», 2'])
  })
})

test('coordinator imports a plan from a DOCX file: preview, then save', async () => {
  const docx = execFileSync(
    path.join(ROOT, '.venv', 'bin', 'python'),
    ['-c', 'from tests.roadmap.plan_files import plan_003; import sys; sys.stdout.buffer.write(plan_003())'],
    { cwd: ROOT },
  )
  assert.ok(docx.length > 1000)
  await withPage(async (page) => {
    await login(page, 'municipal_coordinator')
    await page.goto(url('/roadmaps'))
    await page.getByRole('link', { name: 'Загрузить план из файла' }).click()
    await page.waitForURL(/\/roadmaps\/import$/)
    await page.getByLabel('Название плана').fill('Дорожная карта (загружена из Word)')
    await page.getByLabel('Учебный год').selectOption('2022-2023')
    await page.getByLabel('Файл (DOCX, XLSX, CSV)').setInputFiles({
      name: 'plan_003.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    })
    await page.getByRole('button', { name: 'Просмотреть' }).click()
    const preview = page.locator('[data-test="import-preview"]')
    await preview.waitFor()
    assert.ok(Number(await page.locator('[data-test="import-count"]').textContent()) > 0)
    assert.match(await preview.textContent(), /Трек 1/)
    assert.ok((await page.locator('[data-test="import-problems"] li').count()) > 0, 'problems by row are listed')
    await screenshot(page, 'import-preview')
    await page.locator('[data-test="import-save"]').click()
    await page.waitForURL(/\/roadmaps\/\d+$/)
    await page.locator('[data-test="plan-table"]').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Дорожная карта (загружена из Word)' }).waitFor()
    const tracks = await page.locator('[data-test="section-title"]').allTextContents()
    assert.ok(tracks.some((t) => /Трек 1/.test(t)))
    assert.match(await page.locator('[data-test="plan-status"]').textContent(), /Черновик/)
    await screenshot(page, 'import-saved')
  })
})

test('school staff marks an activity of its draft programme done and uploads a PDF', async () => {
  await withPage(async (page) => {
    await login(page, 'school_staff')
    await page.goto(url('/roadmaps'))
    await page.getByRole('link', { name: /^Антирисковая программа/ }).first().click()
    await page.waitForURL(/\/roadmaps\/\d+$/)
    await page.locator('[data-test="plan-table"]').waitFor()
    await page.locator('[data-test="plan-table"] tr[data-activity]').first().getByRole('link', { name: 'Открыть' }).click()
    await page.waitForURL(/\/activities\/\d+$/)
    await page.locator('[data-test="tracking"]').waitFor()
    await page.locator('[data-test="mark-done"]').click()
    await page.locator('[data-test="activity-notice"]').getByText('Мероприятие отмечено выполненным.').waitFor()
    assert.match(await page.locator('[data-test="activity-status"]').textContent(), /Выполнено/)

    await page.getByLabel('Название документа').fill('Справка о проведении')
    await page.getByLabel(/^Файл \(PDF/).setInputFiles({
      name: 'spravka.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
    })
    await page.getByRole('button', { name: 'Приложить' }).click()
    const list = page.locator('[data-test="evidence-list"]')
    await list.getByText('Справка о проведении').waitFor()
    assert.match(await list.textContent(), /spravka\.pdf/)
    await screenshot(page, 'activity-done-with-evidence')
  })
})
