// The roadmap service as the screens call it: one named function per endpoint, no paths in views.
import { api, ApiError, errorFromBody, messageForStatus, API_BASE, ifMatch } from '../api.js'
import { getAccessToken } from '../auth.js'

const BASE = '/roadmap'

/** Schools × done / in work / overdue / without evidence (`/roadmap/monitoring`). */
export const monitoring = (query = {}) => api.get(`${BASE}/monitoring`, { query })
/** The programmes formed from one agreed list (a run) and their execution (`/roadmap/monitoring/cycle`). */
export const cycle = (runId) => api.get(`${BASE}/monitoring/cycle`, { query: { run_id: runId } })

/** The kinds of plan as the roadmap service declares them. */
export const planKindList = () => api.get(`${BASE}/plan-kinds`)

/** A page of plans (`{items, total}`). */
export const plans = (query = {}) => api.get(`${BASE}/plans`, { query })
export const plan = (id) => api.get(`${BASE}/plans/${id}`)
export const planHistory = (id) => api.get(`${BASE}/plans/${id}/history`)
export const planVersions = (id) => api.get(`${BASE}/plans/${id}/versions`)
/** What changed from version `against` to version `id`. */
export const planDiff = (id, against) => api.get(`${BASE}/plans/${id}/diff`, { query: { against } })
/** Execution per section and in all of a plan. */
export const planProgress = (id) => api.get(`${BASE}/plans/${id}/progress`)
/** Approve a plan by an order, if it is still the revision read. */
export const approvePlan = (id, order, revision) => api.post(`${BASE}/plans/${id}/approve`, { json: order, headers: ifMatch(revision) })
/** A new draft version of an approved plan. */
export const newPlanVersion = (id) => api.post(`${BASE}/plans/${id}/versions`)
/** Draft programmes for the schools of an approved list. */
export const plansFromIdentification = (body) => api.post(`${BASE}/plans/from-identification`, { json: body })

/** Read a plan from a file or pasted text: `dryRun` previews it, otherwise it is saved as a draft. */
export const importPlan = (form) => api.post(`${BASE}/plans/import`, { body: form })

/** An activity of a plan, its evidence and its comments. */
export const activity = (id) => api.get(`${BASE}/activities/${id}`)
export const activityEvidence = (id) => api.get(`${BASE}/activities/${id}/evidence`)
export const activityComments = (id) => api.get(`${BASE}/activities/${id}/comments`)
export const addComment = (id, text) => api.post(`${BASE}/activities/${id}/comments`, { json: { text } })
/** Change an activity, if it is still the revision read. Resolves with the updated activity. */
export const updateActivity = (item, changes) =>
  api.patch(`${BASE}/activities/${item.id}`, { json: changes, headers: ifMatch(item.revision) })
/** Mark a stage of a staged or recurring deadline done (or not), if the activity is still the revision read. */
export const markStage = (item, stageId, done) =>
  api.patch(`${BASE}/activities/${item.id}/stages/${stageId}`, { json: { done }, headers: ifMatch(item.revision) })
/** A school's execution of an activity, if its row is still the revision read. */
export const markSchool = (activityId, row, body) =>
  api.patch(`${BASE}/activities/${activityId}/schools/${encodeURIComponent(row.school_code)}`, { json: body, headers: ifMatch(row.revision) })
/** Evidence of an activity (a file or a link) with the upload's progress in percent. */
export const uploadEvidence = (activityId, form, onProgress) =>
  uploadWithProgress(`${BASE}/activities/${activityId}/evidence`, form, onProgress)
/** An evidence file as a Blob. */
export const evidenceFile = (id) => api.get(`${BASE}/evidence/${id}/file`)
/** A new activity in a section of a plan. */
export const addActivity = (planId, sectionId, body) =>
  api.post(`${BASE}/plans/${planId}/sections/${sectionId}/activities`, { json: body })
/** Read a deadline typed in words («до 20 мая 2024 года», «ежеквартально»). */
export const parseSchedule = (body) => api.post(`${BASE}/schedules/parse`, { json: body })

/** Overdue and coming counts, as Обзор, Мои сроки and the plan page show them. */
export const deadlineSummary = (query = {}) => api.get(`${BASE}/me/deadlines/summary`, { query })
/** A page of the caller's deadlines (`options`: headers such as If-None-Match, `raw` for the Response). */
export const deadlines = (query = {}, options = {}) => api.get(`${BASE}/me/deadlines`, { ...options, query })
export const notifications = (query = {}) => api.get(`${BASE}/me/notifications`, { query })
export const markNotificationRead = (id) => api.post(`${BASE}/me/notifications/${id}/read`)
export const calendarFeeds = () => api.get(`${BASE}/me/calendar`)
export const createCalendarFeed = () => api.post(`${BASE}/me/calendar`)
export const removeCalendarFeed = (id) => api.delete(`${BASE}/me/calendar/${id}`)

/** Which measures worked in a school year. */
export const effects = (schoolYear) => api.get(`${BASE}/effects`, { query: { school_year: schoolYear } })

/** Mentor pairs, e.g. `{ school_code }`: those a school takes part in. */
export const mentorPairs = (query = {}) => api.get(`${BASE}/mentor-pairs`, { query })
/** Change a pair's rationale, basis (agreement) or end date, if it is still the revision read. */
export const updateMentorPair = (pair, changes) =>
  api.patch(`${BASE}/mentor-pairs/${pair.id}`, { json: changes, headers: ifMatch(pair.revision) })
/** End a pair on its last day, if it is still the revision read. */
export const endMentorPair = (pair, endsOn) =>
  api.post(`${BASE}/mentor-pairs/${pair.id}/end`, { json: { ends_on: endsOn }, headers: ifMatch(pair.revision) })

/** A plan with the revision its ETag names (the one an approval must send back). */
export async function planWithRevision(id) {
  const response = await api.get(`${BASE}/plans/${id}`, { raw: true })
  const data = await response.json()
  const etag = response.headers.get('etag')
  return { plan: data, revision: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : data.revision }
}

/**
 * Multipart upload with progress (fetch has no upload progress). Resolves with the parsed JSON;
 * rejects with an ApiError carrying the server's Russian detail.
 */
export function uploadWithProgress(path, formData, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', API_BASE + path)
    xhr.setRequestHeader('Accept', 'application/json')
    const token = getAccessToken()
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100))
    }
    xhr.onload = () => {
      let body = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100)
        resolve(body)
      } else reject(errorFromBody(xhr.status, body))
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network_error', detail: messageForStatus(0) }))
    xhr.send(formData)
  })
}
