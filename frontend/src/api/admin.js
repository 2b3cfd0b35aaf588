// The gateway's administration endpoints: users, their sessions and passwords, API clients.
import { api } from '../api.js'

export const listUsers = (q = '') => api.get('/admin/users', { query: { q: q.trim(), per_page: 200 } })
export const createUser = (body) => api.post('/admin/users', { json: body })
