// Identification API calls of Обзор and the school card.
import { api } from '../api.js'

const BASE = '/identification'

export const identificationApi = {
  dashboard: (schoolYear) => api.get(`${BASE}/dashboard`, { query: { school_year: schoolYear } }),
  runs: (query = {}) => api.get(`${BASE}/runs`, { query }),
  territories: () => api.get(`${BASE}/territories`),
  competenceProfile: (code) => api.get(`${BASE}/competence/schools/${encodeURIComponent(code)}/profile`),
  competenceCard: (id) => api.get(`${BASE}/competence/cards/${id}`),
}
