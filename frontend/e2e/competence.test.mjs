// Browser test of the «5К» scoring form on a phone: school staff score a teacher, the scores reach the results.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { PHONE, apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const API = '/api/identification/competence'
let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

async function call(token, method, path, body) {
  const response = await fetch(url(path), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`)
  return response.json()
}

test('school staff score a teacher on a phone', async () => {
  const staff = await apiSession('school_staff')
  const coordinator = await apiSession('municipal_coordinator')
  const school = staff.me.scope.schools[0]
  const staffToken = staff.tokens.access_token
  const teacher = await call(staffToken, 'POST', `${API}/teachers`, { school_code: school, full_name: 'Кравец Ольга Петровна', position: 'учитель физики' })
  const cards = await call(coordinator.tokens.access_token, 'GET', `${API}/cards`)
  const card = cards.find((c) => c.code === '5k' && c.authority === '')
  const campaign = await call(coordinator.tokens.access_token, 'POST', `${API}/campaigns`, {
    card_id: card.id, title: 'Входная диагностика «5К» (телефон)', stage: 'entry', held_on: '2024-10-01',
    school_year: '2024-2025', school_codes: [school],
  })

  const { context, page } = await openPage(browser, { viewport: PHONE })
  try {
    await login(page, 'school_staff')
    await page.goto(url('/competence/score'))
    await page.getByLabel('Диагностика', { exact: true }).selectOption(String(campaign.id))
    await page.locator('[data-criterion="K1.1"]').waitFor()
    await page.getByLabel('Педагог', { exact: true }).selectOption(String(teacher.id))
    await page.getByLabel('Кто оценивает', { exact: true }).selectOption('self')
    for (const code of card.definition.competences.flatMap((c) => c.criteria.map((k) => k.code))) {
      await page.locator(`[data-criterion="${code}"] label.point`, { hasText: code.startsWith('K5') ? 'критический' : 'оптимальный' }).click()
    }
    assert.match(await page.locator('[data-total]').textContent(), /Отмечено 16 из 16: 68\.8 % — критический/)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `no horizontal scrolling on a phone (${width}px)`)
    await screenshot(page, 'competence-scoring-phone')
    await page.getByRole('button', { name: 'Сохранить оценки' }).click()
    await page.getByText('Оценки сохранены').waitFor()
    assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [])
  } finally {
    await context.close()
  }
  const results = await call(staffToken, 'GET', `${API}/campaigns/${campaign.id}/results`)
  const row = results.teachers.find((t) => t.teacher_id === teacher.id)
  assert.equal(row.overall.percent, 68.75)
  assert.equal(row.overall.level, 'critical')
  assert.equal(results.territory.deficits.find((d) => d.code === 'K5').critical, 1)
})
