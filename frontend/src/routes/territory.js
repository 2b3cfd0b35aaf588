// Routes of the territory screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.
import DashboardView from '../views/DashboardView.vue'
import SchoolsView from '../views/SchoolsView.vue'
import SchoolCardView from '../views/SchoolCardView.vue'

export const sectionPages = { dashboard: DashboardView, schools: SchoolsView }

export const pages = [
  { path: 'schools/:code', name: 'school-card', component: SchoolCardView, meta: { section: 'schools', title: 'Карточка школы' } },
]
