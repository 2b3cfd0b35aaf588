// The identification service as the screens call it: one function per endpoint, no paths in views.
import { api } from '../api.js'

const BASE = '/identification'

/** The kinds of file the import accepts, with their columns. */
export const importKinds = () => api.get(`${BASE}/imports/kinds`)

/** The latest import batches (a page or a bare list from an older server). */
export async function importBatches(perPage = 50) {
  const page = await api.get(`${BASE}/imports/batches`, { query: { per_page: perPage } })
  return Array.isArray(page) ? page : page?.items || []
}

/** Send a file: a dry run (nothing written) or the real import, optionally of the valid rows only. */
export function importFile(kind, file, { dryRun, keepValid = false }) {
  const form = new FormData()
  form.append('file', file)
  form.append('dry_run', dryRun ? 'true' : 'false')
  form.append('keep_valid', keepValid ? 'true' : 'false')
  return api.post(`${BASE}/imports/${encodeURIComponent(kind)}`, { body: form })
}

/** Regions with their municipalities, as far as the caller may see. */
export const territories = () => api.get(`${BASE}/territories`)

/** Schools whose name, alias or code contains the text. */
export async function searchSchools(q, { municipality, perPage = 20 } = {}) {
  const page = await api.get(`${BASE}/schools`, { query: { q, municipality, per_page: perPage } })
  return page?.items || []
}

/** Schools with a name close to the text (typos forgiven), best first. */
export const suggestSchools = (q, limit = 5) => api.get(`${BASE}/schools/suggestions`, { query: { q, limit } })

/** One school of the registry. */
export const school = (code) => api.get(`${BASE}/schools/${encodeURIComponent(code)}`)
