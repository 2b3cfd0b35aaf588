// The roadmap service as the screens call it (plans, their import). Paths stay here, not in views.
import { api } from '../api.js'

const BASE = '/roadmap'

/** Read a plan from a file or pasted text: `dryRun` previews it, otherwise it is saved as a draft. */
export const importPlan = (form) => api.post(`${BASE}/plans/import`, { body: form })
