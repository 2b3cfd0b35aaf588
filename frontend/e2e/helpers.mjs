// Shared helpers for Opora browser tests (playwright-core + node:test).
//
// Environment:
//   OPORA_E2E_URL          base URL of a running stack, e.g. http://127.0.0.1:8000 (required)
//   OPORA_E2E_SCREENSHOTS  where screenshots go (default: frontend/e2e/screenshots/)
//   OPORA_CHROMIUM         Chromium binary (default: /usr/bin/chromium)
//
// Typical test file:
//   import { test, before, after } from 'node:test'
//   import { startBrowser, openPage, login, screenshot } from './helpers.mjs'
//   let browser
//   before(async () => { browser = await startBrowser() })
//   after(async () => { await browser?.close() })
//   test('…', async () => {
//     const { page, context } = await openPage(browser)
//     try { await login(page, 'admin'); … await screenshot(page, 'name') } finally { await context.close() }
//   })

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const HERE = path.dirname(fileURLToPath(import.meta.url))

export const DEMO_PASSWORD = 'demo'
export const DESKTOP = { width: 1366, height: 860 }
export const PHONE = { width: 390, height: 844 }

/** Base URL of the stack under test, without a trailing slash. Throws when it is not set. */
export function baseUrl() {
  const url = process.env.OPORA_E2E_URL
  if (!url) {
    throw new Error(
      'OPORA_E2E_URL is not set: the browser tests need a running Opora stack. ' +
        'Run them with `python -m tests.stack -- node --test frontend/e2e/` from the repository root, ' +
        'or set OPORA_E2E_URL=http://127.0.0.1:8000 for a stack you started yourself.',
    )
  }
  return url.replace(/\/+$/, '')
}

/** Absolute URL for a path of the app, e.g. url('/schools'). */
export function url(pathname = '/') {
  return baseUrl() + (pathname.startsWith('/') ? pathname : `/${pathname}`)
}

export function screenshotDir() {
  const dir = process.env.OPORA_E2E_SCREENSHOTS
    ? path.resolve(process.env.OPORA_E2E_SCREENSHOTS)
    : path.join(HERE, 'screenshots')
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** Launch Debian's Chromium headless (never downloads a browser). Checks OPORA_E2E_URL first. */
export async function startBrowser() {
  baseUrl()
  return chromium.launch({
    executablePath: process.env.OPORA_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A fresh context (own storage, so no session leaks between tests) and page.
 * Browser console errors and failed page loads are collected in `page.problems`.
 */
export async function openPage(browser, { viewport = DESKTOP, ...options } = {}) {
  const context = await browser.newContext({
    viewport,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
    ...options,
  })
  // Hang guards, never speed checks: `make test` runs every leg at once on a loaded 2-core machine.
  context.setDefaultTimeout(45_000)
  context.setDefaultNavigationTimeout(60_000)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`)
  })
  return { context, page }
}

/** Save a screenshot (whole page by default) as <dir>/<name>.png and return its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  const file = path.join(screenshotDir(), `${name.replace(/[^\w.-]+/g, '_')}.png`)
  await page.screenshot({ path: file, fullPage })
  return file
}

/** Fill the login form and submit. Does not wait for the result. */
export async function submitLogin(page, username, password = DEMO_PASSWORD) {
  if (!page.url().includes('/login')) await page.goto(url('/login'))
  await page.getByLabel('Имя пользователя').fill(username)
  await page.getByLabel('Пароль', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Войти' }).click()
}

/** Sign in as a demo user and wait until the application shell shows the user. */
export async function login(page, username, password = DEMO_PASSWORD) {
  await submitLogin(page, username, password)
  await page.locator('[data-test="user-name"]').waitFor({ state: 'visible' })
}

/** Text of the header's user block: { name, role, territory }. */
export async function headerUser(page) {
  const text = async (sel) => ((await page.locator(sel).textContent()) || '').trim()
  return {
    name: await text('[data-test="user-name"]'),
    role: await text('[data-test="user-role"]'),
    territory: await text('[data-test="user-territory"]'),
  }
}

/** Titles of the navigation entries, in order. */
export async function navTitles(page) {
  const texts = await page.locator('nav[aria-label="Разделы системы"] a').allTextContents()
  return texts.map((t) => t.trim())
}

/** Sign in through the API directly (no browser): returns { tokens, me } for a demo user. */
export async function apiSession(username, password = DEMO_PASSWORD) {
  const tokenResponse = await fetch(url('/api/auth/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
  })
  if (!tokenResponse.ok) {
    throw new Error(`POST /api/auth/token as ${username}: ${tokenResponse.status} ${await tokenResponse.text()}`)
  }
  const tokens = await tokenResponse.json()
  const meResponse = await fetch(url('/api/auth/me'), {
    headers: { Authorization: `Bearer ${tokens.access_token}` },
  })
  if (!meResponse.ok) throw new Error(`GET /api/auth/me as ${username}: ${meResponse.status}`)
  return { tokens, me: await meResponse.json() }
}
