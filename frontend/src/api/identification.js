// The identification service as the screens call it: one function per endpoint, no paths in views.
import { api, ifMatch } from '../api.js'

const BASE = '/identification'

/** A school year's counts by category, municipality and change (Обзор). */
export const dashboard = (schoolYear) => api.get(`${BASE}/dashboard`, { query: { school_year: schoolYear } })

/** The latest runs, filtered (`{ school_year, status, per_page }`). */
export const runs = (query = { per_page: 100 }) => api.get(`${BASE}/runs`, { query })

/** Two runs side by side: who entered, left and stayed. */
export const compareRuns = (base, other) => api.get(`${BASE}/runs/compare`, { query: { base, other } })

/** The risk factors of the methodology with their labels. */
export const riskFactors = () => api.get(`${BASE}/risk-factors`)

/** Schools' statuses in a school year, filtered and paged. */
export const schoolStatuses = (query) => api.get(`${BASE}/school-statuses`, { query })

/** A school's statuses year by year. */
export const schoolHistory = (code) => api.get(`${BASE}/schools/${encodeURIComponent(code)}/history`)

/** A page of the registry's schools (`{ q, municipality, per_page }`). */
export const schools = (query = {}) => api.get(`${BASE}/schools`, { query })

/** Set a school's category in a run by hand, with the reason. */
/** An expert's override of the decision read, `revision` its ETag (how many overrides it had): 412 if another came first. */
export const overrideSchool = (runId, code, body, revision) =>
  api.post(`${BASE}/runs/${runId}/schools/${encodeURIComponent(code)}/override`, {
    json: body,
    headers: { 'If-Match': `"${revision}"` },
  })

/** The «5К» profile of a school's teachers, its card and its campaign's results. */
export const competenceProfile = (code) => api.get(`${BASE}/competence/schools/${encodeURIComponent(code)}/profile`)
export const competenceCard = (id) => api.get(`${BASE}/competence/cards/${id}`)
export const competenceResults = (campaignId) => api.get(`${BASE}/competence/campaigns/${campaignId}/results`)
export const competenceCampaigns = () => api.get(`${BASE}/competence/campaigns`)
export const competenceTeachers = () => api.get(`${BASE}/competence/teachers`)
/** One rater's scores of one teacher in a campaign. */
export const saveCompetenceScores = (campaignId, body) =>
  api.put(`${BASE}/competence/campaigns/${campaignId}/scores`, { json: body })

/** The kinds of file the import accepts, with their columns. */
export const importKinds = () => api.get(`${BASE}/imports/kinds`)

/** The latest import batches (a page or a bare list from an older server). */
export async function importBatches(perPage = 50) {
  const page = await api.get(`${BASE}/imports/batches`, { query: { per_page: perPage } })
  return Array.isArray(page) ? page : page?.items || []
}

/**
 * Send a file: a dry run (nothing written) or the real import, optionally of the valid rows only. With the
 * dry run's `previewToken`, the import writes nothing if another import changed these data since (412).
 */
export function importFile(kind, file, { dryRun, keepValid = false, previewToken = null }) {
  const form = new FormData()
  form.append('file', file)
  form.append('dry_run', dryRun ? 'true' : 'false')
  form.append('keep_valid', keepValid ? 'true' : 'false')
  if (previewToken) form.append('preview_token', previewToken)
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

/** One run of the identification with its summary. */
export const run = (id) => api.get(`${BASE}/runs/${id}`)

/** A page of a run's results, filtered. */
export const runResults = (id, query) => api.get(`${BASE}/runs/${id}/results`, { query })

/** Why a school of a run is where it is: every rule with its figures. */
export const runSchool = (id, code) => api.get(`${BASE}/runs/${id}/schools/${encodeURIComponent(code)}`)

/** A run's results as a file (`format`: xlsx or csv, with the screen's filters), as the Response. */
export const runResultsFile = (id, query) => api.get(`${BASE}/runs/${id}/results`, { query, raw: true, headers: { Accept: '*/*' } })

/** Approve a run's list by an order. */
export const approveRun = (id, order) => api.post(`${BASE}/runs/${id}/approve`, { json: order })

/** Start a run. */
export const startRun = (body) => api.post(`${BASE}/runs`, { json: body })

/** The methodology versions. */
export const methodologies = () => api.get(`${BASE}/methodologies`)

/** The rules' catalogue and the JSON Schema of their parameters. */
export const methodologyRules = () => api.get(`${BASE}/methodologies/rules`)

export const methodology = (id) => api.get(`${BASE}/methodologies/${id}`)
/** An edit of the draft as read (`revision`): another analyst's edit meanwhile answers 412. */
export const updateMethodology = (id, body, revision) =>
  api.patch(`${BASE}/methodologies/${id}`, { json: body, headers: ifMatch(revision) })
export const copyMethodology = (id, name) => api.post(`${BASE}/methodologies/${id}/copy`, { json: { name } })
/** Activate the version read at `revision` (its ETag): 412 when another analyst changed it meanwhile. */
export const activateMethodology = (id, schoolYear, revision) =>
  api.post(`${BASE}/methodologies/${id}/activate`, { json: { school_year: schoolYear }, headers: ifMatch(revision) })
