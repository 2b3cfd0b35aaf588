// Browser tests of the issue 16/18 screens, each on a desktop (1280×800) and a phone (390×844) with a screenshot:
// Обзор's yearly cycle (its figures equal the API's), the monitoring table, a plan's history and versions,
// letterheads, and the school card's «5К» profile and mentor pairs.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const DESKTOP = { width: 1280, height: 800 }
const VIEWPORTS = [['desktop', DESKTOP], ['phone', PHONE]]
let browser
let coordinator

before(async () => {
  browser = await startBrowser()
  coordinator = (await apiSession('municipal_coordinator')).tokens.access_token
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
  const { context, page } = await openPage(browser, { viewport, acceptDownloads: true })
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

for (const [name, viewport] of VIEWPORTS) {
  test(`Обзор guides a methodist through the year's cycle with the API's figures (${name})`, async () => {
    const years = await call('GET', '/api/identification/school-years')
    const year = years.latest
    const detail = years.years.find((y) => y.school_year === year)
    const dashboard = await call('GET', `/api/identification/dashboard?school_year=${year}`)
    const run = dashboard.approved_runs[0]
    const cycle = run ? await call('GET', `/api/roadmap/monitoring/cycle?run_id=${run.id}`) : null
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.locator('[data-test="year-cycle"][aria-busy="false"] [data-step="execution"]').waitFor()
      await page.locator('[data-test="category-counts"]').waitFor()
      const figure = (key) => page.locator(`[data-step="${key}"] [data-test="step-figure"]`).textContent()
      assert.equal(await figure('data'), `Результаты есть у ${detail.schools_with_results} из ${dashboard.schools} школ`)
      const approval = await page.locator('[data-step="approval"]').getAttribute('data-state')
      if (dashboard.approved_runs.length) assert.equal(approval, 'done')
      else assert.notEqual(approval, 'done')
      if (cycle?.programmes) assert.equal(await figure('programmes'), `Программ по согласованному списку: ${cycle.programmes}, утверждено: ${cycle.approved}`)
      const totals = cycle?.execution || { total: 0 }
      if (totals.total) assert.match(await figure('execution'), new RegExp(`\\(${totals.done} из ${totals.total}\\), просрочено: ${totals.overdue}`))
      else assert.equal(await figure('execution'), 'Нет мероприятий в утверждённых программах')
      assert.equal(await page.locator('[data-test="health"]').count(), 0, 'the services’ health is the administrator’s')
      if (name === 'phone') await fitsPhone(page)
      await screenshot(page, `dashboard-cycle-${name}`)
    })
  })

  test(`the coordinator's monitoring table: schools sorted by overdue, filtered by status (${name})`, async () => {
    const all = await call('GET', '/api/roadmap/monitoring')
    assert.ok(all.schools.length, 'the demo plans give the table rows')
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.goto(url('/roadmaps'))
      await page.locator('[data-test="monitoring-link"]').click()
      await page.locator('[data-test="monitoring-table"]').waitFor()
      const codes = await page.locator('[data-test="monitoring-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.school))
      assert.deepEqual(codes, all.schools.map((s) => s.school_code))
      const first = all.schools[0]
      const row = page.locator(`[data-school="${first.school_code}"]`)
      assert.equal((await row.locator('[data-col="overdue"]').textContent()).trim(), String(first.counts.overdue))
      if (name === 'phone') await fitsPhone(page)
      await screenshot(page, `monitoring-${name}`)
      await page.getByLabel('Показать школы').selectOption('overdue')
      const overdue = await call('GET', '/api/roadmap/monitoring?status=overdue')
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-test="monitoring-table"] tbody tr').length === n || (n === 0 && document.body.innerText.includes('Нет школ с такими мероприятиями')),
        overdue.schools.length,
      )
      const plan = first.plans[0]
      await page.getByLabel('Показать школы').selectOption('')
      await page.locator(`[data-school="${first.school_code}"] td a`).first().click()
      await page.waitForURL(url(`/roadmaps/${plan.id}`))
      await page.locator('[data-page="plan"] h1').waitFor()
    })
  })
}

