// Browser tests: an administrator's edit of a user and an analyst's edit of a methodology draft are made on the copy
// the screen read (If-Match). Another person's edit saved meanwhile is never overwritten: the screen says the data
// changed and keeps what the other person saved.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, login, openPage, screenshot, startBrowser, url } from './helpers.mjs'

const CHANGED = 'Запись уже изменил другой пользователь'

let browser

before(async () => {
  browser = await startBrowser()
})

after(async () => {
  await browser?.close()
})

async function apiAs(username) {
  const token = (await apiSession(username)).tokens.access_token
  return async (method, path, json, headers = {}) => {
    const response = await fetch(url(`/api${path}`), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: json ? JSON.stringify(json) : undefined,
    })
    const text = await response.text()
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`)
    return text ? JSON.parse(text) : null
  }
}

/** The page's problems but the 412 answer this test provokes (Chromium logs a failed request as an error). */
function unexpected(problems) {
  return problems.filter((problem) => !problem.includes('412'))
}

test('Администрирование: another administrator’s edit of the user is kept, the screen says the data changed', async () => {
  const adminApi = await apiAs('admin')
  const username = `e2e.edit.${Date.now().toString(36)}`
  const territories = await adminApi('GET', '/identification/territories')
  const municipality = territories[0].municipalities[0].code
  await adminApi('POST', '/admin/users', {
    username, full_name: 'Правкин Первый', role: 'municipal_coordinator', password: 'first-password-1',
    scope: { kind: 'municipality', municipality },
  })
  const { context, page } = await openPage(browser)
  try {
    await page.goto(url('/login?next=/admin'))
    await login(page, 'admin')
    await page.locator('[data-test="users-table"]').waitFor()
    await page.locator('input[type="search"][aria-label="Поиск пользователей"]').fill(username)
    await page.locator('tr', { hasText: username }).getByRole('button', { name: 'Изменить' }).click()
    await page.locator('#u-full-name').fill('Правкин Из Формы')
    const read = (await adminApi('GET', `/admin/users?q=${username}`)).items[0]
    await adminApi('PATCH', `/admin/users/${read.id}`, { full_name: 'Правкин Другого Администратора' }, { 'If-Match': `"${read.revision}"` })
    await page.locator('[data-test="user-save"]').click()
    await page.locator('[data-test="user-error"]', { hasText: CHANGED }).waitFor()
    await screenshot(page, 'admin-user-changed-meanwhile')
    const stored = (await adminApi('GET', `/admin/users?q=${username}`)).items[0]
    assert.equal(stored.full_name, 'Правкин Другого Администратора')
    assert.deepEqual(unexpected(page.problems), [])
  } finally {
    await context.close()
  }
})

test('Методика: another analyst’s edit of the draft is kept, the screen says the data changed', async () => {
  const analystApi = await apiAs('regional_analyst')
  const versions = await analystApi('GET', '/identification/methodologies')
  const source = versions.find((m) => m.family === 'default')
  const draft = await analystApi('POST', `/identification/methodologies/${source.id}/copy`, { name: 'Черновик для двоих' })
  const { context, page } = await openPage(browser)
  try {
    await page.goto(url(`/login?next=/methodology/${draft.id}`))
    await login(page, 'regional_analyst')
    await page.locator('#m-name').waitFor()
    await page.locator('#m-name').fill('Черновик из формы')
    await analystApi('PATCH', `/identification/methodologies/${draft.id}`, { name: 'Черновик другого аналитика' }, { 'If-Match': `"${draft.revision}"` })
    await page.locator('[data-test="methodology-save"]').click()
    await page.locator('[data-test="methodology-error"]', { hasText: CHANGED }).waitFor()
    const stored = await analystApi('GET', `/identification/methodologies/${draft.id}`)
    assert.equal(stored.name, 'Черновик другого аналитика')
    assert.deepEqual(unexpected(page.problems), [])
  } finally {
    await context.close()
    await analystApi('DELETE', `/identification/methodologies/${draft.id}`, undefined, { 'If-Match': '*' })
  }
})

test('Методика: a draft another analyst changed meanwhile is not activated unseen, the screen says the data changed', async () => {
  const analystApi = await apiAs('regional_analyst')
  const versions = await analystApi('GET', '/identification/methodologies')
  const source = versions.find((m) => m.family === 'default')
  const draft = await analystApi('POST', `/identification/methodologies/${source.id}/copy`, { name: 'Черновик к назначению' })
  const { context, page } = await openPage(browser)
  try {
    await page.goto(url(`/login?next=/methodology/${draft.id}`))
    await login(page, 'regional_analyst')
    await page.locator('#m-name').waitFor()
    await analystApi('PATCH', `/identification/methodologies/${draft.id}`, { name: 'Черновик, изменённый другим' }, { 'If-Match': `"${draft.revision}"` })
    await page.getByRole('button', { name: 'Назначить' }).click()
    await page.locator('[data-test="methodology-error"]', { hasText: CHANGED }).waitFor()
    const stored = await analystApi('GET', `/identification/methodologies/${draft.id}`)
    assert.equal(stored.name, 'Черновик, изменённый другим')
    assert.equal(stored.frozen, false)
    assert.deepEqual(unexpected(page.problems), [])
  } finally {
    await context.close()
    await analystApi('DELETE', `/identification/methodologies/${draft.id}`, undefined, { 'If-Match': '*' })
  }
})
