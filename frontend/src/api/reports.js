// Reports API calls of the letterhead screen: the fields a letterhead may use, upload, remove, a sample render.
import { api } from '../api.js'

const BASE = '/reports'

export const reportsApi = {
  types: () => api.get(`${BASE}/types`),
  templateFields: () => api.get(`${BASE}/templates/fields`),
  templates: () => api.get(`${BASE}/templates`),
  /** Upload (or replace: the new one becomes the active letterhead of its type and territory). */
  uploadTemplate: ({ file, reportType, name, territoryCode }) => {
    const form = new FormData()
    form.append('file', file)
    form.append('report_type', reportType)
    if (name) form.append('name', name)
    if (territoryCode) form.append('territory_code', territoryCode)
    return api.post(`${BASE}/templates`, { body: form })
  },
  removeTemplate: (id) => api.delete(`${BASE}/templates/${id}`),
  /** Render a document now; resolves with the Response (a file), or the 202 body of a background job. */
  render: (body) => api.post(`${BASE}/render`, { json: body, raw: true }),
}