/** A second version of an approved demo programme with one activity changed: the history and the diff. */
async function versionedPlan() {
  const plans = await call('GET', '/api/roadmap/plans?status=approved&kind=anti_risk_programme&per_page=5')
  const base = plans.items[0]
  assert.ok(base, 'the demo has an approved programme')
  const copy = await call('POST', `/api/roadmap/plans/${base.id}/versions`)
  const activity = copy.sections.flatMap((s) => s.activities)[0]
  await call('PATCH', `/api/roadmap/activities/${activity.id}`, {
    body: { expected_result: 'Изменено во второй версии' },
    headers: { 'If-Match': `"${activity.revision}"` },
  })
  return { base, copy, activity }
}

test('a plan’s history and two versions side by side (desktop and phone)', async () => {
  const { copy } = await versionedPlan()
  for (const [name, viewport] of VIEWPORTS) {
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.goto(url(`/roadmaps/${copy.id}`))
      await page.locator('[data-test="plan-history-link"]').click()
      await page.locator('[data-test="plan-diff"]').waitFor()
      const changed = page.locator('[data-test="plan-diff"] tr[data-kind="changed"]').first()
      assert.equal((await changed.locator('td.now').textContent()).trim(), 'Изменено во второй версии')
      const events = page.locator('[data-test="history-event"]')
      assert.match(await events.first().textContent(), /изменил\(а\) мероприятие/)
      assert.match(await events.first().textContent(), /Ожидаемый результат/)
      if (name === 'phone') await fitsPhone(page)
      await screenshot(page, `plan-history-${name}`)
    })
  }
})

test('«Новая версия» of a plan that already has a draft opens that draft', async () => {
  const plans = await call('GET', '/api/roadmap/plans?status=approved&kind=anti_risk_programme&per_page=5')
  const base = plans.items.at(-1)
  assert.ok(base && plans.items.length > 1, 'the demo has approved programmes besides the versioned one')
  const draft = await call('POST', `/api/roadmap/plans/${base.id}/versions`) // someone else made it meanwhile
  await withPage(DESKTOP, 'municipal_coordinator', async (page) => {
    await page.goto(url(`/roadmaps/${base.id}`))
    await page.getByRole('button', { name: 'Новая версия' }).click()
    await page.waitForURL(url(`/roadmaps/${draft.id}`))
    await page.getByRole('status').filter({ hasText: 'уже есть черновик новой версии' }).waitFor()
    const versions = await call('GET', `/api/roadmap/plans/${base.id}/versions`)
    assert.equal(versions.filter((version) => version.status === 'draft').length, 1, 'no second draft')
  })
})

/** A valid letterhead DOCX written by python-docx (the project's own dependency). */
function letterheadFile() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opora-lh-')), 'бланк.docx')
  const script = [
    'import sys, docx',
    'd = docx.Document()',
    'for line in ("ОТДЕЛ ОБРАЗОВАНИЯ ЗАРЕЧНОГО РАЙОНА", "{{ title }}", "{{p body }}", "{{ signature_post }} {{ signature_name }}"):',
    '    d.add_paragraph(line)',
    'd.save(sys.argv[1])',
  ].join('\n')
  execFileSync(path.join(ROOT, '.venv', 'bin', 'python'), ['-c', script, file])
  return file
}

