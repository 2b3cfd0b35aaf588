// The roadmap service as the screens call it: one function per endpoint, no paths in views.
import { api } from '../api.js'

const BASE = '/roadmap'

export const roadmapApi = {
  /** Schools × done / in work / overdue / without evidence (`/roadmap/monitoring`). */
  monitoring: (query = {}) => api.get(`${BASE}/monitoring`, { query }),
  /** The programmes formed from one agreed list (a run) and their execution (`/roadmap/monitoring/cycle`). */
  cycle: (runId) => api.get(`${BASE}/monitoring/cycle`, { query: { run_id: runId } }),
  plans: (query = {}) => api.get(`${BASE}/plans`, { query }),
  plan: (id) => api.get(`${BASE}/plans/${id}`),
  history: (id) => api.get(`${BASE}/plans/${id}/history`),
  versions: (id) => api.get(`${BASE}/plans/${id}/versions`),
  /** What changed from version `against` to version `id`. */
  diff: (id, against) => api.get(`${BASE}/plans/${id}/diff`, { query: { against } }),
  mentorPairs: (query = {}) => api.get(`${BASE}/mentor-pairs`, { query }),
}

/** Read a plan from a file or pasted text: `dryRun` previews it, otherwise it is saved as a draft. */
export const importPlan = (form) => api.post(`${BASE}/plans/import`, { body: form })
