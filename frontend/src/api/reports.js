// The reports service as the screens call it: one named function per endpoint, no paths in views.
import { api } from '../api.js'

const BASE = '/reports'

export const reportTypes = () => api.get(`${BASE}/types`)
export const templateFields = () => api.get(`${BASE}/templates/fields`)
export const templates = () => api.get(`${BASE}/templates`)
/** Upload (or replace: the new one becomes the active letterhead of its type and territory). */
export function uploadTemplate({ file, reportType, name, territoryCode }) {
  const form = new FormData()
  form.append('file', file)
  form.append('report_type', reportType)
  if (name) form.append('name', name)
  if (territoryCode) form.append('territory_code', territoryCode)
  return api.post(`${BASE}/templates`, { body: form })
}
export const removeTemplate = (id) => api.delete(`${BASE}/templates/${id}`)
/** Render a document: resolves with the Response (the file at once, or 202 with the background job's entry). */
export const render = (body) => api.post(`${BASE}/render`, { json: body, raw: true, headers: { Accept: '*/*' } })
/** One entry of the archive (a job's progress). */
export const report = (id) => api.get(`${BASE}/reports/${id}`)
/** A made document's file, as the Response. */
export const reportFile = (id) => api.get(`${BASE}/reports/${id}/file`, { raw: true, headers: { Accept: '*/*' } })
/** The latest documents made. */
export const reports = (query = {}) => api.get(`${BASE}/reports`, { query })
