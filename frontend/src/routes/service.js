// Routes of the service screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.

import DeadlinesView from '../views/DeadlinesView.vue'
import ReportsView from '../views/ReportsView.vue'
import AdminView from '../views/AdminView.vue'

export const sectionPages = { deadlines: DeadlinesView, reports: ReportsView, admin: AdminView }

export const pages = []
