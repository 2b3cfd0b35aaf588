// Reports: rendering, polling a background job, and saving the file as a download.
//
// Files come through api/reports.js as raw Responses, so they carry the bearer token and share the
// client's 401 refresh and Russian error handling.

import { render, report, reportFile } from '../../api/reports.js'
import { filenameFromDisposition, saveBlob } from '../../files.js'

export { filenameFromDisposition, saveBlob }

export const POLL_INTERVAL_MS = 1000

/** Read a file Response into { blob, filename, type }. */
export async function fileFromResponse(response, fallback) {
  const blob = await response.blob()
  return {
    blob,
    filename: filenameFromDisposition(response.headers.get('Content-Disposition'), fallback ?? 'report'),
    type: response.headers.get('Content-Type') || blob.type,
  }
}

/** Show an HTML file in a tab opened beforehand (popup blockers allow only windows opened on a click). */
export function showInTab(blob, tab) {
  const href = URL.createObjectURL(new Blob([blob], { type: 'text/html' }))
  if (tab && !tab.closed) tab.location.href = href
  else window.open(href, '_blank', 'noopener')
  setTimeout(() => URL.revokeObjectURL(href), 5 * 60_000)
}

/**
 * POST /reports/render. Resolves to { file } when the server answered the document at once (200) or
 * { job } (the archive entry) when it answered 202.
 */
export async function startRender(body) {
  const response = await render(body)
  if (response.status === 202) return { job: await response.json() }
  return { file: await fileFromResponse(response, `${body.report_type}.${body.format}`) }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Poll GET /reports/reports/{id} every second until the job is no longer running. Calls
 * `onProgress(report)` with each answer. Resolves to the final entry; `signal.cancelled` stops it.
 */
export async function pollReport(id, { onProgress = () => {}, interval = POLL_INTERVAL_MS, signal = {} } = {}) {
  for (;;) {
    await sleep(interval)
    if (signal.cancelled) return null
    const entry = await report(id)
    onProgress(entry)
    if (entry.status !== 'running' && entry.status !== 'pending' && entry.status !== 'queued') return entry
  }
}

/** GET /reports/reports/{id}/file as { blob, filename, type }. */
export async function downloadReport(entry) {
  const response = await reportFile(entry.id)
  return fileFromResponse(response, entry.file_name || `report-${entry.id}.${entry.format}`)
}

export const FORMAT_LABELS = { docx: 'DOCX (Word)', xlsx: 'XLSX (Excel)', pdf: 'PDF', html: 'HTML (просмотр в браузере)' }
export const STATUS_LABELS = { running: 'готовится', done: 'готов', failed: 'ошибка', pending: 'в очереди', queued: 'в очереди' }