test('letterheads: the fields, upload for a territory, a sample note on it, replace and remove (desktop and phone)', async () => {
  const file = letterheadFile()
  for (const [name, viewport] of VIEWPORTS) {
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.goto(url('/reports'))
      await page.locator('[data-test="letterheads-link"]').click()
      await page.locator('[data-field="body"]').waitFor()
      // A municipality uploads for itself only: no list of every territory to pick another one from.
      assert.equal(await page.locator('#lh-territory').count(), 0)
      assert.match(await page.locator('[data-test="letterhead-own-territory"]').textContent(), /своей территории/)
      await page.getByLabel('Вид отчёта').selectOption('identification_note')
      await page.getByLabel('Название').fill(`Бланк района (${name})`)
      await page.getByLabel('Файл бланка (DOCX)').setInputFiles(file)
      await page.getByRole('button', { name: 'Загрузить', exact: true }).click()
      await page.getByText(`Бланк «Бланк района (${name})» загружен.`).waitFor()
      const item = page.locator('[data-template]', { hasText: `Бланк района (${name})` })
      assert.match(await item.textContent(), /signature_name/)
      const download = page.waitForEvent('download', { timeout: 60_000 })
      await item.locator('[data-test="letterhead-preview"]').click()
      assert.match((await download).suggestedFilename(), /\.docx$/)
      if (name === 'phone') await fitsPhone(page)
      await screenshot(page, `letterheads-${name}`)
      await item.locator('[data-test="letterhead-replace"]').click()
      await page.getByLabel('Файл бланка (DOCX)').setInputFiles(file)
      await page.getByRole('button', { name: 'Заменить бланк' }).click()
      await page.getByText('Бланк заменён').waitFor()
      const list = await call('GET', '/api/reports/templates')
      assert.equal(list.filter((t) => t.report_type === 'identification_note' && t.active).length, 1, 'one active per type and territory')
      page.once('dialog', (dialog) => dialog.accept())
      await page.locator('[data-template]').first().locator('[data-test="letterhead-remove"]').click()
      await page.getByText(/снят\.$/).waitFor()
    })
  }
})

/** A diagnosed teacher and a mentor pair for the school staff's school, set through the API. */
async function competenceScene() {
  const staff = await apiSession('school_staff')
  const school = staff.me.scope.schools[0]
  const API = '/api/identification/competence'
  const token = staff.tokens.access_token
  const teacher = await call('POST', `${API}/teachers`, { token, body: { school_code: school, full_name: 'Зуева Ирина Олеговна', position: 'учитель математики' } })
  const card = (await call('GET', `${API}/cards`)).find((c) => c.code === '5k' && c.authority === '')
  const campaign = await call('POST', `${API}/campaigns`, {
    body: { card_id: card.id, title: 'Входная диагностика «5К» (карточка школы)', stage: 'entry', held_on: '2024-10-02', school_year: '2024-2025', school_codes: [school] },
  })
  const codes = card.definition.competences.flatMap((c) => c.criteria.map((k) => k.code))
  for (const [rater, high] of [['self', 2], ['deputy', 1]]) {
    const scores = Object.fromEntries(codes.map((code) => [code, code.startsWith('K5') ? 0 : high]))
    await call('PUT', `${API}/campaigns/${campaign.id}/scores`, { token, body: { teacher_id: teacher.id, rater, scores } })
  }
  const schools = await call('GET', '/api/identification/schools?per_page=50')
  const mentor = schools.items.find((s) => s.school_code !== school)
  const pair = await call('POST', '/api/roadmap/mentor-pairs', {
    body: { mentor_school_code: mentor.school_code, supported_school_code: school, agreement_number: '17', agreement_date: '2024-09-02', rationale: 'Стабильно высокие результаты', starts_on: '2024-09-02' },
  })
  return { school, mentor: pair.mentor_school_name }
}

test('the school card shows the «5К» profile and the mentor pairs (desktop and phone)', async () => {
  const { school, mentor } = await competenceScene()
  const profile = await call('GET', `/api/identification/competence/schools/${school}/profile`)
  assert.ok(profile.critical_competences.includes('K5'))
  for (const [name, viewport] of VIEWPORTS) {
    await withPage(viewport, 'municipal_coordinator', async (page) => {
      await page.goto(url(`/schools/${school}`))
      const block = page.locator('[data-test="competence-profile"]')
      await block.locator('[data-test="competence-gap"]').waitFor()
      assert.match(await block.locator('[data-competence="K5"]').textContent(), /критический/)
      assert.match(await block.locator('[data-test="competence-deficits"]').textContent(), new RegExp(profile.result.deficits.find((d) => d.code === 'K5').title))
      assert.equal(await block.getByRole('link', { name: 'Внести оценки' }).count(), 1)
      const pair = page.locator('[data-test="mentor-pairs"] [data-pair]', { hasText: mentor })
      await pair.waitFor()
      assert.match(await pair.textContent(), /Соглашение № 17 от 02\.09\.2024/)
      if (name === 'phone') await fitsPhone(page)
      await screenshot(page, `school-card-competence-${name}`)
    })
  }
})
