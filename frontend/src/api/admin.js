// The gateway's administration endpoints: users, their sessions and passwords, API clients.
import { api, ifMatch } from '../api.js'

export const listUsers = (q = '') => api.get('/admin/users', { query: { q: q.trim(), per_page: 200 } })
export const createUser = (body) => api.post('/admin/users', { json: body })
/** An edit of the user as read (`revision`): another administrator's edit meanwhile answers 412. */
export const updateUser = (id, body, revision) =>
  api.patch(`/admin/users/${id}`, { json: body, headers: ifMatch(revision) })
export const setUserActive = (id, active) => api.post(`/admin/users/${id}/${active ? 'activate' : 'deactivate'}`)
/** A new password; every session of the user ends. */
export const resetPassword = (id, password) => api.post(`/admin/users/${id}/password`, { json: { password } })
/** Where the user is signed in now. */
export const userSessions = (id) => api.get(`/admin/users/${id}/sessions`)
export const revokeSession = (id, sessionId) => api.post(`/admin/users/${id}/sessions/${encodeURIComponent(sessionId)}/revoke`)

export const listClients = () => api.get('/admin/clients', { query: { per_page: 200 } })
export const createClient = (body) => api.post('/admin/clients', { json: body })
export const rotateSecret = (id) => api.post(`/admin/clients/${id}/secret`)
export const setClientActive = (id, active) => api.post(`/admin/clients/${id}/${active ? 'activate' : 'deactivate'}`)

/** The gateway's and the services' state (no sign-in needed; a degraded gateway answers 503 with the same body). */
export const health = () => api.get('/health', { auth: false })
